"""Every reports form against hostile input: impossible dates, unknown years, enormous or
non-numeric figures, markup, altered submission tokens, another LA's records. Each gets a GOV.UK
error next to the field (and in the error summary) and changes nothing; none is a 500."""

import datetime as dt
import uuid

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from reports.services import PlanFigures, plan_create, priority_area_add
from reports.services.improvement import improvement_action_save
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory

TODAY = timezone.localdate()
SCRIPT = "<script>alert(1)</script>"
REPORT_MODELS = [m for m in apps.get_app_config("reports").get_models() if not m.__name__.startswith("Historical")]
BAD_DATES = [
    ("31", "2", "2026"),
    ("0", "0", "0"),
    ("1", "13", "2026"),
    ("a", "b", "c"),
    ("1", "1", "99999"),
    ("", "", ""),
]


def counts() -> dict:
    return {m.__name__: m.objects.count() for m in REPORT_MODELS}


def refused(client, url, data):
    before = counts()
    response = client.post(url, data)
    assert response.status_code in (200, 400), (url, data, response.status_code)
    page = response.content.decode()
    assert "govuk-error-summary" in page, (url, data)
    if "not-a-token" not in data.values() and data.get("submission_token") != "":
        # A hidden field has nowhere to show its error: an altered token is reported above the form.
        assert "govuk-error-message" in page, (url, data)
    assert SCRIPT not in page
    assert counts() == before, (url, data)


def _date(name: str, parts) -> dict:
    return {f"{name}_0": parts[0], f"{name}_1": parts[1], f"{name}_2": parts[2]}


def _pack(**overrides) -> dict:
    year = TODAY.year if TODAY.month >= 4 else TODAY.year - 1
    data = {
        "submission_token": str(uuid.uuid4()),
        "financial_year": str(year),
        **_date("meeting_date", (str(TODAY.day), str(TODAY.month), str(TODAY.year))),
        **_date("first_snapshot", ("1", "5", str(year))),
        **_date("second_snapshot", ("1", "6", str(year))),
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    "overrides",
    [
        *[_date("meeting_date", parts) for parts in BAD_DATES],
        *[_date("second_snapshot", parts) for parts in BAD_DATES],
        {"financial_year": "1900"},
        {"financial_year": SCRIPT},
        {"financial_year": "9" * 40},
        {"submission_token": "not-a-token"},
        {"submission_token": ""},
    ],
)
def test_the_pack_form_refuses_hostile_input_next_to_the_field(client, la_officer, overrides):
    client.force_login(la_officer)
    refused(client, reverse("reports:pack-new"), _pack(**overrides))


def _action(**overrides) -> dict:
    data = {
        "submission_token": str(uuid.uuid4()),
        "description": "Review every provider",
        "lead": "Commissioning",
        **_date("due_date", ("31", "3", "2027")),
        "status": "on_track",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    "overrides",
    [
        *[_date("due_date", parts) for parts in BAD_DATES],
        {"status": "finished"},
        {"status": SCRIPT},
        {"description": ""},
        {"description": "x" * 2001},
        {"lead": "y" * 201},
        {"lead": "   "},
        {"submission_token": "not-a-token"},
    ],
)
def test_improvement_action_forms_refuse_hostile_input(client, la, la_officer, overrides):
    area = priority_area_add(local_authority=la, title="Commissioning", by=la_officer)
    action = improvement_action_save(area=area, description="Existing", lead="Team", due_date=TODAY, by=la_officer)
    client.force_login(la_officer)
    refused(client, reverse("reports:action-new", args=[area.pk]), _action(**overrides))
    if "submission_token" not in overrides:
        refused(client, reverse("reports:action-edit", args=[action.pk]), _action(**overrides))


@pytest.mark.parametrize("title", ["", "   ", "z" * 201])
def test_priority_area_form_refuses_hostile_input(client, la_officer, title):
    client.force_login(la_officer)
    refused(client, reverse("reports:area-new"), {"title": title})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("baseline_cost", "1e309"),
        ("baseline_cost", "NaN"),
        ("baseline_cost", "9" * 30),
        ("baseline_cost", SCRIPT),
        ("baseline_pupils", "-3"),
        ("baseline_pupils", "9" * 30),
        ("year_1_cost", "Infinity"),
        ("name", "n" * 121),
        ("submission_token", "not-a-token"),
    ],
)
def test_plan_forms_refuse_hostile_input(client, la, la_officer, field, value):
    data = {"submission_token": str(uuid.uuid4()), "name": "Plan", "baseline_label": "2025-26"}
    data |= {"baseline_cost": "4258000", "baseline_pupils": "327", "year_1_cost": "4712000", "year_1_pupils": "400"}
    data[field] = value
    client.force_login(la_officer)
    refused(client, reverse("reports:plan-new"), data)
    plan = plan_create(
        local_authority=la,
        figures=PlanFigures("Existing", "2025-26", 1_000_000, 80, [(900_000, 90)]),
        by=la_officer,
    )
    if field != "submission_token":
        refused(client, reverse("reports:plan-edit", args=[plan.pk]), data)


def test_another_las_records_are_not_found(client, la_officer):
    other = LocalAuthorityFactory(name="Elsewhere Council", la_code="998")
    officer = UserFactory()
    MembershipFactory(user=officer, organisation=other, role="la_officer")
    area = priority_area_add(local_authority=other, title="Theirs", by=officer)
    action = improvement_action_save(
        area=area, description="Theirs", lead="x", due_date=dt.date(2027, 1, 1), by=officer
    )
    plan = plan_create(
        local_authority=other, figures=PlanFigures("Theirs", "2025-26", 1_000, 1, [(900, 1)]), by=officer
    )
    client.force_login(la_officer)
    for url in (
        reverse("reports:action-new", args=[area.pk]),
        reverse("reports:action-edit", args=[action.pk]),
        reverse("reports:plan-edit", args=[plan.pk]),
        reverse("reports:plan-choose", args=[plan.pk]),
        reverse("reports:plan-copy", args=[plan.pk]),
    ):
        assert client.post(url, _action()).status_code == 404, url
