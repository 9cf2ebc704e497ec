"""/healthz: 200 when the database and the broker answer, 503 when either does not; the worker's
last heartbeat is shown but does not decide the status."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from apcommission.core.health import worker_heartbeat_record
from apcommission.core.models import WorkerHeartbeat

BASE_DIR = Path(__file__).resolve().parents[2]


def test_healthy_when_the_database_and_broker_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "worker": None}
    assert "no-cache" in response["Cache-Control"]


def test_unavailable_when_the_broker_is_unreachable(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "unavailable"
    assert report["database"] == "ok"
    assert report["broker"].startswith("error:")


def test_unavailable_when_the_quick_start_broker_folder_is_missing(client, db, settings, tmp_path):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path / "missing"),
        "data_folder_out": str(tmp_path / "missing"),
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "error: no writable broker folder"


def test_unavailable_when_the_database_is_unreachable(tmp_path):
    # Settings are read at start-up, so a web process whose DATABASE_URL points nowhere.
    code = (
        "import django, json; django.setup(); from django.test import Client;"
        "r = Client().get('/healthz'); print(json.dumps([r.status_code, r.json()]))"
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "apcommission.settings.test",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    status, report = json.loads(result.stdout.splitlines()[-1])
    assert status == 503
    assert report["status"] == "unavailable"
    assert report["database"].startswith("error:")
    assert report["worker"] is None


def test_shows_the_latest_worker_heartbeat(client, db):
    now = timezone.now()
    worker_heartbeat_record(name="celery@old-host", now=now - timedelta(hours=2))
    worker_heartbeat_record(name="celery@web-1", now=now)
    report = client.get("/healthz").json()
    assert report["worker"] == {"name": "celery@web-1", "last_seen": now.isoformat()}


def test_a_silent_worker_does_not_make_the_service_unavailable(client, db):
    worker_heartbeat_record(name="celery@web-1", now=timezone.now() - timedelta(days=3))
    assert client.get("/healthz").status_code == 200


def test_heartbeat_keeps_one_row_per_worker(db):
    first = timezone.now() - timedelta(minutes=5)
    worker_heartbeat_record(name="celery@web-1", now=first)
    worker_heartbeat_record(name="celery@web-1", now=first + timedelta(minutes=5))
    assert WorkerHeartbeat.objects.get().last_seen == first + timedelta(minutes=5)
