"""Thin views of the core: signing in and out, home pages, the audit log, health and errors."""

from .accounts import SignInView, SignOutView
from .errors import healthz, page_not_found, permission_denied, server_error
from .home import audit_log, home

__all__ = [
    "SignInView",
    "SignOutView",
    "audit_log",
    "healthz",
    "home",
    "page_not_found",
    "permission_denied",
    "server_error",
]
