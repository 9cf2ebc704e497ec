"""The benchmark county's reports: commissioning plan scenarios, the improvement plan and two
Forum pack records."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from apcommission.core.years import financial_year_start
from reports.demo import AREAS as IMPROVEMENT_AREAS
from reports.models import CommissioningPlan, ImprovementAction, PlanYear, PriorityArea, ReportPack

from .bulk import Ids, copy_rows, jsonb, reset_sequences

if TYPE_CHECKING:  # pragma: no cover
    from .county import CountyBuilder

PLANS = (  # (scenario, baseline cost, yearly change in cost, baseline pupils, yearly change in pupils)
    ("Do nothing: demand keeps rising", Decimal("16800000"), Decimal("0.08"), 1400, 90),
    ("Early intervention hubs in each district", Decimal("16800000"), Decimal("0.01"), 1400, 40),
    ("Banded top-ups and outreach", Decimal("16800000"), Decimal("-0.02"), 1400, 20),
)


def build_reports(builder: CountyBuilder) -> None:
    """Three commissioning plan scenarios (the second chosen) with five years each, the demo's
    improvement plan, and two Forum packs, ready: last term's, published, and this term's, not
    yet published."""
    builder.say("Commissioning plans, the improvement plan and Forum packs")
    la, officer, now = builder.la.pk, builder.users["officer"], builder.now
    plan_ids, plans, years = Ids(CommissioningPlan), [], []
    baseline = f"{financial_year_start(builder.today) - 1}-{financial_year_start(builder.today) % 100:02d}"
    for index, (name, cost, change, pupils, more) in enumerate(PLANS):
        pk = plan_ids.take()
        plans.append(
            (
                pk,
                la,
                name,
                baseline,
                cost,
                pupils,
                "Demand from the last three years' placements.",
                index == 1,
                officer,
                now,
                now,
            )
        )
        years += [(pk, n, (cost * (1 + change) ** n).quantize(Decimal("1")), pupils + more * n) for n in range(1, 6)]
    fields = ["id", "local_authority", "name", "baseline_label", "baseline_cost", "baseline_pupils", "notes"]
    builder.counts["plans"] = copy_rows(
        CommissioningPlan, [*fields, "is_chosen", "created_by", "created_on", "modified_on"], plans
    )
    copy_rows(PlanYear, ["plan", "number", "cost", "pupils"], years)
    pdf = b"%PDF-1.7\n% A stand-in for the benchmark: the pack pages read the record, not the file.\n%%EOF\n"
    packs = []
    for weeks_ago, published in ((12, True), (1, False)):
        meeting = builder.today - dt.timedelta(weeks=weeks_ago) + dt.timedelta(days=14)
        made = timezone.make_aware(dt.datetime.combine(builder.today - dt.timedelta(weeks=weeks_ago), dt.time(9)))
        parameters = {
            "first_snapshot": str(meeting - dt.timedelta(days=194)),
            "second_snapshot": str(meeting - dt.timedelta(days=21)),
            "suppression_threshold": 5,
        }
        packs.append(
            (
                la,
                f"Schools Forum: AP budget monitoring, {meeting:%B %Y}",
                meeting,
                financial_year_start(meeting),
                jsonb(parameters),
                "ready",
                100,
                made,
                pdf,
                hashlib.sha256(pdf).hexdigest(),
                len(pdf),
                officer,
                made if published else None,
                made,
                made,
            )
        )
    fields = ["local_authority", "title", "meeting_date", "financial_year", "parameters", "status", "progress"]
    fields += ["data_as_of", "pdf", "checksum", "size_bytes", "generated_by", "published_at", "created_on"]
    builder.counts["forum_packs"] = copy_rows(ReportPack, [*fields, "modified_on"], packs)
    area_ids, areas, actions = Ids(PriorityArea), [], []
    for position, (title, planned) in enumerate(IMPROVEMENT_AREAS.items()):
        pk = area_ids.take()
        areas.append((pk, la, title, position, now, now))
        for description, lead, days, status in planned:
            actions.append((pk, description, lead, builder.today + dt.timedelta(days=days), status, now, now))
    copy_rows(PriorityArea, ["id", "local_authority", "title", "position", "created_on", "modified_on"], areas)
    fields = ["area", "description", "lead", "due_date", "status", "created_on", "modified_on"]
    builder.counts["improvement_actions"] = copy_rows(ImprovementAction, fields, actions)
    reset_sequences(CommissioningPlan, PlanYear, ReportPack, PriorityArea, ImprovementAction)
