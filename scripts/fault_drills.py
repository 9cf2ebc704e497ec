"""Fault drills against a real web server (gunicorn) and PostgreSQL: what happens to requests when
PostgreSQL drops the service's connections (as a restart does), with and without
CONN_HEALTH_CHECKS, and when the broker (Redis) cannot be reached. Prints what it saw.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/apc_dataprot \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/9 .venv/bin/python scripts/fault_drills.py

Drops connections with pg_terminate_backend on the drill's own database only (never restarts a
shared server). docs/operations.md records a run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import psycopg

BASE_DIR = Path(__file__).resolve().parents[1]
PORT = int(os.environ.get("DRILL_PORT", "8791"))


def get(path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()[:300]
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()[:300]


def start_web(extra_env: dict) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_DEBUG": "1", "WEB_CONCURRENCY": "1", **extra_env}
    command = [str(BASE_DIR / ".venv/bin/gunicorn"), "apcommission.wsgi", "--bind", f"127.0.0.1:{PORT}"]
    command += ["--workers", "1", "--timeout", "60"]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            get("/privacy/")
            return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def drop_connections(database_url: str) -> int:
    """What a PostgreSQL restart does to each of the web server's connections."""
    url = urlparse(database_url)
    with psycopg.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password,
        dbname=url.path.lstrip("/"), autocommit=True,
    ) as admin:  # fmt: skip
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


def database_drill(database_url: str, health_checks: bool) -> None:
    label = "on" if health_checks else "off"
    web = start_web({"DATABASE_CONN_HEALTH_CHECKS": "1" if health_checks else "0", "DATABASE_CONN_MAX_AGE": "60"})
    try:
        print(f"CONN_HEALTH_CHECKS {label}: before: /healthz {get('/healthz')[0]}")
        print(f"CONN_HEALTH_CHECKS {label}: dropped {drop_connections(database_url)} connection(s)")
        for n in range(1, 4):
            status, body = get("/healthz")
            print(f"CONN_HEALTH_CHECKS {label}: request {n} after: /healthz {status} {json.loads(body)['database']!r}")
    finally:
        stop(web)


def broker_drill() -> None:
    web = start_web({"CELERY_BROKER_URL": "redis://127.0.0.1:6399/9"})  # nothing listens there
    try:
        status, body = get("/healthz")
        report = json.loads(body)
        print(f"broker down: /healthz {status} status={report['status']!r} broker={report['broker']!r}")
        print(f"broker down: /privacy/ {get('/privacy/')[0]}; /sign-in/ {get('/sign-in/')[0]}")
    finally:
        stop(web)


if __name__ == "__main__":
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of the drill's own")
    database_drill(database_url, health_checks=True)
    database_drill(database_url, health_checks=False)
    broker_drill()
