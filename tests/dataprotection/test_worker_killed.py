"""A worker killed in the middle of building a subject access export: the message was acknowledged
late, so it goes back on the queue, and the next worker builds the export once. Needs Redis and a
database another process can share (the PostgreSQL pass); skipped otherwise, with the reason."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from apcommission.dataprotection.models import SubjectAccessExport
from apcommission.dataprotection.tasks import build_export
from placements.models import AttendanceMark
from tests.core.test_celery_worker import (
    BASE_DIR,
    PARENT_DEATH_SIGNAL_THEN_EXEC,
    database_url_of_this_test,
    wait_for_other_sessions_to_close,
)
from tests.dataprotection.factories import every_kind_for

pytestmark = pytest.mark.celery_worker


def start_worker(queue, log_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "apcommission.settings.test",
        "DATABASE_URL": database_url_of_this_test(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        # Give a dead worker's message back within seconds, not the production hour.
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
    }
    command = [sys.executable, "-c", PARENT_DEATH_SIGNAL_THEN_EXEC, sys.executable, "-m", "celery"]
    command += ["-A", "apcommission", "worker", "--pool=solo", "--queues", queue, "--prefetch-multiplier", "1"]
    command += ["--hostname", f"{queue}-{uuid.uuid4().hex[:4]}@%h", "--without-gossip", "--without-mingle"]
    command += ["--without-heartbeat", "--loglevel", "info"]
    output = log_path.open("a")
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603


def wait_for(condition, what, log_path, seconds=180):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {seconds}s; the workers said:\n{log_path.read_text()[-4000:]}")
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True)
def test_an_export_whose_worker_is_killed_is_built_once_by_the_next_worker(la, la_officer, tmp_path):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip(f"needs CELERY_BROKER_URL=redis://... (it is {settings.CELERY_BROKER_URL.split(':')[0]}://)")
    database_url_of_this_test()  # skips for in-memory SQLite
    pupil = every_kind_for(la, name="Killian Workerdrill", secret="Quasar", by=la_officer)
    placement = pupil.placements.first()
    first_day = placement.start_date.replace(day=1)
    AttendanceMark.objects.bulk_create(
        AttendanceMark(placement=placement, date=first_day - dt.timedelta(days=n), session=session, mark="present")
        for n in range(1, 1500)
        for session in ("am", "pm")
    )
    export = SubjectAccessExport.objects.create(pupil=pupil, local_authority=la, requested_by=la_officer)
    queue = f"test-{uuid.uuid4().hex[:12]}"
    started = time.time()
    log_path = tmp_path / "workers.log"
    first = start_worker(queue, log_path)
    second = None
    try:
        build_export.apply_async(args=[export.pk], queue=queue)
        wait_for(lambda: SubjectAccessExport.objects.get(pk=export.pk).status == "running", "build started", log_path)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed = SubjectAccessExport.objects.get(pk=export.pk)
        if killed.status == "ready":
            pytest.skip("the build finished before the worker could be killed")
        assert killed.status == "running" and not killed.file
        second = start_worker(queue, log_path)
        wait_for(lambda: SubjectAccessExport.objects.get(pk=export.pk).status == "ready", "export built", log_path)
        built = SubjectAccessExport.objects.get(pk=export.pk)
        assert built.file and built.checksum
        folder = settings.MEDIA_ROOT / "subject-access"
        stored = [p.name for p in folder.glob(f"subject-access-{export.pk}-*") if p.stat().st_mtime >= started]
        assert stored == [built.file.name.rsplit("/", 1)[-1]]  # one file: the killed build stored none
        assert not list(folder.glob(".upload-*"))
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        wait_for_other_sessions_to_close()
