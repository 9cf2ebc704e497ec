"""Writes of the reports app: commissioning plans, the improvement plan, and Forum packs."""

from .improvement import improvement_action_save, priority_area_add
from .packs import log, pack_generate, pack_publish, pack_render, pack_request, render_inline_limit
from .plans import PlanFigures, figures_of, plan_choose, plan_copy, plan_create, plan_update

__all__ = [
    "PlanFigures",
    "figures_of",
    "improvement_action_save",
    "log",
    "pack_generate",
    "pack_publish",
    "pack_render",
    "pack_request",
    "plan_choose",
    "plan_copy",
    "plan_create",
    "plan_update",
    "priority_area_add",
    "render_inline_limit",
]
