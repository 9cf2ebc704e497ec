"""Charts for printed reports as inline SVG: no JavaScript, no images to fetch, text that stays
text in the PDF. Every chart is decoration beside a table holding the same figures, so it is
marked as a figure with a title and a description pointing at that table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | None  # None: suppressed, drawn as no bar with its shown text
    shown: str


WIDTH = 480
LABEL_WIDTH = 150
BAR_HEIGHT = 16
GAP = 6


def bar_chart(bars: list[Bar], *, title: str, table_id: str) -> SafeString:
    """Horizontal bars scaled to the largest value; suppressed values have no bar."""
    values = [b.value for b in bars if b.value is not None and b.value > 0]
    largest = max(values) if values else 1
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    plot = WIDTH - LABEL_WIDTH - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{table_id}-chart-title">',
        f'<title id="{table_id}-chart-title">{escape(title)} (the same figures are in the table)</title>',
    ]
    for index, bar in enumerate(bars):
        y = GAP + index * (BAR_HEIGHT + GAP)
        length = 0 if bar.value is None or bar.value <= 0 else int(Decimal(bar.value) / Decimal(largest) * plot)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 12}" text-anchor="end" font-size="9">{escape(bar.label)}</text>'
        )
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="#1d70b8"/>')
        parts.append(f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 12}" font-size="9">{escape(bar.shown)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
