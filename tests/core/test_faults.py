"""Recovery from faults: a full disk while uploading, the task queue unreachable, and PostgreSQL
dropping the service's connections (a restart) while people work."""

import errno
import threading
import time

import pytest
from celery import Celery
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from kombu.exceptions import OperationalError

from apcommission.core import queueing, storage
from apcommission.core.faults import FaultPagesMiddleware
from apcommission.core.models import Organisation, Role
from apcommission.core.storage import AtomicFileSystemStorage, StorageFull
from providers.models import ComplianceDocument
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory
from tests.providers.factories import ProviderFactory

PDF = b"%PDF-1.4\n" + b"0" * 4096


def fill_the_disk_half_way(monkeypatch):
    """The first chunk is written, then the disk is full."""

    def write(content, handle):
        handle.write(PDF[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage, "_write", write)


def files_under(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def test_a_full_disk_leaves_no_part_of_the_file(tmp_path, monkeypatch):
    fill_the_disk_half_way(monkeypatch)
    store = AtomicFileSystemStorage(location=tmp_path)
    with pytest.raises(StorageFull):
        store.save("evidence/report.pdf", ContentFile(PDF))
    assert files_under(tmp_path) == []


def test_a_complete_file_is_stored_under_its_name_and_never_replaces_another(tmp_path):
    store = AtomicFileSystemStorage(location=tmp_path)
    first = store.save("evidence/report.pdf", ContentFile(b"first"))
    second = store.save("evidence/report.pdf", ContentFile(b"second"))
    assert first != second
    assert store.open(first).read() == b"first" and store.open(second).read() == b"second"
    assert not [name for name in files_under(tmp_path) if name.endswith(".part")]


def test_uploading_to_a_full_disk_says_so_and_saves_nothing(client, la, la_officer, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path)
    provider = ProviderFactory(organisation__local_authority=la)
    fill_the_disk_half_way(monkeypatch)
    client.force_login(la_officer)
    response = client.post(
        reverse("providers:document-add", args=[provider.pk]),
        {"kind": "insurance", "upload": SimpleUploadedFile("insurance.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 507
    assert "no room left to store files" in response.content.decode()
    assert not ComplianceDocument.objects.exists()
    assert files_under(tmp_path) == []


def test_an_unreachable_task_queue_gets_a_page_that_says_so_not_a_500(rf: RequestFactory, db):
    request = rf.post("/anything/")
    request.user = UserFactory()
    page = FaultPagesMiddleware(lambda r: HttpResponse()).process_exception(
        request, OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    )
    assert page.status_code == 503 and "Nothing was saved" in page.content.decode()


def test_queueing_with_the_broker_down_answers_false_within_seconds(monkeypatch):
    down = Celery("down", broker="redis://127.0.0.1:1/0", set_as_current=False)
    down.conf.broker_connection_timeout = 1
    down.task(name="drill.task")(lambda: None)
    monkeypatch.setattr(queueing, "current_app", down)
    started = time.monotonic()
    assert queueing.enqueue("drill.task") is False
    assert time.monotonic() - started < 10


def _terminate_our_backend(pid: int) -> None:
    """What a PostgreSQL restart does to each of the service's connections."""
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
        password=settings["PASSWORD"] or None, dbname=settings["NAME"], autocommit=True,
    ) as admin:  # fmt: skip
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_after_postgresql_drops_the_connection_the_next_request_succeeds(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    LocalAuthorityFactory(name="Before the restart")
    close_old_connections()  # as at the start of each request
    _terminate_our_backend(_backend_pid())
    close_old_connections()  # the next request: the health check finds the dead connection
    assert Organisation.objects.filter(name="Before the restart").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_change_cut_off_by_a_restart_leaves_nothing_half_written():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    la = LocalAuthorityFactory()
    user = UserFactory()
    pid = _backend_pid()
    with pytest.raises(DatabaseError), transaction.atomic():  # noqa: PT012 - the cut comes mid-transaction
        MembershipFactory(user=user, organisation=la, role=Role.LA_OFFICER)
        threading.Thread(target=_terminate_our_backend, args=[pid]).start()
        time.sleep(0.5)
        LocalAuthorityFactory(name="Second half of the change")
    connection.close()
    close_old_connections()
    assert not Organisation.objects.filter(name="Second half of the change").exists()
    assert not user.memberships.exists()
