"""Writes to commissioning plans: create, change, copy and choose a scenario. Each validates,
owns its transaction and writes its audit entry in it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from apcommission.core.audit import audit_change, snapshot

from ..models import MAX_PLAN_YEARS, CommissioningPlan, PlanYear
from ._common import require_author


@dataclass(frozen=True)
class PlanFigures:
    name: str
    baseline_label: str
    baseline_cost: Decimal
    baseline_pupils: int
    years: list[tuple[Decimal, int]]  # (cost, pupils) for year 1, 2, …
    notes: str = ""


def _check_years(years: list[tuple[Decimal, int]]) -> None:
    if not 1 <= len(years) <= MAX_PLAN_YEARS:
        raise ValidationError({"years": f"Enter between 1 and {MAX_PLAN_YEARS} plan years"})


def _write_years(plan: CommissioningPlan, years: list[tuple[Decimal, int]]) -> None:
    plan.years.all().delete()
    rows = [PlanYear(plan=plan, number=n, cost=cost, pupils=pupils) for n, (cost, pupils) in enumerate(years, 1)]
    for row in rows:
        row.full_clean(exclude=["plan"])
    PlanYear.objects.bulk_create(rows)


@transaction.atomic
def plan_create(
    *, local_authority, figures: PlanFigures, by, copied_from=None, submission_token=None
) -> CommissioningPlan:
    """A new scenario for the LA (Bromley's table: a baseline and up to five plan years). A second
    submission of the same form returns the scenario the first one made."""
    require_author(by, local_authority.pk)
    if submission_token is not None:
        existing = CommissioningPlan.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    _check_years(figures.years)
    plan = CommissioningPlan(
        submission_token=submission_token,
        local_authority=local_authority,
        name=figures.name,
        baseline_label=figures.baseline_label,
        baseline_cost=figures.baseline_cost,
        baseline_pupils=figures.baseline_pupils,
        notes=figures.notes,
        copied_from=copied_from,
        created_by=by,
    )
    plan.full_clean()
    plan.save()
    _write_years(plan, figures.years)
    audit_change(user=by, obj=plan)
    return plan


@transaction.atomic
def plan_update(*, plan: CommissioningPlan, figures: PlanFigures, by) -> CommissioningPlan:
    require_author(by, plan.local_authority_id)
    _check_years(figures.years)
    before = snapshot(plan)
    plan.name, plan.baseline_label, plan.notes = figures.name, figures.baseline_label, figures.notes
    plan.baseline_cost, plan.baseline_pupils = figures.baseline_cost, figures.baseline_pupils
    plan.full_clean()
    plan.save()
    _write_years(plan, figures.years)
    audit_change(user=by, obj=plan, before=before)
    return plan


def figures_of(plan: CommissioningPlan) -> PlanFigures:
    return PlanFigures(
        name=plan.name,
        baseline_label=plan.baseline_label,
        baseline_cost=plan.baseline_cost,
        baseline_pupils=plan.baseline_pupils,
        years=[(year.cost, year.pupils) for year in plan.years.order_by("number")],
        notes=plan.notes,
    )


def plan_copy(*, plan: CommissioningPlan, name: str, by) -> CommissioningPlan:
    """A new scenario starting from this one's figures, to change and compare side by side."""
    figures = figures_of(plan)
    return plan_create(
        local_authority=plan.local_authority,
        figures=PlanFigures(**{**figures.__dict__, "name": name}),
        by=by,
        copied_from=plan,
    )


@transaction.atomic
def plan_choose(*, plan: CommissioningPlan, by) -> CommissioningPlan:
    """Make this the LA's chosen scenario (the one the Forum pack shows); the others are unchosen."""
    require_author(by, plan.local_authority_id)
    for other in CommissioningPlan.objects.select_for_update().filter(
        local_authority_id=plan.local_authority_id, is_chosen=True
    ):
        before = snapshot(other)
        other.is_chosen = False
        other.save(update_fields=["is_chosen", "modified_on"])
        audit_change(user=by, obj=other, before=before)
    before = snapshot(plan)
    plan.is_chosen = True
    plan.save(update_fields=["is_chosen", "modified_on"])
    audit_change(user=by, obj=plan, before=before)
    return plan
