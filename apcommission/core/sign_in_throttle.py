"""Throttling failed sign-ins with django-axes: the client's address, the account name as axes
counts it, who is locked out now, and unlocking.

Wrong passwords and wrong two-factor codes both count (the code step sends Django's
`user_login_failed`), per account and per address; at AXES_FAILURE_LIMIT within
AXES_COOLOFF_TIME the account or address is locked until the cool-off passes or an administrator
unlocks it. NCSC password guidance: allow about 10 attempts before locking.
"""

from __future__ import annotations

from collections.abc import Iterable

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front, the
    address the outermost trusted proxy saw (counted from the right of X-Forwarded-For, which a
    client cannot forge past our own proxies)."""
    if request is None:
        return None
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def username_from_request(request, credentials: dict | None) -> str | None:
    """The account name axes counts: the e-mail address in lower case, so 'Olive@' and 'olive@'
    are one account."""
    source = credentials if credentials else getattr(request, "POST", {})
    value = source.get("username") if source else None
    return str(value).strip().lower()[:254] if value else None


def _live_attempts() -> QuerySet:
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)


def locked_out_emails(emails: Iterable[str]) -> set[str]:
    """Which of these accounts are locked out now (for a page of users: one query)."""
    rows = (
        _live_attempts()
        .filter(username__in=[e.lower() for e in emails])
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {row["username"] for row in rows}


def is_locked_out(email: str) -> bool:
    return bool(locked_out_emails([email]))


def locked_out_filter() -> Q:
    """A filter on users: locked out now (for the users list's status filter)."""
    failures = (
        _live_attempts()
        .filter(username=OuterRef("email"))
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return Q(Exists(failures))


def unlock(email: str) -> int:
    """Forget the account's failed sign-ins (all addresses it was tried from). Returns how many
    records were removed; an address locked by attempts on other accounts stays locked."""
    return reset(username=email.lower())
