"""The audit log: who viewed, changed or exported which record, and who signed in or failed to."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from apcommission.core import audit
from apcommission.core.audit import audit_change, audit_export, audit_view, snapshot
from apcommission.core.models import AuditAction, AuditEvent, School, TermDate, TermKind
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"  # tests/factories.UserFactory


@pytest.fixture
def request_by():
    def make(user, path="/pupils/1/"):
        request = RequestFactory().get(path, REMOTE_ADDR="192.0.2.10")
        request.user = user
        return request

    return make


@pytest.fixture
def school_is_child_record(monkeypatch):
    """Stand-in for a pupil model: mark School as holding data about a child for one test."""
    monkeypatch.setattr(audit, "CHILD_RECORD_MODELS", {School})


# -- the write path -----------------------------------------------------------------------


def test_audit_view_records_who_looked_at_which_record(la_officer, school_a, request_by):
    event = audit_view(request_by(la_officer, "/schools/1/?tab=pupils"), school_a)
    assert event.action == AuditAction.VIEW
    assert (event.user, event.user_email) == (la_officer, la_officer.email)
    assert event.content_type == ContentType.objects.get_for_model(School)
    assert event.object_id == str(school_a.pk)
    assert event.object_repr == "Applegate Academy"
    assert event.path == "/schools/1/?tab=pupils"
    assert event.ip_address == "192.0.2.10"
    assert not event.is_child_record


def test_a_view_of_a_child_record_is_marked_as_such(la_officer, school_a, request_by, school_is_child_record):
    assert audit_view(request_by(la_officer), school_a).is_child_record


def test_audit_change_records_the_fields_that_changed(la_officer, school_a):
    before = snapshot(school_a)
    school_a.postcode = "MQ1 3HT"
    school_a.trust_name = "Vale Learning Trust"
    school_a.save()
    event = audit_change(user=la_officer, obj=school_a, before=before)
    assert event.action == AuditAction.CHANGE
    assert event.changes == {"postcode": ["HR1 2AB", "MQ1 3HT"], "trust_name": ["", "Vale Learning Trust"]}


def test_audit_change_keeps_dates_as_text(la, la_officer):
    term = TermDate.objects.create(
        local_authority=la,
        academic_year=2026,
        kind=TermKind.AUTUMN_1,
        first_day=dt.date(2026, 9, 3),
        last_day=dt.date(2026, 10, 23),
    )
    before = snapshot(term)
    term.first_day = dt.date(2026, 9, 2)
    term.save()
    event = audit_change(user=la_officer, obj=term, before=before)
    event.refresh_from_db()
    assert event.changes == {"first_day": ["2026-09-03", "2026-09-02"]}


def test_audit_change_without_before_records_a_create(la_officer, school_a):
    event = audit_change(user=la_officer, obj=school_a)
    assert event.action == AuditAction.CREATE
    assert event.changes == {}


def test_audit_export_records_the_download(la_finance, request_by):
    event = audit_export(request_by(la_finance, "/funding/recoupment.csv"), "Recoupment CSV, spring 2027")
    assert event.action == AuditAction.EXPORT
    assert event.object_repr == "Recoupment CSV, spring 2027"
    assert event.content_type is None
    assert event.path == "/funding/recoupment.csv"


def test_audit_keeps_the_email_when_the_user_is_removed(la_officer, school_a, request_by):
    event = audit_view(request_by(la_officer), school_a)
    la_officer.delete()
    event.refresh_from_db()
    assert event.user is None and event.user_email.endswith("@example.org")


# -- signing in and out -------------------------------------------------------------------


def test_sign_in_is_recorded(client, senco_school_a):
    """A SENCO needs no second factor: the password signs them in (LA staff: test_sign_in.py)."""
    response = client.post(reverse("core:sign-in"), {"username": senco_school_a.email, "password": PASSWORD})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN)
    assert event.user == senco_school_a and event.object_repr == senco_school_a.email


def test_sign_out_is_recorded(client, la_officer):
    client.force_login(la_officer)
    client.post(reverse("core:sign-out"))
    event = AuditEvent.objects.get(action=AuditAction.SIGN_OUT)
    assert event.user == la_officer


def test_failed_sign_in_is_recorded_without_a_user(client, la_officer):
    response = client.post(reverse("core:sign-in"), {"username": la_officer.email, "password": "wrong"})
    assert response.status_code == 200
    assert b"Enter a correct email address and password" in response.content
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert event.user is None and event.object_repr == la_officer.email


# -- the administrator's audit log page ---------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["la_officer", "la_manager", "la_finance", "forum_member", "senco_school_a"])
def test_only_administrators_may_read_the_audit_log(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("core:audit-log")).status_code == 403


def test_a_stranger_gets_403_and_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    assert client.get(reverse("core:audit-log")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("core:audit-log")).status_code == 403


def _events(n, *, school, user_email="someone@example.org", action=AuditAction.VIEW, child=False):
    school_type = ContentType.objects.get_for_model(School)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            user_email=user_email,
            action=action,
            content_type=school_type,
            object_id=str(school.pk),
            object_repr=f"{school.name} #{i}",
            is_child_record=child,
            local_authority_id=school.organisation.local_authority_id,
        )
        for i in range(n)
    )


def test_administrator_filters_by_email(client, administrator, school_a):
    _events(2, school=school_a, user_email="olive.officer@wessex.example")
    _events(3, school=school_a, user_email="fiona.finance@wessex.example")
    client.force_login(administrator)
    page = client.get(reverse("core:audit-log"), {"user_email": "Olive"}).context["page"]
    assert page.paginator.count == 2
    assert {e.user_email for e in page} == {"olive.officer@wessex.example"}


def test_administrator_filters_by_action(client, administrator, school_a):
    _events(2, school=school_a, action=AuditAction.EXPORT)
    _events(3, school=school_a, action=AuditAction.VIEW)
    client.force_login(administrator)
    page = client.get(reverse("core:audit-log"), {"action": "export"}).context["page"]
    assert page.paginator.count == 2


def test_administrator_filters_to_child_records(client, administrator, school_a):
    _events(2, school=school_a, child=True)
    _events(3, school=school_a)
    client.force_login(administrator)
    response = client.get(reverse("core:audit-log"), {"child_records_only": "on"})
    assert response.context["page"].paginator.count == 2
    assert b"Child record" in response.content


def test_an_unknown_action_filter_is_an_error_not_a_crash(client, administrator, school_a):
    _events(1, school=school_a)
    client.force_login(administrator)
    response = client.get(reverse("core:audit-log"), {"action": "<script>"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content


def test_audit_log_paginates_at_fifty(client, administrator, school_a):
    _events(60, school=school_a)
    client.force_login(administrator)
    first = client.get(reverse("core:audit-log")).context["page"]
    assert len(first.object_list) == 50 and first.paginator.num_pages == 2
    second = client.get(reverse("core:audit-log"), {"page": 2}).context["page"]
    assert len(second.object_list) == AuditEvent.objects.count() - 50  # 10, and the administrator's sign-in
    assert client.get(reverse("core:audit-log"), {"page": "999"}).status_code == 200


def test_audit_log_uses_a_constant_number_of_queries(client, administrator, school_a, django_assert_max_num_queries):
    """Session, user, scope, the record types to filter by, count, one page of events with their
    record types: 6 at any size."""
    client.force_login(administrator)
    for n in (5, 55):  # 5 events, then 60
        _events(n, school=school_a, child=True)
        with django_assert_max_num_queries(6):
            response = client.get(reverse("core:audit-log"), {"child_records_only": "on"})
        assert response.status_code == 200
    assert response.context["page"].paginator.count == 60
