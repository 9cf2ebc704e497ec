"""Retention: anonymised on time with the clock moved forward, figures unchanged, legal holds
respected, done once; the dry-run page and command."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from apcommission.core.models import AuditEvent, Role
from apcommission.dataprotection.models import LegalHold, RetainedRecord
from apcommission.dataprotection.services import hold_place, hold_release, retention_apply
from funding.models import Invoice
from placements.models import Placement, PlacementReview, Pupil, Reminder
from reports.selectors.pack import key_stage_section
from tests.dataprotection.factories import every_kind_for
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory
from tests.placements.factories import PlacementFactory, PupilFactory

TWENTY_FIFTH_BIRTHDAY = dt.date(2037, 1, 15)  # born 15 January 2012
SECRET = "Xylophone"


@pytest.fixture
def pupil(la, la_officer):
    return every_kind_for(la, name="Wilhelmina Keptchild", secret=SECRET, by=la_officer)


def figures(la):
    placements = Placement.objects.filter(pupil__home_la=la)
    return (
        key_stage_section(local_authority_id=la.pk, first=dt.date(2026, 10, 5), second=dt.date(2026, 11, 2)),
        list(placements.values_list("status", "key_stage", "start_date", "end_date", "weekly_cost")),
        Invoice.objects.filter(local_authority=la).aggregate(total=Sum("amount"))["total"],
    )


def test_nothing_about_the_pupil_is_anonymised_the_day_before_their_25th_birthday(pupil):
    retention_apply(on=TWENTY_FIFTH_BIRTHDAY - dt.timedelta(days=1))
    pupil.refresh_from_db()
    assert pupil.legal_first_name == "Wilhelmina" and pupil.date_of_birth == dt.date(2012, 1, 15)
    review = PlacementReview.objects.get(placement__pupil=pupil)
    assert review.pupil_what_is_working == f"{SECRET} in my own words"


def test_at_25_names_upn_date_of_birth_and_free_text_go_and_the_figures_stay(pupil, la, la_officer):
    upn = pupil.upn
    before = figures(la)
    report = retention_apply(on=TWENTY_FIFTH_BIRTHDAY)
    assert report.total > 0
    pupil.refresh_from_db()
    assert (pupil.legal_first_name, pupil.legal_last_name) == ("Anonymised", f"pupil {pupil.pk}")
    assert pupil.upn != upn and pupil.upn.startswith("ANON") and len(pupil.upn) == 13
    assert pupil.date_of_birth == dt.date(2011, 9, 1)  # the same school year: key stages unchanged
    assert not pupil.history.filter(legal_first_name="Wilhelmina").exists()
    assert not pupil.history.filter(upn=upn).exists()
    review = PlacementReview.objects.get(placement__pupil=pupil)
    assert review.pupil_what_is_working == "" and review.decision == "continue"
    assert not review.history.exclude(pupil_what_is_working="").exists()
    assert not Reminder.objects.filter(stage="missing", deadline__pupil=pupil).exists()
    assert not AuditEvent.objects.filter(object_repr__contains="Wilhelmina").exists()
    assert figures(la) == before
    assert AuditEvent.objects.filter(object_repr__startswith="Retention: anonymised", local_authority=la).exists()
    assert retention_apply(on=TWENTY_FIFTH_BIRTHDAY).total == 0  # done once
    assert RetainedRecord.objects.filter(object_id=pupil.pk, rule="pupil_record").exists()


def test_a_legal_hold_keeps_everything_until_it_is_released(pupil, la_officer):
    hold = hold_place(pupil=pupil, reason="Claim ref 123", by=la_officer)
    retention_apply(on=TWENTY_FIFTH_BIRTHDAY + dt.timedelta(days=400))
    pupil.refresh_from_db()
    assert pupil.legal_first_name == "Wilhelmina"
    assert Reminder.objects.filter(stage="missing", deadline__pupil=pupil).exists()
    assert Invoice.objects.get(placement__pupil=pupil).decision_note == f"{SECRET} invoice"
    hold_release(hold=hold, by=la_officer)
    retention_apply(on=TWENTY_FIFTH_BIRTHDAY + dt.timedelta(days=400))
    pupil.refresh_from_db()
    assert pupil.legal_first_name == "Anonymised"
    assert AuditEvent.objects.filter(object_id=str(hold.pk), action="change").exists()


def test_a_second_hold_on_the_same_pupil_is_refused_next_to_the_field(pupil, la_officer, client):
    hold_place(pupil=pupil, reason="First", by=la_officer)
    client.force_login(la_officer)
    LegalHold.objects.filter(pupil=pupil, reason="First").update(released_at=None)
    response = client.post(reverse("dataprotection:hold-new", args=[pupil.pk]), {"reason": "Second"})
    assert response.status_code == 200 and b"already on hold" in response.content


def test_a_child_whose_only_request_was_declined_is_anonymised_two_years_after_it(la):
    child = PupilFactory(home_school__organisation__local_authority=la, date_of_birth=dt.date(2013, 1, 15))
    request = PlacementFactory(pupil=child, status="declined", objectives="Declined secret objectives")
    made = request.created_on.date()
    retention_apply(on=made.replace(year=made.year + 2) - dt.timedelta(days=1))
    child.refresh_from_db()
    assert child.legal_first_name != "Anonymised"
    retention_apply(on=made.replace(year=made.year + 2))
    child.refresh_from_db()
    request.refresh_from_db()
    assert child.legal_first_name == "Anonymised" and request.objectives == ""


def test_a_dry_run_changes_nothing_and_says_what_would_be_done(pupil):
    report = retention_apply(on=TWENTY_FIFTH_BIRTHDAY, dry_run=True)
    assert report.done[("Pupil record", "anonymise")] == 1
    # The deadline reminder and the missing-pupil alert the factory made.
    assert report.done[("Reminders of deadlines and missing-pupil alerts", "delete")] == 2
    pupil.refresh_from_db()
    assert pupil.legal_first_name == "Wilhelmina" and not RetainedRecord.objects.exists()


def test_the_command_runs_as_on_a_given_day(pupil, capsys):
    call_command("apply_retention", "--dry-run", "--on", TWENTY_FIFTH_BIRTHDAY.isoformat())
    out = capsys.readouterr().out
    assert "Would anonymise: 1 × Pupil record" in out
    assert Pupil.objects.get(pk=pupil.pk).legal_first_name == "Wilhelmina"


def test_the_retention_page_shows_what_falls_due_for_the_officers_own_la_only(
    pupil, la_officer, client, django_assert_max_num_queries
):
    today = dt.date.today()
    Pupil.objects.filter(pk=pupil.pk).update(date_of_birth=today.replace(year=today.year - 25) + dt.timedelta(days=10))
    other_la = LocalAuthorityFactory(name="Elsewhere Council")
    every_kind_for(other_la, name="Otto Otherchild", secret="Marmalade")
    client.force_login(la_officer)
    # Two counts per registered kind of child record (due now and by the later day: 48 with 24
    # kinds) and one for every kind's content type, whatever the number of rows: 51.
    with django_assert_max_num_queries(51):
        response = client.get(reverse("dataprotection:retention"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Wilhelmina Keptchild" in body and "Otherchild" not in body


def test_an_officer_of_another_la_cannot_hold_or_release(pupil, la_officer, client):
    hold = hold_place(pupil=pupil, reason="Claim", by=la_officer)
    stranger = UserFactory()
    MembershipFactory(user=stranger, organisation=LocalAuthorityFactory(), role=Role.LA_OFFICER)
    client.force_login(stranger)
    assert client.get(reverse("dataprotection:hold-new", args=[pupil.pk])).status_code == 404
    assert client.post(reverse("dataprotection:hold-release", args=[hold.pk])).status_code == 404
    hold.refresh_from_db()
    assert hold.in_place


def test_money_is_unchanged_to_the_penny(pupil, la):
    total = Invoice.objects.filter(local_authority=la).aggregate(total=Sum("amount"))["total"]
    retention_apply(on=TWENTY_FIFTH_BIRTHDAY)
    assert Invoice.objects.filter(local_authority=la).aggregate(total=Sum("amount"))["total"] == total
    assert isinstance(total, Decimal)
