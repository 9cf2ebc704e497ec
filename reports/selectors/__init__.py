"""Reads of the reports app: plan figures, the improvement plan's counts, the Forum pack's figures, home panels."""

from .home import home_panels
from .improvement import StatusCount, improvement_areas, status_counts
from .pack import (
    ForumPack,
    KeyStageLine,
    KeyStageSection,
    PackOptions,
    StatutoryDuties,
    forum_pack,
    key_stage_section,
    statutory_duties_section,
)
from .pack_money import PackMoney, SpendTable, TrendLine, pack_money
from .plans import (
    THOUSAND,
    PlanColumn,
    PlanTable,
    chosen_plan,
    in_thousands,
    plan_table,
    plan_tables,
    plans_with_years,
)

__all__ = [
    "ForumPack",
    "KeyStageLine",
    "KeyStageSection",
    "PackMoney",
    "PackOptions",
    "PlanColumn",
    "PlanTable",
    "SpendTable",
    "StatusCount",
    "StatutoryDuties",
    "THOUSAND",
    "TrendLine",
    "chosen_plan",
    "forum_pack",
    "home_panels",
    "improvement_areas",
    "in_thousands",
    "key_stage_section",
    "pack_money",
    "plan_table",
    "plan_tables",
    "plans_with_years",
    "statutory_duties_section",
    "status_counts",
]
