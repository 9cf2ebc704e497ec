"""Models of the reports app: the commissioning plan, the improvement plan and the archive of
Schools Forum packs, and the census return's figures. None holds pupil-level data but the census figures,
which may name the UPN of a problem only one pupil has."""

from .archive import PackStatus, ReportPack
from .census import CensusEntry, CensusFigures
from .improvement import ActionStatus, ImprovementAction, PriorityArea
from .plans import MAX_PLAN_YEARS, CommissioningPlan, PlanYear

__all__ = [
    "MAX_PLAN_YEARS",
    "ActionStatus",
    "CensusEntry",
    "CensusFigures",
    "CommissioningPlan",
    "ImprovementAction",
    "PackStatus",
    "PlanYear",
    "PriorityArea",
    "ReportPack",
]
