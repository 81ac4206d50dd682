"""Bar geometry for templates/reports/includes/bar_chart.html: the arithmetic stays here, in
Python, and the template only places what it is given.

Why percentages rather than a viewBox: a viewBox scales the text with the drawing, so a chart
readable on a desktop would print its labels at half size on a 360 px phone. Here the SVG is
as wide as its column (`width="100%"`), each row has a fixed height in pixels, text keeps its
size, and bar lengths are percentages of the width; nothing is ever wider than the screen.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

ROW_HEIGHT = 40  # px: a line of label and value, then the bar
TEXT_BASELINE = 16  # px from the top of the row
BAR_TOP = 22  # px from the top of the row
BAR_HEIGHT = 12
LABEL_CHARS = 34  # what fits beside the value at 14 px on a 360 px phone; the table has it all


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    width: str  # percent of the chart's width, written with a dot whatever the language
    text_y: int
    bar_y: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    bar_height: int = BAR_HEIGHT


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _width(value: float, top: float) -> float:
    if top <= 0:
        return 0.0
    return min(max(value / top * 100, 0.0), 100.0)


def bar_chart(
    rows: Iterable[dict], *, value: str, display: Callable[[object], str], scale_max: float | None = None
) -> Chart:
    """One bar per row for `rows[value]`, scaled to `scale_max` (100 for percentages) or else to
    the largest value. A missing value (a rate of nothing) draws no bar."""
    rows = list(rows)
    numbers = [float(row[value] or 0) for row in rows]
    top = scale_max if scale_max is not None else max(numbers, default=0.0)
    bars = [
        Bar(
            label=_short(str(row["label"])),
            value=display(row[value]),
            width=f"{_width(number, top):.1f}",
            text_y=index * ROW_HEIGHT + TEXT_BASELINE,
            bar_y=index * ROW_HEIGHT + BAR_TOP,
        )
        for index, (row, number) in enumerate(zip(rows, numbers, strict=True))
    ]
    return Chart(bars=bars, height=len(bars) * ROW_HEIGHT)
