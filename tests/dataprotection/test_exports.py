"""Subject access exports: everything held about one pupil, nothing about another, audited,
scoped to the pupil's own LA, and queued (with a progress page) when large."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from apcommission.core.audit import audit_view
from apcommission.core.child_records import child_data_kinds
from apcommission.core.models import AuditEvent, Role
from apcommission.dataprotection.models import SubjectAccessExport
from apcommission.dataprotection.services import export_build, export_request, exports_requeue_waiting
from apcommission.dataprotection.services import exports as exports_service
from tests.dataprotection.factories import every_kind_for
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory

SECRET = "Xylophone"
OTHER_SECRET = "Marmalade"


@pytest.fixture
def pupil(la, la_officer):
    return every_kind_for(la, name="Wilhelmina Exportchild", secret=SECRET, by=la_officer)


@pytest.fixture
def other_pupil(la, la_officer):
    return every_kind_for(la, name="Otto Otherchild", secret=OTHER_SECRET, by=la_officer)


def read_zip(export) -> dict[str, str]:
    with export.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return {
            name: archive.read(name).decode("utf-8-sig") for name in archive.namelist() if not name.endswith(".pdf")
        } | {name: archive.read(name) for name in archive.namelist() if name.endswith(".pdf")}


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_export_holds_every_registered_kind_for_a_pupil_who_has_each_and_nothing_about_another(
    pupil, other_pupil, la_officer, client
):
    client.force_login(la_officer)
    audit_view(type("R", (), {"user": la_officer, "get_full_path": lambda self: "/x", "META": {}})(), pupil)
    export = export_request(pupil=pupil, by=la_officer)
    assert export.status == "ready"
    files = read_zip(export)
    for kind in child_data_kinds():
        name = f"{kind.model._meta.app_label}-{kind.model._meta.model_name}.csv"
        rows = csv_rows(files[name])
        assert len(rows) >= 2, f"{kind.label}: no rows in {name}"
    everything = "".join(text for name, text in files.items() if not name.endswith(".pdf"))
    for what in ("exclusion", "objectives", "status", "panel", "update", "in my own words", "dentist", "band",
                 "invoice", "discrepancy", "recoupment", "hold"):  # fmt: skip
        assert f"{SECRET} {what}" in everything
    assert "Wilhelmina" in files["summary.html"] and "in my own words" in files["summary.html"]
    assert files["summary.pdf"].startswith(b"%PDF")
    assert OTHER_SECRET not in everything and "Otherchild" not in everything
    history = csv_rows(files["placements-pupil-history.csv"])
    assert history[0][:3] == ["When", "What happened", "By"] and history[1][1] == "Created"
    trail = csv_rows(files["audit-trail.csv"])
    assert any(row[1] == la_officer.email and row[2] == "Viewed" for row in trail[1:])


def test_the_export_is_audited_and_its_download_too(pupil, la_officer, client):
    client.force_login(la_officer)
    export = export_request(pupil=pupil, by=la_officer)
    assert AuditEvent.objects.filter(action="export", object_id=str(export.pk), is_child_record=True).exists()
    response = client.get(reverse("dataprotection:export-download", args=[export.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AuditEvent.objects.filter(
        action="export", object_repr__startswith=f"Subject access export {export.pk}"
    ).exists()


def test_an_officer_of_another_la_gets_404_for_the_pupil_and_the_export(pupil, la_officer, client):
    other_la = LocalAuthorityFactory(name="Elsewhere Council")
    stranger = UserFactory()
    MembershipFactory(user=stranger, organisation=other_la, role=Role.LA_OFFICER)
    export = export_request(pupil=pupil, by=la_officer)
    client.force_login(stranger)
    for url in (
        reverse("dataprotection:export-new", args=[pupil.pk]),
        reverse("dataprotection:export-detail", args=[export.pk]),
        reverse("dataprotection:export-download", args=[export.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("dataprotection:export-new", args=[pupil.pk])).status_code == 404
    assert SubjectAccessExport.objects.filter(pupil=pupil).count() == 2  # the factory's and this one


def test_finance_and_school_users_may_not_export(pupil, la_finance, client):
    client.force_login(la_finance)
    assert client.get(reverse("dataprotection:export-new", args=[pupil.pk])).status_code == 404


def test_a_double_submit_makes_one_export(pupil, la_officer, client):
    client.force_login(la_officer)
    url = reverse("dataprotection:export-new", args=[pupil.pk])
    token = "6f1b7a6e-8a4c-4f0a-9a53-3f5a2b1c9d10"
    first = client.post(url, {"submission_token": token})
    second = client.post(url, {"submission_token": token})
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert SubjectAccessExport.objects.filter(pupil=pupil, requested_by=la_officer).count() == 1


def test_a_large_export_is_queued_and_its_page_refreshes_until_ready(pupil, la_officer, client, settings, monkeypatch):
    settings.SUBJECT_ACCESS_INLINE_MAX_RECORDS = 1
    sent = []
    monkeypatch.setattr(
        "apcommission.dataprotection.services.exports.enqueue", lambda name, *args: sent.append(args) or True
    )
    client.force_login(la_officer)
    response = client.post(reverse("dataprotection:export-new", args=[pupil.pk]), {"submission_token": ""})
    export = SubjectAccessExport.objects.get(pupil=pupil, requested_by=la_officer)
    assert sent == [(export.pk,)] and export.status == "queued"
    page = client.get(response["Location"])
    assert page["Refresh"] == "3" and b"being prepared" in page.content
    export_build(export_id=export.pk)
    page = client.get(response["Location"])
    assert "Refresh" not in page and b"Download the export" in page.content


def test_a_build_run_twice_stores_one_file(pupil, la_officer, settings):
    settings.SUBJECT_ACCESS_INLINE_MAX_RECORDS = 1
    export = export_request(pupil=pupil, by=la_officer)
    first = export_build(export_id=export.pk)
    again = export_build(export_id=export.pk)
    assert first.file.name == again.file.name and again.status == "ready"


def test_with_the_broker_down_the_export_is_saved_the_page_says_so_and_it_is_sent_again_later(
    pupil, la_officer, client, settings, monkeypatch
):
    settings.SUBJECT_ACCESS_INLINE_MAX_RECORDS = 1
    monkeypatch.setattr(exports_service, "enqueue", lambda *a: False)
    client.force_login(la_officer)
    response = client.post(reverse("dataprotection:export-new", args=[pupil.pk]), {"submission_token": ""}, follow=True)
    assert response.status_code == 200
    assert b"task queue is not answering" in response.content
    export = SubjectAccessExport.objects.get(pupil=pupil, requested_by=la_officer)
    assert export.status == "queued"
    sent = []
    monkeypatch.setattr(
        "apcommission.dataprotection.services.exports.enqueue", lambda name, *args: sent.append(args) or True
    )
    SubjectAccessExport.objects.filter(pk=export.pk).update(modified_on=export.modified_on.replace(year=2020))
    assert exports_requeue_waiting() == 1 and sent == [(export.pk,)]


def test_the_export_page_lists_what_it_includes(pupil, la_officer, client, django_assert_max_num_queries):
    client.force_login(la_officer)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("dataprotection:export-new", args=[pupil.pk]))
    assert response.status_code == 200
    for kind in child_data_kinds():
        assert kind.label in response.content.decode()


def test_opening_the_export_pages_is_recorded_as_a_view_of_the_childs_record(pupil, la_officer, client):
    client.force_login(la_officer)
    client.get(reverse("dataprotection:export-new", args=[pupil.pk]))
    export = export_request(pupil=pupil, by=la_officer)
    client.get(reverse("dataprotection:export-detail", args=[export.pk]))
    views = AuditEvent.objects.filter(action="view", user=la_officer, is_child_record=True)
    assert set(views.values_list("object_id", flat=True)) == {str(pupil.pk), str(export.pk)}


def test_someone_who_is_an_officer_in_one_la_and_finance_in_another_cannot_export_the_others_pupils(pupil, la, client):
    own_la = LocalAuthorityFactory(name="Own Council")
    person = UserFactory()
    MembershipFactory(user=person, organisation=own_la, role=Role.LA_OFFICER)
    MembershipFactory(user=person, organisation=la, role=Role.LA_FINANCE)  # sees the pupil, may not export
    client.force_login(person)
    assert client.get(reverse("placements:pupil-detail", args=[pupil.pk])).status_code == 200
    assert client.get(reverse("dataprotection:export-new", args=[pupil.pk])).status_code == 404
    assert client.get(reverse("dataprotection:hold-new", args=[pupil.pk])).status_code == 404
