"""The audit log per LA: every event carries the LA it belongs to, an administrator reads only their
own LA's events, filters by date range, user, record and action, sees field labels and display
values, and downloads the filtered log as CSV (itself audited)."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.core.audit import audit_change, audit_record, snapshot
from apcommission.core.models import AuditAction, AuditEvent, Role
from apcommission.core.selectors import audit_events_about
from tests.factories import LocalAuthorityFactory, MembershipFactory, SchoolFactory, UserFactory


@pytest.fixture
def other_la_admin(db):
    other = LocalAuthorityFactory(name="Mercia Council")
    admin = UserFactory(email="mercia.admin@example.org")
    MembershipFactory(user=admin, organisation=other, role=Role.ADMINISTRATOR)
    return admin


def test_events_carry_the_la_of_the_record_or_of_the_user(la, la_officer, senco_school_a, school_a):
    assert audit_record(user=la_officer, action=AuditAction.VIEW, obj=school_a.organisation).local_authority == la
    assert audit_record(user=senco_school_a, action=AuditAction.EXPORT, description="CSV").local_authority == la
    assert audit_record(user=None, action=AuditAction.VIEW, obj=la).local_authority == la


def test_an_administrator_sees_only_their_own_las_events(client, administrator, other_la_admin, school_a):
    audit_record(user=administrator, action=AuditAction.VIEW, obj=school_a.organisation, description="")
    other_school = SchoolFactory(
        organisation__name="Mercia Secret Academy",
        organisation__local_authority=other_la_admin.memberships.get().organisation,
    )
    audit_record(user=other_la_admin, action=AuditAction.VIEW, obj=other_school.organisation)
    client.force_login(administrator)
    body = client.get(reverse("core:audit-log")).content.decode()
    assert "Applegate Academy" in body and "Mercia Secret Academy" not in body
    csv_body = b"".join(client.get(reverse("core:audit-log-export")).streaming_content).decode()
    assert "Applegate Academy" in csv_body and "Mercia Secret Academy" not in csv_body


def test_filters_by_date_range_and_record(client, administrator, school_a, school_b):
    old = audit_record(user=administrator, action=AuditAction.VIEW, obj=school_a.organisation)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.make_aware(dt.datetime(2026, 1, 10, 12)))
    audit_record(user=administrator, action=AuditAction.VIEW, obj=school_b.organisation)
    client.force_login(administrator)
    dates = {"date_from_0": "1", "date_from_1": "1", "date_from_2": "2026", "date_to_0": "31", "date_to_1": "1"}
    page = client.get(reverse("core:audit-log"), {**dates, "date_to_2": "2026"}).context["page"]
    assert [e.pk for e in page] == [old.pk]
    page = client.get(reverse("core:audit-log"), {"record": "Brambleton"}).context["page"]
    assert {e.object_repr for e in page} == {"Brambleton Primary"}
    response = client.get(reverse("core:audit-log"), {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2026"})
    assert b"govuk-error-summary" in response.content


def test_changes_read_as_labels_and_display_values(client, administrator, senco_school_a, la_officer):
    membership = senco_school_a.memberships.get()
    before = snapshot(membership)
    membership.role, membership.organisation = Role.SCHOOL_USER, membership.organisation
    membership.is_head = True
    membership.save()
    audit_change(user=administrator, obj=membership, before=before)
    record = senco_school_a.memberships.get()
    before = snapshot(record)
    record.user = la_officer
    record.save()
    audit_change(user=administrator, obj=record, before=before)
    client.force_login(administrator)
    body = client.get(reverse("core:audit-log"), {"action": "change"}).content.decode()
    assert "Head teacher: No → Yes" in body
    assert "User: Sally Senco → Olive Officer" in body
    assert "user_id" not in body and "is_head" not in body


def test_the_csv_export_is_audited(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("core:audit-log-export"), {"action": "sign_in"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["When", "Who", "Action"] and rows[1][2] == "Signed in"
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, user=administrator, object_repr="Audit log CSV"
    ).exists()


def test_events_about_one_record_are_found_by_the_record(administrator, school_a):
    audit_record(user=administrator, action=AuditAction.VIEW, obj=school_a)
    assert list(audit_events_about(school_a).values_list("action", flat=True)) == [AuditAction.VIEW]
