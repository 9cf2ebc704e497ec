"""Who may see the LA-level reports: staff of the LA, and its Schools Forum members for what has
been published to them (the one scoping path, apcommission.core.scoping). Reports hold no
pupil-level data."""

from __future__ import annotations

from django.db import models

from apcommission.core.scoping import Scope, ScopedQuerySet


class LAStaffQuerySet(ScopedQuerySet):
    """Working papers (plans, the improvement plan, unpublished packs): the LA's staff only."""

    def scope_filter(self, scope: Scope) -> models.Q | None:
        return models.Q(local_authority_id__in=scope.la_ids) if scope.la_ids else None


class ReportPackQuerySet(ScopedQuerySet):
    """Packs: the LA's staff see every pack; its Forum members only published ones."""

    def scope_filter(self, scope: Scope) -> models.Q | None:
        forum_only = scope.report_la_ids - scope.la_ids
        staff = models.Q(local_authority_id__in=scope.la_ids) if scope.la_ids else None
        forum = models.Q(local_authority_id__in=forum_only, published_at__isnull=False) if forum_only else None
        if staff is None:
            return forum
        return staff if forum is None else staff | forum

    def published(self) -> ReportPackQuerySet:
        return self.filter(published_at__isnull=False)
