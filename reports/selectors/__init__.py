"""Reads of the reports app: plan figures, the improvement plan's counts, the Forum pack's figures, home panels."""

from .home import home_panels
from .improvement import StatusCount, improvement_areas, status_counts
from .pack import ForumPack, KeyStageLine, KeyStageSection, PackOptions, forum_pack, key_stage_section
from .plans import THOUSAND, PlanColumn, PlanTable, chosen_plan, in_thousands, plan_table, plans_with_years

__all__ = [
    "ForumPack",
    "KeyStageLine",
    "KeyStageSection",
    "PackOptions",
    "PlanColumn",
    "PlanTable",
    "StatusCount",
    "THOUSAND",
    "chosen_plan",
    "forum_pack",
    "home_panels",
    "improvement_areas",
    "in_thousands",
    "key_stage_section",
    "plan_table",
    "plans_with_years",
    "status_counts",
]
