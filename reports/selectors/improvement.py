"""The improvement plan as the oversight board reads it: areas with their actions, and the count
of actions in each status (BCP scrutiny report, November 2024, 2.1)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from apcommission.core.addresses import address_of

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


#: The tag colour of each status on the plan's page.
STATUS_TAGS = {
    ActionStatus.AT_RISK: "govuk-tag--red",
    ActionStatus.COMPLETED: "govuk-tag--green",
    ActionStatus.EMBEDDED: "govuk-tag--green",
    ActionStatus.ON_TRACK: "govuk-tag--blue",
}
_LABELS = dict(ActionStatus.choices)


@dataclass
class AreaRows:
    pk: int
    title: str
    add_url: str
    actions: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class ImprovementPlan:
    areas: list[AreaRows]
    counts: list[StatusCount]


def improvement_plan_rows(*, user) -> ImprovementPlan:
    """The plan's page in one query: the LA's priority areas in their order, each with its actions
    (due first), and the actions counted by status from the same rows (every action of the LA's
    areas is listed on the page, so the counts are those of `status_counts`)."""
    rows = (
        PriorityArea.objects.visible_to(user)
        .order_by(*PriorityArea._meta.ordering, "actions__due_date", "actions__id")
        .values_list(
            "id", "title", "actions__id", "actions__description", "actions__progress_note", "actions__lead",
            "actions__due_date", "actions__status",
        )
    )  # fmt: skip
    add_url, edit_url = address_of("reports:action-new"), address_of("reports:action-edit")
    areas: list[AreaRows] = []
    counted: Counter[str] = Counter()
    for area_id, title, action_id, description, note, lead, due, status in rows:
        if not areas or areas[-1].pk != area_id:
            areas.append(AreaRows(pk=area_id, title=title, add_url=add_url(area_id)))
        if action_id is None:
            continue
        counted[status] += 1
        areas[-1].actions.append({
            "description": description, "progress_note": note, "lead": lead, "due_date": due,
            "status_label": _LABELS.get(status, status), "tag": STATUS_TAGS.get(status, "govuk-tag--grey"),
            "edit_url": edit_url(action_id),
        })  # fmt: skip
    counts = [StatusCount(status, label, counted[status]) for status, label in ActionStatus.choices]
    return ImprovementPlan(areas=areas, counts=counts)
