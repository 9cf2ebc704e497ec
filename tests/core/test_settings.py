"""Production mode (DJANGO_DEBUG=0) refuses an unsafe configuration, passes Django's deployment
checks, never offers demo sign-ins, and every response carries the security headers.

Settings are read once at import, so each production case runs Django in a subprocess with a
clean environment (only PATH and what the case sets), exactly as a server would start."""

import json
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
GOOD_SECRET_KEY = secrets.token_urlsafe(60)
HOST = "ap.example.gov.uk"


def run_django(args: list[str], *, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """`python <args>` in the project folder with a clean environment plus `env`."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "apcommission.settings.base",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        **env,
    }
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


def production(**overrides: str) -> dict:
    return {
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": GOOD_SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "EMAIL_HOST": "smtp.marchshire.example.gov.uk",
        **overrides,
    }


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production()
    del env["SECRET_KEY"]
    result = run_django(["manage.py", "check"], tmp_path=tmp_path, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "needs SECRET_KEY" in result.stderr


def test_production_refuses_the_quick_start_secret_key(tmp_path):
    insecure = "insecure-quick-start-key-never-use-in-production-" + "x" * 20
    result = run_django(["manage.py", "check"], tmp_path=tmp_path, **production(SECRET_KEY=insecure))
    assert result.returncode != 0
    assert "needs SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    env = production()
    del env["ALLOWED_HOSTS"]
    result = run_django(["manage.py", "check"], tmp_path=tmp_path, **env)
    assert result.returncode != 0
    assert "needs ALLOWED_HOSTS" in result.stderr


def test_production_passes_every_deployment_check_without_a_warning(tmp_path):
    command = ["manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    result = run_django(command, tmp_path=tmp_path, **production())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_warns_when_e_mail_would_be_printed_not_sent(tmp_path):
    env = production()
    del env["EMAIL_HOST"]
    result = run_django(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path=tmp_path, **env)
    assert result.returncode != 0
    assert "apcommission.W001" in result.stderr and "E-mail is printed to the log" in result.stderr


def test_production_never_offers_demo_sign_ins(tmp_path):
    code = (
        "import django, json; django.setup();"
        "from django.conf import settings; from apcommission.core.demo import demo_logins;"
        "print(json.dumps({'enabled': settings.DEMO_LOGINS_ENABLED, 'logins': demo_logins()}))"
    )
    result = run_django(["-c", code], tmp_path=tmp_path, **production(DEMO_LOGINS_ENABLED="1"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == {"enabled": False, "logins": []}


PRODUCTION_RESPONSES = """
import django, json; django.setup()
from django.test import Client
client = Client(HTTP_HOST="{host}")
secure = client.get("/healthz", secure=True)
plain_page = client.get("/sign-in/")
plain_health = client.get("/healthz")
print(json.dumps({{
    "headers": dict(secure.headers),
    "plain_page": [plain_page.status_code, plain_page.headers.get("Location")],
    "plain_health": plain_health.status_code,
}}))
"""


def test_production_sends_hsts_and_redirects_to_https_except_the_health_check(tmp_path):
    result = run_django(["-c", PRODUCTION_RESPONSES.format(host=HOST)], tmp_path=tmp_path, **production())
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    headers = seen["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert seen["plain_page"] == [301, f"https://{HOST}/sign-in/"]
    assert seen["plain_health"] in (200, 503)  # answered over HTTP for load balancers, not redirected


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_response_carries_the_security_headers(client):
    response = client.get(reverse("core:sign-in"))
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no inline scripts, no other origins
    assert csp["style-src"] == ["'self'"]  # no inline styles
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]


class ResourceCollector(HTMLParser):
    """Everything in a page that the Content-Security-Policy has a say in."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self.inline_styles = 0
        self.style_elements = 0
        self.event_handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [attrs[name] for name in ("src", "srcset", "data") if attrs.get(name)]
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        if "style" in attrs:
            self.inline_styles += 1
        self.event_handlers += [name for name in attrs if name.startswith("on")]
        self.style_elements += tag == "style"
        self._in_script = tag == "script" and not attrs.get("src")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts += 1


@pytest.mark.parametrize("signed_in", [False, True], ids=["sign-in page", "home page"])
def test_pages_need_only_what_the_content_security_policy_allows(client, la_officer, signed_in):
    if signed_in:
        client.force_login(la_officer)
        response = client.get(reverse("core:home"))
    else:
        response = client.get(reverse("core:sign-in"))
    assert response.status_code == 200
    page = ResourceCollector()
    page.feed(response.content.decode())
    assert page.urls, "the base layout loads its stylesheet and scripts"
    assert all(url.startswith("/static/") or url.startswith("data:") for url in page.urls), page.urls
    assert page.inline_scripts == 0
    assert page.inline_styles == 0
    assert page.style_elements == 0
    assert page.event_handlers == []


def test_production_static_files_collect_with_hashed_names(tmp_path):
    """The Docker image runs collectstatic in production mode; a stylesheet pointing at a missing
    file would break that build, so collect here too."""
    static_root = tmp_path / "staticfiles"
    result = run_django(
        ["manage.py", "collectstatic", "--noinput", "-v", "0"],
        tmp_path=tmp_path,
        **production(STATIC_ROOT=str(static_root)),
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    assert "css/application.css" in manifest["paths"]


def test_production_refuses_a_seeded_demo_account_at_authentication(tmp_path):
    """DJANGO_DEBUG=0: a demo account left in the database (seeded when DEBUG was on) still cannot
    authenticate, with its published password, through the configured backends."""
    # Only the tables authentication reads (users, sign-in attempts): the whole schema takes minutes.
    script = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('migrate', 'core', verbosity=0); call_command('migrate', 'axes', verbosity=0);"
        "from django.contrib.auth import authenticate; from django.test import RequestFactory;"
        "from apcommission.core.demo import DEMO_PASSWORD; from apcommission.core.models import User;"
        "User.objects.create_user('officer@demo.apcommission.test', DEMO_PASSWORD, full_name='Olivia');"
        "User.objects.create_user('real@council.example', DEMO_PASSWORD, full_name='Real');"
        "request = RequestFactory().post('/sign-in/', REMOTE_ADDR='192.0.2.1');"
        "print(authenticate(request, username='officer@demo.apcommission.test', password=DEMO_PASSWORD),"
        " authenticate(request, username='real@council.example', password=DEMO_PASSWORD))"
    )
    result = run_django(["-c", script], tmp_path=tmp_path, **production())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "None Real"


def _sessions_and_cache(tmp_path, **env: str) -> subprocess.CompletedProcess:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND'], "
        "settings.CACHES['default'].get('LOCATION')]))"
    )
    return run_django(["-c", code], tmp_path=tmp_path, **env)


def test_sessions_are_in_the_database_alone_without_a_shared_cache(tmp_path):
    result = _sessions_and_cache(tmp_path)
    engine, backend, _location = json.loads(result.stdout)
    assert engine == "django.contrib.sessions.backends.db"
    assert backend == "django.core.cache.backends.locmem.LocMemCache"


def test_sessions_are_read_from_a_shared_cache_and_kept_in_the_database(tmp_path):
    result = _sessions_and_cache(tmp_path, **production(CACHE_URL="redis://redis:6379/1"))
    engine, backend, location = json.loads(result.stdout)
    assert engine == "apcommission.core.signed_in"
    assert backend == "apcommission.core.redis_cache.RedisCache"  # Django's, keeping its clients
    assert location == "redis://redis:6379/1"


def test_a_cache_each_process_keeps_for_itself_is_refused_for_sessions(tmp_path):
    """A session ended in one process must be ended for all: a local-memory cache would keep it."""
    result = run_django(["manage.py", "check"], tmp_path=tmp_path, CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "CACHE_URL must name a cache every web process shares" in result.stderr
