"""The registration test (Education and Skills Act 2008 s.92): 5 full-time pupils of compulsory
school age, or 1 with an EHCP or looked after."""

from decimal import Decimal

import pytest

from providers.registration import PupilAtProvider, RegistrationCounts, count_pupils, is_full_time, registration_warning


def _pupils(n, **kwargs):
    defaults = {"hours_per_week": Decimal("25"), "compulsory_school_age": True}
    return [PupilAtProvider(**(defaults | kwargs)) for _ in range(n)]


def test_four_full_time_pupils_do_not_trigger_registration():
    assert not registration_warning(count_pupils(_pupils(4))).must_register


def test_five_full_time_pupils_of_compulsory_school_age_must_register():
    warning = registration_warning(count_pupils(_pupils(5)))
    assert warning.must_register
    assert "must register as an independent school" in warning.reason


def test_one_full_time_pupil_with_an_ehcp_must_register():
    assert registration_warning(count_pupils(_pupils(1, has_ehcp=True))).must_register


def test_one_full_time_looked_after_pupil_must_register():
    assert registration_warning(count_pupils(_pupils(1, looked_after=True))).must_register


def test_part_time_pupils_do_not_count():
    pupils = _pupils(10, hours_per_week=Decimal("17.5")) + _pupils(1, hours_per_week=Decimal("10"), has_ehcp=True)
    counts = count_pupils(pupils)
    assert counts == RegistrationCounts(full_time=0, full_time_with_ehcp_or_looked_after=0)
    assert not registration_warning(counts).must_register


def test_pupils_over_compulsory_school_age_do_not_count():
    assert not registration_warning(count_pupils(_pupils(6, compulsory_school_age=False))).must_register


def test_eighteen_hours_a_week_is_full_time_by_default():
    assert is_full_time(Decimal("18"))
    assert not is_full_time(Decimal("17.99"))


def test_full_time_threshold_is_a_setting(settings):
    settings.PROVIDERS_FULL_TIME_HOURS_PER_WEEK = "15"
    assert is_full_time(Decimal("15"))
    assert registration_warning(count_pupils(_pupils(5, hours_per_week=Decimal("16")))).must_register


@pytest.mark.parametrize("full_time, vulnerable", [(5, 0), (0, 1), (9, 3)])
def test_schools_never_get_the_warning(full_time, vulnerable):
    counts = RegistrationCounts(full_time=full_time, full_time_with_ehcp_or_looked_after=vulnerable)
    assert not registration_warning(counts, is_school=True).must_register
