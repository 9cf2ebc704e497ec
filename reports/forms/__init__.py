"""Forms of the reports app, as GOV.UK components; they parse input, the services apply the rules."""

from .improvement import ActionForm, PriorityAreaForm
from .packs import PackForm
from .plans import PUPILS_MESSAGES, CopyPlanForm, PlanForm

__all__ = [
    "ActionForm",
    "CopyPlanForm",
    "PUPILS_MESSAGES",
    "PackForm",
    "PlanForm",
    "PriorityAreaForm",
]
