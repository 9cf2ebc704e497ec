# The production image: gunicorn for the web, the same image for the Celery worker and beat
# (docker-compose.yml). Python 3.11 as in development (docs/adr/0001).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

# WeasyPrint needs Pango; Liberation Sans gives PDFs Arial's metrics on every machine.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first (pinned in pyproject.toml), so code changes do not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# Hashed, compressed static files for WhiteNoise. Production settings refuse to load without a
# SECRET_KEY and ALLOWED_HOSTS, so this one command gets throwaway values that are not kept.
RUN DJANGO_DEBUG=0 \
    SECRET_KEY="collectstatic-only-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput -v 0

RUN useradd --system --uid 10001 --home-dir /app apcommission \
    && mkdir -p /app/var/media \
    && chown -R apcommission /app/var
USER apcommission

ENV DJANGO_DEBUG=0 PORT=8000
EXPOSE 8000
CMD ["sh", "-c", "exec gunicorn apcommission.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile - --forwarded-allow-ips '*'"]
