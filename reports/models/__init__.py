"""Models of the reports app: the commissioning plan, the improvement plan and the archive of
Schools Forum packs. None holds pupil-level data."""

from .archive import PackStatus, ReportPack
from .improvement import ActionStatus, ImprovementAction, PriorityArea
from .plans import MAX_PLAN_YEARS, CommissioningPlan, PlanYear

__all__ = [
    "MAX_PLAN_YEARS",
    "ActionStatus",
    "CommissioningPlan",
    "ImprovementAction",
    "PackStatus",
    "PlanYear",
    "PriorityArea",
    "ReportPack",
]
