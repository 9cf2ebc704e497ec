"""The dashboard, the key stage snapshot (page and CSV) and the pupil timeline."""

from __future__ import annotations

import csv
import datetime as dt
from functools import lru_cache

from crispy_forms.utils import render_crispy_form
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apcommission.core.audit import audit_export, audit_view
from apcommission.core.compiled import access_compiled_or_404
from apcommission.core.models import Role
from apcommission.core.permissions import pupil_page_roles, role_required
from apcommission.core.scoping import scope_for
from apcommission.core.years import academic_year_label, academic_year_start

from ..forms import SnapshotForm
from ..models import Pupil
from ..selectors import (
    dashboard,
    day6_duties_met,
    key_stage_snapshot,
    pupil_timeline,
    snapshot_default_dates,
    timeline_rows,
)
from ._common import LA_STAFF, SEES_PUPILS

REPORTING = (*LA_STAFF, Role.FORUM_MEMBER)


@role_required(*LA_STAFF, Role.SCHOOL_USER, Role.PROVIDER_USER)
def dashboard_view(request):
    scope = scope_for(request.user)
    today = timezone.localdate()
    context = {
        "board": dashboard(user=request.user, today=today),
        "is_la": scope.is_la_staff,
        "is_provider": scope.has_role(Role.PROVIDER_USER),
        "can_mark": scope.has_role(Role.PROVIDER_USER, Role.LA_OFFICER, Role.LA_MANAGER),
        "today": today,
    }
    las = sorted(scope.la_ids)
    if las:
        year = academic_year_start(today)
        context["day6"] = day6_duties_met(
            local_authority_id=las[0], start=dt.date(year, 9, 1), end=dt.date(year + 1, 8, 31), today=today
        )
        context["day6_year"] = academic_year_label(year)
    return render(request, "placements/dashboard/dashboard.html", context)


def _snapshot_form(request):

    if _chose_dates(request):
        return SnapshotForm(request.GET)
    first, second = snapshot_default_dates(timezone.localdate())
    initial = {"first_date": first, "second_date": second}
    return SnapshotForm(
        {f"{name}_{i}": part for name, day in initial.items() for i, part in enumerate((day.day, day.month, day.year))}
    )


def _chose_dates(request) -> bool:
    return any(key.startswith(("first_date", "second_date")) for key in request.GET)


@lru_cache(maxsize=8)
def _default_dates_form_html(data: tuple[tuple[str, int], ...]) -> str:
    """The form as the page opens (the default dates, the same for everyone that day), rendered by
    crispy-forms once per process and day rather than for every request: a third of the page's time.
    A GET form carries no CSRF token, and these dates are valid, so it shows no error."""
    return render_crispy_form(SnapshotForm(dict(data)))


@role_required(*REPORTING)
def key_stage_snapshot_view(request):
    form = _snapshot_form(request)
    snapshot = None
    if form.is_valid():
        snapshot = key_stage_snapshot(
            user=request.user, first_date=form.cleaned_data["first_date"], second_date=form.cleaned_data["second_date"]
        )
    query = request.GET.urlencode() if snapshot and request.GET else ""
    if snapshot and not query:
        query = "&".join(f"{k}={v}" for k, v in form.data.items())
    # Dates someone chose are rendered with the page ({% crispy form %}), as they may carry errors.
    form_html = _default_dates_form_html(tuple(form.data.items())) if snapshot and not _chose_dates(request) else None
    return render(
        request,
        "placements/dashboard/key_stage_snapshot.html",
        {"form": form, "form_html": form_html, "snapshot": snapshot, "query": query},
    )


def _percent(value) -> str:
    return "" if value is None else f"{value}%"


def _signed(value) -> str:
    return "" if value is None else f"{value:+}"


@role_required(*REPORTING)
def key_stage_snapshot_csv(request):
    form = _snapshot_form(request)
    if not form.is_valid():
        return render(
            request, "placements/dashboard/key_stage_snapshot.html", {"form": form, "snapshot": None}, status=400
        )
    first, second = form.cleaned_data["first_date"], form.cleaned_data["second_date"]
    snapshot = key_stage_snapshot(user=request.user, first_date=first, second_date=second)
    audit_export(request, f"Key stage snapshot {first:%d/%m/%Y} to {second:%d/%m/%Y}")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pupils-in-ap-by-key-stage-{first}-{second}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "Key stage",
            f"Pupils on {first:%d/%m/%Y}",
            f"% of total on {first:%d/%m/%Y}",
            f"Pupils on {second:%d/%m/%Y}",
            f"% of total on {second:%d/%m/%Y}",
            "Number change",
            "% change",
        ]
    )
    for row in snapshot.rows:
        writer.writerow(
            [
                row.label,
                row.first,
                _percent(row.first_percent),
                row.second,
                _percent(row.second_percent),
                _signed(row.change),
                _percent(_signed(row.change_percent) if row.change_percent is not None else None),
            ]
        )
    writer.writerow(
        [
            "Total",
            snapshot.first_total,
            "",
            snapshot.second_total,
            "",
            _signed(snapshot.change),
            _percent(_signed(snapshot.change_percent) if snapshot.change_percent is not None else None),
        ]
    )
    return response


@pupil_page_roles(*SEES_PUPILS)
def pupil_timeline_view(request, pk: int):
    pupil = access_compiled_or_404("pupil timeline", lambda: Pupil.objects.all(), request.user, pk)
    audit_view(request, pupil)
    return render(
        request,
        "placements/dashboard/pupil_timeline.html",
        {"pupil": pupil, "timeline": timeline_rows(pupil_timeline(pupil=pupil, user=request.user))},
    )
