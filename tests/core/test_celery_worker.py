"""The worker path once, for real: a Celery worker process consumes the `heartbeat` task from
Redis and writes its row into the test database. Runs in CI's PostgreSQL pass (CELERY_BROKER_URL
is Redis there); the quick start's filesystem broker and in-memory SQLite cannot be shared with
another process, so the test is skipped there with the reason."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from apcommission.core.models import WorkerHeartbeat
from apcommission.core.tasks import heartbeat

BASE_DIR = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60

pytestmark = pytest.mark.celery_worker

PARENT_DEATH_SIGNAL_THEN_EXEC = (
    "import ctypes, os, signal, sys\n"
    "ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG\n"
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def database_url_of_this_test() -> str:
    """DATABASE_URL of the database this test is using (the test database, not the configured one)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db["ENGINE"] == "django.db.backends.sqlite3" and not connection.is_in_memory_db():
        return f"sqlite:///{db['NAME']}"
    pytest.skip("the test database is SQLite in memory: a worker process cannot see it")


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A real `celery worker` on a queue of its own, always terminated."""
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip(f"needs CELERY_BROKER_URL=redis://... (it is {settings.CELERY_BROKER_URL.split(':')[0]}://)")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "apcommission.settings.test",
        "DATABASE_URL": database_url_of_this_test(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    # The child asks Linux to TERM it if pytest itself dies (a killed run cannot leave a worker
    # behind), then becomes the worker: prctl(PR_SET_PDEATHSIG) survives exec.
    command = [sys.executable, "-c", PARENT_DEATH_SIGNAL_THEN_EXEC, sys.executable, "-m", "celery"]
    command += ["-A", "apcommission", "worker", "--pool=solo", "--queues", queue]
    command += ["--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    log = tmp_path / "worker.log"  # a file, not a pipe: a full pipe would block the worker
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, our own interpreter
            command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield queue, process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        wait_for_other_sessions_to_close()


def wait_for_other_sessions_to_close(seconds: float = 5) -> None:
    """PostgreSQL ends a dead client's session a moment after the process exits; the test
    database can only be dropped at the end of the run once it has."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.1)


def _wait_for(condition, process, log, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the worker stopped (exit {process.returncode}):\n{log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {WAIT_SECONDS}s; the worker said:\n{log.read_text()}")
        time.sleep(0.2)


def test_a_real_worker_records_its_heartbeat_in_the_database(worker):
    queue, process, log = worker
    rows = WorkerHeartbeat.objects.filter(name__startswith=f"{queue}@")
    # The worker records itself when it is ready (worker_ready) ...
    _wait_for(rows.exists, process, log, "heartbeat on start")
    started = rows.get().last_seen
    # ... and then the task, consumed from Redis, moves that heartbeat on.
    heartbeat.apply_async(queue=queue)
    _wait_for(lambda: rows.get().last_seen > started, process, log, "heartbeat from the task")
