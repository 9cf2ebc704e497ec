"""Demo data of the reports app for Marchshire: a five-year commissioning plan in the shape of
Bromley's (2023) with a second scenario to compare, an improvement plan in the shape of BCP's
oversight board (2024), and one published Forum pack. Idempotent: found by name and title."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from apcommission.core.models import Membership, Role

from .models import ActionStatus, CommissioningPlan, ImprovementAction, PriorityArea, ReportPack
from .selectors.pack import PackOptions
from .services import (
    PlanFigures,
    improvement_action_save,
    pack_publish,
    pack_request,
    plan_choose,
    plan_copy,
    plan_create,
    priority_area_add,
)

K = Decimal(1000)
PLAN = PlanFigures(
    name="Outreach first: five-year AP plan",
    baseline_label="2025-26",
    baseline_cost=Decimal(2_130) * K,
    baseline_pupils=164,
    years=[(Decimal(c) * K, p) for c, p in ((2_356, 180), (1_940, 212), (1_939, 240), (1_924, 268), (1_908, 297))],
    notes="Outreach and early help in year 1; fewer full-time placements from year 2; AWPU recovered on exclusions.",
)

AREAS = {
    "Early help and inclusion in schools": [
        ("Outreach offer from the PRU to every secondary school", "Inclusion service", 60, ActionStatus.COMPLETED),
        ("Graduated response guidance published with schools", "SEND team", 120, ActionStatus.ON_TRACK),
    ],
    "Commissioning and quality assurance": [
        ("Every commissioned provider reviewed against the checklist", "Commissioning", 30, ActionStatus.COMPLETED),
        ("Compliant-provider list shared with all schools", "Commissioning team", 45, ActionStatus.EMBEDDED),
        ("Traded offer for schools to buy placement arranging", "Commissioning team", 200, ActionStatus.NOT_STARTED),
    ],
    "Pathways and panel": [
        ("One multi-service panel for AP requests", "School inclusion", 90, ActionStatus.AT_RISK),
        ("Day-6 provision arranged for every permanent exclusion", "Exclusions officer", 60, ActionStatus.ON_TRACK),
    ],
    "Sufficiency and planning": [
        ("Place change return informed by demand data", "Finance", 150, ActionStatus.NOT_STARTED),
    ],
}  # fmt: skip


def _officer(la):
    membership = (
        Membership.objects.filter(organisation=la, role=Role.LA_OFFICER, is_active=True).select_related("user").first()
    )
    return membership.user if membership else None


def _seed_plans(la, officer) -> int:
    if CommissioningPlan.objects.filter(local_authority=la).exists():
        return 0
    plan = plan_create(local_authority=la, figures=PLAN, by=officer)
    plan_choose(plan=plan, by=officer)
    plan_copy(plan=plan, name="Provision as now: more placements, no outreach", by=officer)
    return 2


def _seed_improvement(la, officer, today) -> int:
    added = 0
    for title, actions in AREAS.items():
        area = PriorityArea.objects.filter(local_authority=la, title=title).first()
        if area is None:
            area = priority_area_add(local_authority=la, title=title, by=officer)
        for description, lead, days, status in actions:
            if not ImprovementAction.objects.filter(area=area, description=description).exists():
                improvement_action_save(
                    area=area, description=description, lead=lead,
                    due_date=today + dt.timedelta(days=days), status=status, by=officer,
                )  # fmt: skip
                added += 1
    return added


def _seed_pack(la, officer, today) -> int:
    if ReportPack.objects.filter(local_authority=la).exists():
        return 0
    year = today.year if today.month >= 4 else today.year - 1
    options = PackOptions(
        meeting_date=today - dt.timedelta(days=7),
        financial_year=year,
        first_snapshot=today - dt.timedelta(days=180),
        second_snapshot=today - dt.timedelta(days=8),
    )
    pack = pack_request(local_authority=la, options=options, by=officer)
    pack_publish(pack=pack, by=officer)
    return 1


def seed(*, la, schools, stdout) -> None:
    officer = _officer(la)
    if officer is None:
        stdout.write("reports: no LA officer to prepare the papers; nothing added")
        return
    today = timezone.localdate()
    plans = _seed_plans(la, officer)
    actions = _seed_improvement(la, officer, today)
    packs = _seed_pack(la, officer, today)
    stdout.write(f"reports: {plans} plan scenarios, {actions} improvement actions and {packs} Forum pack added")
