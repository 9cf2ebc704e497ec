"""Health of the parts the service needs: the database and the Celery broker."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from kombu import Connection


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        return f"error: {exc.__class__.__name__}"
    return "ok"


def broker_status(url: str | None = None) -> str:
    url = url or settings.CELERY_BROKER_URL
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    try:
        with Connection(url, connect_timeout=2, transport_options=options) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            if url.startswith("redis"):
                conn.default_channel.client.ping()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def health_report() -> tuple[bool, dict]:
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(value == "ok" for value in checks.values())
    return healthy, {"status": "ok" if healthy else "unavailable", **checks}
