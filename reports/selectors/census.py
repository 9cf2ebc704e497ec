"""The AP census return (DfE, January, statutory): LA-funded pupils in alternative provision
outside state schools on census day, with the items the census asks for (domain brief section 8).

Which placements ([unsure], configurable where it can be):
- on census day the placement was booked, active, ended or broken down, and census day lies
  between its start and its end (or the day it ended);
- the LA commissions it or pays its top-up (placements record both);
- the setting is not a state school: pupil referral units, AP academies and free schools and
  special schools return the school census instead.
Census day is the third Thursday of January of the academic year (REPORTS_CENSUS_DAY overrides).
The primary reason: a permanent exclusion takes precedence over every other reason (the census
guide), then the route's. The reason and setting-type wording is ours, not the DfE's code list,
which changes between specifications ([unsure]: map to codes before submitting through COLLECT).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from apcommission.core.compiled import NO_ROWS, compiled_rows, compiled_together, rows_request
from apcommission.core.education import academic_year_start
from apcommission.core.paging import (
    KeysetPage,
    KeysetPaginator,
    decode_cursor,
    encode_cursor,
    keyset_page,
    list_shape,
)
from apcommission.core.scoping import Scope, local_authority_scope, scope_for, single_local_authority
from placements.models import Exclusion, ExclusionKind, Placement, PlacementStatus
from placements.upn import CHECKS as UPN_CHECKS
from placements.upn import errors_of_bits, upn_errors
from providers.choices import ProviderType

from ..models import CensusEntry, CensusFigures

CENSUS_STATUSES = (PlacementStatus.BOOKED, PlacementStatus.ACTIVE, PlacementStatus.ENDED, PlacementStatus.BROKEN_DOWN)
STATE_SCHOOL_TYPES = frozenset(
    {ProviderType.PRU, ProviderType.AP_ACADEMY, ProviderType.AP_FREE_SCHOOL, ProviderType.SPECIAL}
)
#: Settings that must be identified by a URN, or by a UKPRN.
NEEDS_URN = frozenset({ProviderType.INDEPENDENT_SCHOOL, ProviderType.REGISTERED_INDEPENDENT_AP, ProviderType.HOSPITAL})
NEEDS_UKPRN = frozenset({ProviderType.FE_COLLEGE})
SEN_PROVISION = {"none": "N", "sen_support": "K", "ehcp": "E"}
REASONS = {
    "permanent_exclusion": "Permanent exclusion",
    "health": "Health needs",
    "awaiting_place": "Awaiting a school place",
    "section_19_other": "Other reasons (section 19)",
}
OTHER_REASON = "Other reasons"

COLUMNS = (
    "UPN", "Surname", "Forename", "Date of birth", "Sex", "SEN provision", "Setting URN", "Setting UKPRN",
    "AP setting type", "Primary reason", "Entry date", "Leaving date", "Attendance pattern", "Sessions per week",
    "Previous school URN",
)  # fmt: skip


def census_day(academic_year_start: int) -> dt.date:
    """The third Thursday of January in the academic year that starts in September of the given year."""
    configured = getattr(settings, "REPORTS_CENSUS_DAY", None)
    if configured:
        return dt.date.fromisoformat(str(configured))
    first = dt.date(academic_year_start + 1, 1, 1)
    first_thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + dt.timedelta(weeks=2)


def census_day_now(today: dt.date | None = None) -> dt.date:
    """The census day of the academic year of `today` (by default the page's: today's)."""
    return census_day(academic_year_start(today or timezone.localdate()))


#: What a row of the return reads (census_row), and nothing more of the placements' many columns.
CENSUS_FIELDS = (
    "pupil", "provider", "route", "start_date", "end_date", "ended_on", "status", "attendance_pattern",
    "sessions_per_week", "pupil__upn", "pupil__legal_first_name", "pupil__legal_last_name", "pupil__date_of_birth",
    "pupil__sex", "pupil__sen_status", "pupil__home_school", "pupil__home_school__urn", "provider__provider_type",
    "provider__urn", "provider__ukprn", "provider__organisation", "provider__organisation__name", "route__code",
)  # fmt: skip


def census_placements(*, user=None, scope: Scope | None = None, on: dt.date) -> QuerySet[Placement]:
    """LA-funded placements outside state schools on census day, for the user's LAs, or the LAs of
    `scope` (one query)."""
    la_ids = (scope if scope is not None else scope_for(user)).la_ids
    permanently_excluded = Exclusion.objects.filter(
        pupil_id=OuterRef("pupil_id"), kind=ExclusionKind.PERMANENT, first_day__lte=on
    )
    return (
        Placement.objects.filter(
            pupil__home_la_id__in=la_ids,
            status__in=CENSUS_STATUSES,
            start_date__lte=on,
        )
        # Still running on census day: the day it ended, or else its planned end, is on or after it
        # (one expression, so that the index on it finds the day's placements).
        .alias(last_day=Coalesce("ended_on", "end_date"))
        .filter(last_day__gte=on)
        .filter(Q(commissioner="la") | Q(top_up_funder="la"))
        .exclude(provider__provider_type__in=STATE_SCHOOL_TYPES)
        .annotate(permanently_excluded=Exists(permanently_excluded))
        .select_related("pupil__home_school", "provider__organisation", "route")
        .only(*CENSUS_FIELDS)
        .order_by("pupil__legal_last_name", "pupil__legal_first_name", "pupil_id", "start_date")
    )


@dataclass(frozen=True)
class CensusRow:
    placement: Placement
    values: tuple[str, ...]
    errors: tuple[str, ...]


def _reason(placement: Placement) -> str:
    if placement.permanently_excluded:
        return REASONS["permanent_exclusion"]
    return REASONS.get(placement.route.code, OTHER_REASON)


def _setting_errors(placement: Placement) -> list[str]:
    provider = placement.provider
    if provider.provider_type in NEEDS_URN and not provider.urn:
        return [f"{provider.name}: enter the setting's URN on its provider record"]
    if provider.provider_type in NEEDS_UKPRN and not provider.ukprn:
        return [f"{provider.name}: enter the college's UKPRN on its provider record"]
    return []


def census_row(placement: Placement) -> CensusRow:
    pupil, provider = placement.pupil, placement.provider
    ended = placement.ended_on or (placement.end_date if placement.status != PlacementStatus.ACTIVE else None)
    values = (
        pupil.upn, pupil.legal_last_name, pupil.legal_first_name, pupil.date_of_birth.isoformat(), pupil.sex,
        SEN_PROVISION.get(pupil.sen_status, ""),
        provider.urn if provider.provider_type in NEEDS_URN else "",
        provider.ukprn if provider.provider_type in NEEDS_UKPRN else "",
        provider.get_provider_type_display(),
        _reason(placement), placement.start_date.isoformat(), ended.isoformat() if ended else "",
        "Full time" if placement.attendance_pattern == "full_time" else "Part time",
        str(placement.sessions_per_week), pupil.home_school.urn if pupil.home_school else "",
    )  # fmt: skip
    errors = [f"UPN {pupil.upn}: {message}" for message in upn_errors(pupil.upn)] + _setting_errors(placement)
    return CensusRow(placement=placement, values=values, errors=tuple(errors))


def census_rows(*, user, on: dt.date) -> list[CensusRow]:
    return [census_row(placement) for placement in census_placements(user=user, on=on)]


@dataclass(frozen=True)
class CensusCheck:
    placements: int  # in the return
    problems: list[str]
    as_of: dt.datetime | None = None  # when counted, for figures read from CensusFigures
    #: The CensusFigures row read (its entries are the return's placements in order), if any.
    figures_id: int | None = None


def census_figures(*, user, on: dt.date, sent_with=()) -> CensusCheck:
    """The census check for the page: one LA's staff read the LA's maintained figures
    (CensusFigures, counted by reports.services.census) when they were counted today for this
    census day; anyone else, or before the first count of the day, is counted for the page.
    `sent_with`: the page's requests that need nothing read first (its audit event), sent to the
    database with the figures: one round trip for both."""
    scope = scope_for(user)
    la_id = single_local_authority(scope)
    figures = (
        rows_request(
            ("census figures", la_id, on),
            lambda: CensusFigures.objects.filter(local_authority_id=la_id, census_day=on).values(
                "placements", "problems", "as_of", figures_id=F("id")
            ),
        )
        if la_id is not None
        else NO_ROWS
    )
    rows = compiled_together(figures, *sent_with)[0]
    if rows and timezone.localdate(rows[0]["as_of"]) == timezone.localdate():
        return CensusCheck(**rows[0])
    return census_check(user=user, on=on)


#: What a row of the census page shows, read as plain values (the CSV reads census_row's).
_PAGE_COLUMNS = (
    "id", "pupil_id", "start_date", "route__code", "permanently_excluded", "pupil__upn", "pupil__legal_first_name",
    "pupil__legal_last_name", "provider__provider_type", "provider__urn", "provider__ukprn",
    "provider__organisation__name",
)  # fmt: skip
#: The page's order (census_placements'), with the placement's id last so that a cursor is exact.
_PAGE_ORDER = ["pupil__legal_last_name", "pupil__legal_first_name", "pupil_id", "start_date", "id"]
_TYPE_LABELS = dict(ProviderType.choices)


def census_page(*, user, on: dt.date, params, per_page: int = 25, figures_id: int | None = None) -> KeysetPage:
    """One page of the return's placements in the return's order (surname, forename), found by
    keyset from the `after` or `before` cursor in `params` (one query; the first page's statement
    compiled once a process for the user's scope and the day). Each row is a dictionary of what
    the page shows: the pupil, the setting and its type, the primary reason, the entry date and
    the row's problems, worded as the CSV's census_row words them.

    With `figures_id` (the LA's CensusFigures read for the page), the placements are those of its
    entries, by position: the 25 after the cursor's position read through the entries' index,
    each still in the return and in the user's scope (census_placements' own filter)."""
    if figures_id is not None:
        return _stored_page(user=user, on=on, params=params, per_page=per_page, figures_id=figures_id)
    placements = census_placements(user=user, on=on).order_by()
    page = keyset_page(
        placements,
        order=_PAGE_ORDER,
        params=params,
        per_page=per_page,
        columns=_PAGE_COLUMNS,
        shape=list_shape("census", user, on),
    )
    page.object_list = [_page_row(row) for row in page.object_list]
    return page


#: A cursor of a page read by position: the position of the page's last (or first) row.
_POSITION = [CensusEntry._meta.get_field("position")]


def _stored_page(*, user, on: dt.date, params, per_page: int, figures_id: int) -> KeysetPage:
    after = decode_cursor(params.get("after", ""), _POSITION) if params.get("after") else None
    before = decode_cursor(params.get("before", ""), _POSITION) if params.get("before") and not after else None
    number, (position,) = after or before or (0, [0])
    forwards = before is None

    def build(figures: int, position: int) -> QuerySet:
        entries = {"census_entries__figures_id": figures}
        entries["census_entries__position__gt" if forwards else "census_entries__position__lt"] = position
        placements = census_placements(user=user, on=on).filter(**entries)
        order = "census_entries__position" if forwards else "-census_entries__position"
        # The pupil's first permanent exclusion as a scalar subquery, looked up for each of the
        # page's rows through the exclusions' (pupil, day) index: PostgreSQL answers census_placements'
        # EXISTS by hashing every permanent exclusion of the county.
        excluded = Exclusion.objects.filter(
            pupil_id=OuterRef("pupil_id"), kind=ExclusionKind.PERMANENT, first_day__lte=on
        ).values("pk")[:1]
        columns = [column for column in _PAGE_COLUMNS if column != "permanently_excluded"]
        return placements.values(
            *columns, position=F("census_entries__position"), permanent_exclusion=Subquery(excluded)
        ).order_by(order)[: per_page + 1]

    shape = list_shape("census by position", user, on, forwards, per_page)
    rows = compiled_rows(shape, build, (figures_id, position))
    for row in rows:
        row["permanently_excluded"] = row.pop("permanent_exclusion") is not None
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not forwards:
        rows.reverse()
    has_previous = bool(rows) and (more if not forwards else number > 0)
    has_next = bool(rows) and (more if forwards else True)
    number = max(number - 1, 1) if not forwards else number + 1
    return KeysetPage(
        object_list=[_page_row(row) for row in rows],
        paginator=KeysetPaginator(count=0, per_page=per_page),  # the view's count is the figures'
        number=number,
        next_cursor=encode_cursor([rows[-1]["position"]], number) if has_next else "",
        previous_cursor=encode_cursor([rows[0]["position"]], number) if has_previous else "",
    )


def census_order(*, la_id: int, on: dt.date) -> list[int]:
    """The LA's return's placements' ids in the page's order (for its CensusEntry rows)."""
    placements = census_placements(scope=local_authority_scope(la_id), on=on)
    return list(placements.order_by(*_PAGE_ORDER).values_list("id", flat=True))


def _page_row(row: dict) -> dict:
    upn, provider_type, name = row["pupil__upn"], row["provider__provider_type"], row["provider__organisation__name"]
    errors = [f"UPN {upn}: {message}" for message in upn_errors(upn)]
    if provider_type in NEEDS_URN and not row["provider__urn"]:
        errors.append(f"{name}: enter the setting's URN on its provider record")
    elif provider_type in NEEDS_UKPRN and not row["provider__ukprn"]:
        errors.append(f"{name}: enter the college's UKPRN on its provider record")
    if row["permanently_excluded"]:
        reason = REASONS["permanent_exclusion"]
    else:
        reason = REASONS.get(row["route__code"], OTHER_REASON)
    return {
        "upn": upn,
        "first_name": row["pupil__legal_first_name"],
        "last_name": row["pupil__legal_last_name"],
        "setting": name,
        "setting_type": _TYPE_LABELS.get(provider_type, provider_type),
        "reason": reason,
        "start_date": row["start_date"],
        "errors": errors,
    }


def census_problems(*, user, on: dt.date) -> list[str]:
    return census_check(user=user, on=on).problems


def census_check(*, user, on: dt.date, placements: QuerySet[Placement] | None = None) -> CensusCheck:
    """The number of placements in the return, and what to put right before it is submitted,
    grouped so that the list does not grow with the return: each setting without its URN or UKPRN
    once (one grouped query), and the UPN problems once per kind of problem with the number of
    pupils (a problem of one pupil names the UPN, as the row does). The placements and the UPN
    problems are counted in one grouped query from each pupil's stored checks
    (`Pupil.upn_problems`, set with the UPN); a UPN with none stored is checked here."""
    if placements is None:
        placements = census_placements(user=user, on=on)
    groups = (
        placements.order_by()
        .values(
            bits=F("pupil__upn_problems"),
            unchecked=Case(When(pupil__upn_problems__isnull=True, then=F("pupil__upn")), default=Value("")),
        )
        .annotate(placements=Count("id"), n=Count("pupil_id", distinct=True), upn=Max("pupil__upn"))
    )
    total = 0
    upn_problems: Counter[str] = Counter()
    one_upn: dict[str, str] = {}
    for group in groups:
        total += group["placements"]
        messages = upn_errors(group["upn"]) if group["bits"] is None else errors_of_bits(group["bits"])
        for message in messages:
            upn_problems[message] += group["n"]
            one_upn[message] = group["upn"]
    problems = [
        f"UPN {one_upn[message]}: {message}" if upn_problems[message] == 1 else
        f"{upn_problems[message]} pupils' UPNs: {message}"
        for message in UPN_CHECKS if message in upn_problems
    ]  # fmt: skip
    missing = Q(provider__provider_type__in=NEEDS_URN, provider__urn="") | Q(
        provider__provider_type__in=NEEDS_UKPRN, provider__ukprn=""
    )
    settings_missing = (
        placements.filter(missing)
        .order_by()
        .values("provider_id")
        .annotate(name=F("provider__organisation__name"), provider_type=F("provider__provider_type"))
        .annotate(n=Count("id"))
        .order_by("name", "provider_id")
    )
    for setting in settings_missing:
        if setting["provider_type"] in NEEDS_URN:
            problems.append(f"{setting['name']}: enter the setting's URN on its provider record")
        else:
            problems.append(f"{setting['name']}: enter the college's UKPRN on its provider record")
    return CensusCheck(placements=total, problems=problems)
