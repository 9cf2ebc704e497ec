"""The Forum pack's money: the High Needs Block, spend by route, provider type and key stage, the
unit-cost trend, place funding and recoupment read back from the PDF's text and checked against
sums worked out here for a dataset whose every figure is known; small pupil counts hidden; the
day-6 figures of the statutory clock; and the same number of queries for a larger county."""

import datetime as dt
import re
import subprocess
from decimal import Decimal

import pytest

from apcommission.core.models import SchoolType
from apcommission.core.pdf import render_pdf
from apcommission.core.years import academic_year_start
from funding.models import DeficitFigure, Recoupment
from funding.services import commitments_refresh, recoupment_calculate
from placements.models import Deadline
from reports.selectors.pack import PackOptions, forum_pack
from tests.factories import SchoolFactory
from tests.funding.factories import (
    BudgetLineFactory,
    CommissionedPlacesFactory,
    ExclusionFactory,
    InvoiceFactory,
    PerPupilRateFactory,
    PupilFactory,
    la_paid_placement,
)
from tests.providers.factories import ProviderFactory

AS_AT = dt.date(2026, 11, 30)
WEEKLY = Decimal("285.00")  # la_paid_placement: £95 a day, 6 sessions a week
#: 7–30 September 2026: 18 weekdays; 1–2 October: 2 (no bank holiday in either).
SEPTEMBER_TOP_UP = WEEKLY * 18 / 5  # £1,026.00
OCTOBER_TOP_UP = WEEKLY * 2 / 5  # £114.00
#: 12–23 January 2026 (2025-26): 10 weekdays.
JANUARY_TOP_UP = WEEKLY * 10 / 5  # £570.00


#: A year group in the middle of each key stage: its pupils stay in it through the next academic year.
MIDDLE_YEAR = {"ks2": 4, "ks3": 8, "ks4": 10}


def _placements(la, school, count, *, key_stage, start, end):
    """Placements of pupils in `key_stage` on `start` (their year group then is MIDDLE_YEAR's)."""
    born = dt.date(academic_year_start(start) - 5 - MIDDLE_YEAR[key_stage], 12, 1)
    made = []
    for _ in range(count):
        placement = la_paid_placement(
            pupil__home_school=school, pupil__date_of_birth=born, start_date=start, end_date=end
        )
        placement.key_stage = key_stage
        placement.save()
        made.append(placement)
    return made


@pytest.fixture
def money_county(la, la_finance):
    school = SchoolFactory(organisation__local_authority=la, school_type=SchoolType.MAINTAINED)
    BudgetLineFactory(local_authority=la, financial_year=2026, name="AP top-up", amount=Decimal("120000.00"))
    BudgetLineFactory(local_authority=la, financial_year=2026, name="Place funding", amount=Decimal("60000.00"))
    DeficitFigure.objects.create(
        local_authority=la, financial_year=2026, amount=Decimal("250000.00"), as_at=dt.date(2026, 4, 1)
    )
    pru = ProviderFactory(organisation__local_authority=la, organisation__name="Riverside PRU", provider_type="pru")
    CommissionedPlacesFactory(local_authority=la, provider=pru, academic_year=2025, places=8)
    CommissionedPlacesFactory(local_authority=la, provider=pru, academic_year=2026, places=10)
    autumn = {"start": dt.date(2026, 9, 7), "end": dt.date(2026, 10, 2)}
    ks3 = _placements(la, school, 6, key_stage="ks3", **autumn)
    _placements(la, school, 2, key_stage="ks4", **autumn)
    _placements(la, school, 5, key_stage="ks3", start=dt.date(2026, 1, 12), end=dt.date(2026, 1, 23))
    invoice = InvoiceFactory(
        placement=ks3[0], period_start=dt.date(2026, 9, 7), period_end=dt.date(2026, 9, 30), amount=SEPTEMBER_TOP_UP
    )
    invoice.status = "approved"
    invoice.save()
    PerPupilRateFactory(local_authority=la, financial_year=2026, kind="awpu", band="ks3", amount=Decimal("5200.00"))
    for day in (dt.date(2026, 4, 1), dt.date(2026, 4, 2)):
        child = PupilFactory(home_school=school, date_of_birth=dt.date(2012, 1, 15))  # Year 9 in 2025/26
        exclusion = ExclusionFactory(pupil=child, school=school, kind="permanent", first_day=day)
        recoupment_calculate(user=la_finance, exclusion=exclusion, basis="maintained")
    Recoupment.objects.filter(relevant_date=dt.date(2026, 4, 1)).update(
        status="recovered", recovered_on=dt.date(2026, 6, 1)
    )
    commitments_refresh(local_authority=la)
    return {"school": school, "pru": pru}


def _options():
    return PackOptions(
        meeting_date=dt.date(2026, 12, 10),
        financial_year=2026,
        first_snapshot=dt.date(2026, 9, 1),
        second_snapshot=dt.date(2026, 11, 1),
    )


def _text(pdf: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


CELL = re.compile(r"−?£[\d,]+(?:\.\d\d)?|<\d+|[+−-]?\d[\d,]*%?|[A-Z][a-z][A-Za-z ]+[a-z]")


def _line(text: str, start: str, after: str = "") -> list[str]:
    """The first line starting with `start` after the text `after`: the label, then its cells
    (amounts, counts, and words for a text column)."""
    part = text[text.index(after) :] if after else text
    line = next(line for line in part.splitlines() if line.strip().startswith(start))
    return [start, *(cell.strip() for cell in CELL.findall(line.strip()[len(start) :]))]


def _whole(amount: Decimal) -> str:
    whole = int(amount.quantize(Decimal("1"), rounding="ROUND_HALF_UP"))
    return f"−£{-whole:,}" if whole < 0 else f"£{whole:,}"


def _pence(amount: Decimal) -> str:
    return f"−£{-amount:,.2f}" if amount < 0 else f"£{amount:,.2f}"


@pytest.fixture
def pack_text(la, money_county):
    pack = forum_pack(local_authority=la, title="Forum pack", options=_options(), as_at=AS_AT)
    return _text(render_pdf("reports/forum_pack_pdf.html", {"pack": pack}, tagged=True))


def test_high_needs_block_figures_read_back_from_the_pdf(pack_text):
    # Place funding: 8 places × £10,000 for 2025/26 (April to August), 10 × £10,000 for 2026/27.
    place_2025 = [Decimal("6666.67")] * 4 + [Decimal("80000.00") - Decimal("6666.67") * 11]
    place_2026 = [Decimal("8333.33")] * 7
    place = place_2025 + place_2026
    top_ups = [Decimal(0)] * 5 + [8 * SEPTEMBER_TOP_UP, 8 * OCTOBER_TOP_UP] + [Decimal(0)] * 5
    commitments = [p + t for p, t in zip(place, top_ups, strict=True)]
    begun = 8  # April to November have begun on 30 November
    actuals = [p for p in place[:begun]] + [Decimal(0)] * 4
    actuals[5] += SEPTEMBER_TOP_UP  # the approved invoice, in the month its period ends
    budget = Decimal("180000.00")
    forecast = sum(commitments)  # every top-up month is forecast at its commitment or invoiced at it
    assert forecast == Decimal("100786.62") and sum(actuals) == Decimal("59359.30")

    summary = pack_text[pack_text.index("High Needs Block (AP), 2026-27") :]
    assert _line(summary, "Budget")[-1] == "£180,000.00"
    assert _line(summary, "Commitments")[-1] == _pence(sum(commitments))
    assert _line(summary, "Actuals to 30 November 2026")[-1] == _pence(sum(actuals))
    assert _line(summary, "Forecast outturn")[-1] == _pence(forecast)
    assert _line(summary, "Variance")[-1] == _pence(forecast - budget) == "−£79,213.38"
    assert _line(summary, "Cumulative DSG deficit brought forward")[-1] == "£250,000.00"
    assert _line(summary, "Cumulative deficit with this year")[-1] == _pence(Decimal("250000.00") + forecast - budget)

    after = "Budget, commitments, actuals and forecast outturn by month"
    assert _line(pack_text, "April 2026", after)[1:] == [
        "£15,000", _whole(commitments[0]), _whole(actuals[0]), _whole(commitments[0]),
        _whole(commitments[0] - Decimal("15000")),
    ]  # fmt: skip
    assert _line(pack_text, "September 2026", after)[1:] == [
        "£15,000", "£16,541", "£9,359", "£16,541", "£1,541",
    ]  # fmt: skip
    assert _line(pack_text, "Year", after)[1:] == [
        "£180,000", _whole(sum(commitments)), _whole(sum(actuals)), _whole(forecast), _whole(forecast - budget),
    ]  # fmt: skip
    assert "<svg" not in pack_text and "Budget, actuals and forecast outturn by month, 2026-27" not in pack_text


def test_spend_by_route_and_key_stage_with_small_pupil_counts_hidden(pack_text):
    placements = 8 * (SEPTEMBER_TOP_UP + OCTOBER_TOP_UP)  # £9,120.00
    by_route = pack_text[pack_text.index("Spend by route, 2026-27") :]
    assert _line(by_route, "Interim provision while awaiting a")[1:] == [
        _whole(placements), _whole(SEPTEMBER_TOP_UP), _whole(placements), "8", "£1,140",
    ]  # fmt: skip
    assert _line(by_route, "Place funding (not by pupil)")[1:] == ["£91,667", "£58,333", "£91,667"]
    assert _line(by_route, "Total")[1:] == ["£100,787", "£59,359", "£100,787", "8", "£1,140"]
    by_stage = pack_text[pack_text.index("Spend by key stage, 2026-27") :]
    # Two KS4 pupils are hidden, and the six in KS3 with them: 8 − 6 would give the two away.
    assert _line(by_stage, "Key stage 4")[1:] == [_whole(2 * (SEPTEMBER_TOP_UP + OCTOBER_TOP_UP)), "£0", "£2,280", "<5"]
    assert _line(by_stage, "Key stage 3")[1:] == ["£6,840", "£1,026", "£6,840", "<5"]


def test_unit_cost_trend_over_four_years(pack_text):
    trend = pack_text[pack_text.index("Unit cost per pupil, 2023-24 to 2026-27") :]
    assert _line(trend, "2023-24")[1:] == ["0", "£0"]
    assert _line(trend, "2024-25")[1:] == ["0", "£0"]
    assert _line(trend, "2025-26")[1:] == ["5", _whole(5 * JANUARY_TOP_UP), "£570.00"]
    assert _line(trend, "2026-27")[1:] == ["8", "£9,120", "£1,140.00"]


def test_place_funding_place_change_and_recoupment(pack_text):
    places = pack_text[pack_text.index("Place funding, 2025/26 and 2026/27") :]
    assert _line(places, "Places")[1:] == ["8", "10", "+2"]
    assert _line(places, "Place funding", after="Places")[1:] == ["£80,000", "£100,000"]
    assert _line(places, "Riverside PRU")[1:] == ["Pupil referral unit", "8", "10", "+2"]
    recoupment = pack_text[pack_text.index("Recoupment, 2026-27") :]
    # Two Year 9 pupils excluded on 1 and 2 April 2026: £5,200 × 52 ÷ 52 each; one recovered.
    assert _line(recoupment, "Exclusions with a reduction raised")[-1] == "<5"
    assert _line(recoupment, "Raised")[-1] == "£10,400.00"
    assert _line(recoupment, "Recovered")[-1] == "£5,200.00"
    assert _line(recoupment, "Still to recover")[-1] == "£5,200.00"


def _day6_duties(la, school, *, met: int, missed: int, due: int, suspensions_missed: int = 0):
    """Day-6 deadlines with known outcomes in 2026-27 (as the statutory clock stores them)."""
    kinds = [("met", met, "la"), ("missed", missed, "la"), ("due", due, "la"), ("missed", suspensions_missed, "school")]
    n = 0
    for state, count, holder in kinds:
        for _ in range(count):
            n += 1
            due_on = dt.date(2026, 12, 7) if state == "due" else dt.date(2026, 10, 1)
            Deadline.objects.create(
                key=f"day6:pack:{n}",
                kind="day6_permanent" if holder == "la" else "day6_suspension",
                holder=holder,
                holder_organisation=la if holder == "la" else school.organisation,
                local_authority=la,
                school=school,
                pupil=PupilFactory(home_school=school),
                starts_on=due_on - dt.timedelta(days=7),
                due_on=due_on,
                remind_from=due_on,
                status="met" if state == "met" else "open",
                met_on=due_on if state == "met" else None,
            )


def test_statutory_duties_print_the_day6_figures(la, money_county):
    _day6_duties(la, money_county["school"], met=6, missed=5, due=7)
    pack = forum_pack(local_authority=la, title="Forum pack", options=_options(), as_at=AS_AT)
    text = _text(render_pdf("reports/forum_pack_pdf.html", {"pack": pack}, tagged=True))
    section = text[text.index("Statutory duties met (day 6)") :]
    assert "Day-6 duty met: 54.5%" in section  # 6 of the 11 whose sixth day has come
    assert re.search(r"Local authority\s+6\s+5\s+7\s+54\.5%", section)
    assert re.search(r"School\s+0\s+0\s+0\s+–", section)
    assert re.search(r"All\s+6\s+5\s+7\s+54\.5%", section)
    assert "Not yet measured" not in section


def test_statutory_duties_hide_small_counts_and_the_percentage_from_them(la, money_county):
    _day6_duties(la, money_county["school"], met=6, missed=2, due=0, suspensions_missed=3)
    pack = forum_pack(local_authority=la, title="Forum pack", options=_options(), as_at=AS_AT)
    text = _text(render_pdf("reports/forum_pack_pdf.html", {"pack": pack}, tagged=True))
    section = text[text.index("Statutory duties met (day 6)") :]
    # 2 missed is hidden, and the 6 beside it so that it cannot be worked out; so is their percentage.
    assert re.search(r"Local authority\s+<5\s+<5\s+0\s+Suppressed", section)
    assert re.search(r"School\s+0\s+<5\s+0\s+Suppressed", section)
    assert re.search(r"All\s+6\s+5\s+0\s+54\.5%", section)


def test_gathering_the_money_takes_the_same_queries_for_a_bigger_county(la, money_county, django_assert_num_queries):
    with django_assert_num_queries(22) as small:  # 21, and one for the day-6 figures
        forum_pack(local_authority=la, title="t", options=_options(), as_at=AS_AT)
    school = money_county["school"]
    more = _placements(la, school, 12, key_stage="ks4", start=dt.date(2026, 10, 5), end=dt.date(2027, 2, 12))
    _placements(la, school, 7, key_stage="ks2", start=dt.date(2025, 6, 2), end=dt.date(2025, 7, 11))
    for placement in more[:3]:
        approved = InvoiceFactory(
            placement=placement, period_start=dt.date(2026, 10, 5), period_end=dt.date(2026, 10, 30), status="approved"
        )
        assert approved.pk
    CommissionedPlacesFactory(
        local_authority=la, academic_year=2026, places=4,
        provider=ProviderFactory(organisation__local_authority=la, provider_type="ap_academy"),
    )  # fmt: skip
    commitments_refresh(local_authority=la)
    with django_assert_num_queries(len(small.captured_queries)):
        forum_pack(local_authority=la, title="t", options=_options(), as_at=AS_AT)


def test_each_chart_is_inline_svg_beside_a_table_of_the_same_figures(la, money_county):
    from django.template.loader import render_to_string

    pack = forum_pack(local_authority=la, title="Forum pack", options=_options(), as_at=AS_AT)
    html = render_to_string("reports/forum_pack_pdf.html", {"pack": pack})
    for title, table in (
        ("Budget, actuals and forecast outturn by month, 2026-27", 'id="hnb-months"'),
        ("Forecast outturn by route (the same figures are in the table)", 'id="spend-route"'),
        ("Cost per pupil by financial year (the same figures are in the table)", 'id="unit-costs"'),
    ):
        assert title in html and table in html.split(title, 1)[1], title
    trend = html.split("Cost per pupil by financial year", 1)[1].split("</svg>", 1)[0]
    assert "£570.00" in trend and "£1,140.00" in trend and trend.count("no pupils") == 2
    assert "<script" not in html and "<img" not in html
