"""Rows of the placement table (placements/_placement_table.html), the pupil list, reviews due and
the panel queue as plain dictionaries: the template engine reads a dictionary's keys several times
faster than a model's attributes, each row's address comes from one reversed prefix
(core.addresses), and labels and dates are worked out here rather than by template filters."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from apcommission.core.addresses import address_of
from apcommission.core.education import key_stage_on
from apcommission.core.figures import short_date
from apcommission.core.models import Organisation
from providers.models import Site

from ..models import PanelDecisionKind, Placement, PlacementStatus, Route, SenStatus


def placement_rows(placements, *, show_pupil: bool = True) -> list[dict]:
    """The table's columns of each placement (the pupil when `show_pupil`, provider and site,
    route, dates, status); the placements need those relations selected."""
    address = address_of("placements:placement-detail")
    return [_row(placement, address, show_pupil) for placement in placements]


def _row(placement: Placement, address, show_pupil: bool) -> dict:
    return {
        "url": address(placement.pk),
        "pupil_name": placement.pupil.full_name if show_pupil else "",
        # This academic year's key stage, not the booked place's (shown with the pupil's name).
        "key_stage": placement.key_stage_today.label if show_pupil else "",
        "provider_name": placement.provider.name,
        "site_name": placement.site.name,
        "route_name": (placement.route_snapshot or {}).get("name") or placement.route.name,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "dates": f"{short_date(placement.start_date)} to {short_date(placement.end_date)}",
        "status": placement.get_status_display(),
    }


#: What a list of placements reads for each row (`.values(*PLACEMENT_ROW_FIELDS)` of a queryset
#: annotated with placement_names()): the table's columns, and the date of birth and last day the
#: pupil's key stage is worked out from.
PLACEMENT_ROW_FIELDS = (
    "id", "pupil__legal_first_name", "pupil__legal_last_name", "pupil__date_of_birth",
    "provider_name", "site_name", "route_snapshot", "route_name",
    "start_date", "end_date", "ended_on", "status",
)  # fmt: skip


def placement_names() -> dict[str, Subquery]:
    """The provider's, site's and route's names of each placement, as annotations: each looked up
    by its id for the rows shown. As joins they would add four tables to the list's query, which
    PostgreSQL took longer to plan than to run (the page is 26 rows)."""
    return {
        "provider_name": Subquery(
            Organisation.objects.order_by().filter(provider=OuterRef("provider_id")).values("name")
        ),
        "site_name": Subquery(Site.objects.order_by().filter(pk=OuterRef("site_id")).values("name")),
        "route_name": Subquery(Route.objects.order_by().filter(pk=OuterRef("route_id")).values("name")),
    }


_STATUS_LABELS = dict(PlacementStatus.choices)


def placement_value_rows(values, *, today: dt.date) -> list[dict]:
    """The placement table's rows (with the pupil) from rows read with PLACEMENT_ROW_FIELDS: the
    pupil's key stage today, or at the nearer end of the placement (Placement.key_stage_on),
    worked out here for the rows shown rather than in the list's query."""
    address = address_of("placements:placement-detail")
    return [_value_row(row, address, today) for row in values]


def _value_row(row: dict, address, today: dt.date) -> dict:
    last_day = min(row["end_date"], row["ended_on"]) if row["ended_on"] else row["end_date"]
    on = min(max(today, row["start_date"]), last_day)
    return {
        "url": address(row["id"]),
        "pupil_name": f"{row['pupil__legal_first_name']} {row['pupil__legal_last_name']}",  # Pupil.full_name
        "key_stage": key_stage_on(row["pupil__date_of_birth"], on).label,
        "provider_name": row["provider_name"],
        "site_name": row["site_name"],
        "route_name": (row["route_snapshot"] or {}).get("name") or row["route_name"],
        "start_date": row["start_date"],
        "end_date": row["end_date"],
        "dates": f"{short_date(row['start_date'])} to {short_date(row['end_date'])}",
        "status": _STATUS_LABELS.get(row["status"], row["status"]),
    }


def pupil_school_name() -> dict[str, Subquery]:
    """The name of each pupil's home school as the annotation `school_name`, looked up by its id
    for the rows shown (a join would add two tables to the list's query for PostgreSQL to plan)."""
    return {
        "school_name": Subquery(
            Organisation.objects.order_by().filter(school=OuterRef("home_school_id")).values("name")
        )
    }


def pupil_rows(pupils) -> list[dict]:
    """The pupil list's columns (placements/pupil_list.html) from rows read with .values() of the
    id, UPN, legal names, date of birth, SEN status, looked after and school_name (pupil_school_name)."""
    address = address_of("placements:pupil-detail")
    return [_pupil_row(pupil, address) for pupil in pupils]


_SEN_LABELS = dict(SenStatus.choices)


def _pupil_row(pupil: dict, address) -> dict:
    return {
        "url": address(pupil["id"]),
        "full_name": f"{pupil['legal_first_name']} {pupil['legal_last_name']}",  # Pupil.full_name
        "looked_after": pupil["looked_after"],
        "upn": pupil["upn"],
        "date_of_birth": pupil["date_of_birth"],
        "born": short_date(pupil["date_of_birth"]),
        "school_name": pupil["school_name"],
        "sen_status": _SEN_LABELS.get(pupil["sen_status"], pupil["sen_status"]),
    }


#: What the reviews-due list reads for each placement (`.values(*REVIEW_DUE_ROW_FIELDS)` of
#: reviews_due_queryset(...).with_last_review() annotated with provider_name()).
REVIEW_DUE_ROW_FIELDS = (
    "id", "pupil__legal_first_name", "pupil__legal_last_name", "provider_name", "review_due_by",
    "last_review",
)  # fmt: skip


def provider_name() -> dict[str, Subquery]:
    """The name of each placement's provider as the annotation `provider_name` (placement_names)."""
    return {"provider_name": placement_names()["provider_name"]}


def review_due_rows(placements, *, today: dt.date) -> list[dict]:
    """The reviews-due list's rows (placements/reviews/reviews_due.html) from a page of
    reviews_due_queryset(...).with_last_review() read with REVIEW_DUE_ROW_FIELDS, as
    review_due_items gives them."""
    address = address_of("placements:review-list")
    return [
        {
            "url": address(p["id"]),
            "pupil_name": f"{p['pupil__legal_first_name']} {p['pupil__legal_last_name']}",  # Pupil.full_name
            "provider_name": p["provider_name"],
            "last_review": short_date(p["last_review"]) if p["last_review"] else "None yet",
            "due_by": short_date(p["review_due_by"]),
            "overdue": p["review_due_by"] < today,
        }
        for p in placements
    ]


#: What the panel queue reads for each request (`.values(*PANEL_ROW_FIELDS)` of requests annotated
#: with placement_names(); the decided list adds the latest decision's `decided_on` and
#: `panel_decision`, placements.querysets).
PANEL_ROW_FIELDS = (
    "id", "pupil__legal_first_name", "pupil__legal_last_name", "route_snapshot", "created_on",
    "provider_name", "site_name", "status",
)  # fmt: skip


def panel_rows(requests, *, url_name: str) -> list[dict]:
    """The panel queue's rows (placements/panel_queue.html), each linking to `url_name` (the
    decision page while waiting, the placement once decided)."""
    address = address_of(url_name)
    decisions = dict(PanelDecisionKind.choices)
    return [
        {
            "url": address(r["id"]),
            "pupil_name": f"{r['pupil__legal_first_name']} {r['pupil__legal_last_name']}",  # Pupil.full_name
            "route_name": (r["route_snapshot"] or {}).get("name", ""),
            "requested_on": short_date(timezone.localtime(r["created_on"])),
            "provider_name": r["provider_name"],
            "site_name": r["site_name"],
            "status": _STATUS_LABELS.get(r["status"], r["status"]),
            "decision": decisions.get(r.get("panel_decision"), ""),
            "decided_on": short_date(r["decided_on"]) if r.get("decided_on") else "",
        }
        for r in requests
    ]
