"""A school's placement request and an officer's direct placement as GOV.UK question pages:
pupil → route → needs → dates and sessions → provider → the route's open choices → what the
placement should achieve → check your answers → confirmation with the request's reference.

Answers in progress are kept in the user's session (one draft per user, journey and pupil), so a
reload or the browser's back button loses nothing; every page is a GET and every answer a POST
that redirects (POST-redirect-GET). A stored answer is parsed again by its page's form whenever
it is used, so an answer that an earlier change has made wrong (a site with no places for the new
key stage) sends the user back to that page. Sending goes through placement_request or
placement_create_by_officer with the draft's submission token: a double submit sends one request.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format

from apcommission.core.audit import audit_view
from apcommission.core.models import Need, Role
from apcommission.core.permissions import pupil_page_roles
from apcommission.core.scoping import access_or_404

from ..forms.journey import CELL_QUESTIONS, SendForm, StartForm
from ..models import AttendancePattern, Placement, Pupil
from ..route_choices import LUMP_SUM, REGISTRATION, TOP_UP
from ..services import can_place_directly, can_request_placement, placement_create_by_officer, placement_request
from ._common import LA_ACTING
from ._questions import ALL_STEPS, CELL_STEPS, CHECK, PLACE, REQUEST, Journey, Kind


def _journey(request, pk: int, kind: Kind) -> Journey:
    pupil = access_or_404(Pupil.objects.select_related("home_la", "home_school__organisation"), request.user, pk=pk)
    allowed = can_request_placement if kind.by_school else can_place_directly
    if not allowed(request.user, pupil):
        raise Http404("Page not found")
    return Journey(request, kind, pupil)


def _start(request, pk: int, kind: Kind):
    """The pupil: who the request is for, and Start (or Continue where you left off)."""
    journey = _journey(request, pk, kind)
    started = journey.draft.exists
    form = StartForm(request.POST if request.method == "POST" else None, submit="Continue" if started else "Start now")
    if request.method == "POST" and form.is_valid():
        if "start_again" in request.POST:
            journey.draft.clear()
        journey.draft.start()
        return redirect(journey.url(journey.first_unanswered() or CHECK))
    audit_view(request, journey.pupil)
    context = {"journey": journey, "kind": kind, "pupil": journey.pupil, "form": form, "started": started}
    return render(request, "placements/journey/start.html", context)


#: Headings of the pages that ask more than one field (the others' question is their heading).
PAGE_HEADINGS = {"dates": "Dates and sessions"}


def _step(request, pk: int, step: str, kind: Kind):
    if step not in ALL_STEPS:
        raise Http404("Page not found")
    journey = _journey(request, pk, kind)
    change = request.GET.get("change") == "1"
    steps = journey.steps()
    if step not in steps:  # a choice this route does not leave open to this user
        return redirect(journey.url(journey.first_unanswered() or CHECK))
    unanswered = journey.first_unanswered()
    if unanswered is not None and steps.index(unanswered) < steps.index(step):
        return redirect(journey.url(unanswered))
    if request.method == "POST":
        form = journey.form(step, request.POST)
        if form.is_valid():
            journey.draft.save(step, form)
            return redirect(Journey(request, kind, journey.pupil).next_url(step, change=change))
    else:
        form = journey.stored(step) or journey.form(step)
    context = {
        "journey": journey,
        "kind": kind,
        "pupil": journey.pupil,
        "form": form,
        "step": step,
        "heading": PAGE_HEADINGS.get(step, ""),
        "back": journey.back_url(step, change=change),
        "no_suggestions": step == "provider" and not form.fields["site"].choices,
        "dates_url": journey.url("dates"),
    }
    return render(request, "placements/journey/question.html", context)


PANEL_DECIDES = {
    LUMP_SUM: "who pays the lump sum",
    TOP_UP: "who pays the top-up",
    REGISTRATION: "how the pupil is registered",
}


def _answer_rows(journey: Journey) -> list[dict]:
    """Check your answers: one row per answer, each with a Change link back to its page."""

    def row(key: str, value, step: str | None = None, hidden: str = "") -> dict:
        entry = {"key": key, "value": value}
        if step:
            entry["action"] = {"href": journey.url(step, change=True), "hidden": hidden or key.lower()}
        return entry

    pupil = journey.pupil
    route = journey.value("route", "route")
    needs = journey.value("needs", "needs") or []
    dates = journey.cleaned("dates")
    site = journey.value("provider", "site")
    need_labels = dict(Need.choices)
    rows = [
        row("Pupil", f"{pupil.full_name} (UPN {pupil.upn})"),
        row("Route", route.name, "route"),
        row("Needs", ", ".join(need_labels[n] for n in needs) or "No particular needs", "needs"),
        row(
            "Dates",
            f"{date_format(dates['start_date'], 'j F Y')} to {date_format(dates['end_date'], 'j F Y')}",
            "dates",
        ),
        row(
            "Sessions per week",
            f"{dates['sessions_per_week']}, {AttendancePattern(dates['attendance_pattern']).label.lower()}",
            "dates",
        ),
        row("Provider and site", f"{site.provider.name} – {site.name}", "provider"),
    ]
    for slug, cell in CELL_STEPS.items():
        if slug in journey.steps():
            form = journey.stored(slug)
            field = form.fields[form.field_name]
            answer = dict((str(c[0]), c[1]) for c in field.choices)[journey.cleaned(slug)[form.field_name]]
            rows.append(row(field.label, answer, slug, hidden=CELL_QUESTIONS[cell]["required"].removeprefix("Select ")))
    left = journey.choices().left_to_panel
    if left:
        words = {
            LUMP_SUM: "who pays the lump sum",
            TOP_UP: "who pays the top-up",
            REGISTRATION: "how the pupil is registered",
        }
        decided = ", ".join(words[c] for c in left)
        rows.append(row("Decided by the local authority's panel", decided[:1].upper() + decided[1:]))
    objectives = journey.cleaned("objectives")
    rows.append(row("What the placement should achieve", objectives["objectives"], "objectives", "objectives"))
    if route.requires_reintegration_plan:
        rows.append(row("Reintegration plan", objectives.get("reintegration_plan") or "Not yet written", "objectives"))
    return rows


def _check(request, pk: int, kind: Kind):
    journey = _journey(request, pk, kind)
    form = SendForm(request.POST or None, submit=kind.send, token=journey.draft.token)
    if request.method == "POST" and form.is_valid():
        sent = Placement.objects.filter(
            submission_token=form.cleaned_data["submission_token"], requested_by=request.user
        ).first()
        if sent is not None:  # the second of a double submit, after the first cleared the draft
            return redirect("placements:placement-confirmation", pk=sent.pk)
    unanswered = journey.first_unanswered()
    if unanswered is not None:
        return redirect(journey.url(unanswered))
    if request.method == "POST" and form.is_valid():
        service = placement_request if kind.by_school else placement_create_by_officer
        try:
            placement = service(user=request.user, details=journey.details())
        except ValidationError as error:
            form.apply_errors(error, field_map={})
        else:
            journey.draft.clear()
            return redirect("placements:placement-confirmation", pk=placement.pk)
    context = {
        "journey": journey,
        "kind": kind,
        "pupil": journey.pupil,
        "form": form,
        "rows": _answer_rows(journey),
        "back": journey.back_url(CHECK, change=False),
        "left_to_panel": bool(journey.choices().left_to_panel),
    }
    return render(request, "placements/journey/check.html", context)


@pupil_page_roles(Role.SCHOOL_USER)
def request_start(request, pk: int):
    return _start(request, pk, REQUEST)


@pupil_page_roles(Role.SCHOOL_USER)
def request_step(request, pk: int, step: str):
    return _check(request, pk, REQUEST) if step == CHECK else _step(request, pk, step, REQUEST)


@pupil_page_roles(*LA_ACTING)
def place_start(request, pk: int):
    return _start(request, pk, PLACE)


@pupil_page_roles(*LA_ACTING)
def place_step(request, pk: int, step: str):
    return _check(request, pk, PLACE) if step == CHECK else _step(request, pk, step, PLACE)


@pupil_page_roles(Role.SCHOOL_USER, *LA_ACTING)
def placement_confirmation(request, pk: int):
    """The confirmation page: the reference to quote, and what happens next."""
    placement = access_or_404(Placement.objects.with_related(), request.user, pk=pk)
    by_school = placement.requesting_school_id is not None
    context = {
        "placement": placement,
        "pupil": placement.pupil,
        "title": REQUEST.sent if by_school else PLACE.sent,
        "by_school": by_school,
    }
    return render(request, "placements/journey/confirmation.html", context)
