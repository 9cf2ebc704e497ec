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
from django.db.models import Case, Count, Exists, F, Max, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from apcommission.core.scoping import scope_for
from placements.models import Exclusion, ExclusionKind, Placement, PlacementStatus
from placements.upn import CHECKS as UPN_CHECKS
from placements.upn import errors_of_bits, upn_errors
from providers.choices import ProviderType

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


#: What a row of the return reads (census_row), and nothing more of the placements' many columns.
CENSUS_FIELDS = (
    "pupil", "provider", "route", "start_date", "end_date", "ended_on", "status", "attendance_pattern",
    "sessions_per_week", "pupil__upn", "pupil__legal_first_name", "pupil__legal_last_name", "pupil__date_of_birth",
    "pupil__sex", "pupil__sen_status", "pupil__home_school", "pupil__home_school__urn", "provider__provider_type",
    "provider__urn", "provider__ukprn", "provider__organisation", "provider__organisation__name", "route__code",
)  # fmt: skip


def census_placements(*, user, on: dt.date) -> QuerySet[Placement]:
    """LA-funded placements outside state schools on census day, for the user's LAs (one query)."""
    permanently_excluded = Exclusion.objects.filter(
        pupil_id=OuterRef("pupil_id"), kind=ExclusionKind.PERMANENT, first_day__lte=on
    )
    return (
        Placement.objects.filter(
            pupil__home_la_id__in=scope_for(user).la_ids,
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
