"""Reads of the core that its views share: home pages and the audit log."""

from .audit import audit_events
from .home import HOME_PANEL_CONTRIBUTORS, home_panels, register_home_panels, role_labels

__all__ = [
    "HOME_PANEL_CONTRIBUTORS",
    "audit_events",
    "home_panels",
    "register_home_panels",
    "role_labels",
]
