"""The daily register (one page per provider per day) and one placement's attendance."""

from __future__ import annotations

import datetime as dt
from html import escape
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from apcommission.core.addresses import address_of
from apcommission.core.audit import audit_view_request
from apcommission.core.compiled import access_compiled_or_404, compiled_together
from apcommission.core.figures import full_date, full_date_with_day
from apcommission.core.forms.dates import FIRST_YEAR, LAST_YEAR
from apcommission.core.models import Role
from apcommission.core.paging import keyset_page, list_shape
from apcommission.core.permissions import can, pupil_page_roles, role_required
from providers.models import Provider

from .. import conf
from ..forms import RegisterForm
from ..models import Placement
from ..models.attendance import Mark, Session
from ..selectors import (
    AttendanceStats,
    RegisterRead,
    may_mark_register,
    placement_marks,
    placement_marks_body,
    pupils_in_ap_there,
    register_placements,
    register_providers,
    register_read,
    register_rows,
)
from ..selectors.attendance import placement_marks_request
from ..services.attendance import register_save
from ._common import LA_ACTING, PAGE_SIZE, SEES_PUPILS, add_service_errors

MARKING = (*LA_ACTING, Role.PROVIDER_USER)
#: Pupils on one page of a provider's daily register.
REGISTER_PAGE_SIZE = 15
#: A page number beyond any register or placement's marks (it is read as the last page, as one past
#: the end is).
MOST_REGISTER_PAGES = 10_000


@role_required(*MARKING)
def register_index(request):
    """Today's registers the user may mark, with the number of pupils on each, a page at a time."""
    today = timezone.localdate()

    def providers():
        """The list's queryset: built only when its first page is compiled, or for a later page
        (building it cost more than running it)."""
        return register_providers(user=request.user, day=today).annotate(
            pupils=pupils_in_ap_there(user=request.user, day=today)
        )

    order = ["organisation__name", "id"]
    page = keyset_page(
        providers,
        model=Provider,
        order=order,
        params=request.GET,
        per_page=PAGE_SIZE,
        columns=("id", "organisation__name", "pupils"),
        shape=list_shape("registers", request.user, today),
        # Planned for the scope and day: the generic plan of the status as a parameter could not use
        # the index of active placements, and probed all the LA's providers for 26 (53 ms against 2).
        values_in_text=True,
    )
    address = _register_address(today)
    registers = [
        {"provider_id": p["id"], "url": address(p["id"]), "name": p["organisation__name"], "pupils": p["pupils"] or 0}
        for p in page
    ]
    context = {"registers": registers, "page": page, "today": today, **_alert_times()}
    return render(request, "placements/attendance/register_index.html", context)


def _register_address(day: dt.date):
    """The address of each provider's register for `day`, from one reversed address (a list's
    `{% url %}` per row resolves the same pattern again for every row)."""
    marker = "9876543210"
    before, after = reverse("placements:attendance-register", args=[marker, day.isoformat()]).split(marker)
    return lambda provider_id: f"{before}{provider_id}{after}"


def _alert_times() -> dict:
    times = conf.attendance_alert_times()
    return {"alert_am": f"{times['am']:%H:%M}", "alert_pm": f"{times['pm']:%H:%M}"}


def _day(value: str) -> dt.date:
    """The register's day from the address: a real date in the service's years, or 404."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise Http404("Page not found") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:  # 0001-01-01 has no day before it
        raise Http404("Page not found")
    return day


#: The register's second button: every session left unmarked is saved as present.
EVERYONE_PRESENT = "everyone_present"


def _saved_messages(request, result) -> None:
    messages.success(request, f"Register saved: {result.created} new marks, {result.changed} marks changed.")
    if result.unexplained:
        times = _alert_times()
        absences = "1 absence has" if result.unexplained == 1 else f"{result.unexplained} absences have"
        messages.warning(
            request,
            f"{absences} no reason, so {'it is' if result.unexplained == 1 else 'they are'} recorded as "
            f"unexplained. Add the reason before {times['alert_am']} (morning) or {times['alert_pm']} "
            "(afternoon), or the pupil's home school and the local authority are alerted.",
        )


@role_required(*MARKING)
def register(request, provider_pk: int, day: str):
    """One provider's register for one day: every pupil in AP there that day, a mark and a reason
    for the morning and the afternoon, saved together."""

    on = _day(day)
    if not 0 < provider_pk < 2**63:  # no provider has such an id (SQLite cannot even compare it)
        raise Http404("Page not found")
    today = timezone.localdate()
    # The provider, the page's pupils and the booked pupils not on the register yet, in one read.
    read, page = _register_page(request.user, provider_pk, on, request.GET.get("page"))
    found = read.provider
    if (
        found is None
        or on > today
        or not may_mark_register(
            user=request.user,
            organisation_id=found["organisation_id"],
            la_id=found["organisation__local_authority_id"],
        )
    ):
        raise Http404("Page not found")
    provider = {"pk": found["id"], "name": found["organisation__name"]}
    placements = page.object_list
    form = RegisterForm(
        request.POST or None, placements=[(row["id"], row["name"]) for row in placements], marks=_marks_of(placements)
    )
    if request.method == "POST":
        if form.unknown_placement_ids():
            form.add_error(None, "Marks were sent for a pupil who is not on this register. Nothing was saved.")
        elif form.is_valid():
            try:
                unmarked_as = Mark.PRESENT if EVERYONE_PRESENT in request.POST else ""
                entries = list(form.entries(unmarked_as=unmarked_as))
                marking = Provider.objects.select_related("organisation").get(pk=provider_pk)
                result = register_save(user=request.user, provider=marking, day=on, entries=entries)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _saved_messages(request, result)
                url = reverse(
                    "placements:attendance-register", kwargs={"provider_pk": provider_pk, "day": on.isoformat()}
                )
                return redirect(f"{url}?page={page.number}" if page.number > 1 else url)
    rows = _register_rows(placements, form)
    context = {
        "provider": provider,
        "day": on,
        # As the date filter writes them ("j F Y", "l j F Y"), twice a page.
        "day_text": full_date(on),
        "day_with_weekday": full_date_with_day(on),
        "today": today,
        "form": form,
        "rows": rows,
        "body": _register_body(rows),
        "page": page,
        "previous_day": (on - dt.timedelta(days=1)).isoformat(),
        "next_day": (on + dt.timedelta(days=1)).isoformat() if on < today else None,
        "is_weekend": on.weekday() >= 5,
        "not_yet_on_register": _not_yet_body(_not_yet_rows(request.user, found, on, read.not_yet)),
        "everyone_present": EVERYONE_PRESENT,
        **_alert_times(),
    }
    return render(request, "placements/attendance/register.html", context)


def _marks_of(rows: list[dict]) -> dict[tuple[int, str], tuple[str, str]]:
    """{(placement id, session): (mark, reason)} recorded for the day, from the register's rows."""
    marks = {}
    columns = [(session, f"{session}_mark", f"{session}_reason") for session in Session.values]
    for row in rows:
        for session, mark, reason in columns:
            if row[mark] is not None:
                marks[(row["id"], session)] = (row[mark], row[reason])
    return marks


def _register_rows(placements: list[dict], form: RegisterForm) -> list[dict]:
    """The register's rows: the pupil, the two sessions' fields (label, mark, reason) and the
    attendance to date."""
    address = address_of("placements:attendance-placement")
    rows = []
    for row, (pk, fields) in zip(placements, form.rows(), strict=True):
        stats = AttendanceStats(row["possible"], row["attended"]) if row["possible"] is not None else None
        rows.append(
            {
                "placement_id": pk,
                "url": address(pk),
                "name": row["name"],
                "school": row["school_name"] or "",
                "sessions": [(label.lower(), mark, reason) for label, mark, reason in fields],
                "stats": stats,
                "attendance": _attendance_summary(stats),
            }
        )
    return rows


def _register_body(rows: list[dict]) -> SafeString | None:
    """The register table's rows as the template's loop writes them when no field has an error
    (every register shown to be marked), written here: a page of pupils is 30 cells of 15 values
    each, which the template engine took longer to fill than the rest of the page. None when a
    field has errors to show (the template writes the rows then)."""
    parts = []
    for row in rows:
        name = escape(row["name"])
        parts.append(
            '\n      <tr class="govuk-table__row">\n'
            f'        <th scope="row" class="govuk-table__header"><a class="govuk-link" href="{escape(row["url"])}">'
            f'{name}</a><br><span class="govuk-hint govuk-!-font-size-16">{escape(row["school"] or "No school place")}'
            "</span></th>\n        "
        )
        for label, mark, reason in row["sessions"]:
            if mark["errors"] or reason["errors"]:
                return None
            value = reason["value"]
            mark_id, reason_id = escape(mark["auto_id"]), escape(reason["auto_id"])
            parts.append(
                '\n        <td class="govuk-table__cell">\n'
                '          <div class="govuk-form-group govuk-!-margin-bottom-2">\n'
                f'            <label class="govuk-label govuk-visually-hidden" for="{mark_id}">'
                f"{escape(str(mark['label']))}</label>\n"
                "            \n"
                f'            <select class="govuk-select" id="{mark_id}" name="{escape(mark["html_name"])}">\n'
                f"              {mark['options']}\n"
                "            </select>\n"
                "          </div>\n"
                '          <div class="govuk-form-group govuk-!-margin-bottom-0">\n'
                f'            <label class="govuk-label govuk-!-font-size-16" for="{reason_id}">Reason'
                f'<span class="govuk-visually-hidden"> for the {escape(label)} absence of {name}</span></label>\n'
                "            \n"
                f'            <input class="govuk-input" id="{reason_id}" name="{escape(reason["html_name"])}" '
                f'type="text" maxlength="200" value="{"" if value is None else escape(str(value))}">\n'
                "          </div>\n"
                "        </td>\n"
                "        "
            )
        parts.append(f'\n        <td class="govuk-table__cell">{row["attendance"]}</td>\n      </tr>\n    ')
    return SafeString("".join(parts))


class _ReadPage:
    """A page of the register already read, with the register's total, for a Paginator: its
    `count` is the total read with the rows, and any slice of it is those rows."""

    def __init__(self, rows: list[dict], total: int):
        self.rows, self.total = rows, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        return self.rows


def _register_page(user, provider_id: int, day: dt.date, number) -> tuple[RegisterRead, Page]:
    """What register_read reads for the page `number` of the register, and that page as
    Paginator.get_page gives it (the first page for a number that is not one, the last for one out
    of range), each row with the pupil's `name`: a page of pupils at a time, by name, so a provider
    with hundreds of pupils gets a page that stays the same size (the form saves the marks of the
    page it shows). The provider, the rows, the total and the pupils not on the register yet are one
    statement; a page out of range reads the total, then the last page."""
    try:
        number = int(number if number is not None else 1)  # as Paginator.validate_number reads it
    except (TypeError, ValueError):
        number = 1
    if not 1 <= number <= MOST_REGISTER_PAGES:
        number = MOST_REGISTER_PAGES  # past any register's end: read as the last page, below
    read = register_read(
        user=user, provider_id=provider_id, day=day, offset=(number - 1) * REGISTER_PAGE_SIZE, limit=REGISTER_PAGE_SIZE
    )
    rows = read.rows
    if rows:
        total = rows[0]["total"]
    elif read.provider is None:
        total = 0  # no such provider: the view answers 404
    else:  # past the end (or an empty register): count, then read the last page, if any
        total = register_placements(user=user, provider=provider_id, day=day).count()
        number = max(1, -(-total // REGISTER_PAGE_SIZE))
        if total:
            rows = register_rows(
                user=user,
                provider_id=provider_id,
                day=day,
                offset=(number - 1) * REGISTER_PAGE_SIZE,
                limit=REGISTER_PAGE_SIZE,
            )
    for row in rows:
        row["name"] = f"{row['pupil__legal_first_name']} {row['pupil__legal_last_name']}"  # Pupil.full_name
    return read, Paginator(_ReadPage(rows, total), REGISTER_PAGE_SIZE).page(number if rows or total else 1)


def _attendance_summary(stats) -> SafeString:
    """What placements/attendance/_attendance_summary.html renders for `stats`, built here for the
    register's rows (an include per row costs more than the rest of the row)."""
    if stats and stats.possible:
        absence = _PERSISTENT_ABSENCE if stats.persistent_absence else ""
        return mark_safe(  # noqa: S308 - numbers and our own markup only
            f"\n{_number(stats.percent)}% "
            '<span class="govuk-hint govuk-!-display-inline govuk-!-font-size-16">'
            f"({_number(stats.attended)} of {_number(stats.possible)} sessions)</span>{absence}\n"
        )
    return _NO_MARKS


def _number(value) -> str:
    """A count or a percentage (a Decimal to one place) as the template's `localize` writes it in
    the service's language without a thousands separator: its digits, as str() gives them. Without
    looking the language's formats up (30-40 µs, three times a pupil: more than the row's markup)."""
    return localize(value) if settings.USE_THOUSAND_SEPARATOR else str(value)


_PERSISTENT_ABSENCE = mark_safe(' <strong class="govuk-tag govuk-tag--red">Persistent absence</strong>')
_NO_MARKS = mark_safe("\nNo marks yet\n")


def _not_yet_rows(user, provider: dict, day: dt.date, not_yet: list[dict]) -> list[dict]:
    """Booked pupils not on the register yet; for those due to have started, where the user may
    record the start (the start page's own rule, asked once for each home LA and status on the
    page), its address."""
    address = address_of("placements:placement-start")
    organisation = SimpleNamespace(organisation_id=provider["organisation_id"])
    may_start: dict[tuple, bool] = {}
    rows = []
    for placement in not_yet:
        start_date = placement["start_date"]
        starts_later = start_date > day
        may = False
        if not starts_later:
            asked = (placement["pupil__home_la_id"], placement["status"])
            if asked not in may_start:
                # What the rule reads of a placement: its status, its pupil's home LA, its provider.
                shown = SimpleNamespace(
                    status=asked[1], pupil=SimpleNamespace(home_la_id=asked[0]), provider=organisation
                )
                may_start[asked] = can(user, "placements:placement-start", shown)
            may = may_start[asked]
        rows.append(
            {
                "name": f"{placement['pupil__legal_first_name']} {placement['pupil__legal_last_name']}",
                "start_date": start_date,
                # As the date filter's "j F Y" writes it (a filter per pupil cost more than the row).
                "start_day": full_date(start_date),
                "starts_later": starts_later,
                "start_url": address(placement["id"]) if may else "",
            }
        )
    return rows


def _not_yet_body(rows: list[dict]) -> SafeString:
    """The booked pupils not on the register yet as list items, written here as the template's loop
    wrote them (twenty pupils' lookups and conditions cost more than the rest of the page's
    template). Empty when there are none."""
    parts = []
    for row in rows:
        name, day = escape(row["name"]), escape(row["start_day"])
        if row["starts_later"]:
            when = f"starts on {day}"
        else:
            when = f"was due to start on {day}; their start has not been recorded yet"
            if row["start_url"]:
                when += (
                    f' (<a class="govuk-link" href="{escape(row["start_url"])}">record the start'
                    f'<span class="govuk-visually-hidden"> for {name}</span></a>)'
                )
        parts.append(f"\n  <li>{name}: {when}</li>")
    return SafeString("".join(parts))


@pupil_page_roles(*SEES_PUPILS)
def placement_attendance(request, pk: int):
    """Every mark of one placement, newest first, with the attendance percentage."""
    placement = access_compiled_or_404(
        "placement attendance", lambda: Placement.objects.with_related(), request.user, pk
    )
    # The figures, the number of marks and the page asked for in one statement, sent with the
    # view's audit event; a page out of range is read again as the last page (Paginator.get_page's
    # answer).
    per_page = PAGE_SIZE * 2
    asked = _page_number(request.GET.get("page"))
    first = (asked - 1) * per_page if 1 <= asked <= MOST_REGISTER_PAGES else 0
    ((attendance, marked, rows),), _viewed = compiled_together(
        placement_marks_request(placement.pk, offset=first, limit=per_page), audit_view_request(request, placement)
    )
    page = Paginator(range(marked), per_page).get_page(asked)
    if page.number != asked:
        _, _, rows = placement_marks(placement.pk, offset=(page.number - 1) * per_page, limit=per_page)
    page.object_list = rows
    context = {
        "placement": placement,
        "pupil": placement.pupil,
        "page": page,
        "body": placement_marks_body(rows),
        "attendance": attendance,
    }
    return render(request, "placements/attendance/placement_attendance.html", context)


def _page_number(value) -> int:
    """The page asked for as Paginator.get_page reads it: 1 when it is not a whole number; one out
    of range (0 and below too) is answered with the last page."""
    try:
        return int(value if value is not None else 1)
    except (TypeError, ValueError):
        return 1
