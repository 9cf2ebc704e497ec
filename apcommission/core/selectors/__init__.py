"""Reads of the core that its views share: home pages, the audit log, and who manages whose account."""

from .audit import (
    audit_csv_rows,
    audit_events,
    audit_events_about,
    audited_record_types,
    readable_changes,
)
from .feedback import feedback_for, feedback_home_panels
from .home import HOME_PANEL_CONTRIBUTORS, home_panels, register_home_panels, role_labels
from .user_management import (
    Grant,
    grant_choices,
    grantable_keys,
    grantable_organisations,
    manager_scope,
    may_grant,
    may_manage_membership,
    may_manage_user,
    may_manage_users,
    may_reset_security,
    users_home_panels,
    users_list,
    users_visible_to,
)

__all__ = [
    "feedback_for",
    "feedback_home_panels",
    "HOME_PANEL_CONTRIBUTORS",
    "Grant",
    "audit_csv_rows",
    "audit_events",
    "audit_events_about",
    "audited_record_types",
    "grant_choices",
    "grantable_keys",
    "grantable_organisations",
    "home_panels",
    "manager_scope",
    "may_grant",
    "may_manage_membership",
    "may_manage_user",
    "may_manage_users",
    "may_reset_security",
    "readable_changes",
    "register_home_panels",
    "role_labels",
    "users_home_panels",
    "users_list",
    "users_visible_to",
]
