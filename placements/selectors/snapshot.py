"""Pupils in AP by key stage at two dates, with the change between them (the BCP scrutiny table's shape)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from apcommission.core.education import key_stage_on
from apcommission.core.figures import percent
from apcommission.core.models import KeyStage
from apcommission.core.scoping import scope_for

from ..models import Placement
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
    """{pupil id: key stage on `day`} for the pupils whose placement had them in AP that day."""
    found = {}
    for pupil_id, dob, start, end, ended_on in rows:
        last = min(end, ended_on) if ended_on else end
        if start <= day <= last:
            found[pupil_id] = key_stage_on(dob, day)
    return found


def key_stage_snapshot(*, user, first_date: dt.date, second_date: dt.date) -> Snapshot:
    """Pupils in AP on two dates by key stage (age on each date), with each key stage's share of the
    total and the change between the dates, like the BCP scrutiny report's table (Nov 2024, 3.3).
    Aggregate only: for LA staff and Schools Forum members of the LA (report scope). One query."""
    return key_stage_snapshot_of(
        local_authority_ids=scope_for(user).report_la_ids, first_date=first_date, second_date=second_date
    )


def key_stage_snapshot_of(*, local_authority_ids, first_date: dt.date, second_date: dt.date) -> Snapshot:
    """The same figures for the pupils of the given LAs (the Forum pack: one LA)."""
    rows = list(
        Placement.objects.filter(
            pupil__home_la_id__in=local_authority_ids,
            status__in=WAS_IN_AP_STATUSES,
            start_date__lte=max(first_date, second_date),
            end_date__gte=min(first_date, second_date),
        ).values_list("pupil_id", "pupil__date_of_birth", "start_date", "end_date", "ended_on")
    )
    first = Counter(pupils_in_ap_on(rows, first_date).values())
    second = Counter(pupils_in_ap_on(rows, second_date).values())
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
