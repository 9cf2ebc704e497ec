"""The improvement plan as the oversight board reads it: areas with their actions, and the count
of actions in each status (BCP scrutiny report, November 2024, 2.1)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import ActionStatus, ImprovementAction, PriorityArea


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


def improvement_areas(*, user) -> QuerySet[PriorityArea]:
    """The LA's priority areas with their actions, in two queries."""
    return PriorityArea.objects.visible_to(user).prefetch_related(
        Prefetch("actions", queryset=ImprovementAction.objects.order_by("due_date", "id"))
    )


def status_counts(*, local_authority_ids) -> list[StatusCount]:
    """Actions by status, counted in one query; every status listed, zero included."""
    counts = ImprovementAction.objects.filter(area__local_authority_id__in=local_authority_ids).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in ActionStatus.values}
    )
    return [StatusCount(status, label, counts[status]) for status, label in ActionStatus.choices]
