import pytest

from placements.upn import (
    ERROR_CHARACTER_13,
    ERROR_CHECK_LETTER,
    ERROR_LA_CODE,
    ERROR_NOT_NUMERIC,
    MESSAGE_CHECK_LETTER,
    MESSAGE_FORMAT,
    MESSAGE_LA_CODE,
    check_letter,
    is_temporary_upn,
    is_valid_upn,
    upn_errors,
    upn_messages,
)


@pytest.mark.parametrize("upn", ["H801200001001", "B801200005001", "G80120000101A", "h801 2000 01001"])
def test_the_briefs_vectors_are_valid(upn):
    assert upn_errors(upn) == []


def test_the_briefs_worked_sum_gives_h():
    # 8×2 + 1×4 + 2×5 + 1×10 + 1×13 = 53; 53 mod 23 = 7 → H
    assert check_letter("801200001001") == "H"


def test_a_temporary_upn_counts_its_last_letter_from_a_is_0():
    # 8×2 + 1×4 + 2×5 + 1×10 + 1×12 + A(0)×13 = 52; 52 mod 23 = 6 → G
    assert check_letter("80120000101A") == "G"
    assert is_temporary_upn("G80120000101A")
    assert not is_temporary_upn("H801200001001")


@pytest.mark.parametrize(
    ("upn", "error"),
    [
        ("A801200001001", ERROR_CHECK_LETTER),
        ("H001200001001", ERROR_LA_CODE),
        ("H8012000X1001", ERROR_NOT_NUMERIC),
        ("H80120000100I", ERROR_CHARACTER_13),
        ("H80120000100S", ERROR_CHARACTER_13),
    ],
)
def test_invalid_upns_get_the_dfe_error_text(upn, error):
    assert error in upn_errors(upn)


def test_a_upn_of_the_wrong_length_is_refused():
    assert upn_errors("H8012000010") == ["Enter a UPN of 13 characters, like H801200001001"]


def test_the_services_own_la_codes_are_recognised():
    upn = check_letter("999200001001") + "999200001001"
    assert not is_valid_upn(upn)
    assert is_valid_upn(upn, extra_la_codes=["999"])


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("H8012000010", MESSAGE_FORMAT),
        ("1801200001001", MESSAGE_FORMAT),
        ("H8012000X1001", MESSAGE_FORMAT),
        ("H80120000100S", MESSAGE_FORMAT),
        ("H001200001001", MESSAGE_LA_CODE),
        ("A801200001001", MESSAGE_CHECK_LETTER),
    ],
)
def test_a_typed_upn_gets_one_message_in_plain_words(typed, message):
    assert upn_messages(typed) == [message]
    assert upn_messages("H801200001001") == []


def test_the_plain_messages_read_as_gov_uk_asks():
    assert MESSAGE_FORMAT == "Enter a UPN in the correct format, like H801200001001"
    assert "character 1" not in MESSAGE_CHECK_LETTER and "first letter" in MESSAGE_CHECK_LETTER


@pytest.mark.parametrize("upn", ["A99012345678²", "A9901234567²8", "A²9012345678A", "H８01200001001", "H801200001٠01"])
def test_unicode_digits_are_not_digits(upn):
    assert upn_errors(upn) != []
    assert not is_valid_upn(upn)
