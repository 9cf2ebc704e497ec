"""Commissioning plan scenarios: the figures computed exactly as Bromley's Forum paper does."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from reports.models import CommissioningPlan
from reports.selectors import plan_table
from reports.services import PlanFigures, plan_choose, plan_copy, plan_create
from reports.templatetags.plans import thousands

K = Decimal(1000)
BROMLEY = PlanFigures(
    name="Bromley five-year plan",
    baseline_label="Baseline",
    baseline_cost=4258 * K,
    baseline_pupils=327,
    years=[(4712 * K, 400), (3880 * K, 450), (3878 * K, 500), (3848 * K, 550), (3816 * K, 593)],
)


@pytest.fixture
def bromley(la, la_officer):
    return plan_create(local_authority=la, figures=BROMLEY, by=la_officer)


def test_the_bromley_table_is_reproduced_to_the_last_thousand(bromley):
    table = plan_table(bromley)
    assert [thousands(c.cost) for c in table.columns] == ["4,258", "4,712", "3,880", "3,878", "3,848", "3,816"]
    assert [thousands(c.in_year) for c in table.columns[1:]] == ["454", "−378", "−380", "−410", "−442"]
    assert [thousands(c.cumulative) for c in table.columns[1:]] == ["454", "76", "−304", "−714", "−1,156"]
    assert table.payback_year == 3
    assert table.largest_annual_saving == 442 * K
    assert [c.unit_cost for c in table.columns] == [
        Decimal(13021),
        Decimal(11780),
        Decimal(8622),
        Decimal(7756),
        Decimal(6996),
        Decimal(6435),
    ]


def test_the_plan_page_shows_the_table_in_thousands(client, la_officer, bromley):
    client.force_login(la_officer)
    body = client.get(reverse("reports:plan-detail", args=[bromley.pk])).content.decode()
    for figure in ("4,258", "454", "−378", "76", "−304", "−714", "−1,156", "pays back in year 3", "£442,000"):
        assert figure in body


def test_a_copy_starts_from_the_same_figures_and_only_one_scenario_is_chosen(la, la_officer, bromley):
    copy = plan_copy(plan=bromley, name="Slower outreach", by=la_officer)
    assert [c.cost for c in plan_table(copy).columns] == [c.cost for c in plan_table(bromley).columns]
    plan_choose(plan=bromley, by=la_officer)
    plan_choose(plan=copy, by=la_officer)
    assert list(CommissioningPlan.objects.filter(is_chosen=True)) == [copy]
    bromley.is_chosen = True
    with pytest.raises(IntegrityError), transaction.atomic():
        bromley.save()


def _form_data(**overrides):
    data = {"submission_token": "7c1b2f8e-3c57-4e0c-9f3a-1f8a9b2c4d5e", "name": "Plan", "baseline_label": "2025-26"}
    data |= {"baseline_cost": "4258000", "baseline_pupils": "327", "year_1_cost": "4712000", "year_1_pupils": "400"}
    return {**data, **overrides}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"baseline_cost": "-1"}, "The amount must be £0.00 or more"),
        ({"baseline_cost": "12.345"}, "Enter an amount in pounds and pence, like 95.50"),
        ({"year_1_pupils": ""}, "Enter the pupils supported in year 1"),
        ({"year_2_cost": "100"}, "Enter the pupils supported in year 2"),
        ({"year_2_pupils": "5"}, "Enter the year 2 cost"),
        ({"name": ""}, "Enter a scenario name"),
    ],
)
def test_bad_figures_are_refused_next_to_the_field_and_nothing_is_saved(client, la_officer, overrides, message):
    client.force_login(la_officer)
    response = client.post(reverse("reports:plan-new"), _form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not CommissioningPlan.objects.exists()


def test_a_double_submitted_scenario_is_saved_once(client, la_officer):
    client.force_login(la_officer)
    first = client.post(reverse("reports:plan-new"), _form_data())
    second = client.post(reverse("reports:plan-new"), _form_data())
    assert first.status_code == second.status_code == 302
    assert CommissioningPlan.objects.count() == 1


def test_scenarios_compare_side_by_side(client, la, la_officer, bromley):
    copy = plan_copy(plan=bromley, name="Slower outreach", by=la_officer)
    client.force_login(la_officer)
    body = client.get(reverse("reports:plan-compare"), {"plan": [bromley.pk, copy.pk]}).content.decode()
    assert body.count("Cumulative payback") == 2


def test_plan_pages_use_a_constant_number_of_queries(client, la, la_officer, django_assert_max_num_queries):
    client.force_login(la_officer)
    for count in (1, 6):
        for n in range(count):
            plan_create(
                local_authority=la, figures=PlanFigures(**{**BROMLEY.__dict__, "name": f"S{count}-{n}"}), by=la_officer
            )
        with django_assert_max_num_queries(6):
            assert client.get(reverse("reports:plan-list")).status_code == 200
