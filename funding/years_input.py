"""Years as people write them: a financial year as 2026-27 (or 2026/27, or 2026), an academic
year as 2026/27. Either way the answer is the year it starts (apcommission.core.years)."""

from __future__ import annotations

import re

YEAR = re.compile(r"^(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?$")
EARLIEST, LATEST = 2000, 2099


def parse_year(value: str, what: str = "year") -> int:
    """2026 from "2026-27", "2026/27", "2026/2027" or "2026"; ValueError with a message if not."""
    text = (value or "").strip()
    match = YEAR.match(text)
    if not match:
        raise ValueError(f"Enter the {what} like 2026-27")
    start = int(match.group(1))
    if match.group(2) is not None:
        end, written = int(match.group(2)), match.group(2)
        expected = start + 1 if len(written) == 4 else (start + 1) % 100
        if end != expected:
            raise ValueError(f"The {what} must be two years in a row, like 2026-27")
    if not EARLIEST <= start <= LATEST:
        raise ValueError(f"The {what} must be between {EARLIEST} and {LATEST}")
    return start
