"""The exclusion adjustment's arithmetic on worked examples (SEYFR reg 39: A × (B ÷ 52) + C; the
admitting school D × (E ÷ F)), with the words a school business manager checks."""

import datetime as dt
from decimal import Decimal

from funding.recoupment_rule import Rate, admitting_amount, complete_weeks, exclusion_reduction, funding_period_end

KS3 = Rate(Decimal("5000.00"), "Key stage 3 (Years 7 to 9)", "2025-26")
PP = Rate(Decimal("1050.00"), "Secondary (Years 7 to 11)", "2025-26")


def reduce(day, *, transfer=False, awpu=KS3, pp=None, c=Decimal("0"), reason=""):
    return exclusion_reduction(
        relevant_date=day,
        relevant_date_words="the first day of the exclusion",
        transfer_year=transfer,
        year_group="Year 9",
        awpu=awpu,
        pupil_premium=pp,
        adjustment=c,
        adjustment_reason=reason,
    )


def test_complete_weeks_count_both_days_by_default():
    assert complete_weeks(dt.date(2026, 3, 2), dt.date(2026, 3, 31)) == (30, 4)
    assert complete_weeks(dt.date(2026, 3, 4), dt.date(2026, 3, 31)) == (28, 4)
    assert complete_weeks(dt.date(2026, 3, 4), dt.date(2026, 3, 31), both_days=False) == (27, 3)
    assert complete_weeks(dt.date(2026, 4, 1), dt.date(2026, 3, 31)) == (0, 0)


def test_excluded_on_2_march_four_weeks_to_31_march():
    worked = reduce(dt.date(2026, 3, 2), pp=PP)
    assert worked.weeks == 4
    assert worked.awpu_amount == Decimal("384.62")  # 5000 × 4 ÷ 52 = 384.6154
    assert worked.pupil_premium_amount == Decimal("80.77")  # 1050 × 4 ÷ 52 = 80.7692
    assert worked.total == Decimal("465.39")
    words = "\n".join(worked.arithmetic)
    assert "B = complete weeks from Monday 2 March 2026 to Tuesday 31 March 2026" in words
    assert "30 days ÷ 7 = 4 complete weeks" in words
    assert "£5,000.00 × 4 ÷ 52 = £384.62 (£384.6154 before rounding to the nearest penny)" in words
    assert "£1,050.00 × 4 ÷ 52 = £80.77 (£80.7692 before rounding to the nearest penny)" in words
    assert "Reduction = AWPU line + pupil premium line + C = £384.62 + £80.77 + £0.00 = £465.39." in words


def test_around_1_april_the_new_funding_period_starts():
    last_day = reduce(dt.date(2026, 3, 31))
    assert (last_day.weeks, last_day.total) == (0, Decimal("0.00"))
    first_day = reduce(dt.date(2026, 4, 1), awpu=Rate(Decimal("5200.00"), "Key stage 3", "2026-27"))
    assert first_day.period_end == dt.date(2027, 3, 31)
    assert first_day.weeks == 52  # 365 days
    assert first_day.total == Decimal("5200.00")


def test_transfer_year_pupil_excluded_on_or_after_1_april_counts_to_31_august():
    assert funding_period_end(dt.date(2026, 4, 1), transfer_year=True)[0] == dt.date(2026, 8, 31)
    assert funding_period_end(dt.date(2026, 3, 31), transfer_year=True)[0] == dt.date(2026, 3, 31)
    assert funding_period_end(dt.date(2026, 1, 12), transfer_year=True)[0] == dt.date(2026, 3, 31)
    ks4 = Rate(Decimal("5600.00"), "Key stage 4 (Years 10 and 11)", "2026-27")
    worked = reduce(dt.date(2026, 4, 1), transfer=True, awpu=ks4)
    assert worked.weeks == 21  # 1 April to 31 August: 153 days
    assert worked.total == Decimal("2261.54")  # 5600 × 21 ÷ 52 = 2261.5385
    words = "\n".join(worked.arithmetic)
    assert "B counts to Monday 31 August 2026, the end of the school year" in words
    assert "153 days ÷ 7 = 21 complete weeks" in words


def test_c_is_added_with_its_reason():
    worked = reduce(dt.date(2026, 3, 2), c=Decimal("4000.00"), reason="independent review panel direction")
    assert worked.total == Decimal("4384.62")
    assert "C = £4,000.00: independent review panel direction." in worked.arithmetic


def test_admitting_school_is_due_d_times_e_over_f():
    excluding = reduce(dt.date(2026, 1, 5))
    assert (excluding.weeks, excluding.awpu_amount) == (12, Decimal("1153.85"))  # 86 days; 5000 × 12 ÷ 52
    worked = admitting_amount(
        reduction=excluding.awpu_amount,
        pupil_premium_reduction=Decimal("0.00"),
        relevant_date=dt.date(2026, 1, 5),
        period_end=excluding.period_end,
        admitted_on=dt.date(2026, 2, 2),
    )
    assert (worked.weeks, worked.weeks_from_relevant_date) == (8, 12)  # 58 days; 86 days
    assert worked.total == Decimal("769.23")  # 1153.85 × 8 ÷ 12 = 769.2333
    assert "£1,153.85 × 8 ÷ 12 = £769.23 (£769.2333 before rounding to the nearest penny)" in "\n".join(
        worked.arithmetic
    )


def test_each_line_is_rounded_half_up_to_the_penny_once():
    # £1,300.13 × 26 ÷ 52 = £650.065 exactly: half a penny goes up (banker's rounding would give .06).
    worked = reduce(dt.date(2026, 3, 2), awpu=Rate(Decimal("1300.13"), "KS3", "2025-26"))
    assert worked.weeks == 4
    half = exclusion_reduction(
        relevant_date=dt.date(2025, 9, 29),  # to 31 March 2026: 184 days, 26 weeks
        relevant_date_words="the first day of the exclusion",
        transfer_year=False,
        year_group="Year 9",
        awpu=Rate(Decimal("1300.13"), "KS3", "2025-26"),
        pupil_premium=Rate(Decimal("1300.13"), "Secondary", "2025-26"),
    )
    assert half.weeks == 26
    assert (half.awpu_amount, half.pupil_premium_amount, half.total) == (
        Decimal("650.07"),
        Decimal("650.07"),
        Decimal("1300.14"),  # the rounded lines added, not the unrounded sum rounded (1300.13)
    )
    assert "(£650.0650 before rounding to the nearest penny)" in half.arithmetic[5]
