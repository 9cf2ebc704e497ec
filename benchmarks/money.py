"""The benchmark county's money (with benchmarks.recoupments and benchmarks.invoices for those two).

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
- the committed costs (Commitment) worked out by funding.services.commitments' own row builders.

The reports made from it (plans, the improvement plan, Forum packs) are benchmarks.papers'.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from apcommission.core.education import academic_year_start
from apcommission.core.models import User
from apcommission.core.years import financial_year_start
from funding.demo.settings_data import BANDS, BUDGET, RATES, SERVICE_COSTS
from funding.models import (
    BandedTopUp,
    BudgetLine,
    CommissionedPlaces,
    Commitment,
    CommitmentRefresh,
    DeficitFigure,
    Invoice,
    InvoiceDiscrepancy,
    LumpSum,
    PaymentTerms,
    PerPupilRate,
    Recoupment,
    RecoupmentStatusChange,
    SchoolContribution,
    ServiceCost,
    TopUpBand,
)
from funding.payers import payer_for
from funding.rules import COMMITTED_STATUSES, PLACE_FUNDED_TYPES
from funding.services.commitment_summary import commitment_summary_refresh
from funding.services.commitments import (
    _lump_sum_rows,
    _place_funding_rows,
    _top_up_rows,
    agreed_weekly_cost,
    committed_placements,
)
from placements.models import RouteCode
from providers.models import Provider

from .bulk import Ids, copy_rows, reset_sequences
from .invoices import InvoiceSteps
from .recoupments import RecoupmentSteps

if TYPE_CHECKING:  # pragma: no cover
    from .clock import ClockBuilder
    from .county import CountyBuilder

#: The county's AP budget as a multiple of the demo's (funding.demo.settings_data.BUDGET).
BUDGET_TIMES = 40
LUMP_SUMS = {RouteCode.PERMANENT_EXCLUSION: Decimal("1500.00"), RouteCode.AWAITING_SCHOOL_PLACE: Decimal("750.00")}
BANDED_SHARE = 0.4  # of LA-funded placements of pupils with an EHCP


class MoneyBuilder(RecoupmentSteps, InvoiceSteps):
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
        # The summary the High Needs Block pages read, built from the COPYed rows by SQL as
        # commitments_refresh builds it, in the county's transaction.
        self.b.counts["commitment_summary"] = commitment_summary_refresh(local_authority=self.la)
        CommitmentRefresh.objects.create(
            local_authority=self.la, refreshed_at=self.b.now, rows=len(rows), unpriced=unpriced, summarised=True
        )


def build_money(builder: CountyBuilder, clock: ClockBuilder) -> None:
    MoneyBuilder(builder, clock).build()


__all__ = ["build_money"]
