"""The figures of the Schools Forum budget pack, gathered for one LA in a fixed number of queries
whatever the county's size, with small numbers suppressed (reports.suppression) so that no child
can be identified. No names, UPNs or dates of birth are read into the pack."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from apcommission.core.models import Organisation
from placements.selectors import key_stage_snapshot_of

from .. import charts
from ..suppression import suppress, threshold
from .improvement import StatusCount, status_counts
from .pack_money import PackMoney, pack_money
from .plans import PlanTable, chosen_plan, plan_table


@dataclass(frozen=True)
class PackOptions:
    """What an officer chooses when generating a pack (stored with it in the archive)."""

    meeting_date: dt.date
    financial_year: int
    first_snapshot: dt.date
    second_snapshot: dt.date
    include_plan: bool = True
    include_improvement_plan: bool = True

    def as_parameters(self) -> dict:
        return {
            "meeting_date": self.meeting_date.isoformat(),
            "financial_year": self.financial_year,
            "first_snapshot": self.first_snapshot.isoformat(),
            "second_snapshot": self.second_snapshot.isoformat(),
            "include_plan": self.include_plan,
            "include_improvement_plan": self.include_improvement_plan,
            "suppression_threshold": threshold(),
        }


@dataclass(frozen=True)
class KeyStageLine:
    label: str
    first: str
    first_percent: str
    second: str
    second_percent: str
    change: str
    change_percent: str


@dataclass(frozen=True)
class KeyStageSection:
    first_date: dt.date
    second_date: dt.date
    lines: list[KeyStageLine]
    first_total: str
    second_total: str
    change: str
    chart: str


def _pct(value) -> str:
    return "" if value is None else f"{value}%"


def key_stage_section(*, local_authority_id: int, first: dt.date, second: dt.date) -> KeyStageSection:
    """Pupils in AP by key stage on two dates, the BCP table's shape, with each key stage's share of
    the total and the change. A hidden count hides its share and its change too."""
    snapshot = key_stage_snapshot_of(
        local_authority_ids=[local_authority_id], first_date=first, second_date=second, fresh=True
    )
    table = suppress([[row.first, row.second] for row in snapshot.rows], row_totals=False, column_totals=True)
    lines = []
    for index, row in enumerate(snapshot.rows):
        hidden_first, hidden_second = table.is_hidden(index, 0), table.is_hidden(index, 1)
        either = hidden_first or hidden_second
        lines.append(
            KeyStageLine(
                label=row.label,
                first=table.cell(index, 0),
                first_percent="" if hidden_first else _pct(row.first_percent),
                second=table.cell(index, 1),
                second_percent="" if hidden_second else _pct(row.second_percent),
                change="" if either else f"{row.change:+,}",
                change_percent="" if either or row.change_percent is None else f"{row.change_percent:+}%",
            )
        )
    bars = [
        charts.Bar(row.label, None if table.is_hidden(i, 1) else row.second, table.cell(i, 1))
        for i, row in enumerate(snapshot.rows)
    ]
    totals = [snapshot.first_total, snapshot.second_total]
    total_table = suppress([totals], row_totals=False, column_totals=False)
    return KeyStageSection(
        first_date=first,
        second_date=second,
        lines=lines,
        first_total=total_table.cell(0, 0),
        second_total=total_table.cell(0, 1),
        change="" if any(total_table.hidden) else f"{snapshot.change:+,}",
        chart=charts.bar_chart(bars, title=f"Pupils in AP by key stage on {second:%-d %B %Y}", table_id="key-stages"),
    )


@dataclass(frozen=True)
class StatutoryDuties:
    """Statutory duties met: the share of permanently excluded pupils with full-time provision
    arranged from the sixth school day (day 6), for the pack's financial year."""

    exclusions: str  # as printed, suppressed like every count
    met_by_day_six: str
    percent_met: str


def statutory_duties_section(*, local_authority_id: int, financial_year: int) -> StatutoryDuties | None:
    """STATUTORY CLOCK — TO BE FILLED IN: the day-6 figures come from the statutory clock (placements'
    sixth-school-day deadline for each exclusion) once it is measured. Until then there is nothing
    to report and the pack prints "Not yet measured": never an estimate."""
    return None


@dataclass
class ForumPack:
    local_authority: Organisation
    title: str
    options: PackOptions
    data_as_of: dt.datetime
    suppression_threshold: int
    key_stages: KeyStageSection
    money: PackMoney
    statutory: StatutoryDuties | None = None
    plan: PlanTable | None = None
    improvement: list[StatusCount] | None = None
    sections: list[str] = field(default_factory=list)

    @property
    def financial_year_label(self) -> str:
        year = self.options.financial_year
        return f"{year}-{(year + 1) % 100:02d}"

    @property
    def improvement_total(self) -> int:
        return sum(s.count for s in self.improvement or [])


def forum_pack(
    *, local_authority: Organisation, title: str, options: PackOptions, as_at: dt.date | None = None
) -> ForumPack:
    """Every figure of the pack, read now (the pack records this time as its data's as-of time);
    money actually spent counts up to `as_at` (default: today)."""
    data_as_of = timezone.now()
    as_at = timezone.localdate(data_as_of) if as_at is None else as_at
    pack = ForumPack(
        local_authority=local_authority,
        title=title,
        options=options,
        data_as_of=data_as_of,
        suppression_threshold=threshold(),
        key_stages=key_stage_section(
            local_authority_id=local_authority.pk, first=options.first_snapshot, second=options.second_snapshot
        ),
        money=pack_money(local_authority=local_authority, financial_year=options.financial_year, as_at=as_at),
        statutory=statutory_duties_section(
            local_authority_id=local_authority.pk, financial_year=options.financial_year
        ),
    )
    if options.include_plan:
        chosen = chosen_plan(local_authority_id=local_authority.pk)
        pack.plan = plan_table(chosen) if chosen is not None else None
    if options.include_improvement_plan:
        pack.improvement = status_counts(local_authority_ids=[local_authority.pk])
    return pack
