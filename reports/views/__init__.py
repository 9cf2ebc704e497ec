"""Thin views of the reports app."""

from .census import CENSUS_ROLES, census, census_csv
from .improvement import action_edit, action_new, area_new, improvement_plan
from .packs import REFRESH_SECONDS, pack_detail, pack_download, pack_new, pack_publish_view, reports_home
from .plans import (
    MAX_COMPARED,
    plan_choose_view,
    plan_compare,
    plan_copy_view,
    plan_detail,
    plan_edit,
    plan_list,
    plan_new,
)

__all__ = [
    "CENSUS_ROLES",
    "MAX_COMPARED",
    "REFRESH_SECONDS",
    "action_edit",
    "action_new",
    "area_new",
    "census",
    "census_csv",
    "improvement_plan",
    "pack_detail",
    "pack_download",
    "pack_new",
    "pack_publish_view",
    "plan_choose_view",
    "plan_compare",
    "plan_copy_view",
    "plan_detail",
    "plan_edit",
    "plan_list",
    "plan_new",
    "reports_home",
]
