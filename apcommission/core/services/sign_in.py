"""Signing in, in two steps for those who use a second factor.

The password step does not sign anyone in when a second factor is due: it keeps the account
"waiting" in the session (for PENDING_SECONDS), and the person is signed in only after the code
(or after setting up an authenticator, for someone who must and has none). So a stolen password
alone never gets a session that could read a page.
"""

from __future__ import annotations

import time

from django.contrib.auth import login
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from ..models import User
from ..sessions import mark_signed_in, second_factor_required
from .two_factor import has_second_factor

PENDING_KEY = "apc_sign_in_pending"
PENDING_SECONDS = 10 * 60


def safe_next(request, url: str | None) -> str:
    """Where to go after signing in: a path on this site ('/providers/'), else the home page.

    Only a path: `redirect()` would read a bare word as a view name (and fail on '²')."""
    if (
        url
        and url.startswith("/")
        and url.isprintable()
        and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return url
    return reverse("core:home")


def sign_in_begin(request, *, user: User, next_url: str | None) -> str:
    """After the first factor (a password, or an accepted invitation): sign in now, or wait for
    the second. Returns where to go next."""
    next_url = safe_next(request, next_url)
    if has_second_factor(user):
        step = "core:sign-in-code"
    elif second_factor_required(user):
        step = "core:sign-in-set-up"
    else:
        sign_in_finish(request, user=user)
        return next_url
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", "apcommission.core.backends.EmailBackend"),
        "since": time.time(),
        "next": next_url,
    }
    return reverse(step)


def pending_user(request) -> User | None:
    """The account waiting for its second factor, if the wait has not run out."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def pending_next(request) -> str:
    return (request.session.get(PENDING_KEY) or {}).get("next") or reverse("core:home")


def sign_in_finish(request, *, user: User, device=None) -> None:
    """Sign in (Django's login: a new session key, the sign-in audited) and start the session's
    clocks; with the device that passed the second factor, the session counts as verified."""
    request.session.pop(PENDING_KEY, None)
    login(request, user, backend=getattr(user, "backend", None))
    if device is not None:
        otp_login(request, device)
    mark_signed_in(request.session)
