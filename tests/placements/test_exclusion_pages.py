"""Recording exclusions, suspensions and health absences through their pages: GOV.UK errors next
to the field, the non-school-day warning, one record per submitted form, who may record what, and
the pupil page and task lists that show the deadlines."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.core.forms import date_input_data
from apcommission.core.models import AuditEvent
from placements.models import Deadline, Exclusion, HealthAbsence
from placements.services.deadlines import deadlines_refresh
from tests.page_text import page_text
from tests.placements.factories import PupilFactory

pytestmark = pytest.mark.django_db


def _form(school, *, kind="suspension", first_day=None, days="3", reason="PD", token=None):
    return {
        "submission_token": str(token or uuid.uuid4()),
        "school": str(school.pk),
        "kind": kind,
        "school_days": days,
        "reason": reason,
        "reason_detail": "",
        **date_input_data("first_day", first_day or timezone.localdate()),
    }


def _error_next_to(html: str, field: str, message: str) -> bool:
    return f'id="id_{field}_1_error"' in html and message in html


def test_a_school_user_records_a_suspension_for_their_own_pupil(client, senco_school_a, school_a):
    pupil = PupilFactory(home_school=school_a)
    client.force_login(senco_school_a)
    response = client.post(reverse("placements:exclusion-create", args=[pupil.pk]), _form(school_a), follow=True)
    exclusion = Exclusion.objects.get(pupil=pupil)
    assert exclusion.recorded_by == senco_school_a and exclusion.school_days == 3
    assert "Suspension recorded for" in response.content.decode()
    assert AuditEvent.objects.filter(object_id=str(exclusion.pk), action="create").exists()
    assert AuditEvent.objects.filter(object_id=str(exclusion.pk), action="view").exists()


def test_a_school_user_cannot_record_for_another_schools_pupil(client, senco_school_a, school_b):
    pupil = PupilFactory(home_school=school_b)
    client.force_login(senco_school_a)
    url = reverse("placements:exclusion-create", args=[pupil.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(school_b)).status_code == 404
    assert not Exclusion.objects.exists()


def test_a_school_user_cannot_name_another_school_as_the_excluding_school(client, senco_school_a, school_a, school_b):
    pupil = PupilFactory(home_school=school_a)
    client.force_login(senco_school_a)
    response = client.post(reverse("placements:exclusion-create", args=[pupil.pk]), _form(school_b))
    assert _error_next_to(response.content.decode(), "school", "Select the school")
    assert not Exclusion.objects.exists()


def test_an_officer_records_from_any_school_in_the_la(client, la_officer, school_a, school_b):
    pupil = PupilFactory(home_school=school_a)
    client.force_login(la_officer)
    response = client.post(
        reverse("placements:exclusion-create", args=[pupil.pk]), _form(school_b, kind="permanent", days="")
    )
    assert response.status_code == 302
    assert Exclusion.objects.get(pupil=pupil).school == school_b


def test_a_double_submitted_form_records_one_exclusion(client, la_officer, school_a):
    pupil = PupilFactory(home_school=school_a)
    client.force_login(la_officer)
    data = _form(school_a, token=uuid.uuid4())
    url = reverse("placements:exclusion-create", args=[pupil.pk])
    client.post(url, data)
    client.post(url, data)
    assert Exclusion.objects.filter(pupil=pupil).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"days": "0"}, "school_days", "A suspension must last at least 1 school day"),
        ({"days": ""}, "school_days", "Enter the length of the suspension in school days"),
        ({"days": "lots"}, "school_days", "Enter the length of the suspension as a whole number of school days"),
        ({"first_day": dt.date(2010, 1, 1)}, "first_day", "must be after the pupil&#x27;s date of birth"),
        ({"first_day": dt.date.today() + dt.timedelta(days=200)}, "first_day", "(a term from today)"),
        ({"reason": "ZZ"}, "reason", "Select the reason for the exclusion"),
        ({"kind": "expelled"}, "kind", "Select the kind of exclusion"),
    ],
)
def test_bad_exclusions_are_refused_with_a_message_next_to_the_field(
    client, la_officer, school_a, changes, field, message
):
    pupil = PupilFactory(home_school=school_a, date_of_birth=dt.date(2013, 1, 15))
    client.force_login(la_officer)
    response = client.post(reverse("placements:exclusion-create", args=[pupil.pk]), _form(school_a, **changes))
    assert response.status_code == 200
    html = response.content.decode()
    assert _error_next_to(html, field, message), html[html.find("govuk-error-summary") :][:800]
    assert "govuk-error-summary" in html
    assert not Exclusion.objects.exists()


def test_overlapping_suspensions_are_refused(client, la_officer, school_a):
    pupil = PupilFactory(home_school=school_a)
    client.force_login(la_officer)
    url = reverse("placements:exclusion-create", args=[pupil.pk])
    monday = dt.date(2026, 9, 7)
    client.post(url, _form(school_a, first_day=monday, days="5"))
    response = client.post(url, _form(school_a, first_day=monday + dt.timedelta(days=2), days="2"))
    assert _error_next_to(response.content.decode(), "first_day", "This suspension overlaps the suspension from")
    assert Exclusion.objects.count() == 1


def test_an_exclusion_on_a_saturday_is_accepted_with_a_warning_naming_the_next_school_day(client, la_officer, school_a):
    pupil = PupilFactory(home_school=school_a)
    client.force_login(la_officer)
    saturday = dt.date(2026, 9, 12)
    response = client.post(
        reverse("placements:exclusion-create", args=[pupil.pk]),
        _form(school_a, kind="permanent", days="", first_day=saturday),
        follow=True,
    )
    html = response.content.decode()
    assert "Saturday 12 September 2026 is not a school day" in html
    assert "day 1 is counted from Monday 14 September 2026" in html
    assert Exclusion.objects.filter(pupil=pupil).exists()


def test_a_health_absence_over_15_days_puts_the_duty_on_the_officers_task_list(
    client, la_officer, senco_school_a, school_a
):
    pupil = PupilFactory(home_school=school_a)
    client.force_login(senco_school_a)
    first_day = timezone.localdate() - dt.timedelta(days=28)
    response = client.post(
        reverse("placements:health-absence-create", args=[pupil.pk]),
        {
            "submission_token": str(uuid.uuid4()),
            "school": str(school_a.pk),
            "school_days": "20",
            **date_input_data("first_day", first_day),
        },
    )
    assert response.status_code == 302
    assert HealthAbsence.objects.get(pupil=pupil).school_days == 20
    deadline = Deadline.objects.get(pupil=pupil)
    assert deadline.holder == "la"
    client.force_login(la_officer)
    tasks = page_text(client.get(reverse("placements:deadline-task-list")))
    assert pupil.full_name in tasks
    client.force_login(senco_school_a)
    assert pupil.full_name not in page_text(client.get(reverse("placements:deadline-task-list")))


def test_a_health_absence_of_no_days_is_refused(client, la_officer, school_a):
    pupil = PupilFactory(home_school=school_a)
    client.force_login(la_officer)
    response = client.post(
        reverse("placements:health-absence-create", args=[pupil.pk]),
        {
            "submission_token": str(uuid.uuid4()),
            "school": str(school_a.pk),
            "school_days": "0",
            **date_input_data("first_day", timezone.localdate()),
        },
    )
    assert _error_next_to(response.content.decode(), "school_days", "Enter the number of school days absent, 1 or more")


def test_a_schools_task_list_holds_its_own_suspension_duties_and_not_another_schools(
    client, la_officer, senco_school_a, senco_school_b, school_a, school_b
):
    ours = PupilFactory(home_school=school_a, legal_last_name="Ourpupil")
    theirs = PupilFactory(home_school=school_b, legal_last_name="Theirpupil")
    today = timezone.localdate()
    for pupil, school in ((ours, school_a), (theirs, school_b)):
        Exclusion.objects.create(
            pupil=pupil,
            school=school,
            kind="suspension",
            school_days=10,
            first_day=today - dt.timedelta(days=4),
            reason="PD",
        )
    deadlines_refresh(pupil_ids=[ours.pk, theirs.pk])
    client.force_login(senco_school_a)
    page = client.get(reverse("placements:deadline-task-list")).content.decode()
    assert "Ourpupil" in page and "Theirpupil" not in page
    home = client.get(reverse("core:home")).content.decode()
    assert "Ourpupil" in home and "Theirpupil" not in home
    client.force_login(la_officer)
    assert "Ourpupil" not in client.get(reverse("placements:deadline-task-list")).content.decode()  # the school's duty


@pytest.mark.parametrize("pupils", [1, 8])
def test_the_task_list_runs_a_constant_number_of_queries(
    client, la_officer, school_a, pupils, django_assert_max_num_queries
):
    today = timezone.localdate()
    for _ in range(pupils):
        pupil = PupilFactory(home_school=school_a)
        Exclusion.objects.create(
            pupil=pupil, school=school_a, kind="permanent", first_day=today - dt.timedelta(days=3), reason="PD"
        )
        deadlines_refresh(pupil_ids=[pupil.pk])
    client.force_login(la_officer)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("placements:deadline-task-list")).status_code == 200


@pytest.mark.parametrize("exclusions", [1, 6])
def test_the_pupil_page_with_exclusions_runs_a_constant_number_of_queries(
    client, la_officer, school_a, exclusions, django_assert_max_num_queries
):
    pupil = PupilFactory(home_school=school_a)
    for n in range(exclusions):
        Exclusion.objects.create(
            pupil=pupil,
            school=school_a,
            kind="suspension",
            school_days=6,
            first_day=dt.date(2026, 9, 7) + dt.timedelta(days=14 * n),
            reason="PD",
        )
    deadlines_refresh(pupil_ids=[pupil.pk])
    client.force_login(la_officer)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("placements:pupil-detail", args=[pupil.pk])).content.decode()
    assert "Statutory deadlines" in page and "Suspension from" in page


def test_recording_the_day_a_permanently_excluded_pupil_came_off_the_roll(client, la_officer, school_a):
    pupil = PupilFactory(home_school=school_a)
    exclusion = Exclusion.objects.create(
        pupil=pupil,
        school=school_a,
        kind="permanent",
        first_day=timezone.localdate() - dt.timedelta(days=20),
        reason="PD",
    )
    client.force_login(la_officer)
    off = timezone.localdate() - dt.timedelta(days=2)
    response = client.post(
        reverse("placements:exclusion-off-roll", args=[exclusion.pk]), date_input_data("removed_on", off)
    )
    assert response.status_code == 302
    exclusion.refresh_from_db()
    assert exclusion.removed_from_roll_on == off
    timeline = client.get(reverse("placements:pupil-timeline", args=[pupil.pk])).content.decode()
    assert "Came off the roll of" in timeline
    response = client.post(
        reverse("placements:exclusion-off-roll", args=[exclusion.pk]),
        date_input_data("removed_on", timezone.localdate() + dt.timedelta(days=3)),
    )
    assert _error_next_to(response.content.decode(), "removed_on", "The date must be today or in the past")


def test_more_overdue_than_the_list_shows_are_counted_in_the_same_query(
    la_officer, school_a, django_assert_num_queries
):
    from placements.selectors import task_list

    first_day = timezone.localdate() - dt.timedelta(days=30)
    for _ in range(3):
        pupil = PupilFactory(home_school=school_a)
        Exclusion.objects.create(pupil=pupil, school=school_a, kind="permanent", first_day=first_day, reason="PD")
        deadlines_refresh(pupil_ids=[pupil.pk])
    with django_assert_num_queries(2):  # the user's memberships, the list (the count is in it)
        tasks = task_list(user=la_officer, today=timezone.localdate(), limit=2)
    assert (len(tasks.overdue), tasks.overdue_count) == (2, 3)


def test_the_pupil_page_lists_exclusions_and_health_absences_each_latest_first(client, la_officer, school_a):
    pupil = PupilFactory(home_school=school_a)
    for n, days in ((0, 2), (1, 4)):
        Exclusion.objects.create(
            pupil=pupil,
            school=school_a,
            kind="suspension",
            school_days=days,
            first_day=dt.date(2026, 9, 7) + dt.timedelta(days=14 * n),
            reason="PD",
        )
    for n, days in ((0, 16), (1, 17)):
        HealthAbsence.objects.create(
            pupil=pupil, school=school_a, first_day=dt.date(2026, 10, 5) + dt.timedelta(days=35 * n), school_days=days
        )
    client.force_login(la_officer)
    text = page_text(client.get(reverse("placements:pupil-detail", args=[pupil.pk])).content.decode())
    assert text.index("21 September 2026 for 4 school days") < text.index("7 September 2026 for 2 school days")
    assert text.index("9 November 2026, 17 school days") < text.index("5 October 2026, 16 school days")
