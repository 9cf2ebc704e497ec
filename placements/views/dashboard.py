"""The dashboard, the key stage snapshot (page and CSV) and the pupil timeline."""

from __future__ import annotations

import csv
from functools import lru_cache

from crispy_forms.utils import render_crispy_form
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import localize
from django.utils.html import conditional_escape as e
from django.utils.safestring import SafeString, mark_safe

from apcommission.core.audit import audit_export, audited_record
from apcommission.core.compiled import answered, gathered
from apcommission.core.figures import short_date
from apcommission.core.models import Role
from apcommission.core.permissions import pupil_page_roles, role_required
from apcommission.core.scoping import scope_for
from apcommission.core.years import academic_year_label

from ..forms import SnapshotForm
from ..models import Pupil
from ..selectors import (
    dashboard,
    day6_duties_met,
    day6_period,
    key_stage_snapshot,
    pupil_timeline,
    snapshot_default_dates,
    timeline_body,
    timeline_rows,
)
from ..selectors.timeline import pupil_history_asked
from ._common import LA_STAFF, SEES_PUPILS
from .pupil_page import pupil_timeline_html

REPORTING = (*LA_STAFF, Role.FORUM_MEMBER)


@role_required(*LA_STAFF, Role.SCHOOL_USER, Role.PROVIDER_USER)
def dashboard_view(request):
    scope = scope_for(request.user)
    today = timezone.localdate()
    board = dashboard(user=request.user, today=today)
    is_la, is_provider = scope.is_la_staff, scope.has_role(Role.PROVIDER_USER)
    context = {
        "board": board,
        "is_la": is_la,
        "is_provider": is_provider,
        "can_mark": scope.has_role(Role.PROVIDER_USER, Role.LA_OFFICER, Role.LA_MANAGER),
        "today": today,
        # The tables' rows, written here (see _rows_html).
        "html": {
            "alerts": _rows_html(_alert_row, board.alerts_today),
            "by_key_stage": _count_table(board.by_key_stage, "By key stage", "Key stage", "Pupils"),
            "by_route": _count_table(board.by_route, "By route", "Route", "Placements"),
            "by_provider": (
                _count_table(board.by_provider, "By provider", "Provider", "Placements")
                if not is_provider or is_la
                else ""
            ),
            "reviews_overdue": _rows_html(_review_row, board.reviews_overdue),
            "ending_soon": _rows_html(_ending_row, board.ending_soon),
            "waiting": _rows_html(_waiting_row, board.waiting),
        },
    }
    las = sorted(scope.la_ids)
    if las:
        # The LA's maintained figures hold this year's (with its tiles); otherwise counted here.
        start, end = day6_period(today)
        context["day6"] = day6 = board.day6 or day6_duties_met(
            local_authority_id=las[0], start=start, end=end, today=today
        )
        context["day6_year"] = academic_year_label(start.year)
        context["html"]["day6"] = _rows_html(_day6_row, enumerate(day6.by_kind.items()))
    return render(request, "placements/dashboard/dashboard.html", context)


# The dashboard's table rows, written in Python with each value escaped as its template escaped it:
# the markup the template's loops wrote (the tables' rows were most of the page's rendering).


def _rows_html(row, items) -> SafeString:
    return mark_safe("".join(row(item) for item in items))  # noqa: S308 - each value escaped by `row`


_TR = '\n    <tr class="govuk-table__row">\n'
_TD = '      <td class="govuk-table__cell">'
_END = "    </tr>\n  "


def _alert_row(alert: dict) -> str:
    marked = '<br><span class="govuk-body-s">Marked since</span>' if alert["marked_since"] else ""
    return (
        f'{_TR}{_TD}<a class="govuk-link" href="{e(alert["url"])}">{e(alert["pupil"])}</a></td>\n'
        f"{_TD}{e(alert['provider'])}</td>\n{_TD}{e(alert['session'])}</td>\n"
        f"{_TD}{e(alert['reason'])}{marked}</td>\n{_END}"
    )


def _review_row(item: dict) -> str:
    return (
        f'{_TR}{_TD}<a class="govuk-link" href="{e(item["url"])}">{e(item["pupil"])}</a></td>\n'
        f"{_TD}{e(item['provider'])}</td>\n{_TD}{short_date(item['due_by'])}</td>\n{_END}"
    )


def _ending_row(placement: dict) -> str:
    return (
        f'{_TR}{_TD}<a class="govuk-link" href="{e(placement["url"])}">{e(placement["pupil"])}</a></td>\n'
        f"{_TD}{e(placement['provider'])} – {e(placement['site'])}</td>\n"
        f"{_TD}{short_date(placement['end_date'])}</td>\n{_END}"
    )


def _waiting_row(row: dict) -> str:
    return (
        f"{_TR}{_TD}{e(row['provider__organisation__name'])} – {e(row['site__name'])}</td>\n"
        f"{_TD}{e(row['key_stage_label'])}</td>\n"
        f'      <td class="govuk-table__cell govuk-table__cell--numeric">{e(row["n"])}</td>\n{_END}'
    )


_NUMERIC = '<td class="govuk-table__cell govuk-table__cell--numeric">'


def _day6_row(item) -> str:
    index, (label, counts) = item
    holder = " (local authority)" if index == 0 else " (school)"
    percent_met = "–" if counts.percent_met is None else e(counts.percent_met)
    return (
        f'\n    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{e(label)}{holder}</th>'
        f"{_NUMERIC}{e(counts.met)}</td>{_NUMERIC}{e(counts.missed)}</td>{_NUMERIC}{e(counts.due)}</td>"
        f"{_NUMERIC}{percent_met}</td></tr>\n  "
    )


def _count_row(pair) -> str:
    label, number = pair
    return (
        f'\n    <tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{e(label)}</th>'
        f"{_NUMERIC}{e(number)}</td></tr>\n  "
    )


_NONE_ROW = '\n    <tr class="govuk-table__row"><td class="govuk-table__cell" colspan="2">None.</td></tr>\n  '


def _count_table(rows, caption: str, heading: str, unit: str) -> SafeString:
    """A two-column count table of (label, number) rows; "None." when there are none."""
    body = "".join(_count_row(pair) for pair in rows) if rows else _NONE_ROW
    return mark_safe(  # noqa: S308 - each value escaped
        '\n<table class="govuk-table">\n'
        f'  <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>\n'
        '  <thead class="govuk-table__head"><tr class="govuk-table__row">\n'
        f'    <th scope="col" class="govuk-table__header">{heading}</th>\n'
        f'    <th scope="col" class="govuk-table__header govuk-table__header--numeric">{unit}</th>\n'
        "  </tr></thead>\n"
        f'  <tbody class="govuk-table__body">\n  {body}\n  </tbody>\n</table>\n'
    )


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
        {
            "form": form,
            "form_html": form_html,
            "snapshot": snapshot,
            "snapshot_table": _snapshot_table(_snapshot_key(snapshot)) if snapshot else "",
            "query": query,
        },
    )


def _snapshot_key(snapshot) -> tuple:
    rows = tuple(
        (row.label, row.first, row.first_percent, row.second, row.second_percent, row.change_percent)
        for row in snapshot.rows
    )
    totals = (snapshot.first_total, snapshot.second_total, snapshot.change_percent)
    return (snapshot.first_date, snapshot.second_date, rows, totals)


def _number(value) -> str:
    """As the template writes a number: localised, then escaped."""
    return e(str(localize(value)))


def _shown_percent(value) -> str:
    return "–" if value is None else f"{_number(value)}%"


def _change_cells(change, change_percent) -> str:
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    sign = "+" if change > 0 else ""
    percent = "–" if change_percent is None else f"{'+' if change_percent > 0 else ''}{_number(change_percent)}%"
    return f"{cell}{sign}{_number(change)}</td>\n      {cell}{percent}</td>"


@lru_cache(maxsize=256)
def _snapshot_table(key: tuple) -> SafeString:
    """The snapshot's table, as its template wrote it (the same markup), for the figures in `key`:
    written once a process for each set of figures (they change when the maintained counts do)."""
    first_date, second_date, rows, (first_total, second_total, total_change_percent) = key
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    body = "".join(
        f"""
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">{e(label)}</th>
      {cell}{_number(first)}</td>
      {cell}{_shown_percent(first_percent)}</td>
      {cell}{_number(second)}</td>
      {cell}{_shown_percent(second_percent)}</td>
      {_change_cells(second - first, change_percent)}
    </tr>
  """
        for label, first, first_percent, second, second_percent, change_percent in rows
    )
    numeric = '<th scope="col" class="govuk-table__header govuk-table__header--numeric">'
    caption = f"{date_format(first_date, 'j F Y')} compared with {date_format(second_date, 'j F Y')}"
    return mark_safe(  # noqa: S308 - every value escaped
        f"""<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Key stage</th>
    {numeric}Pupils on {date_format(first_date, "d/m/Y")}</th>
    {numeric}% of total</th>
    {numeric}Pupils on {date_format(second_date, "d/m/Y")}</th>
    {numeric}% of total</th>
    {numeric}Number change</th>
    {numeric}% change</th>
  </tr></thead>
  <tbody class="govuk-table__body">
  {body}
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">Total</th>
      {cell}{_number(first_total)}</td>
      {cell}{"100%" if first_total else "–"}</td>
      {cell}{_number(second_total)}</td>
      {cell}{"100%" if second_total else "–"}</td>
      {_change_cells(second_total - first_total, total_change_percent)}
    </tr>
  </tbody>
</table>"""
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
    # The pupil with the history's first reads, then the view's audit event with the rest.
    pupil, history = answered(
        gathered(
            audited_record(request, "pupil timeline", lambda: Pupil.objects.all(), pk),
            pupil_history_asked(pupil_id=pk, user=request.user),
        )
    )
    timeline = timeline_rows(pupil_timeline(pupil=pupil, user=request.user, history=history))
    return render(
        request,
        "placements/dashboard/pupil_timeline.html",
        {"pupil": pupil, "timeline_html": pupil_timeline_html(timeline, timeline_body(timeline))},
    )
