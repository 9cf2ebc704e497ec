"""The benchmark county's money, and the reports made from it.

Written with COPY after the placements, registers and the clock's cases (benchmarks.clock), by the
services' rules and with their own functions wherever one works on values rather than on saved rows:

- what finance sets up for every financial (or academic) year the county spans: per-pupil rates
  (AWPU and pupil premium), the AP budget lines and the DSG deficit, lump sums per route, the top-up
  bands; commissioned places at each place-funded provider; payment terms agreed with one provider in
  ten; school contributions (one school in ten buying the traded offer) and the service's costs
  (funding.demo.settings_data's amounts, the budget scaled to the county);
- banded top-ups agreed for a share of the LA-funded placements of pupils with an EHCP (not at
  place-funded providers), at the band's amount;
- for each permanent exclusion from a mainstream school of a pupil from Reception to Year 11, the
  excluding school's reduction worked out by recoupment_work_out (so its inputs, figures and
  arithmetic are the service's), moved on by age (notified, recovered, a few waived) with one
  status change per move, a few left to calculate, and an admitting school's amount for some
  (admitting_work_out);
- an invoice a month for each LA-funded placement with an agreed rate, for each month the register
  covers (at most the last twelve), checked as invoice_submit checks it (funding.invoice_check on the
  register's attended sessions and the agreed rate), with its discrepancies: most match, some
  invoice sessions not attended, a higher rate, fewer sessions or a period before the placement;
  the older ones decided (mostly approved), last month's mostly waiting;
- the committed costs (Commitment) worked out by funding.services.commitments' own row builders;
- commissioning plans (three scenarios, one chosen) and two Forum packs (records with a stand-in
  PDF: the pack pages read the record, not the file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from apcommission.core.education import academic_year_start
from apcommission.core.models import User
from apcommission.core.years import financial_year_start, month_end
from funding import conf as funding_conf
from funding.demo.settings_data import BANDS, BUDGET, RATES, SERVICE_COSTS
from funding.invoice_check import InvoiceFacts, check_invoice
from funding.models import (
    BandedTopUp,
    BudgetLine,
    CommissionedPlaces,
    Commitment,
    CommitmentRefresh,
    DeficitFigure,
    Invoice,
    InvoiceDiscrepancy,
    InvoiceStatus,
    LumpSum,
    PaymentTerms,
    PerPupilRate,
    Recoupment,
    RecoupmentStatus,
    RecoupmentStatusChange,
    SchoolContribution,
    ServiceCost,
    TopUpBand,
)
from funding.payers import payer_for
from funding.rules import COMMITTED_STATUSES, PLACE_FUNDED_TYPES
from funding.services.commitments import (
    _lump_sum_rows,
    _place_funding_rows,
    _top_up_rows,
    agreed_weekly_cost,
    committed_placements,
)
from funding.services.invoices import agreed_rate
from funding.services.recoupment import admitting_work_out, recoupment_work_out
from placements.costs import cost_of_sessions
from placements.models import AttendanceMark, ExclusionKind, Pupil, RouteCode
from placements.models.attendance import ATTENDED_MARKS
from providers.models import Provider
from reports.demo import AREAS as IMPROVEMENT_AREAS
from reports.models import CommissioningPlan, ImprovementAction, PlanYear, PriorityArea, ReportPack

from .bulk import Ids, copy_rows, jsonb, reset_sequences

if TYPE_CHECKING:  # pragma: no cover
    from .clock import ClockBuilder
    from .county import CountyBuilder

#: The county's AP budget as a multiple of the demo's (funding.demo.settings_data.BUDGET).
BUDGET_TIMES = 40
LUMP_SUMS = {RouteCode.PERMANENT_EXCLUSION: Decimal("1500.00"), RouteCode.AWAITING_SCHOOL_PLACE: Decimal("750.00")}
BANDED_SHARE = 0.4  # of LA-funded placements of pupils with an EHCP
INVOICE_MONTHS = 12
Q = InvoiceStatus


class MoneyBuilder:
    def __init__(self, builder: CountyBuilder, clock: ClockBuilder):
        self.b, self.clock = builder, clock
        self.rng = builder.random
        self.today = builder.today
        self.la = builder.la
        self.finance = User.objects.get(pk=builder.users["finance"])
        self.first_year = financial_year_start(builder.first_day)
        self.years = list(range(self.first_year, financial_year_start(self.today) + 1))
        self.provider_type = dict(
            Provider.objects.filter(pk__in=[p[0] for p in builder.providers]).values_list("pk", "provider_type")
        )

    def at(self, day: dt.date, hour: int = 11) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    def build(self) -> None:
        self.b.say("Rates, budgets, bands, places, terms, contributions and banded top-ups")
        self.settings()
        self.banded_top_ups()
        self.b.say("Recoupments")
        self.recoupments()
        self.b.say("Invoices")
        self.invoices()
        self.b.say("Committed costs")
        self.commitments()
        reset_sequences(PerPupilRate, BudgetLine, DeficitFigure, LumpSum, TopUpBand, BandedTopUp, CommissionedPlaces)
        reset_sequences(PaymentTerms, SchoolContribution, ServiceCost, Recoupment, RecoupmentStatusChange)
        reset_sequences(Invoice, InvoiceDiscrepancy, Commitment, CommitmentRefresh)

    # --- what finance sets up each year ---------------------------------------------------------

    def settings(self) -> None:
        la, finance, now = self.la.pk, self.finance.pk, self.b.now
        stamp = (finance, now, now)
        rates, budget, deficits, lump_sums = [], [], [], []
        for year in self.years:
            uplift = Decimal("1.02") ** (year - self.years[-1])
            for (kind, band), amount in RATES.items():
                rates.append((la, year, kind, band, (amount * uplift).quantize(Decimal("1")), *stamp))
            for name, amount in BUDGET.items():
                budget.append((la, year, name, amount * BUDGET_TIMES, *stamp))
            deficit = Decimal("12040000.00") * BUDGET_TIMES / 10 * (1 + Decimal(year - self.first_year) / 4)
            deficits.append((la, year, deficit.quantize(Decimal("1")), dt.date(year, 3, 31), "Outturn report", *stamp))
            lump_sums += [(la, code, year, amount, now, now) for code, amount in LUMP_SUMS.items()]
        self.b.counts["per_pupil_rates"] = copy_rows(
            PerPupilRate,
            ["local_authority", "financial_year", "kind", "band", "amount", "recorded_by", "created_on", "modified_on"],
            rates,
        )
        copy_rows(
            BudgetLine,
            ["local_authority", "financial_year", "name", "amount", "recorded_by", "created_on", "modified_on"],
            budget,
        )
        copy_rows(
            DeficitFigure,
            [
                "local_authority",
                "financial_year",
                "amount",
                "as_at",
                "note",
                "recorded_by",
                "created_on",
                "modified_on",
            ],
            deficits,
        )
        copy_rows(
            LumpSum,
            ["local_authority", "route_code", "financial_year", "amount", "created_on", "modified_on"],
            lump_sums,
        )
        band_ids = Ids(TopUpBand)
        self.bands = [(band_ids.take(), name, amount) for name, amount, _description in BANDS]
        copy_rows(
            TopUpBand,
            ["id", "local_authority", "name", "annual_amount", "description", "created_on", "modified_on"],
            [
                (pk, la, name, amount, description, now, now)
                for (pk, name, amount), (_n, _a, description) in zip(self.bands, BANDS, strict=True)
            ],
        )
        self.places()
        self.terms = {}
        for index, (provider_id, _status, _sites) in enumerate(self.b.providers):
            if index % 10 == 5:
                self.terms[provider_id] = (14, 45, 60)[index % 3]
        copy_rows(
            PaymentTerms,
            ["provider", "days", "set_by", "created_on", "modified_on"],
            [(p, days, *stamp) for p, days in self.terms.items()],
        )
        contributions = []
        for year in self.years[-2:]:
            for index, (school_id, _org, _phase) in enumerate(self.b.schools):
                traded = index % 10 == 3
                contributions.append(
                    (la, school_id, year, Decimal("1500.00"), traded, Decimal("250.00") if traded else None, *stamp)
                )
        copy_rows(
            SchoolContribution,
            [
                "local_authority",
                "school",
                "financial_year",
                "annual_amount",
                "buys_traded_offer",
                "charge_per_placement",
                "recorded_by",
                "created_on",
                "modified_on",
            ],
            contributions,
        )
        costs = [(la, year, what, amount * 10, *stamp) for year in self.years[-2:] for what, amount in SERVICE_COSTS]
        copy_rows(
            ServiceCost,
            ["local_authority", "financial_year", "description", "amount", "recorded_by", "created_on", "modified_on"],
            costs,
        )

    def places(self) -> None:
        """Places at each place-funded provider for each academic year: about the pupils it had in
        AP that year, at £10,000 a place."""
        la, now, rows = self.la.pk, self.b.now, []
        pupils: dict[tuple[int, int], int] = defaultdict(int)
        for plan in self.b.plans:
            if plan.status in COMMITTED_STATUSES and self.provider_type[plan.provider_id] in PLACE_FUNDED_TYPES:
                pupils[(plan.provider_id, academic_year_start(plan.start))] += 1
        for provider_id, type_ in self.provider_type.items():
            if type_ not in PLACE_FUNDED_TYPES:
                continue
            for year in range(academic_year_start(self.b.first_day), academic_year_start(self.today) + 1):
                places = max(4, pupils[(provider_id, year)] // 2)
                rows.append((la, provider_id, year, places, Decimal("10000.00"), self.finance.pk, now, now))
        fields = ["local_authority", "provider", "academic_year", "places", "rate_per_place", "recorded_by"]
        self.b.counts["commissioned_places"] = copy_rows(
            CommissionedPlaces, [*fields, "created_on", "modified_on"], rows
        )

    def banded_top_ups(self) -> None:
        sen = {p[0]: p[3] for p in self.b.pupils}
        ids, rows = Ids(BandedTopUp), []
        self.banded: dict[int, tuple[str, Decimal]] = {}  # placement id: (band name, amount a year)
        for plan in self.b.plans:
            if (
                plan.status in COMMITTED_STATUSES
                and sen[plan.pupil_id] == "ehcp"
                and payer_for(plan.top_up_funder) == "la"
                and self.provider_type[plan.provider_id] not in PLACE_FUNDED_TYPES
                and self.rng.random() < BANDED_SHARE
            ):
                band_id, name, amount = self.bands[plan.id % len(self.bands)]
                self.banded[plan.id] = (name, amount)
                at = plan.at(plan.booked_on or plan.start)
                rows.append(
                    (
                        ids.take(),
                        plan.id,
                        band_id,
                        amount,
                        "Agreed at panel: the EHCP's provision",
                        self.finance.pk,
                        at,
                        at,
                    )
                )
        fields = ["id", "placement", "band", "annual_amount", "reason", "agreed_by", "created_on", "modified_on"]
        self.b.counts["banded_top_ups"] = copy_rows(BandedTopUp, fields, rows)

    # --- recoupment ----------------------------------------------------------------------------

    def recoupments(self) -> None:
        """Each permanent exclusion's reduction as the service works it out, nine in ten of them
        (the rest wait on the exclusions-to-calculate list), and an admitting school's amount for one
        in eight."""
        permanent = [e for e in self.clock.exclusions if e.kind == ExclusionKind.PERMANENT]
        pupils = Pupil.objects.in_bulk([e.pupil_id for e in permanent])
        secondary = [s for s in self.clock.schools.values() if s.phase == "secondary"]
        ids, change_ids = Ids(Recoupment), Ids(RecoupmentStatusChange)
        rows, changes = [], []
        for index, exclusion in enumerate(permanent):
            if index % 10 == 9:
                continue
            exclusion.pupil = pupils[exclusion.pupil_id]
            try:
                worked = recoupment_work_out(user=self.finance, exclusion=exclusion, basis="maintained")
            except ValidationError:
                continue  # a pupil outside Reception to Year 11: nothing to calculate
            reduction = Recoupment(pk=ids.take(), **worked.fields, inputs=worked.inputs, calculated_by=self.finance)
            moves = self.moves(reduction.relevant_date, index)
            rows.append(self.recoupment_row(reduction, moves))
            changes += self.status_changes(change_ids, reduction, moves)
            admitted_on = reduction.relevant_date + dt.timedelta(days=35)
            if index % 8 == 1 and admitted_on <= min(reduction.period_end, self.today) and moves[-1][0] != "waived":
                school = secondary[index % len(secondary)]
                if school.pk == reduction.school_id:
                    continue
                worked = admitting_work_out(
                    user=self.finance, reduction=reduction, school=school, admitted_on=admitted_on, basis="maintained"
                )
                admitting = Recoupment(pk=ids.take(), **worked.fields, inputs=worked.inputs, calculated_by=self.finance)
                moves = self.moves(admitted_on, index)[:2]
                rows.append(self.recoupment_row(admitting, moves))
                changes += self.status_changes(change_ids, admitting, moves)
        fields = [
            "id",
            "local_authority",
            "exclusion",
            "pupil",
            "school",
            "kind",
            "basis",
            "excluding_recoupment",
            "admitted_on",
            "relevant_date",
            "period_end",
            "financial_year",
            "nc_year",
            "transfer_year",
            "weeks",
            "weeks_from_relevant_date",
            "awpu_band",
            "awpu_rate",
            "awpu_amount",
            "pupil_premium_band",
            "pupil_premium_rate",
            "pupil_premium_amount",
            "adjustment",
            "adjustment_reason",
            "total",
            "arithmetic",
            "inputs",
            "rule_version",
            "status",
            "notified_on",
            "recovered_on",
            "waived_reason",
            "calculated_by",
            "submission_token",
            "created_on",
            "modified_on",
        ]
        self.b.counts["recoupments"] = copy_rows(Recoupment, fields, rows)
        fields = ["id", "recoupment", "from_status", "to_status", "at", "by", "note"]
        copy_rows(RecoupmentStatusChange, fields, changes)

    def moves(self, relevant_date: dt.date, index: int) -> list[tuple[str, dt.date]]:
        """[(status, on), ...] from calculated: told three weeks on, recovered a month after that,
        as far as today allows; one in twelve waived."""
        calculated = min(relevant_date + dt.timedelta(days=10), self.today)
        moves = [(RecoupmentStatus.CALCULATED, calculated)]
        if index % 12 == 5:
            return [*moves, (RecoupmentStatus.WAIVED, calculated)]
        told = relevant_date + dt.timedelta(days=21)
        if told <= self.today:
            moves.append((RecoupmentStatus.NOTIFIED, told))
            if told + dt.timedelta(days=30) <= self.today:
                moves.append((RecoupmentStatus.RECOVERED, told + dt.timedelta(days=30)))
        return moves

    def recoupment_row(self, r: Recoupment, moves: list[tuple[str, dt.date]]) -> tuple:
        status = moves[-1][0]
        on = dict(moves)
        waived = "The exclusion was overturned on review" if status == RecoupmentStatus.WAIVED else ""
        created, modified = self.at(moves[0][1]), self.at(moves[-1][1])
        return (
            r.pk,
            r.local_authority_id,
            r.exclusion_id,
            r.pupil_id,
            r.school_id,
            r.kind,
            r.basis,
            r.excluding_recoupment_id,
            r.admitted_on,
            r.relevant_date,
            r.period_end,
            r.financial_year,
            r.nc_year,
            r.transfer_year,
            r.weeks,
            r.weeks_from_relevant_date,
            r.awpu_band,
            r.awpu_rate,
            r.awpu_amount,
            r.pupil_premium_band,
            r.pupil_premium_rate,
            r.pupil_premium_amount,
            r.adjustment,
            r.adjustment_reason,
            r.total,
            jsonb(r.arithmetic),
            jsonb(r.inputs),
            r.rule_version,
            status,
            on.get(RecoupmentStatus.NOTIFIED),
            on.get(RecoupmentStatus.RECOVERED),
            waived,
            self.finance.pk,
            uuid.UUID(int=self.rng.getrandbits(128), version=4),
            created,
            modified,
        )

    def status_changes(self, ids: Ids, r: Recoupment, moves: list[tuple[str, dt.date]]) -> list[tuple]:
        notes = {
            "calculated": "Calculated",
            "notified": "School notified",
            "recovered": "Recovered",
            "waived": "The exclusion was overturned on review",
        }
        rows, before = [], ""
        for status, on in moves:
            rows.append((ids.take(), r.pk, before, status, self.at(on), self.finance.pk, notes[status]))
            before = status
        return rows

    # --- invoices ------------------------------------------------------------------------------

    def attended_by_month(self) -> dict[tuple[int, dt.date], int]:
        """{(placement id, first of month): sessions marked present or late} for the county."""
        table = connection.ops.quote_name(AttendanceMark._meta.db_table)
        first = min(plan.id for plan in self.b.plans)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT placement_id, date_trunc('month', date)::date, count(*) FROM {table} "  # noqa: S608
                "WHERE placement_id >= %s AND mark = ANY(%s) GROUP BY 1, 2",
                [first, list(ATTENDED_MARKS)],
            )
            return {(row[0], row[1]): row[2] for row in cursor.fetchall()}

    def invoices(self) -> None:
        attended = self.attended_by_month()
        months, month = [], self.today.replace(day=1)
        for _ in range(INVOICE_MONTHS):
            month = (month - dt.timedelta(days=1)).replace(day=1)
            if month_end(month) < self.b.marks_from:
                break
            months.append(month)
        ids, discrepancy_ids = Ids(Invoice), Ids(InvoiceDiscrepancy)
        rows, discrepancies, count = [], [], 0
        default_terms = funding_conf.payment_terms_days()
        for plan in self.b.plans:
            if plan.status not in COMMITTED_STATUSES or payer_for(plan.top_up_funder) != "la":
                continue
            rate = agreed_rate(self.rate_holder(plan))
            if rate is None:
                continue
            for month in months:
                sessions = attended.get((plan.id, month), 0)
                first, last = max(month, plan.start, self.b.marks_from), min(month_end(month), plan.end)
                if not sessions or first > last:
                    continue
                count += 1
                invoice_id = ids.take()
                row, found = self.invoice(invoice_id, plan, rate, month, first, last, sessions, count, default_terms)
                rows.append(row)
                discrepancies += [(discrepancy_ids.take(), invoice_id, d.cause, d.amount, d.explanation) for d in found]
        fields = [
            "id",
            "local_authority",
            "placement",
            "provider",
            "reference",
            "period_start",
            "period_end",
            "sessions_invoiced",
            "amount",
            "received_on",
            "payment_terms_days",
            "due_on",
            "status",
            "sessions_attended",
            "rate_description",
            "expected_amount",
            "discrepancy_total",
            "discrepancy_count",
            "checked_at",
            "decision_note",
            "decided_by",
            "decided_at",
            "submitted_by",
            "submission_token",
            "created_on",
            "modified_on",
        ]
        self.b.counts["invoices"] = copy_rows(Invoice, fields, rows)
        fields = ["id", "invoice", "cause", "amount", "explanation"]
        self.b.counts["invoice_discrepancies"] = copy_rows(InvoiceDiscrepancy, fields, discrepancies)

    def rate_holder(self, plan):
        """What agreed_rate reads of a placement: a banded top-up, else the rate snapshotted at booking."""
        price_id, unit, amount = self.b.price_of[plan.provider_id]
        banded = self.banded.get(plan.id)
        return SimpleNamespace(
            banded_top_up=SimpleNamespace(annual_amount=banded[1], band=SimpleNamespace(name=banded[0]))
            if banded
            else None,
            rate_unit=unit,
            rate_amount=amount,
            sessions_per_week=plan.sessions,
        )

    def invoice(self, pk, plan, rate, month, first, last, attended, count, default_terms) -> tuple[tuple, list]:
        """One month's invoice, checked as invoice_submit checks it; most match the register."""
        sessions, period_start, outside = attended, first, 0
        variant = count % 20
        if variant == 3:
            sessions = attended + 2  # sessions the register does not show
        elif variant == 11 and attended > 1:
            sessions = attended - 1  # fewer than attended: the provider may be owed
        elif variant == 17 and month <= plan.start:
            period_start = max(month, plan.start - dt.timedelta(days=7))  # the period begins before the placement
            outside = self.b.school_days.count(period_start, plan.start - dt.timedelta(days=1))
            sessions = attended + outside * plan.sessions // 5
        amount = cost_of_sessions(
            unit=rate.unit, amount=rate.amount, sessions_per_week=plan.sessions, sessions=sessions
        )
        if variant == 7:
            amount = (amount * Decimal("1.05")).quantize(Decimal("0.01"))  # a higher rate than agreed
        check = check_invoice(
            InvoiceFacts(
                period_start=period_start,
                period_end=last,
                sessions_invoiced=sessions,
                amount=amount,
                placement_start=plan.start,
                placement_last_day=plan.end,
                sessions_per_week=plan.sessions,
                sessions_attended=attended,
                school_days_outside=outside,
                rate=rate,
            )
        )
        received = min(month_end(month) + dt.timedelta(days=1 + count % 9), self.today)
        terms = self.terms.get(plan.provider_id, default_terms)
        status, note = self.decision(month, count, bool(check.discrepancies))
        decided = self.at(min(received + dt.timedelta(days=5), self.today), 14) if status != Q.RECEIVED else None
        submitted = self.b.users["provider"] if plan.provider_id == self.b.providers[0][0] else self.finance.pk
        at = self.at(received, 9)
        return (
            pk,
            self.la.pk,
            plan.id,
            plan.provider_id,
            f"BQ-{plan.id}-{month:%Y%m}",
            period_start,
            last,
            sessions,
            amount,
            received,
            terms,
            received + dt.timedelta(days=terms),
            status,
            attended,
            check.rate_description[:200],
            check.expected_amount,
            check.total,
            len(check.discrepancies),
            at,
            note,
            self.finance.pk if decided else None,
            decided,
            submitted,
            uuid.UUID(int=self.rng.getrandbits(128), version=4),
            at,
            decided or at,
        ), check.discrepancies

    def decision(self, month: dt.date, count: int, discrepancies: bool) -> tuple[str, str]:
        last_month = month_end(month) >= self.today - dt.timedelta(days=31)
        roll = count % 37
        if last_month and roll < 20:
            return Q.RECEIVED, ""
        if roll in (5, 23):
            return Q.QUERIED, "Please send the register for these dates"
        if roll == 31:
            return Q.REJECTED, "Resend with the register for the period"
        return Q.APPROVED, "Checked with the provider: agreed" if discrepancies else ""

    # --- committed costs -----------------------------------------------------------------------

    def commitments(self) -> None:
        """The committed costs, by commitments_refresh's own row builders, COPYed instead of saved."""
        placements = list(committed_placements(self.la))
        rows = [*_top_up_rows(self.la, placements), *_lump_sum_rows(self.la, placements), *_place_funding_rows(self.la)]
        fields = ["local_authority", "kind", "payer", "payer_school", "placement", "provider", "month", "month_end"]
        fields += ["financial_year", "school_days", "sessions", "hours", "amount"]
        self.b.counts["commitments"] = copy_rows(
            Commitment,
            fields,
            (
                (
                    self.la.pk,
                    c.kind,
                    c.payer,
                    c.payer_school.pk if c.payer_school else None,
                    c.placement_id,
                    c.provider_id,
                    c.month,
                    c.month_end,
                    c.financial_year,
                    c.school_days,
                    c.sessions,
                    c.hours,
                    c.amount,
                )
                for c in rows
            ),
        )
        unpriced = sum(1 for p in placements if agreed_weekly_cost(p) is None)
        CommitmentRefresh.objects.create(
            local_authority=self.la, refreshed_at=self.b.now, rows=len(rows), unpriced=unpriced
        )


# --- reports ------------------------------------------------------------------------------------

PLANS = (  # (scenario, baseline cost, yearly change in cost, baseline pupils, yearly change in pupils)
    ("Do nothing: demand keeps rising", Decimal("16800000"), Decimal("0.08"), 1400, 90),
    ("Early intervention hubs in each district", Decimal("16800000"), Decimal("0.01"), 1400, 40),
    ("Banded top-ups and outreach", Decimal("16800000"), Decimal("-0.02"), 1400, 20),
)


def build_reports(builder: CountyBuilder) -> None:
    """Three commissioning plan scenarios (the second chosen) with five years each, the demo's
    improvement plan, and two Forum packs, ready: last term's, published, and this term's, not
    yet published."""
    builder.say("Commissioning plans, the improvement plan and Forum packs")
    la, officer, now = builder.la.pk, builder.users["officer"], builder.now
    plan_ids, plans, years = Ids(CommissioningPlan), [], []
    baseline = f"{financial_year_start(builder.today) - 1}-{financial_year_start(builder.today) % 100:02d}"
    for index, (name, cost, change, pupils, more) in enumerate(PLANS):
        pk = plan_ids.take()
        plans.append(
            (
                pk,
                la,
                name,
                baseline,
                cost,
                pupils,
                "Demand from the last three years' placements.",
                index == 1,
                officer,
                now,
                now,
            )
        )
        years += [(pk, n, (cost * (1 + change) ** n).quantize(Decimal("1")), pupils + more * n) for n in range(1, 6)]
    fields = ["id", "local_authority", "name", "baseline_label", "baseline_cost", "baseline_pupils", "notes"]
    builder.counts["plans"] = copy_rows(
        CommissioningPlan, [*fields, "is_chosen", "created_by", "created_on", "modified_on"], plans
    )
    copy_rows(PlanYear, ["plan", "number", "cost", "pupils"], years)
    pdf = b"%PDF-1.7\n% A stand-in for the benchmark: the pack pages read the record, not the file.\n%%EOF\n"
    packs = []
    for weeks_ago, published in ((12, True), (1, False)):
        meeting = builder.today - dt.timedelta(weeks=weeks_ago) + dt.timedelta(days=14)
        made = timezone.make_aware(dt.datetime.combine(builder.today - dt.timedelta(weeks=weeks_ago), dt.time(9)))
        parameters = {
            "first_snapshot": str(meeting - dt.timedelta(days=194)),
            "second_snapshot": str(meeting - dt.timedelta(days=21)),
            "suppression_threshold": 5,
        }
        packs.append(
            (
                la,
                f"Schools Forum: AP budget monitoring, {meeting:%B %Y}",
                meeting,
                financial_year_start(meeting),
                jsonb(parameters),
                "ready",
                100,
                made,
                pdf,
                hashlib.sha256(pdf).hexdigest(),
                len(pdf),
                officer,
                made if published else None,
                made,
                made,
            )
        )
    fields = ["local_authority", "title", "meeting_date", "financial_year", "parameters", "status", "progress"]
    fields += ["data_as_of", "pdf", "checksum", "size_bytes", "generated_by", "published_at", "created_on"]
    builder.counts["forum_packs"] = copy_rows(ReportPack, [*fields, "modified_on"], packs)
    area_ids, areas, actions = Ids(PriorityArea), [], []
    for position, (title, planned) in enumerate(IMPROVEMENT_AREAS.items()):
        pk = area_ids.take()
        areas.append((pk, la, title, position, now, now))
        for description, lead, days, status in planned:
            actions.append((pk, description, lead, builder.today + dt.timedelta(days=days), status, now, now))
    copy_rows(PriorityArea, ["id", "local_authority", "title", "position", "created_on", "modified_on"], areas)
    fields = ["area", "description", "lead", "due_date", "status", "created_on", "modified_on"]
    builder.counts["improvement_actions"] = copy_rows(ImprovementAction, fields, actions)
    reset_sequences(CommissioningPlan, PlanYear, ReportPack, PriorityArea, ImprovementAction)


def build_money(builder: CountyBuilder, clock: ClockBuilder) -> None:
    MoneyBuilder(builder, clock).build()


__all__ = ["build_money", "build_reports"]
