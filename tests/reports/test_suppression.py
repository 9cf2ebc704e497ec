"""Small numbers hidden so that no child can be identified, and not recoverable from totals."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.suppression import suppress

grids = st.integers(1, 5).flatmap(
    lambda columns: st.lists(st.lists(st.integers(0, 40), min_size=columns, max_size=columns), min_size=1, max_size=7)
)


def test_a_small_count_is_shown_as_under_five():
    table = suppress([[12, 3, 20]], row_totals=False, column_totals=False)
    assert [table.cell(0, c) for c in range(3)] == ["12", "<5", "20"]


def test_a_lone_hidden_cell_takes_the_smallest_other_cell_of_its_line_with_it():
    # Row total 35 minus 12 and 20 would give the 3 away: the 12 is hidden too.
    table = suppress([[12, 3, 20]], row_totals=True, column_totals=False)
    assert [table.cell(0, c) for c in range(3)] == ["<5", "<5", "20"]


def test_zero_identifies_nobody_and_stays_visible():
    table = suppress([[0, 7, 9]])
    assert table.cell(0, 0) == "0" and not table.hidden


@settings(max_examples=300, deadline=None)
@given(grids)
def test_no_hidden_count_can_be_worked_out_from_a_published_total(counts):
    table = suppress(counts, row_totals=True, column_totals=True)
    rows, columns = len(counts), len(counts[0])
    for r in range(rows):
        for c in range(columns):
            if 0 < counts[r][c] < 5:
                assert table.is_hidden(r, c), "every small count is hidden"
    lines = [[(r, c) for c in range(columns)] for r in range(rows)] + [
        [(r, c) for r in range(rows)] for c in range(columns)
    ]
    for line in lines:
        hidden = [cell for cell in line if table.is_hidden(*cell)]
        nonzero_visible = [cell for cell in line if not table.is_hidden(*cell) and counts[cell[0]][cell[1]] > 0]
        # A lone hidden cell is allowed only when nothing else could be hidden beside it (the rest are zero),
        # and then the line's total minus zeros is the hidden count: refuse that case too by construction.
        assert len(hidden) != 1 or not nonzero_visible, f"line {line} leaks its hidden cell"
