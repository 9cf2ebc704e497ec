"""Signed-in sessions: the idle timeout, the absolute limit, and two-factor sign-in enforced on
every request (docs/security.md).

The server enforces all three whatever the browser does; the timeout warning
(static/js/timeout-warning.js, the GOV.UK timeout warning pattern) only tells the user first.
Times are kept in the session as Unix seconds. "Last activity" is written at most once a minute,
so an active user does not cost a session write per request.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from .audit import record_session_end
from .demo import is_demo_account
from .layout import address
from .scoping import scope_for

SIGNED_IN_AT = "apc_signed_in_at"
LAST_ACTIVITY = "apc_last_activity"
#: Seconds of slack before "last activity" is written again.
ACTIVITY_GRANULARITY = 60
#: URL names that do not count as activity (the timeout warning asks how long is left).
NOT_ACTIVITY = {"core:session-status"}


def idle_timeout_seconds() -> int:
    return settings.SESSION_IDLE_TIMEOUT_MINUTES * 60


def absolute_limit_seconds() -> int:
    return settings.SESSION_ABSOLUTE_LIMIT_HOURS * 60 * 60


def second_factor_required(user) -> bool:
    """LA staff and administrators (TWO_FACTOR_REQUIRED_ROLES) and Django admin staff must use a
    second factor; everyone else may (NCSC: multi-factor authentication for staff accounts).
    Demo accounts in the quick start may not need one: they exist nowhere else."""
    if settings.DEMO_LOGINS_ENABLED and is_demo_account(user.email):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return scope_for(user).has_role(*settings.TWO_FACTOR_REQUIRED_ROLES)


def session_verified(session) -> bool:
    """The session was signed in with a second factor (django-otp keeps the device's id in it)."""
    return bool(session.get(DEVICE_ID_SESSION_KEY))


def mark_signed_in(session, *, now: float | None = None) -> None:
    """Start the idle and absolute clocks (called as a person finishes signing in)."""
    now = time.time() if now is None else now
    session[SIGNED_IN_AT] = now
    session[LAST_ACTIVITY] = now


def seconds_left(session, *, now: float | None = None) -> int:
    """Seconds until the session ends: by idle timeout or the absolute limit, whichever is first."""
    now = time.time() if now is None else now
    signed_in = session.get(SIGNED_IN_AT, now)
    last = session.get(LAST_ACTIVITY, now)
    return int(min(last + idle_timeout_seconds(), signed_in + absolute_limit_seconds()) - now)


def end_reason(session, *, now: float | None = None) -> str | None:
    """'inactive' or 'limit' when the session has run out, else None."""
    now = time.time() if now is None else now
    if now - session.get(SIGNED_IN_AT, now) >= absolute_limit_seconds():
        return "limit"
    if now - session.get(LAST_ACTIVITY, now) >= idle_timeout_seconds():
        return "inactive"
    return None


def touch(session, *, now: float | None = None) -> None:
    """Record activity (at most once per ACTIVITY_GRANULARITY seconds)."""
    now = time.time() if now is None else now
    if SIGNED_IN_AT not in session:
        session[SIGNED_IN_AT] = now
    if now - session.get(LAST_ACTIVITY, 0) >= ACTIVITY_GRANULARITY:
        session[LAST_ACTIVITY] = now


class SessionSecurityMiddleware:
    """Ends sessions that ran out, and sessions that skipped a required second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        reason = end_reason(request.session)
        if reason is None and not session_verified(request.session) and second_factor_required(user):
            reason = "second-factor"
        if reason is not None:
            return self._end(request, reason)
        if _is_activity(request):
            touch(request.session)
        return self.get_response(request)

    def _end(self, request, reason: str):
        record_session_end(request, reason)
        logout(request)
        if not _is_activity(request):
            return JsonResponse({"signed_in": False, "seconds_left": 0})
        if reason == "second-factor":
            return redirect(reverse("core:sign-in"))
        return redirect(reverse("core:signed-out", query={"reason": reason}))


def _is_activity(request) -> bool:
    """Not a NOT_ACTIVITY page: those take no arguments, so their fixed addresses say it (without
    resolving the URL on every request, which Django does again for the view)."""
    return not any(request.path == address(url_name) for url_name in NOT_ACTIVITY)
