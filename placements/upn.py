"""Unique Pupil Numbers: the DfE check-letter algorithm for permanent and temporary UPNs.

Source: DfE "Unique pupil numbers (UPNs)" guidance (domain brief section 7). A UPN is 13
characters: check letter, LA number (3 digits), establishment number (4), year (2), serial (3).
A temporary UPN has a letter in position 13.
"""

from __future__ import annotations

from collections.abc import Iterable

from apcommission.core.digits import is_ascii_digits

#: The check-letter alphabet: 0-22 map to these letters (no I, O or S).
CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

ERROR_CHECK_LETTER = "UPN invalid (wrong check letter at character 1)"
ERROR_LA_CODE = "UPN invalid (characters 2-4 not a recognised LA code)"
ERROR_NOT_NUMERIC = "UPN invalid (characters 5-12 not all numeric)"
ERROR_CHARACTER_13 = "UPN invalid (character 13 not a recognised value)"
ERROR_LENGTH = "Enter a UPN of 13 characters, like H801200001001"

#: English LA numbers (the DfE's LA codes) by range. [unsure] the exact current list; a UPN whose
#: LA number is one of the service's own local authorities is always accepted as well.
RECOGNISED_LA_CODE_RANGES: tuple[tuple[int, int], ...] = (
    (201, 213),  # inner London
    (301, 320),  # outer London
    (330, 344),  # metropolitan districts (West Midlands, Merseyside)
    (350, 359),  # Greater Manchester
    (370, 373),  # South Yorkshire
    (380, 384),  # West Yorkshire
    (390, 394),  # Tyne and Wear
    (420, 420),  # Isles of Scilly
    (800, 942),  # unitary authorities and counties
)


def normalise_upn(value: str) -> str:
    """Upper case, spaces removed: people type UPNs in many shapes."""
    return "".join(value.split()).upper()


def check_letter(upn_without_check: str) -> str:
    """The check letter for characters 2-13 (given as a 12-character string).

    Weights 2-13; a letter in position 13 counts as its index in CHECK_LETTERS (A=0, B=1, ...)."""
    total = 0
    for weight, char in enumerate(upn_without_check, start=2):
        value = CHECK_LETTERS.index(char) if char.isalpha() else int(char)
        total += weight * value
    return CHECK_LETTERS[total % 23]


def is_recognised_la_code(code: str, extra_codes: Iterable[str] = ()) -> bool:
    if not (len(code) == 3 and is_ascii_digits(code)):
        return False
    if code in set(extra_codes):
        return True
    number = int(code)
    return any(low <= number <= high for low, high in RECOGNISED_LA_CODE_RANGES)


def upn_errors(value: str, *, extra_la_codes: Iterable[str] = ()) -> list[str]:
    """The DfE error texts that apply to `value` (empty when the UPN is valid).

    Checks run in the DfE's order; the check letter is only checked when the rest is well formed."""
    upn = normalise_upn(value)
    if len(upn) != 13:
        return [ERROR_LENGTH]
    errors = []
    if not is_recognised_la_code(upn[1:4], extra_la_codes):
        errors.append(ERROR_LA_CODE)
    if not is_ascii_digits(upn[4:12]):
        errors.append(ERROR_NOT_NUMERIC)
    last = upn[12]
    if not (is_ascii_digits(last) or last in CHECK_LETTERS):
        errors.append(ERROR_CHARACTER_13)
    if not is_ascii_digits(upn[1:4]):
        return errors
    if (not errors or errors == [ERROR_LA_CODE]) and upn[0] != check_letter(upn[1:]):
        errors.insert(0, ERROR_CHECK_LETTER)
    return errors


#: The same checks in words for the person typing a UPN (GOV.UK error messages): one at a time.
MESSAGE_FORMAT = "Enter a UPN in the correct format, like H801200001001"
MESSAGE_LA_CODE = "Enter a UPN with a local authority number as its 2nd to 4th characters, like 801 in H801200001001"
MESSAGE_CHECK_LETTER = (
    "The first letter of the UPN does not match the rest of it. Check the UPN on the pupil's school record "
    "and enter it again"
)
_MESSAGES = {
    ERROR_LENGTH: MESSAGE_FORMAT,
    ERROR_NOT_NUMERIC: MESSAGE_FORMAT,
    ERROR_CHARACTER_13: MESSAGE_FORMAT,
    ERROR_LA_CODE: MESSAGE_LA_CODE,
    ERROR_CHECK_LETTER: MESSAGE_CHECK_LETTER,
}


def upn_messages(value: str, *, extra_la_codes: Iterable[str] = ()) -> list[str]:
    """What is wrong with a typed UPN, as one GOV.UK error message (empty when valid). The DfE's
    own texts (upn_errors) are for returns such as the AP census, where they are expected."""
    upn = normalise_upn(value)
    if not upn[:1].isalpha():
        return [MESSAGE_FORMAT]
    errors = upn_errors(upn, extra_la_codes=extra_la_codes)
    if not errors:
        return []
    order = [ERROR_LENGTH, ERROR_NOT_NUMERIC, ERROR_CHARACTER_13, ERROR_LA_CODE, ERROR_CHECK_LETTER]
    return [_MESSAGES[min(errors, key=order.index)]]


def is_temporary_upn(value: str) -> bool:
    """A temporary UPN (issued before the permanent one is known) ends in a letter."""
    return normalise_upn(value)[-1:].isalpha()


#: The DfE's errors as bits of `Pupil.upn_problems` (bit i: CHECKS[i]), in the order they are listed.
CHECKS = (ERROR_LENGTH, ERROR_CHECK_LETTER, ERROR_LA_CODE, ERROR_NOT_NUMERIC, ERROR_CHARACTER_13)


def upn_error_bits(value: str) -> int:
    """upn_errors(value) as bits of CHECKS (0 when the UPN is valid), to be stored with the UPN."""
    return sum(1 << CHECKS.index(error) for error in upn_errors(value))


def errors_of_bits(bits: int) -> list[str]:
    """The DfE error texts of stored bits (upn_error_bits), in the order of CHECKS."""
    return [error for index, error in enumerate(CHECKS) if bits >> index & 1]


def is_valid_upn(value: str, *, extra_la_codes: Iterable[str] = ()) -> bool:
    return not upn_errors(value, extra_la_codes=extra_la_codes)
