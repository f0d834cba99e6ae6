"""The structure's dashboard on one A4 page, for its reporting.

Built only from ``DashboardFigures`` — counts and sums, no person — so no personal
data can be printed. Lists and charts are cut to what fits one page: the first
``TABLE_ROWS`` offers of each list, the first ``CATEGORY_ROWS`` categories (the rest
grouped), and month labels thinned out when the period is long.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.platypus import Flowable, Spacer

from pej_desktop.domain.dashboard import (
    CATEGORY_LEGEND,
    LEGENDS,
    MONTH_LEGEND,
    Bar,
    DashboardFigures,
    OfferFigure,
    describe_failures,
)
from pej_desktop.domain.describe import format_date
from pej_desktop.domain.money import format_cents
from pej_desktop.reports.chart import fit_label
from pej_desktop.reports.common import (
    ACCENT,
    CONTENT_WIDTH,
    LIGHT,
    RULE,
    DocumentInfo,
    PageDecor,
    listing_style,
    markup,
    para,
    render_pdf,
    shorten,
    table,
    text,
)
from pej_desktop.reports.fonts import BOLD, REGULAR

TITLE = "Tableau de bord du Pass Engagement Jeune"
TABLE_ROWS = 5
CATEGORY_ROWS = 7
_MONTH_CHART_HEIGHT = 100.0
_CATEGORY_ROW = 15.0


def build_dashboard_pdf(figures: DashboardFigures, *, structure: str, edited_on: dt.date) -> bytes:
    """The dashboard as PDF bytes (A4, one page, French, fonts embedded)."""
    story: list[Flowable] = [
        markup(text(TITLE), "title"),
        para(f"{structure} · {figures.period} · {figures.adviser}", "body"),
        Spacer(1, 6), _totals(figures), Spacer(1, 2), *_legend(),
        markup("Activations par mois", "h2"), para(MONTH_LEGEND, "muted"),
        month_chart(figures.by_month, width=CONTENT_WIDTH),
        markup("Activations et économies estimées par catégorie", "h2"), para(CATEGORY_LEGEND, "muted"),
        category_chart(figures.by_category, width=CONTENT_WIDTH),
        *_offers("Offres les plus utilisées", figures.top_offers, failing=False),
        *_offers("Offres qui échouent le plus", figures.failing_offers, failing=True),
    ]
    decor = PageDecor(
        header_left=structure, header_right="Pass Engagement Jeune · tableau de bord",
        footer=("Chiffres calculés à partir des seules données de ce poste, sans aucune donnée personnelle. "
                "Économies : estimations non contractuelles, calculées au moment de chaque activation. "
                "Activations refusées par l'API nationale non comptées.",
                f"Édité le {format_date(edited_on)} avec PEJ Desktop."),
    )
    info = DocumentInfo(title=TITLE, author=structure, subject=f"Tableau de bord, {figures.period}")
    return render_pdf(story, info=info, decor=decor)


def _totals(figures: DashboardFigures) -> Flowable:
    """Five figures, each with its unit: savings per month and in one go side by side, never added."""
    cells = [("Activations", str(figures.activations)), ("Jeunes accompagnés", str(figures.people_reached)),
             ("Économies estimées par mois", f"{format_cents(figures.monthly_cents)} par mois"),
             ("Économies estimées en une fois", f"{format_cents(figures.once_cents)} en une fois"),
             ("Refusées par l'API nationale", str(figures.rejected))]
    rows = [[para(label, "muted") for label, _ in cells], [para(value, "cell_bold") for _, value in cells]]
    return table(rows, [CONTENT_WIDTH / 5] * 5, [("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                                                 ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                                                 ("LINEBEFORE", (1, 0), (-1, -1), 0.5, RULE)])


def _legend() -> list[Flowable]:
    """What each figure counts, in one compact block under the totals."""
    return [para(" ".join(LEGENDS.values()), "muted")]


def month_chart(bars: Sequence[Bar], *, width: float, height: float = _MONTH_CHART_HEIGHT) -> Drawing:
    """Vertical bars of activations per month, the count above each bar."""
    drawing = Drawing(width, height)
    if not bars:
        drawing.add(String(0, height / 2, "Aucune activation sur la période.", fontName=REGULAR, fontSize=8))
        return drawing
    base, top_space = 14.0, 12.0
    slot = width / len(bars)
    peak = max(b.activations for b in bars) or 1
    step = max(1, round(len(bars) / 12 + 0.49))  # at most about 12 month labels
    drawing.add(Line(0, base, width, base, strokeColor=RULE, strokeWidth=0.5))
    for index, bar in enumerate(bars):
        x = index * slot
        high = (height - base - top_space) * bar.activations / peak
        if bar.activations:
            drawing.add(Rect(x + slot * 0.15, base, slot * 0.7, max(high, 1.0), fillColor=ACCENT, strokeColor=None))
            if slot >= 14:
                drawing.add(String(x + slot / 2, base + high + 2, str(bar.activations), fontName=BOLD,
                                   fontSize=6.5, textAnchor="middle", fillColor=ACCENT))
        if index % step == 0:
            drawing.add(String(x + slot / 2, 3, fit_label(bar.label, slot * step - 2, size=6.5), fontName=REGULAR,
                               fontSize=6.5, textAnchor="middle"))
    return drawing


def category_chart(bars: Sequence[Bar], *, width: float, max_rows: int = CATEGORY_ROWS) -> Drawing:
    """Horizontal bars of activations per category, with count and estimated savings at the right."""
    rows = _grouped(list(bars), max_rows)
    drawing = Drawing(width, max(_CATEGORY_ROW * len(rows), _CATEGORY_ROW) + 2)
    if not rows:
        drawing.add(String(0, 4, "Aucune activation sur la période.", fontName=REGULAR, fontSize=8))
        return drawing
    label_width, figure_width = width * 0.22, 225.0
    space = width - label_width - figure_width - 8
    peak = max(b.activations for b in rows) or 1
    for index, bar in enumerate(rows):
        y = drawing.height - (index + 1) * _CATEGORY_ROW
        drawing.add(Rect(label_width, y + 3, space, _CATEGORY_ROW - 6, fillColor=LIGHT, strokeColor=None))
        drawing.add(Rect(label_width, y + 3, max(1.5, space * bar.activations / peak), _CATEGORY_ROW - 6,
                         fillColor=ACCENT, strokeColor=None))
        drawing.add(String(0, y + 5, fit_label(bar.label, label_width - 6), fontName=REGULAR, fontSize=8))
        drawing.add(String(width, y + 5, f"{bar.activations} · {bar.saving_text}", fontName=BOLD,
                           fontSize=7, textAnchor="end", fillColor=ACCENT))
    return drawing


def _grouped(bars: list[Bar], max_rows: int) -> list[Bar]:
    if len(bars) <= max_rows:
        return bars
    rest = bars[max_rows - 1:]
    return [*bars[: max_rows - 1], Bar("Autres catégories", sum(b.activations for b in rest),
                                       sum(b.monthly_cents for b in rest), sum(b.once_cents for b in rest))]


def _offers(title: str, offers: Sequence[OfferFigure], *, failing: bool) -> list[Flowable]:
    out: list[Flowable] = [markup(text(title), "h2")]
    if not offers:
        return out + [para("Aucune sur la période." if not failing else "Aucun échec signalé sur la période.",
                           "muted")]
    head = ["Offre", "Activations", "Échecs", "Détail des échecs" if failing else "Identifiant"]
    rows: list[list[object]] = [[para(h, "cell_head") for h in head]]
    for offer in offers[:TABLE_ROWS]:
        detail = describe_failures(offer) if failing else offer.offer_id
        rows.append([para(shorten(offer.title, 44), "cell"), para(str(offer.activations), "cell_num"),
                     para(str(offer.failures), "cell_num"), para(shorten(detail, 120), "cell")])
    widths = [CONTENT_WIDTH * 0.42, 58, 48, CONTENT_WIDTH * 0.58 - 106]
    return out + [table(rows, widths, listing_style(), repeat_rows=1)]
