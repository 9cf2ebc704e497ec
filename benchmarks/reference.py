"""The reference page's 100,000 rows (benchmarks.models.ReferenceRow)."""

from __future__ import annotations

from .bulk import copy_rows


def build_reference_rows(*, count: int = 100_000) -> int:
    from .models import ReferenceRow  # only importable where the benchmarks app is installed

    if ReferenceRow.objects.exists():
        return 0
    rows = ((i + 1, f"Reference row {(i * 7919) % count:06d}", i) for i in range(count))
    return copy_rows(ReferenceRow, ["id", "name", "number"], rows)
