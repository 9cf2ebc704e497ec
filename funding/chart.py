"""The High Needs Block chart as shapes for an inline SVG (no JavaScript): budget, actuals and
forecast outturn side by side for each month, on a scale with four gridlines. The page shows the
same figures in a table beside it, so nothing is only in the picture."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apcommission.core.templatetags.money import money_whole

WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 90, 10, 16, 40
GRIDLINES = 4
#: GOV.UK colours: mid grey, blue, dark blue (each at least 3:1 against white).
SERIES = (
    ("budget", "Budget", "#505a5f"),
    ("actuals", "Actuals", "#1d70b8"),
    ("forecast", "Forecast outturn", "#003078"),
)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    baseline: float
    bars: list[Bar]
    gridlines: list[tuple[float, str]]
    months: list[tuple[float, str]]
    legend: list[tuple[float, str, str]]

    @property
    def bars_svg(self) -> SafeString:
        """The bars as SVG, written here rather than by a template loop: 36 bars of five numbers
        each were most of the dashboard's template time. The same markup the loop wrote."""
        return mark_safe(  # noqa: S308 - numbers, our colours, and the escaped title
            "".join(
                f'\n    <rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" fill="{bar.fill}">'
                f"<title>{escape(bar.title)}</title></rect>\n    "
                for bar in self.bars
            )
        )


def _nice_ceiling(value: Decimal) -> Decimal:
    """The scale's top: 1, 2, 2.5 or 5 × a power of ten, at or above `value`."""
    if value <= 0:
        return Decimal(1)
    power = Decimal(10) ** math.floor(math.log10(value))
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def monthly_chart(months) -> Chart:
    """Shapes for `months` (objects with month, budget, actuals and forecast)."""
    top = _nice_ceiling(max((max(m.budget, m.actuals, m.forecast) for m in months), default=Decimal(0)))
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    group = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    bar_width = group * 0.8 / len(SERIES)
    bars = []
    for index, month in enumerate(months):
        for position, (name, label, fill) in enumerate(SERIES):
            value = getattr(month, name)
            height = float(value / top) * plot_height if value > 0 else 0
            x = LEFT + index * group + group * 0.1 + position * bar_width
            bars.append(
                Bar(
                    round(x, 1),
                    round(baseline - height, 1),
                    round(bar_width, 1),
                    round(height, 1),
                    fill,
                    f"{label}, {month.month:%B %Y}: {money_whole(value)}",
                )
            )
    gridlines = [
        (round(baseline - plot_height * i / GRIDLINES, 1), money_whole(top * i / GRIDLINES))
        for i in range(GRIDLINES + 1)
    ]
    labels = [(round(LEFT + i * group + group / 2, 1), f"{m.month:%b}") for i, m in enumerate(months)]
    legend = [(LEFT + i * 170, fill, label) for i, (_name, label, fill) in enumerate(SERIES)]
    return Chart(WIDTH, HEIGHT, LEFT, baseline, bars, gridlines, labels, legend)
