"""Who may see which funding records (the one scoping path, apcommission.core.scoping).

- LA staff (officers, managers, finance officers, administrators) see every funding record of
  their LA; only finance officers change them (the views and services check that).
- School users see their own school's figures: what it pays for its own pupils, its recoupments,
  its contributions.
- Provider users see their own invoices only.
- Schools Forum members see none of these records (the Forum gets the aggregate pack).
"""

from __future__ import annotations

from django.db import models

from apcommission.core.scoping import Scope, ScopedQuerySet, q_or_none


class LocalAuthorityQuerySet(ScopedQuerySet):
    """Records of an LA as a whole (budgets, rates, places, bands): its LA staff only."""

    def scope_filter(self, scope: Scope) -> models.Q | None:
        return models.Q(local_authority_id__in=scope.la_ids) if scope.la_ids else None

    def of_la(self, local_authority) -> LocalAuthorityQuerySet:
        return self.filter(local_authority=local_authority)


class SchoolFiguresQuerySet(ScopedQuerySet):
    """Records about one school (recoupments, contributions): the LA's staff and that school."""

    def scope_filter(self, scope: Scope) -> models.Q | None:
        return q_or_none(
            models.Q(local_authority_id__in=scope.la_ids) if scope.la_ids else None,
            models.Q(school__organisation_id__in=scope.school_ids) if scope.school_ids else None,
        )


class InvoiceQuerySet(ScopedQuerySet):
    """Invoices: the LA's staff, and the provider that sent them."""

    def scope_filter(self, scope: Scope) -> models.Q | None:
        return q_or_none(
            models.Q(local_authority_id__in=scope.la_ids) if scope.la_ids else None,
            models.Q(provider__organisation_id__in=scope.provider_ids) if scope.provider_ids else None,
        )


class CommitmentQuerySet(ScopedQuerySet):
    """Committed costs: the LA's staff, and a school for the rows it pays."""

    def scope_filter(self, scope: Scope) -> models.Q | None:
        return q_or_none(
            models.Q(local_authority_id__in=scope.la_ids) if scope.la_ids else None,
            models.Q(payer_school__organisation_id__in=scope.school_ids) if scope.school_ids else None,
        )
