"""Pupil list, record, new-pupil form and the correction of a pupil's details."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from apcommission.core.addresses import address_of
from apcommission.core.audit import audit_view, audited_record
from apcommission.core.compiled import answered, compiled_rows, gathered
from apcommission.core.figures import short_date
from apcommission.core.models import Organisation, Role, School
from apcommission.core.paging import count_sql, keyset_page, list_shape
from apcommission.core.permissions import pupil_page_roles, role_required
from apcommission.core.scoping import access_or_404, scope_for
from apcommission.core.services import create_once

from ..forms import PupilFilterForm, PupilForm, PupilPersonalDetailsForm
from ..models import Pupil, PupilTransfer
from ..selectors import pupil_deadlines, pupil_timeline, timeline_body, timeline_rows
from ..selectors.rows import pupil_list_body, pupil_school_name
from ..selectors.timeline import EXCLUSION_KIND_LABELS, STATUS_LABELS, pupil_history_asked
from ..services import (
    PupilDetails,
    PupilPersonalDetails,
    can_edit_pupil,
    pupil_create,
    pupil_transfer_request,
    pupil_update,
)
from ..services.exclusions import can_record_exclusion
from ..services.pupils import LA_EDITING_ROLES, PERSONAL_FIELDS, DuplicateUPN
from ._common import LA_STAFF, PAGE_SIZE, SEES_PUPILS
from .pupil_page import deadline_table_body, placement_table_body, pupil_page_body, pupil_page_end

#: What the pupil list shows (placements/pupil_list.html), read with .values() (selectors.rows.pupil_list_body).
PUPIL_LIST_FIELDS = (
    "id", "upn", "legal_first_name", "legal_last_name", "date_of_birth", "sen_status", "looked_after",
    "school_name",
)  # fmt: skip


@role_required(*LA_STAFF, Role.SCHOOL_USER)
def pupil_list(request):

    form = PupilFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    chosen = tuple(data[name] for name in ("q", "sen_status", "looked_after")) if data else ()
    user = request.user
    scope = scope_for(user)
    # Officers see how many pupils schools added wait for them to confirm, a school's users how many
    # of theirs wait for the LA: counted in the page's own statement (each row carries it), so a
    # school's waiting pupils are read only when it has some.
    counted = _transfers_counted(user, scope)
    columns = (*PUPIL_LIST_FIELDS, counted[0]) if counted else PUPIL_LIST_FIELDS

    def pupils():
        """The list's queryset: built only when its first page is compiled, or for a later page."""
        rows = Pupil.objects.visible_to(user).annotate(**pupil_school_name())
        if counted:
            rows = rows.annotate(**{counted[0]: count_sql(counted[1]())})
        if data:
            rows = rows.search(data["q"])
        if data.get("sen_status"):
            rows = rows.filter(sen_status=data["sen_status"])
        if data.get("looked_after"):
            rows = rows.filter(looked_after=True)
        return rows

    order = ["legal_last_name", "legal_first_name", "id"]  # Pupil.Meta.ordering, the list indexes' order
    shape = list_shape("pupils", user, chosen)
    page = keyset_page(
        pupils, model=Pupil, order=order, params=request.GET, per_page=PAGE_SIZE, columns=columns, shape=shape
    )
    transfers = _transfers(user, counted, page.object_list)
    # The table's rows written in Python (selectors.rows.pupil_list_body).
    context = {"form": form, "page": page, "body": pupil_list_body(page), **transfers}
    return render(request, "placements/pupil_list.html", context)


def _transfers_counted(user, scope) -> tuple[str, Callable[[], QuerySet]] | None:
    """The count of transfers the pupil list's rows carry, as its name and a function building the
    transfers counted (built only when the list's statement is): for officers, those to resolve;
    for a school's users, theirs waiting for the LA."""
    if scope.has_role(Role.LA_OFFICER, Role.LA_MANAGER):
        return "transfers_to_resolve", lambda: _transfers_to_resolve(user, scope)
    if scope.school_ids:
        return "transfers_waiting_count", lambda: _pending_transfers(user)
    return None


def _transfers(user, counted: tuple[str, Callable[[], QuerySet]] | None, found: list[dict]) -> dict:
    """What the pupil list says of transfers, from the count its rows carry (counted again, or the
    school's waiting pupils read, when the page has no rows)."""
    if counted is None:
        return {}
    name, transfers = counted
    if name == "transfers_to_resolve":
        return {name: found[0][name] if found else transfers().count()}
    return _transfers_waiting(user) if not found or found[0][name] else {}


def _transfers_to_resolve(user, scope):
    """The pupils added by schools with a UPN the service already holds, for an officer to confirm."""
    return PupilTransfer.objects.visible_to(user).pending().filter(home_la_id__in=scope.la_ids)


def _pending_transfers(user):
    """The pupils a school's users added that wait for the LA to confirm their record."""
    return PupilTransfer.objects.visible_to(user).pending()


def _transfers_waiting(user) -> dict:
    """A school's pupils waiting for the LA to confirm their record (the name and the day added, as
    the list shows them), in a statement compiled once a process for the user's scope."""
    rows = compiled_rows(
        list_shape("transfers waiting", user),
        lambda: _pending_transfers(user).values("legal_first_name", "legal_last_name", "created_on")[:50],
    )
    waiting = [
        {"full_name": f"{row['legal_first_name']} {row['legal_last_name']}", "created_on": row["created_on"]}
        for row in rows
    ]
    return {"transfers_waiting": waiting}


def _schools_for(user):
    scope = scope_for(user)
    if scope.la_ids:
        return School.objects.filter(organisation__local_authority_id__in=scope.la_ids).select_related("organisation")
    return School.objects.filter(organisation_id__in=scope.school_ids).select_related("organisation")


@role_required(Role.LA_OFFICER, Role.SCHOOL_USER)
def pupil_create_view(request):

    scope = scope_for(request.user)
    school_required = not scope.la_ids
    form = PupilForm(request.POST or None, schools=_schools_for(request.user), school_required=school_required)
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        school = data["home_school"]
        home_la = (
            school.organisation.local_authority
            if school
            else Organisation.objects.filter(pk__in=scope.la_ids).order_by("pk").first()
        )
        try:
            pupil = create_once(
                form.token, request.user, pupil_create, user=request.user, details=PupilDetails(home_la=home_la, **data)
            )
        except DuplicateUPN as duplicate:
            existing = Pupil.objects.visible_to(request.user).filter(pk=duplicate.existing.pk).first()
            if existing is None and not scope.la_ids:
                # A child the school cannot see holds the UPN: say nothing of them; the LA confirms.
                transfer = pupil_transfer_request(
                    user=request.user, details=PupilDetails(home_la=home_la, **data), existing=duplicate.existing
                )
                messages.success(
                    request,
                    f"{transfer.full_name} has been added. The local authority will confirm this pupil's record",
                )
                return redirect("placements:pupil-list")
            form.apply_errors(duplicate)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, f"{pupil.full_name} has been added")
            return redirect("placements:pupil-detail", pk=pupil.pk)
    return render(request, "placements/pupil_form.html", {"form": form, "existing": existing})


#: How many of the pupil's most recent timeline events their page shows.
TIMELINE_SHOWN = 10

#: What the pupil page neither shows nor checks, left unread (timestamps are the most costly
#: columns to read back; the page is read with every view of a child's record).
_NOT_SHOWN = (
    "created_on", "modified_on", "created_by", "upn_problems", "home_school__created_on", "home_school__modified_on",
    "home_school__organisation__created_on", "home_school__organisation__modified_on", "home_la__created_on",
    "home_la__modified_on",
)  # fmt: skip


@pupil_page_roles(*SEES_PUPILS)
def pupil_detail(request, pk: int):
    # The pupil with their placements, exclusions, absences and deadlines (read once for the page's
    # tables and its timeline), then the view's audit event with the placements' records: the page
    # waits for the database twice.
    pupil, history = answered(
        gathered(
            audited_record(
                request,
                "pupil page",
                lambda: Pupil.objects.select_related("home_school__organisation", "home_la").defer(*_NOT_SHOWN),
                pk,
            ),
            pupil_history_asked(pupil_id=pk, user=request.user),
        )
    )
    scope = scope_for(request.user)
    events = pupil_timeline(pupil=pupil, user=request.user, history=history)
    # The most recent events only: the page stays the same size however long the pupil's history
    # grows; the whole of it is on the timeline page, linked below them.
    timeline = timeline_rows(events[-TIMELINE_SHOWN:])
    placement_rows = _placement_rows(history.placements)
    deadlines = pupil_deadlines(pupil=pupil, user=request.user, today=timezone.localdate(), deadlines=history.deadlines)
    context = {
        "pupil": pupil,
        "placement_rows": placement_rows,
        "placement_body": placement_table_body(placement_rows),
        "can_request": pupil.home_school is not None
        and pupil.home_school.organisation_id in scope.orgs_with_role(Role.SCHOOL_USER),
        "can_place": scope.has_role(Role.LA_OFFICER, Role.LA_MANAGER) and pupil.home_la_id in scope.la_ids,
        "can_edit": can_edit_pupil(request.user, pupil),
        "timeline": timeline,
        "timeline_body": timeline_body(timeline),
        "timeline_events": len(events),
        "exclusions": _exclusion_rows(history.exclusions),
        "health_absences": history.health_absences,
        "deadlines": deadlines,
        "deadline_body": deadline_table_body(deadlines),
        "can_record_exclusion": can_record_exclusion(user=request.user, pupil=pupil),
    }
    context["page_body"], context["page_end"] = pupil_page_body(context), pupil_page_end(context)
    return render(request, "placements/pupil_detail.html", context)


def _placement_rows(placements: list[dict]) -> list[dict]:
    """The pupil's placements as the placement table's rows (pupil_page.placement_table_body)."""
    address = address_of("placements:placement-detail")
    return [
        {
            "url": address(placement["id"]),
            "pupil_name": "",
            "key_stage": "",
            "provider_name": placement["provider_name"],
            "site_name": placement["site__name"],
            "route_name": (placement["route_snapshot"] or {}).get("name") or placement["route__name"],
            "dates": f"{short_date(placement['start_date'])} to {short_date(placement['end_date'])}",
            "status": STATUS_LABELS.get(placement["status"], placement["status"]),
        }
        for placement in placements
    ]


def _exclusion_rows(exclusions: list[dict]) -> list[dict]:
    address = address_of("placements:exclusion-detail")
    return [
        {**exclusion, "url": address(exclusion["id"]), "kind_label": EXCLUSION_KIND_LABELS.get(exclusion["kind"])}
        for exclusion in exclusions
    ]


@pupil_page_roles(*LA_EDITING_ROLES, Role.SCHOOL_USER)
def pupil_edit(request, pk: int):
    """Providers, LA finance and Forum members get 403 from the role check; others' pupils 404."""

    pupil = access_or_404(Pupil.objects.select_related("home_school__organisation", "home_la"), request.user, pk=pk)
    if not can_edit_pupil(request.user, pupil):
        raise Http404("Page not found")
    initial = {name: getattr(pupil, name) for name in PERSONAL_FIELDS}
    form = PupilPersonalDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pupil_update(user=request.user, pupil=pupil, details=PupilPersonalDetails(**form.cleaned_data))
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, "The pupil's details have been saved")
            return redirect("placements:pupil-detail", pk=pupil.pk)
    else:
        audit_view(request, pupil)
    return render(request, "placements/pupil_edit.html", {"pupil": pupil, "form": form})
