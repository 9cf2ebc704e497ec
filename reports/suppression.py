"""Small-number suppression for published reports, so that no child can be identified.

A count from 1 to `threshold - 1` (default 5: REPORTS_SUPPRESSION_THRESHOLD) is shown as "<5"
(primary suppression). A row or column with a total would then let a reader work a suppressed
cell out by subtraction when it is the only one suppressed, so the smallest other non-zero cell
of that line is suppressed too (secondary suppression), repeated until every line with a total
has none or at least two suppressed cells. Zero is shown as 0: it identifies nobody ([unsure]:
some LAs suppress zeros too; set REPORTS_SUPPRESS_ZEROS). Totals themselves are shown unless they
are small.

Money and percentages derived from a suppressed count are suppressed with it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings


def threshold() -> int:
    return int(getattr(settings, "REPORTS_SUPPRESSION_THRESHOLD", 5))


def suppress_zeros() -> bool:
    return bool(getattr(settings, "REPORTS_SUPPRESS_ZEROS", False))


def is_small(count: int, limit: int | None = None) -> bool:
    limit = threshold() if limit is None else limit
    return (0 < count < limit) or (count == 0 and suppress_zeros())


def shown(count: int, suppressed: bool, limit: int | None = None) -> str:
    """How a count is printed: the number, or "<5"."""
    limit = threshold() if limit is None else limit
    return f"<{limit}" if suppressed else f"{count:,}"


@dataclass(frozen=True)
class SuppressedTable:
    """A grid of counts and which cells are hidden. `row_totals` / `column_totals` say which lines
    are published with a total (the lines a reader could subtract along)."""

    counts: tuple[tuple[int, ...], ...]
    hidden: frozenset[tuple[int, int]]
    limit: int

    def cell(self, row: int, column: int) -> str:
        return shown(self.counts[row][column], (row, column) in self.hidden, self.limit)

    def is_hidden(self, row: int, column: int) -> bool:
        return (row, column) in self.hidden


def _lines(rows: int, columns: int, *, by_row: bool, by_column: bool) -> list[list[tuple[int, int]]]:
    lines = []
    if by_row:
        lines += [[(r, c) for c in range(columns)] for r in range(rows)]
    if by_column:
        lines += [[(r, c) for r in range(rows)] for c in range(columns)]
    return lines


def _one_more(line: list[tuple[int, int]], counts, hidden: set) -> tuple[int, int] | None:
    """The smallest non-zero visible cell of a line (ties: the first), to hide beside a lone one."""
    visible = [cell for cell in line if cell not in hidden and counts[cell[0]][cell[1]] > 0]
    return min(visible, key=lambda cell: counts[cell[0]][cell[1]]) if visible else None


def suppress(
    counts: Sequence[Sequence[int]], *, row_totals: bool = True, column_totals: bool = True, limit: int | None = None
) -> SuppressedTable:
    """Primary then secondary suppression of a grid of counts (see the module's docstring)."""
    limit = threshold() if limit is None else limit
    grid = tuple(tuple(int(n) for n in row) for row in counts)
    hidden = {(r, c) for r, row in enumerate(grid) for c, n in enumerate(row) if is_small(n, limit)}
    lines = _lines(len(grid), len(grid[0]) if grid else 0, by_row=row_totals, by_column=column_totals)
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for cell in line if cell in hidden) == 1:
                extra = _one_more(line, grid, hidden)
                if extra is not None:
                    hidden.add(extra)
                    changed = True
    return SuppressedTable(counts=grid, hidden=frozenset(hidden), limit=limit)
