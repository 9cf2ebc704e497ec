"""Whole numbers typed by people: only the ASCII digits 0-9 count.

`str.isdigit()` is also true for '²', '٣' or '５', which `int()` then refuses (or reads as another
number): every check of typed or posted digits uses `is_ascii_digits` instead.
"""

from __future__ import annotations


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty string of 0-9 only ('2026', '007'); false for '', '-1', '²', '１'."""
    return text.isascii() and text.isdigit()
