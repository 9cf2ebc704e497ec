"""The benchmark county follows the rules the services follow, at a small scale (COPY needs
PostgreSQL)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Sum

from apcommission.core.education import key_stage_on
from benchmarks.county import LA_CODE, CountySize, build_county
from funding import conf as funding_conf
from funding.models import (
    LIVE_INVOICE_STATUSES,
    BandedTopUp,
    Commitment,
    Invoice,
    PerPupilRate,
    Recoupment,
    RecoupmentKind,
)
from funding.payers import payer_for
from funding.recoupment_rule import complete_weeks, funding_period_end, to_penny
from funding.services import commitments_refresh
from funding.services.invoices import run_check
from funding.services.recoupment import relevant_date_of
from placements.models import (
    AttendanceMark,
    Deadline,
    DeadlineKind,
    Exclusion,
    Placement,
    PlacementReview,
    PlacementStatus,
    Pupil,
    Reminder,
    StatusChange,
)
from placements.selectors import peak_places_taken
from placements.services.booking import ALLOWED_TRANSITIONS
from placements.services.deadlines import deadlines_refresh
from placements.services.figures import figures_refresh
from placements.services.provider_deadlines import provider_deadlines_refresh
from placements.services.review_schedule import review_schedule_refresh
from placements.upn import upn_errors
from providers.models import SiteCapacity

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=False),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the county is written with PostgreSQL's COPY"),
]

TODAY = dt.date(2026, 11, 30)  # a Monday in the autumn term
YEARS = dt.timedelta(days=3650)


@pytest.fixture(scope="module")
def size():
    return CountySize().scaled(0.005)


@pytest.fixture(scope="module")
def built_county(size, django_db_setup, django_db_blocker):
    """The county built once for the module's tests, in a transaction rolled back after them (each
    build takes seconds). Each test runs in a savepoint inside it, so what one test writes (a
    refresh, a service's check) is gone before the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_county(size=size, today=TODAY, seed=7)
        transaction.set_rollback(True)


@pytest.fixture
def county(built_county, db):
    return built_county


def test_the_county_has_the_size_asked_for(county, size):
    assert county.counts["pupils"] == size.pupils and county.counts["placements"] == size.placements
    assert 0 < county.counts["attendance_marks"] <= size.attendance_marks
    assert county.counts["reviews"] <= size.reviews + 10
    assert county.counts["status_changes"] >= 3 * size.placements


def test_pupils_have_valid_upns_and_placements_the_key_stage_of_their_start(county):
    # The service accepts its own LAs' numbers (placements.services.pupils.known_la_codes), as here.
    upns = Pupil.objects.values_list("upn", flat=True)
    assert not [upn for upn in upns if upn_errors(upn, extra_la_codes=[LA_CODE])]
    for born, start, key_stage in Placement.objects.values_list("pupil__date_of_birth", "start_date", "key_stage"):
        assert key_stage_on(born, start) == key_stage


def test_every_status_change_is_an_allowed_transition_ending_at_the_placements_status(county):
    last = {}
    for placement_id, from_status, to_status in StatusChange.objects.order_by("placement_id", "at", "id").values_list(
        "placement_id", "from_status", "to_status"
    ):
        if from_status:
            assert to_status in ALLOWED_TRANSITIONS[from_status]
            assert last[placement_id] == from_status
        last[placement_id] = to_status
    assert last == dict(Placement.objects.values_list("pk", "status"))


def test_no_site_is_overbooked_on_any_day(county):
    for capacity in SiteCapacity.objects.all():
        peak = peak_places_taken(
            site=capacity.site_id,
            key_stage=capacity.key_stage,
            start=TODAY - dt.timedelta(days=3650),
            end=TODAY + dt.timedelta(days=400),
        )
        assert peak <= capacity.places


def test_marks_and_reviews_fall_within_their_placements_and_before_today(county):
    outside = AttendanceMark.objects.exclude(date__gte=F("placement__start_date"), date__lte=F("placement__end_date"))
    assert not outside.exists() and not AttendanceMark.objects.filter(date__gt=TODAY).exists()
    assert not AttendanceMark.objects.filter(date__week_day__in=[1, 7]).exists()  # no weekend marks
    assert not AttendanceMark.objects.values("placement", "date", "session").annotate(n=Count("id")).filter(n__gt=1)
    for review in PlacementReview.objects.select_related("placement"):
        assert review.placement.start_date <= review.review_date <= TODAY
        assert review.sessions_attended <= review.sessions_possible
    assert Placement.objects.filter(status=PlacementStatus.ACTIVE).exists()


def test_the_figures_refresh_runs_on_the_county(county):
    assert county.la.pk in figures_refresh(force=True)


# --- money, the clock and reports -----------------------------------------------------------------


def test_the_county_has_money_deadlines_and_reports(county):
    for what in ("exclusions", "recoupments", "invoices", "commitments", "deadlines", "reminders", "banded_top_ups"):
        assert county.counts[what] > 0, what
    assert county.counts["plans"] == 3 and county.counts["forum_packs"] == 2


def test_recoupments_are_the_rules_arithmetic_on_their_inputs(county):
    reductions = Recoupment.objects.filter(kind=RecoupmentKind.EXCLUDING).select_related("exclusion")
    assert reductions.exists()
    for r in reductions:
        period_end, _why = funding_period_end(r.relevant_date, transfer_year=r.transfer_year)
        assert r.relevant_date == relevant_date_of(r.exclusion)[0] and r.period_end == period_end
        assert r.weeks == complete_weeks(r.relevant_date, r.period_end, both_days=funding_conf.count_both_days())[1]
        rate = PerPupilRate.objects.get(
            local_authority=r.local_authority_id, financial_year=r.financial_year, kind="awpu", band=r.awpu_band
        )
        assert r.awpu_rate == rate.amount and r.awpu_amount == to_penny(r.awpu_rate * r.weeks / 52)
        expected_pp = to_penny(r.pupil_premium_rate * r.weeks / 52) if r.pupil_premium_rate else Decimal("0.00")
        assert r.pupil_premium_amount == expected_pp
        assert r.total == r.awpu_amount + r.pupil_premium_amount + r.adjustment
        assert r.exclusion.kind == "permanent" and r.arithmetic and r.inputs["A"] == str(r.awpu_rate)
    for a in Recoupment.objects.filter(kind=RecoupmentKind.ADMITTING).select_related("excluding_recoupment"):
        d = a.excluding_recoupment
        weeks_e, weeks_f = a.weeks, a.weeks_from_relevant_date
        assert weeks_f == d.weeks and weeks_f and a.awpu_rate == d.awpu_amount + d.adjustment
        assert a.total == to_penny(a.awpu_rate * weeks_e / weeks_f) + to_penny(
            d.pupil_premium_amount * weeks_e / weeks_f
        )
    # The exclusions marked calculated (as funding.services.recoupment keeps them) are those with a
    # live reduction.
    live = Recoupment.objects.filter(exclusion=OuterRef("pk"), kind="excluding").exclude(status="waived")
    marked = Exclusion.objects.filter(reduction_calculated=True).values_list("pk", flat=True)
    assert set(marked) == set(Exclusion.objects.filter(Exists(live)).values_list("pk", flat=True)) != set()
    # A status with the dates its moves need, and one status change per move ending at it.
    for r in Recoupment.objects.prefetch_related("status_changes"):
        changes = list(r.status_changes.all())
        assert changes[0].from_status == "" and changes[-1].to_status == r.status
        if r.status == "recovered":
            assert r.notified_on is not None and r.recovered_on >= r.notified_on


def test_invoices_carry_the_check_the_service_makes(county):
    invoices = Invoice.objects.select_related(
        "placement__pupil__home_school__organisation", "placement__banded_top_up__band"
    ).prefetch_related("discrepancies")
    assert invoices.filter(discrepancy_count__gt=0).exists() and invoices.filter(discrepancy_count=0).exists()
    for invoice in invoices:
        placement = invoice.placement
        assert payer_for(placement.top_up_funder) == "la" and invoice.received_on <= TODAY
        check, attended = run_check(
            placement,
            period_start=invoice.period_start,
            period_end=invoice.period_end,
            sessions=invoice.sessions_invoiced,
            amount=invoice.amount,
        )
        assert (invoice.sessions_attended, invoice.expected_amount) == (attended, check.expected_amount)
        assert (invoice.discrepancy_total, invoice.discrepancy_count) == (check.total, len(check.discrepancies))
        assert sum(d.amount for d in invoice.discrepancies.all()) == invoice.discrepancy_total
        assert invoice.status == "received" or invoice.decided_at is not None
    live = Invoice.objects.filter(status__in=LIVE_INVOICE_STATUSES)
    for invoice in live[:200]:
        overlapping = live.filter(
            placement=invoice.placement_id, period_start__lte=invoice.period_end, period_end__gte=invoice.period_start
        )
        assert overlapping.count() == 1


def test_banded_top_ups_are_for_pupils_with_an_ehcp_and_commitments_are_the_services(county):
    for banded in BandedTopUp.objects.select_related("placement__pupil", "band"):
        assert banded.placement.pupil.sen_status == "ehcp" and banded.annual_amount == banded.band.annual_amount
    built = Commitment.objects.filter(local_authority=county.la).aggregate(n=Count("id"), total=Sum("amount"))
    # The summary the county builds after its COPY gives the figures summed directly.
    from funding.selectors import hnb_dashboard_figures, hnb_dashboard_figures_direct

    for year in sorted(
        set(Commitment.objects.filter(local_authority=county.la).values_list("financial_year", flat=True))
    ):
        as_at = dt.date(year, 12, 1)
        summary = hnb_dashboard_figures(local_authority=county.la, financial_year=year, as_at=as_at)
        direct = hnb_dashboard_figures_direct(local_authority=county.la, financial_year=year, as_at=as_at)
        assert (summary.monitor.months, summary.spend, summary.unit_costs) == (
            direct.monitor.months,
            direct.spend,
            direct.unit_costs,
        )
    commitments_refresh(local_authority=county.la)
    again = Commitment.objects.filter(local_authority=county.la).aggregate(n=Count("id"), total=Sum("amount"))
    assert built == again and built["n"] > 0


def test_the_equity_figures_are_those_counted_directly(county):
    from apcommission.core.models import User
    from funding.models import SchoolYearFigures, SchoolYearFiguresRefresh
    from funding.selectors import equity_rows

    finance = User.objects.get(email=f"finance+{county.la.pk}@benchmark.invalid")
    years = sorted(set(SchoolYearFigures.objects.values_list("financial_year", flat=True)))
    assert len(years) >= 3

    def every_year():
        return {
            year: [dict(row) for row in equity_rows(user=finance, local_authority=county.la, financial_year=year)]
            for year in years
        }

    summarised = every_year()
    SchoolYearFiguresRefresh.objects.filter(local_authority=county.la).delete()  # now counted directly
    assert summarised == every_year()
    assert any(row["ap_cost"] for rows in summarised.values() for row in rows)


def _deadline_rows(**lookup):
    fields = ["key", "kind", "holder", "holder_organisation", "status", "starts_on", "due_on", "remind_from"]
    fields += ["escalate_on", "met_on", "school_days_late", "placement", "pupil", "provider", "ends_on", "detail"]
    return set(Deadline.objects.filter(**lookup).exclude(kind="attendance").values_list(*fields))


def test_deadlines_are_those_the_clock_works_out(county):
    kinds = set(Deadline.objects.values_list("kind", flat=True))
    assert kinds == set(DeadlineKind.values)
    assert Deadline.objects.filter(status="open", due_on__lt=TODAY).exists()  # some overdue
    assert Reminder.objects.exists()
    # Working them out again changes nothing: the review due dates, the pupils' and the providers'.
    assert review_schedule_refresh(placements=Placement.objects.all()) == 0
    pupils = sorted(set(Deadline.objects.filter(pupil__isnull=False).values_list("pupil_id", flat=True)))[::3]
    before = _deadline_rows(pupil__in=pupils)
    deadlines_refresh(pupil_ids=pupils, today=TODAY)
    assert _deadline_rows(pupil__in=pupils) == before
    providers = list(Deadline.objects.filter(provider__isnull=False).values_list("provider_id", flat=True))
    before = _deadline_rows(provider__in=providers)
    provider_deadlines_refresh(provider_ids=providers, today=TODAY)
    assert _deadline_rows(provider__in=providers) == before


def test_every_page_answers_for_its_user(county):
    from benchmarks import load
    from benchmarks.pages import PAGES, REFERENCE

    facts = load._county()
    cookies = load._sessions(facts["la"])
    failed = []
    # The reference page (for anyone) is served only under benchmarks.settings, not the tests'.
    for page in (p for p in PAGES if p.url != REFERENCE.url):
        profile = load._profile(page.url.format(**facts), cookies[page.who], repeats=1)
        if profile.status != 200:
            failed.append((page.name, page.url, profile.status))
    assert not failed
