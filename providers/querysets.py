"""Who sees what of the provider register (the one scoping path, apcommission/core/scoping.py).

- LA staff see every provider of their LA, in every status, and the LA-private QA reviews,
  documents, concerns, feedback and change requests about them.
- School users see only bookable (approved) providers of their school's LA; of the LA-private
  records, only the concerns and feedback their own school gave.
- Provider users see their own provider (and its documents and change requests) only.
- Schools Forum members see no provider records (they reach aggregate reports only).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from apcommission.core.compiled import SqlConstant
from apcommission.core.models import Organisation
from apcommission.core.scoping import Scope, ScopedQuerySet, q_or_none

from .choices import BOOKABLE_STATUSES, ConcernStatus


def _school_la_ids(scope: Scope):
    """The LAs of the user's schools, as a subquery (schools book from their own LA's list)."""
    return Organisation.objects.filter(pk__in=scope.school_ids).values("local_authority_id")


def bookable_statuses() -> list[SqlConstant]:
    """The bookable statuses written into a statement's text, not bound as parameters: bound,
    PostgreSQL never settled on a generic plan for a school's approved list (its estimates with
    unknown statuses were worse) and planned it again on every request (2 ms, against a 1 ms run)."""
    return [SqlConstant(str(status)) for status in sorted(BOOKABLE_STATUSES)]


def provider_q(scope: Scope, prefix: str = "") -> Q | None:
    """The providers `scope` may see, as a condition on `<prefix>` (a path to a Provider)."""
    la_staff = Q(**{f"{prefix}organisation__local_authority_id__in": scope.la_ids}) if scope.la_ids else None
    school = (
        Q(
            **{
                f"{prefix}status__in": bookable_statuses(),
                f"{prefix}organisation__local_authority_id__in": _school_la_ids(scope),
            }
        )
        if scope.school_ids
        else None
    )
    own = Q(**{f"{prefix}organisation_id__in": scope.provider_ids}) if scope.provider_ids else None
    return q_or_none(la_staff, school, own)


def la_private_q(scope: Scope, prefix: str = "provider__") -> Q | None:
    """Records only LA staff of the provider's LA may see."""
    if not scope.la_ids:
        return None
    return Q(**{f"{prefix}organisation__local_authority_id__in": scope.la_ids})


class ProviderQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q | None:
        return provider_q(scope)

    def bookable(self) -> models.QuerySet:
        """Approved, with or without conditions: the only providers that may be booked."""
        return self.filter(status__in=bookable_statuses())

    def of_la(self, la_id: int) -> models.QuerySet:
        return self.filter(organisation__local_authority_id=la_id)


class SiteQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q | None:
        return provider_q(scope, "provider__")


class SiteCapacityQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q | None:
        return provider_q(scope, "site__provider__")


class PriceQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q | None:
        return provider_q(scope, "provider__")

    def effective_on(self, on: dt.date) -> models.QuerySet:
        return self.filter(effective_from__lte=on).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))


class ContactQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q | None:
        return provider_q(scope, "provider__")


class QAChecklistItemQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q | None:
        return Q(local_authority_id__in=scope.la_ids) if scope.la_ids else None

    def active(self) -> models.QuerySet:
        return self.filter(is_active=True)


class QAReviewQuerySet(ScopedQuerySet):
    """QA reviews are LA-private: LA staff of the provider's LA only."""

    def scope_filter(self, scope: Scope) -> Q | None:
        return la_private_q(scope)

    def moderated(self) -> models.QuerySet:
        return self.filter(moderated_by__isnull=False)

    def awaiting_moderation(self) -> models.QuerySet:
        return self.filter(moderated_by__isnull=True, returned_by__isnull=True)


class QAEvidenceQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q | None:
        return la_private_q(scope, "review__provider__")


class ComplianceDocumentQuerySet(ScopedQuerySet):
    """LA staff, and the provider's own users (who upload them)."""

    def scope_filter(self, scope: Scope) -> Q | None:
        own = Q(provider__organisation_id__in=scope.provider_ids) if scope.provider_ids else None
        return q_or_none(la_private_q(scope), own)

    def expired_on(self, on: dt.date) -> models.QuerySet:
        return self.filter(expires_on__lt=on)

    def expiring_between(self, start: dt.date, end: dt.date) -> models.QuerySet:
        return self.filter(expires_on__gte=start, expires_on__lte=end)


class ConcernQuerySet(ScopedQuerySet):
    """LA staff; a school sees the concerns its own users reported."""

    def scope_filter(self, scope: Scope) -> Q | None:
        own = Q(reporting_organisation_id__in=scope.school_ids) if scope.school_ids else None
        return q_or_none(la_private_q(scope), own)

    def open(self) -> models.QuerySet:
        return self.exclude(status=ConcernStatus.CLOSED)


class FeedbackQuerySet(ScopedQuerySet):
    """LA staff; a school sees the feedback it gave."""

    def scope_filter(self, scope: Scope) -> Q | None:
        own = Q(school_id__in=scope.school_ids) if scope.school_ids else None
        return q_or_none(la_private_q(scope), own)


class ChangeRequestQuerySet(ScopedQuerySet):
    """LA staff decide; the provider's own users see what they asked for."""

    def scope_filter(self, scope: Scope) -> Q | None:
        own = Q(provider__organisation_id__in=scope.provider_ids) if scope.provider_ids else None
        return q_or_none(la_private_q(scope), own)
