"""Exclusions, suspensions and health absences of a pupil; the statutory task list; notifications."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apcommission.core.audit import audit_view, audit_view_request
from apcommission.core.compiled import access_compiled_or_404, compiled_together, objects_request, scope_key
from apcommission.core.models import Role
from apcommission.core.paging import keyset_page, list_shape
from apcommission.core.permissions import pupil_page_roles, role_required
from apcommission.core.scoping import access_or_404, scope_for

from ..forms import ExclusionForm, HealthAbsenceForm, OffRollForm
from ..models import Deadline, Exclusion, ExclusionKind, Pupil, Reminder
from ..selectors import deadline_state, task_list
from ..selectors.deadlines import deadline_action_label, deadline_action_url
from ..selectors.notifications import (
    NOTIFICATION_COLUMNS,
    notification_body,
    notification_pupil_name,
    unread_count,
)
from ..services.exclusions import (
    ExclusionDetails,
    HealthAbsenceDetails,
    can_record_exclusion,
    exclusion_off_roll,
    exclusion_record,
    health_absence_record,
    schools_recording_for,
)
from ..services.reminders import reminder_mark_read
from ._common import LA_ACTING, LA_STAFF, PAGE_SIZE, add_service_errors

RECORDING = (*LA_ACTING, Role.SCHOOL_USER)
SEES_EXCLUSIONS = (*LA_STAFF, Role.SCHOOL_USER)


def _recordable_pupil(request, pk: int) -> Pupil:
    pupil = access_or_404(Pupil.objects.select_related("home_school__organisation", "home_la"), request.user, pk=pk)
    if not can_record_exclusion(user=request.user, pupil=pupil):
        raise Http404("Page not found")
    return pupil


@pupil_page_roles(*RECORDING)
def exclusion_create(request, pk: int):
    pupil = _recordable_pupil(request, pk)
    form = ExclusionForm(request.POST or None, schools=schools_recording_for(user=request.user, pupil=pupil))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exclusion, warning = exclusion_record(
                user=request.user,
                details=ExclusionDetails(
                    pupil=pupil,
                    school=data["school"],
                    kind=data["kind"],
                    first_day=data["first_day"],
                    school_days=data["school_days"],
                    reason=data["reason"],
                    reason_detail=data["reason_detail"],
                    submission_token=data["submission_token"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            what = "Permanent exclusion" if exclusion.kind == ExclusionKind.PERMANENT else "Suspension"
            messages.success(request, f"{what} recorded for {pupil.full_name}" + (f". {warning}" if warning else ""))
            return redirect("placements:exclusion-detail", pk=exclusion.pk)
    return render(request, "placements/exclusions/exclusion_form.html", {"form": form, "pupil": pupil})


@pupil_page_roles(*RECORDING)
def health_absence_create(request, pk: int):
    pupil = _recordable_pupil(request, pk)
    form = HealthAbsenceForm(request.POST or None, schools=schools_recording_for(user=request.user, pupil=pupil))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _absence, warning = health_absence_record(
                user=request.user,
                details=HealthAbsenceDetails(
                    pupil=pupil,
                    school=data["school"],
                    first_day=data["first_day"],
                    school_days=data["school_days"],
                    reason_detail=data["reason_detail"],
                    submission_token=data["submission_token"],
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Health absence recorded for {pupil.full_name}" + (f". {warning}" if warning else "")
            )
            return redirect("placements:pupil-detail", pk=pupil.pk)
    return render(request, "placements/exclusions/health_absence_form.html", {"form": form, "pupil": pupil})


@pupil_page_roles(*SEES_EXCLUSIONS)
def exclusion_detail(request, pk: int):
    exclusion = access_compiled_or_404(
        "exclusion page",
        # The pupil's home school too: the page asks whether the user may record for the pupil.
        lambda: Exclusion.objects.select_related("pupil__home_school", "school__organisation", "recorded_by"),
        request.user,
        pk,
    )
    today = timezone.localdate()
    # Its deadlines, read as the view is recorded in the audit log: one round trip for both.
    deadlines, _viewed = compiled_together(
        objects_request(
            ("exclusion deadlines", scope_key(scope_for(request.user))),
            lambda exclusion_id: (
                Deadline.objects.visible_to(request.user).filter(exclusion_id=exclusion_id).exclude(status="cancelled")
            ),
            (exclusion.pk,),
        ),
        audit_view_request(request, exclusion),
    )
    context = {
        "exclusion": exclusion,
        "pupil": exclusion.pupil,
        "deadlines": [(d, *deadline_state(d, today)) for d in deadlines],
        "can_change": can_record_exclusion(user=request.user, pupil=exclusion.pupil)
        and exclusion.kind == ExclusionKind.PERMANENT,
    }
    return render(request, "placements/exclusions/exclusion_detail.html", context)


@pupil_page_roles(*RECORDING)
def exclusion_off_roll_view(request, pk: int):
    exclusion = access_or_404(Exclusion.objects.select_related("pupil", "school__organisation"), request.user, pk=pk)
    if not can_record_exclusion(user=request.user, pupil=exclusion.pupil) or exclusion.kind != ExclusionKind.PERMANENT:
        raise Http404("Page not found")
    form = OffRollForm(request.POST or None, initial={"removed_on": exclusion.removed_from_roll_on})
    if request.method == "POST" and form.is_valid():
        try:
            exclusion_off_roll(user=request.user, exclusion=exclusion, removed_on=form.cleaned_data["removed_on"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{exclusion.pupil.full_name} is off the roll of {exclusion.school.organisation.name}: "
                "single registration at the alternative provision from that date",
            )
            return redirect("placements:exclusion-detail", pk=exclusion.pk)
    else:
        audit_view(request, exclusion)
    return render(request, "placements/exclusions/off_roll_form.html", {"form": form, "exclusion": exclusion})


@role_required(*LA_ACTING, Role.SCHOOL_USER, Role.PROVIDER_USER)
def deadline_task_list(request):
    today = timezone.localdate()
    return render(
        request,
        "placements/exclusions/task_list.html",
        {"tasks": task_list(user=request.user, today=today), "today": today},
    )


@role_required(*LA_STAFF, Role.SCHOOL_USER, Role.PROVIDER_USER)
def notification_list(request):
    """The user's own reminders, newest first, with the number unread: one query (the unread
    count rides on the page's rows)."""
    user = request.user

    def reminders():
        """The list's queryset: built only when its first page is compiled, or for a later page."""
        return Reminder.objects.filter(recipient=user).annotate(
            pupil_name=notification_pupil_name(), unread=unread_count(user)
        )

    shape = list_shape("notifications", user)
    page = keyset_page(
        reminders,
        model=Reminder,
        order=["-created_at", "-id"],
        params=request.GET,
        per_page=PAGE_SIZE,
        columns=NOTIFICATION_COLUMNS,
        shape=shape,
        values_in_text=True,
    )
    if page.object_list:
        unread = page.object_list[0]["unread"] or 0
    elif page.has_previous():  # a page past the end: counted on its own
        unread = Reminder.objects.filter(recipient=request.user, read_at__isnull=True).count()
    else:  # no reminders at all
        unread = 0
    context = {"page": page, "body": notification_body(page.object_list), "unread": unread}
    return render(request, "placements/exclusions/notifications.html", context)


@pupil_page_roles(*LA_STAFF, Role.SCHOOL_USER, Role.PROVIDER_USER)
def notification_detail(request, pk: int):
    """One of the user's own notifications (anyone else's is 404); opening it marks it read."""
    reminder = get_object_or_404(
        Reminder.objects.select_related(
            "deadline__pupil", "deadline__school__organisation", "deadline__provider__organisation"
        ),
        pk=pk,
        recipient=request.user,
    )
    reminder_mark_read(user=request.user, reminder=reminder)
    deadline = reminder.deadline
    state, colour = deadline_state(deadline, timezone.localdate())
    context = {
        "reminder": reminder,
        "deadline": deadline,
        "state": state,
        "colour": colour,
        "action_url": deadline_action_url(deadline, user=request.user) if deadline.status == "open" else "",
        "action_label": deadline_action_label(deadline),
    }
    return render(request, "placements/exclusions/notification_detail.html", context)
