"""Who may see which pupils and placements (the one scoping path, apcommission.core.scoping).

LA staff see every pupil of their LA and those pupils' placements; school users see pupils whose
home school is theirs and those pupils' placements; provider users see placements sent to their
provider and those placements' pupils; Schools Forum members see no pupil-level data."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, Greatest, Least

from apcommission.core.education import in_key_stage, key_stage_of
from apcommission.core.scoping import Scope, ScopedQuerySet, q_or_none

from .models.statuses import PROVIDER_VISIBLE_STATUSES, TAKES_A_PLACE_STATUSES, PlacementStatus


class PupilQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q | None:
        provider_pupils = None
        if scope.provider_ids:
            placements = self.model._meta.get_field("placements").related_model._default_manager
            pupil_ids = placements.filter(
                provider__organisation_id__in=scope.provider_ids, status__in=PROVIDER_VISIBLE_STATUSES
            ).values("pupil_id")
            provider_pupils = models.Q(pk__in=pupil_ids)
        return q_or_none(
            models.Q(home_la_id__in=scope.la_ids) if scope.la_ids else None,
            models.Q(home_school__organisation_id__in=scope.school_ids) if scope.school_ids else None,
            provider_pupils,
        )

    def search(self, text: str) -> PupilQuerySet:
        """Name or UPN, as typed."""
        text = text.strip()
        if not text:
            return self
        condition = models.Q(upn__iexact="".join(text.split()))
        for word in text.split():
            condition |= models.Q(legal_last_name__icontains=word) | models.Q(legal_first_name__icontains=word)
            condition |= models.Q(preferred_first_name__icontains=word)
        return self.filter(condition)


class PupilTransferQuerySet(ScopedQuerySet):
    """A school's pending pupil: the LA staff of the school's LA and the school's users. Nothing
    here says where else the UPN is held (the existing record is reached through Pupil's scope)."""

    def scope_filter(self, scope: Scope) -> models.Q | None:
        return q_or_none(
            models.Q(home_la_id__in=scope.la_ids) if scope.la_ids else None,
            models.Q(home_school__organisation_id__in=scope.school_ids) if scope.school_ids else None,
        )

    def pending(self) -> PupilTransferQuerySet:
        return self.filter(status="pending")


def placement_scope_filter(scope: Scope, *, via: str = "") -> models.Q | None:
    """Who may see a placement — and so anything recorded about it (reviews, attendance marks),
    reached through `via` (e.g. "placement__")."""
    return q_or_none(
        models.Q(**{f"{via}pupil__home_la_id__in": scope.la_ids}) if scope.la_ids else None,
        models.Q(**{f"{via}pupil__home_school__organisation_id__in": scope.school_ids}) if scope.school_ids else None,
        _at_providers(scope.provider_ids, f"{via}provider_id")
        & models.Q(**{f"{via}status__in": PROVIDER_VISIBLE_STATUSES})
        if scope.provider_ids
        else None,
    )


def _at_providers(organisation_ids: frozenset[int], field: str) -> models.Q:
    """Rows whose provider (`field`, a provider's id) is one of these organisations'. One
    provider's id is a value PostgreSQL works out once before the query (one row of a unique
    index), so the planner walks that provider's own index of placements in a list's order and
    stops after a page; through a join on the organisation it would read all of a busy provider's
    thousands of placements to sort them."""
    providers = (
        apps.get_model("providers", "Provider")._default_manager.filter(organisation_id__in=organisation_ids).order_by()
    )
    if len(organisation_ids) == 1:  # an organisation is at most one provider (a one-to-one field)
        return models.Q(**{field: models.Subquery(providers.values("pk"))})
    return models.Q(**{f"{field}__in": providers.values("pk")})


class PlacementQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q | None:
        return placement_scope_filter(scope)

    def taking_places(self) -> PlacementQuerySet:
        return self.filter(status__in=TAKES_A_PLACE_STATUSES)

    def overlapping(self, start, end) -> PlacementQuerySet:
        return self.filter(start_date__lte=end, end_date__gte=start)

    def awaiting_panel(self) -> PlacementQuerySet:
        return self.filter(
            requires_panel=True, status__in=[PlacementStatus.REQUESTED, PlacementStatus.MORE_INFORMATION]
        )

    def decided_at_panel(self) -> PlacementQuerySet:
        """Requests the panel has decided (no longer waiting for it), with the latest decision's
        date and kind, the latest first."""
        decisions = self.model.panel_decisions.rel.related_model.objects.filter(placement=models.OuterRef("pk"))
        latest = decisions.order_by("-decision_date", "-id")
        return (
            self.filter(requires_panel=True)
            .exclude(status__in=[PlacementStatus.REQUESTED, PlacementStatus.MORE_INFORMATION])
            .filter(models.Exists(decisions))
            .annotate(
                decided_on=models.Subquery(latest.values("decision_date")[:1]),
                panel_decision=models.Subquery(latest.values("decision")[:1]),
            )
            .order_by("-decided_on", "-id")
        )

    def with_key_stage_on(self, day: dt.date) -> PlacementQuerySet:
        """Each placement's pupil's key stage on `day`, or on its first or last day when `day` is
        outside it (`Placement.key_stage_on`), as `key_stage_then`: in the same query."""
        return self.annotate(key_stage_then=key_stage_of("pupil__date_of_birth", self._within(day)))

    def with_last_review(self) -> PlacementQuerySet:
        """Each placement's latest review date as `last_review` (None before the first), read from
        the index of its reviews by date in the same query."""
        reviews = self.model.reviews.rel.related_model._default_manager.filter(placement=models.OuterRef("pk"))
        latest = reviews.order_by("-review_date").values("review_date")[:1]
        return self.annotate(last_review=models.Subquery(latest))

    def in_key_stage_on(self, day: dt.date, stage: str) -> PlacementQuerySet:
        """Placements whose pupil is in key stage `stage` on `day`, or on the placement's first or
        last day when `day` is outside it: with_key_stage_on's rule as a filter."""
        return self.filter(in_key_stage("pupil__date_of_birth", self._within(day), stage))

    @staticmethod
    def _within(day: dt.date):
        """`day`, or the placement's first or last day when `day` is outside it."""
        last = Least("end_date", Coalesce("ended_on", "end_date"))
        return Greatest(Least(Value(day, output_field=models.DateField()), last), "start_date")

    def for_list(self) -> PlacementQuerySet:
        """What a list of placements shows (pupil, provider and site, route, dates, status) and no
        more: a page of 25 builds 125 small objects instead of 175 whole ones."""
        return self.select_related("pupil", "provider__organisation", "site", "route").only(
            "status", "key_stage", "start_date", "end_date", "created_on", "route_snapshot", "review_due_by",
            "pupil__legal_first_name", "pupil__legal_last_name", "provider__organisation__name", "site__name",
            "route__name",
        )  # fmt: skip

    def with_related(self) -> PlacementQuerySet:
        return self.select_related(
            "pupil", "pupil__home_school__organisation", "provider__organisation", "site", "route"
        )


class PlacementRecordQuerySet(ScopedQuerySet):
    """For records about one placement (a `placement` foreign key): visible to whoever may see it."""

    def scope_filter(self, scope: Scope) -> models.Q | None:
        return placement_scope_filter(scope, via="placement__")


class ExclusionQuerySet(ScopedQuerySet):
    """Exclusions and suspensions: LA staff of the pupil's LA, and users of the pupil's home school
    or of the excluding school (which may differ once the pupil has moved on). Providers are not
    told why a pupil was excluded through this service."""

    def scope_filter(self, scope: Scope) -> models.Q | None:
        return q_or_none(
            models.Q(pupil__home_la_id__in=scope.la_ids) if scope.la_ids else None,
            models.Q(pupil__home_school__organisation_id__in=scope.school_ids)
            | models.Q(school__organisation_id__in=scope.school_ids)
            if scope.school_ids
            else None,
        )


class HealthAbsenceQuerySet(ExclusionQuerySet):
    """Health absences: as exclusions (LA staff of the pupil's LA, users of the pupil's school or of
    the school that reported it); never providers."""


class DeadlineQuerySet(ScopedQuerySet):
    """Deadlines: LA staff of the pupil's (or provider's) LA; school users for their pupils and for
    the duties their school holds; provider users for their own provider's QA review and
    documents, and their own registers' cut-offs (no other deadline of a pupil)."""

    def scope_filter(self, scope: Scope) -> models.Q | None:
        return q_or_none(
            models.Q(local_authority_id__in=scope.la_ids) if scope.la_ids else None,
            models.Q(pupil__home_school__organisation_id__in=scope.school_ids)
            | models.Q(school__organisation_id__in=scope.school_ids)
            if scope.school_ids
            else None,
            # By the provider's id on the row (a register's cut-off keeps its provider's): through
            # joins to the providers and the placement, the planner read every provider twice.
            _at_providers(scope.provider_ids, "provider_id")
            | (models.Q(kind="attendance") & _at_providers(scope.provider_ids, "register_provider_id"))
            if scope.provider_ids
            else None,
        )

    def open(self) -> DeadlineQuerySet:
        return self.filter(status="open")
