"""A horizontal bar chart of savings by category, drawn with reportlab.graphics shapes.

Drawn by hand rather than with ``charts.barcharts``: a few rectangles and labels give
full control over French amounts ("48,00 €") and long category names, which are cut
with "…" to the label column instead of running into the bars.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.colors import HexColor

from pej_desktop.domain.money import format_cents
from pej_desktop.reports.common import ACCENT, LIGHT, fit_label
from pej_desktop.reports.fonts import BOLD, REGULAR

_ROW = 16.0
_FONT_SIZE = 8.0
_PALETTE = tuple(HexColor(c) for c in (
    "#1F4E79", "#2E7D32", "#B25E09", "#6A1B9A", "#00838F", "#AD1457", "#5D4037", "#455A64"))


def savings_chart(rows: Sequence[tuple[str, int]], *, width: float, max_rows: int = 10) -> Drawing:
    """One bar per category (label, cents), largest first; the rest grouped as "Autres"."""
    rows = _grouped([r for r in rows if r[1] > 0], max_rows)
    label_width, amount_width = width * 0.34, 62.0
    bar_space = width - label_width - amount_width - 8
    top = max((cents for _, cents in rows), default=0) or 1
    drawing = Drawing(width, _ROW * len(rows) + 4)
    for index, (label, cents) in enumerate(rows):
        y = drawing.height - (index + 1) * _ROW
        drawing.add(Rect(label_width, y + 3, bar_space, _ROW - 6, fillColor=LIGHT, strokeColor=None))
        bar = max(1.5, bar_space * cents / top)
        color = _PALETTE[index % len(_PALETTE)]
        drawing.add(Rect(label_width, y + 3, bar, _ROW - 6, fillColor=color, strokeColor=None))
        drawing.add(String(0, y + 5, fit_label(label, label_width - 6), fontName=REGULAR, fontSize=_FONT_SIZE))
        drawing.add(String(width, y + 5, format_cents(cents), fontName=BOLD, fontSize=_FONT_SIZE,
                           textAnchor="end", fillColor=ACCENT))
    return drawing


def _grouped(rows: list[tuple[str, int]], max_rows: int) -> list[tuple[str, int]]:
    if len(rows) <= max_rows:
        return rows
    kept, rest = rows[: max_rows - 1], rows[max_rows - 1:]
    return [*kept, ("Autres catégories", sum(c for _, c in rest))]
