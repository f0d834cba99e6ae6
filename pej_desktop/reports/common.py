"""What both documents share: styles, text helpers, page furniture, "page x/y", metadata.

Every text that comes from data goes through ``para``/``text``, which escape it for
reportlab's mini-markup (a "<" in a partner's condition must print, not break the
build) and print "--" for an empty value.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from pej_desktop import APP_NAME, __version__
from pej_desktop.domain.money import NARROW_NBSP, NBSP
from pej_desktop.reports.fonts import BOLD, REGULAR, register_fonts
from pej_desktop.reports.model import DASH

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 16 * mm
MARGIN_TOP = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
ACCENT = colors.HexColor("#1F4E79")
LIGHT = colors.HexColor("#E8EEF5")
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#B8C4D2")


def _style(name: str, **kw: object) -> ParagraphStyle:
    base = {"fontName": REGULAR, "fontSize": 9, "leading": 11.5, "textColor": colors.black}
    base.update(kw)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


STYLES: dict[str, ParagraphStyle] = {
    "body": _style("body"),
    "small": _style("small", fontSize=7.5, leading=9.5),
    "muted": _style("muted", fontSize=7.5, leading=9.5, textColor=GREY),
    "footer": _style("footer", fontSize=6.5, leading=8, textColor=GREY),
    "title": _style("title", fontName=BOLD, fontSize=16, leading=20, textColor=ACCENT, spaceAfter=4),
    "h2": _style("h2", fontName=BOLD, fontSize=12, leading=15, textColor=ACCENT, spaceBefore=8, spaceAfter=4),
    "h3": _style("h3", fontName=BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2),
    "cell": _style("cell", fontSize=7.5, leading=9.2),
    "cell_bold": _style("cell_bold", fontName=BOLD, fontSize=7.5, leading=9.2),
    "cell_head": _style("cell_head", fontName=BOLD, fontSize=7.5, leading=9.2, textColor=colors.white),
    "cell_num": _style("cell_num", fontSize=7.5, leading=9.2, alignment=TA_RIGHT),
    "cell_num_bold": _style("cell_num_bold", fontName=BOLD, fontSize=7.5, leading=9.2, alignment=TA_RIGHT),
    "code": _style("code", fontName=BOLD, fontSize=11, leading=14),
    "big": _style("big", fontName=BOLD, fontSize=11, leading=14, textColor=ACCENT),
}


def text(value: object | None) -> str:
    """Escaped markup for a value; "--" for None or blank text."""
    if value is None:
        return DASH
    raw = str(value).strip()
    return escape(raw) if raw else DASH


def para(value: object | None, style: str = "body") -> Paragraph:
    return markup(text(value), style)


def markup(source: str, style: str = "body") -> Paragraph:
    """A paragraph from markup the caller built (values already passed through ``text``).

    reportlab's line breaker takes U+202F for a breaking space ("48,00" and "€" could
    land on two lines); in flowing text it becomes U+00A0, which it never breaks.
    Labels drawn directly on the canvas keep U+202F.
    """
    register_fonts()  # paragraphs resolve their font when built, not when drawn
    return Paragraph(source.replace(NARROW_NBSP, NBSP), STYLES[style])


def shorten(value: str, limit: int) -> str:
    """Cut a very long text for a table cell; the full text prints in the offer's block."""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def table(rows: Sequence[Sequence[object]], widths: Sequence[float], commands: Sequence[tuple],
          *, repeat_rows: int = 0) -> Table:
    """A table in the embedded font: reportlab styles even empty cells, in Helvetica by default."""
    result = Table([list(r) for r in rows], colWidths=list(widths), repeatRows=repeat_rows)
    result.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands]))
    return result


def listing_style(*extra: tuple) -> list[tuple]:
    """Header row on the accent colour, zebra rows, thin frame: every listing looks alike."""
    return [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, LIGHT]), ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3), *extra,
    ]


@dataclass(frozen=True)
class PageDecor:
    """Texts drawn on every page: header left/right, footer paragraphs (markup)."""

    header_left: str
    header_right: str
    footer: Sequence[str] = ()


def _draw_decor(decor: PageDecor) -> Callable[[Canvas, BaseDocTemplate], None]:
    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        top = PAGE_HEIGHT - 12 * mm
        canvas.setFont(BOLD, 8)
        canvas.setFillColor(ACCENT)
        canvas.drawString(MARGIN_X, top, decor.header_left)
        canvas.setFont(REGULAR, 8)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, top, decor.header_right)
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN_X, top - 3, PAGE_WIDTH - MARGIN_X, top - 3)
        y = 12 * mm
        for source in reversed(decor.footer):
            block = Paragraph(source, STYLES["footer"])
            _, height = block.wrapOn(canvas, CONTENT_WIDTH - 22 * mm, 40 * mm)
            block.drawOn(canvas, MARGIN_X, y)
            y += height + 1
        canvas.restoreState()
    return draw


def footer_height(decor: PageDecor) -> float:
    """Height the footer paragraphs take, so the frame stops above them."""
    total = 0.0
    for source in decor.footer:
        _, height = Paragraph(source, STYLES["footer"]).wrap(CONTENT_WIDTH - 22 * mm, 40 * mm)
        total += height + 1
    return total


class NumberedCanvas(Canvas):
    """Defers pages until the end so that each can say "page x/y"."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._deferred: list[dict[str, object]] = []

    def showPage(self) -> None:  # noqa: N802 — reportlab's name
        self._deferred.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._deferred)
        for number, state in enumerate(self._deferred, start=1):
            self.__dict__.update(state)
            self.setFont(REGULAR, 7)
            self.setFillColor(GREY)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, 12 * mm, f"page {number}/{total}")
            super().showPage()
        super().save()


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str = ""


def render_pdf(story: list[Flowable], *, info: DocumentInfo, decor: PageDecor) -> bytes:
    """Lay the story out on A4 pages and return the PDF's bytes (metadata, fr-FR)."""
    register_fonts()
    buffer = io.BytesIO()
    bottom = 12 * mm + max(footer_height(decor), 9) + 4 * mm
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=bottom, title=info.title, author=info.author, subject=info.subject,
        creator=f"{APP_NAME} {__version__}", producer=f"{APP_NAME} {__version__} (reportlab)",
        lang="fr-FR", initialFontName=REGULAR,
    )
    frame = Frame(MARGIN_X, bottom, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_draw_decor(decor))])
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
