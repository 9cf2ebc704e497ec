"""Rows of the placement table (the placement list's and the pupil page's) as plain dictionaries, and the
table rows of the placement list, the pupil list, reviews due and the panel queue written here as
markup: each row's address comes from one reversed prefix (core.addresses), labels and dates are
worked out here rather than by template filters, and each value is escaped as the template
escaped it (a list's loop and lookups in the template were most of its rendering)."""

from __future__ import annotations

import datetime as dt
from html import escape

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.safestring import SafeString

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

#: Each status's grey tag as the lists show it, written once per process (_status_tag).
_STATUS_TAGS: dict[str, str] = {}


def placement_list_body(values, *, today: dt.date) -> SafeString:
    """The placement list's table rows (placements/placement_list.html), written here from rows
    read with PLACEMENT_ROW_FIELDS: the markup of the placement table's rows with the pupil, each
    value escaped as the template escapes it (the template's loop and its lookups were
    most of the page's rendering)."""
    address = address_of("placements:placement-detail")
    tags = _STATUS_TAGS
    parts = []
    for row in values:
        end_date = row["end_date"]
        ended_on = row["ended_on"]
        last_day = min(end_date, ended_on) if ended_on else end_date
        start_date = row["start_date"]
        on = min(max(today, start_date), last_day)
        route = (row["route_snapshot"] or {}).get("name") or row["route_name"]
        status = row["status"]
        parts.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <td class="govuk-table__cell"><a class="govuk-link" href="{address(row["id"])}">'
            f"{escape(row['pupil__legal_first_name'])} {escape(row['pupil__legal_last_name'])}</a><br>"
            '<span class="govuk-hint govuk-!-font-size-16">'
            f"{escape(str(key_stage_on(row['pupil__date_of_birth'], on).label))}</span></td>\n"
            f'      <td class="govuk-table__cell">{escape(str(row["provider_name"]))} – '
            f"{escape(str(row['site_name']))}</td>\n"
            f'      <td class="govuk-table__cell">{escape(str(route))}</td>\n'
            f'      <td class="govuk-table__cell">{short_date(start_date)} to {short_date(end_date)}</td>\n'
            f'      <td class="govuk-table__cell">{tags.get(status) or _status_tag(status)}</td>\n'
            "    </tr>\n  "
        )
    if not parts:
        parts.append(_empty_row(5, "No placements."))
    return SafeString("".join(parts))


def _empty_row(columns: int, text: str) -> str:
    """A list's one row when it has none (the template's `{% empty %}`)."""
    return f'\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="{columns}">{text}</td></tr>\n  '


def _status_tag(status: str) -> str:
    """The grey tag of a placement's status as the lists show it, kept for the process."""
    label = escape(str(_STATUS_LABELS.get(status, status)))
    tag = _STATUS_TAGS[status] = f'<strong class="govuk-tag govuk-tag--grey">{label}</strong>'
    return tag


def pupil_school_name() -> dict[str, Subquery]:
    """The name of each pupil's home school as the annotation `school_name`, looked up by its id
    for the rows shown (a join would add two tables to the list's query for PostgreSQL to plan)."""
    return {
        "school_name": Subquery(
            Organisation.objects.order_by().filter(school=OuterRef("home_school_id")).values("name")
        )
    }


_SEN_LABELS = dict(SenStatus.choices)

#: Each SEN status's label escaped, once per process.
_SEN_CELLS: dict[str, str] = {}

_LOOKED_AFTER_TAG = ' <strong class="govuk-tag govuk-tag--purple">Looked after</strong>'


def pupil_list_body(pupils) -> SafeString:
    """The pupil list's table rows (placements/pupil_list.html) from rows read with .values() of the
    id, UPN, legal names, date of birth, SEN status, looked after and school_name
    (pupil_school_name): the markup the template wrote for each row, each value escaped as the
    template escapes it."""
    address = address_of("placements:pupil-detail")
    parts = []
    for pupil in pupils:
        sen_status = pupil["sen_status"]
        sen = _SEN_CELLS.get(sen_status)
        if sen is None:
            sen = _SEN_CELLS[sen_status] = escape(str(_SEN_LABELS.get(sen_status, sen_status)))
        school = pupil["school_name"]
        parts.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <td class="govuk-table__cell"><a class="govuk-link" href="{address(pupil["id"])}">'
            f"{escape(pupil['legal_first_name'])} {escape(pupil['legal_last_name'])}</a>"
            f"{_LOOKED_AFTER_TAG if pupil['looked_after'] else ''}</td>\n"
            f'      <td class="govuk-table__cell">{escape(str(pupil["upn"]))}</td>\n'
            f'      <td class="govuk-table__cell">{short_date(pupil["date_of_birth"])}</td>\n'
            f'      <td class="govuk-table__cell">{escape(str(school)) if school else "No school place"}</td>\n'
            f'      <td class="govuk-table__cell">{sen}</td>\n'
            "    </tr>\n  "
        )
    if not parts:
        parts.append(_empty_row(5, "No pupils match."))
    return SafeString("".join(parts))


#: What the reviews-due list reads for each placement (`.values(*REVIEW_DUE_ROW_FIELDS)` of
#: reviews_due_queryset(...).with_last_review() annotated with provider_name()).
REVIEW_DUE_ROW_FIELDS = (
    "id", "pupil__legal_first_name", "pupil__legal_last_name", "provider_name", "review_due_by",
    "last_review",
)  # fmt: skip


def provider_name() -> dict[str, Subquery]:
    """The name of each placement's provider as the annotation `provider_name` (placement_names)."""
    return {"provider_name": placement_names()["provider_name"]}


def review_due_body(placements, *, today: dt.date) -> SafeString:
    """The reviews-due list's table rows (placements/reviews/reviews_due.html) from a page of
    reviews_due_queryset(...).with_last_review() read with REVIEW_DUE_ROW_FIELDS: the markup the
    template wrote for each row, each value escaped as the template escapes it."""
    address = address_of("placements:review-list")
    parts = []
    for p in placements:
        due_by = p["review_due_by"]
        last_review = p["last_review"]
        parts.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <td class="govuk-table__cell"><a class="govuk-link" href="{address(p["id"])}">'
            f"{escape(p['pupil__legal_first_name'])} {escape(p['pupil__legal_last_name'])}</a></td>\n"
            f'      <td class="govuk-table__cell">{escape(str(p["provider_name"]))}</td>\n'
            f'      <td class="govuk-table__cell">{short_date(last_review) if last_review else "None yet"}</td>\n'
            f'      <td class="govuk-table__cell">{short_date(due_by)}'
            f"{_OVERDUE_TAG if due_by < today else ''}</td>\n"
            "    </tr>\n  "
        )
    if not parts:
        parts.append(_empty_row(4, "No reviews are due."))
    return SafeString("".join(parts))


_OVERDUE_TAG = ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>'


#: What the panel queue reads for each request (`.values(*PANEL_ROW_FIELDS)` of requests annotated
#: with placement_names(); the decided list adds the latest decision's `decided_on` and
#: `panel_decision`, placements.querysets).
PANEL_ROW_FIELDS = (
    "id", "pupil__legal_first_name", "pupil__legal_last_name", "route_snapshot", "created_on",
    "provider_name", "site_name", "status",
)  # fmt: skip


def panel_body(requests, *, url_name: str, decided: bool) -> SafeString:
    """The panel queue's table rows (placements/panel_queue.html), each linking to `url_name` (the
    decision page while waiting, the placement once decided; `decided` adds the decision and its
    date): the markup the template wrote for each row, each value escaped as it escaped them."""
    address = address_of(url_name)
    decisions = _DECISION_LABELS
    tags = _STATUS_TAGS
    parts = []
    for r in requests:
        status = r["status"]
        route = escape(str((r["route_snapshot"] or {}).get("name", "")))
        if decided:
            decided_on = r.get("decided_on")
            middle = (
                f'      <td class="govuk-table__cell">{route}</td>\n'
                f'      <td class="govuk-table__cell">{escape(str(decisions.get(r.get("panel_decision"), "")))}</td>\n'
                f'      <td class="govuk-table__cell">{short_date(decided_on) if decided_on else ""}</td>\n'
            )
        else:
            middle = (
                f'      <td class="govuk-table__cell">{route}</td>\n'
                f'      <td class="govuk-table__cell">{short_date(timezone.localtime(r["created_on"]))}</td>\n'
            )
        parts.append(
            '\n    <tr class="govuk-table__row">\n'
            f'      <td class="govuk-table__cell"><a class="govuk-link" href="{address(r["id"])}">'
            f"{escape(r['pupil__legal_first_name'])} {escape(r['pupil__legal_last_name'])}</a></td>\n"
            f"{middle}"
            f'      <td class="govuk-table__cell">{escape(str(r["provider_name"]))} – '
            f"{escape(str(r['site_name']))}</td>\n"
            f'      <td class="govuk-table__cell">{tags.get(status) or _status_tag(status)}</td>\n'
            "    </tr>\n  "
        )
    if not parts:
        if decided:
            parts.append(_empty_row(6, "The panel has not decided any requests yet."))
        else:
            parts.append(_empty_row(5, "No requests are waiting for the panel."))
    return SafeString("".join(parts))


_DECISION_LABELS = dict(PanelDecisionKind.choices)
