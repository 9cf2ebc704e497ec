"""Pupils in AP by key stage at two dates, with the change between them (the BCP scrutiny table's shape)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from apcommission.core.compiled import compiled_rows
from apcommission.core.education import academic_year_of, academic_year_start, key_stage_on
from apcommission.core.figures import percent
from apcommission.core.models import KeyStage
from apcommission.core.scoping import scope_for

from ..models import Placement, PupilsInApCount
from .attendance import WAS_IN_AP_STATUSES


@dataclass
class SnapshotRow:
    key_stage: str
    label: str
    first: int
    first_percent: Decimal | None
    second: int
    second_percent: Decimal | None

    @property
    def change(self) -> int:
        return self.second - self.first

    @property
    def change_percent(self) -> Decimal | None:
        """Change as a share of the first date's number, as in the BCP table (none from zero)."""
        if not self.first:
            return None
        return (Decimal(self.change) * 100 / Decimal(self.first)).quantize(Decimal("1"), ROUND_HALF_UP)


@dataclass
class Snapshot:
    first_date: dt.date
    second_date: dt.date
    rows: list[SnapshotRow]
    first_total: int
    second_total: int

    @property
    def change(self) -> int:
        return self.second_total - self.first_total

    @property
    def change_percent(self) -> Decimal | None:
        if not self.first_total:
            return None
        return (Decimal(self.change) * 100 / Decimal(self.first_total)).quantize(Decimal("1"), ROUND_HALF_UP)


def pupils_in_ap_on(rows, day: dt.date) -> dict[int, str]:
    """{pupil id: key stage on `day`} for the pupils whose placement had them in AP that day, from
    (pupil id, date of birth, start, end, ended on) rows: the rule in Python, for tests and
    small lists; pages count in the database (pupils_in_ap_by_key_stage)."""
    found = {}
    for pupil_id, dob, start, end, ended_on in rows:
        last = min(end, ended_on) if ended_on else end
        if start <= day <= last:
            found[pupil_id] = key_stage_on(dob, day)
    return found


#: The academic year a pupil was born in (1 September to 31 August): with the day, their key stage.
BIRTH_COHORT = academic_year_of("pupil__date_of_birth")


def pupils_in_ap_by_key_stage(*, placements: QuerySet, day: dt.date) -> Counter:
    """Pupils (each once) whose placement among `placements` had them in AP on `day`, by key stage
    on that day. One query: grouped in the database by the academic year of birth, which with the
    day fixes a pupil's key stage, so a pupil is counted once however many placements they had."""
    counts: Counter = Counter()
    for row in _pupils_by_cohort(placements, day):
        counts[key_stage_on(dt.date(row["cohort"], 9, 1), day)] += row["pupils"]
    return counts


def pupils_in_ap_by_key_stage_by(*, placements: QuerySet, day: dt.date, group: str) -> dict[object, Counter]:
    """The same count for each value of `group` (a school's or a provider's organisation), in one
    query: {group value: Counter}. Groups with no pupil in AP that day are left out."""
    counts: dict[object, Counter] = {}
    for row in _pupils_by_cohort(placements, day, group):
        counts.setdefault(row[group], Counter())[key_stage_on(dt.date(row["cohort"], 9, 1), day)] += row["pupils"]
    return counts


def _pupils_by_cohort(placements: QuerySet, day: dt.date, *groups: str) -> QuerySet:
    return (
        placements.filter(status__in=WAS_IN_AP_STATUSES, start_date__lte=day, end_date__gte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .annotate(cohort=BIRTH_COHORT)
        .values(*groups, "cohort")
        .annotate(pupils=Count("pupil_id", distinct=True))
        .order_by()
    )


def snapshot_default_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """The page's dates until someone picks others: 1 September of this academic year (of the last
    one on 1 September itself), and today."""
    first = dt.date(academic_year_start(today), 9, 1)
    return (first if first < today else first.replace(year=first.year - 1)), today


def _counts_on(la_ids, days: list[dt.date]) -> dict[dt.date, Counter]:
    """Pupils in AP by key stage on each day across the LAs: each LA's maintained count of the day
    (PupilsInApCount) where the refresh has made one (one query for every day), else counted now."""
    days = list(dict.fromkeys(days))
    la_ids = tuple(sorted(la_ids))
    # Compiled once a process for the LAs and days (the page asks for the same two all day).
    stored = compiled_rows(
        ("pupils in AP counts", la_ids, tuple(days)),
        lambda: PupilsInApCount.objects.filter(local_authority_id__in=la_ids, day__in=days).values(
            "day", "local_authority_id", "key_stage", "pupils"
        ),
    )
    counts: dict[dt.date, Counter] = {day: Counter() for day in days}
    counted: dict[dt.date, set] = {day: set() for day in days}
    for row in stored:
        day, la_id, key_stage, pupils = row["day"], row["local_authority_id"], row["key_stage"], row["pupils"]
        counts[day][key_stage] += pupils
        counted[day].add(la_id)
    for day in days:
        missing = set(la_ids) - counted[day]
        if missing:
            placements = Placement.objects.filter(pupil__home_la_id__in=missing)
            counts[day] += pupils_in_ap_by_key_stage(placements=placements, day=day)
    return counts


def key_stage_snapshot(*, user, first_date: dt.date, second_date: dt.date) -> Snapshot:
    """Pupils in AP on two dates by key stage (age on each date), with each key stage's share of the
    total and the change between the dates, like the BCP scrutiny report's table (Nov 2024, 3.3).
    Aggregate only: for LA staff and Schools Forum members of the LA (report scope). One query
    from the maintained counts (docs/adr/0005), one more for each date not yet counted."""
    return key_stage_snapshot_of(
        local_authority_ids=scope_for(user).report_la_ids, first_date=first_date, second_date=second_date
    )


def key_stage_snapshot_of(
    *, local_authority_ids, first_date: dt.date, second_date: dt.date, fresh: bool = False
) -> Snapshot:
    """The same figures for the pupils of the given LAs. `fresh`: counted now rather than read from
    the maintained counts (a Forum pack states the time its figures were read)."""
    if fresh:
        placements = Placement.objects.filter(pupil__home_la_id__in=local_authority_ids)
        first = pupils_in_ap_by_key_stage(placements=placements, day=first_date)
        second = pupils_in_ap_by_key_stage(placements=placements, day=second_date)
    else:
        counts = _counts_on(local_authority_ids, [first_date, second_date])
        first, second = counts[first_date], counts[second_date]
    first_total, second_total = sum(first.values()), sum(second.values())
    return Snapshot(
        first_date=first_date,
        second_date=second_date,
        rows=[
            SnapshotRow(
                code,
                label,
                first[code],
                percent(first[code], first_total),
                second[code],
                percent(second[code], second_total),
            )
            for code, label in KeyStage.choices
        ],
        first_total=first_total,
        second_total=second_total,
    )
