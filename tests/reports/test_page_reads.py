"""The reports pages' own reads (one query each for the plans and the improvement plan, the first
page of packs without a count, the copy form made once) give what the models and crispy-forms give."""

import datetime as dt
from decimal import Decimal

import pytest
from crispy_forms.utils import render_crispy_form
from django.db import connection
from django.template import Context
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apcommission.core.scoping import scope_for
from reports.forms import CopyPlanForm
from reports.models import ImprovementAction, ReportPack
from reports.selectors import plan_table, plan_tables, plans_with_years, status_counts
from reports.selectors.improvement import improvement_plan_rows
from reports.templatetags.plans import copy_plan_form
from tests.factories import LocalAuthorityFactory
from tests.reports.factories import (
    CommissioningPlanFactory,
    ImprovementActionFactory,
    PlanYearFactory,
    PriorityAreaFactory,
)


@pytest.fixture
def other_la(db):
    return LocalAuthorityFactory()


def _columns(table):
    return [(c.label, c.cost, c.pupils, c.in_year, c.cumulative, c.unit_cost) for c in table.columns]


def test_the_plan_tables_read_in_one_query_equal_those_of_the_prefetched_plans(la, other_la, la_officer):
    with_years = CommissioningPlanFactory(local_authority=la, name="B plan", baseline_cost=Decimal("1234567.89"))
    for number, cost in ((2, "800000.50"), (1, "1500000")):
        PlanYearFactory(plan=with_years, number=number, cost=Decimal(cost))
    CommissioningPlanFactory(local_authority=la, name="A plan without years", is_chosen=True)
    CommissioningPlanFactory(local_authority=other_la, name="Another LA's plan")
    scope_for(la_officer)  # the scope is read once per request before any page's own reads
    with CaptureQueriesContext(connection) as queries:
        tables = plan_tables(user=la_officer)
    assert len(queries.captured_queries) == 1
    expected = [plan_table(plan) for plan in plans_with_years(user=la_officer)]
    assert [t.plan.pk for t in tables] == [t.plan.pk for t in expected]
    assert [t.plan.name for t in tables] == ["A plan without years", "B plan"]
    assert [_columns(t) for t in tables] == [_columns(t) for t in expected]
    assert [(t.payback_year, t.largest_annual_saving) for t in tables] == [
        (t.payback_year, t.largest_annual_saving) for t in expected
    ]
    assert [_columns(t) for t in plan_tables(user=la_officer, pk=with_years.pk)] == [_columns(expected[1])]
    other = CommissioningPlanFactory(local_authority=other_la)
    assert plan_tables(user=la_officer, pk=other.pk) == []


def test_the_improvement_plan_read_as_rows_equals_its_areas_actions_and_counts(la, other_la, la_officer):
    first, empty = PriorityAreaFactory(local_authority=la, position=1), PriorityAreaFactory(local_authority=la)
    for status in ("at_risk", "completed", "on_track", "on_track", "embedded", "not_started"):
        ImprovementActionFactory(area=first, status=status, progress_note="Going" if status == "on_track" else "")
    ImprovementActionFactory(area=PriorityAreaFactory(local_authority=other_la), status="at_risk")
    scope_for(la_officer)
    with CaptureQueriesContext(connection) as queries:
        plan = improvement_plan_rows(user=la_officer)
    assert len(queries.captured_queries) == 1
    assert [area.pk for area in plan.areas] == [empty.pk, first.pk]  # by position
    actions = ImprovementAction.objects.filter(area=first).order_by("due_date", "id")
    assert [a["edit_url"] for a in plan.areas[1].actions] == [
        reverse("reports:action-edit", args=[a.pk]) for a in actions
    ]
    assert [a["status_label"] for a in plan.areas[1].actions] == [a.get_status_display() for a in actions]
    assert plan.areas[0].actions == [] and plan.areas[0].add_url == reverse("reports:action-new", args=[empty.pk])
    assert plan.counts == status_counts(local_authority_ids=[la.pk])


def _pack(la, n):
    return ReportPack.objects.create(
        local_authority=la, title=f"Pack {n}", meeting_date=dt.date(2026, 1, 1) + dt.timedelta(days=n),
        financial_year=2026,
    )  # fmt: skip


def test_the_reports_home_counts_its_packs_only_when_there_are_more_than_a_page(client, la, la_officer):
    client.force_login(la_officer)
    for n in range(25):
        _pack(la, n)
    page = client.get(reverse("reports:home")).content.decode()
    assert page.count("Pack ") == 25 and "govuk-pagination" not in page
    _pack(la, 25)
    page = client.get(reverse("reports:home")).content.decode()
    assert page.count("Pack ") == 25 and "Page 1 of 2" in page
    second = client.get(reverse("reports:home"), {"page": 2}).content.decode()
    assert second.count("Pack ") == 1 and "Page 2 of 2" in second


def test_the_copy_form_made_once_is_the_form_crispy_forms_renders(la, rf):
    plan = CommissioningPlanFactory(local_authority=la, name='Plan "A" & <b>')
    values = {"csrf_token": "token-of-this-request", "request": rf.get("/")}
    for _ in range(2):  # made, then taken as made
        form = CopyPlanForm(initial={"name": f"Copy of {plan.name}"})
        form.helper.form_action = reverse("reports:plan-copy", args=[plan.pk])
        html = copy_plan_form(Context(values), form)
        assert html == render_crispy_form(form, context=dict(values))
        assert 'value="Copy of Plan &quot;A&quot; &amp; &lt;b&gt;"' in html
    bound = CopyPlanForm({"name": ""})
    bound.helper.form_action = "/copy/"
    assert "govuk-error-message" in copy_plan_form(Context({"csrf_token": "t"}), bound)
