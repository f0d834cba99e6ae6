"""What the documents share: styles, text helpers, page furniture, "page x/y", metadata.

Accessibility, as far as reportlab goes: the title is shown in the reader's title bar
(``/DisplayDocTitle``), headings become bookmarks (outline) and multi-page documents
open with them shown, and text is drawn in reading order — header, body, then footer
and page number — so text extraction and screen readers follow the page. reportlab
writes no structure tree (tagged PDF / PDF-UA): see docs/reports.md.

Every text that comes from data goes through ``para``/``text``, which escape it for
reportlab's mini-markup (a "<" in a partner's condition must print, not break the
build) and print "--" for an empty value.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
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
    "h2": _style("h2", fontName=BOLD, fontSize=12, leading=15, textColor=ACCENT, spaceBefore=8, spaceAfter=4,
                 keepWithNext=1),
    "h2_before_table": _style("h2_before_table", fontName=BOLD, fontSize=12, leading=15, textColor=ACCENT,
                              spaceBefore=8, spaceAfter=4),  # a long table splits: it cannot keep with it
    "h3": _style("h3", fontName=BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2, keepWithNext=1),
    "cell": _style("cell", fontSize=7.5, leading=9.2),
    "cell_bold": _style("cell_bold", fontName=BOLD, fontSize=7.5, leading=9.2),
    "cell_head": _style("cell_head", fontName=BOLD, fontSize=7.5, leading=9.2, textColor=colors.white),
    "cell_num": _style("cell_num", fontSize=7.5, leading=9.2, alignment=TA_RIGHT),
    "cell_num_bold": _style("cell_num_bold", fontName=BOLD, fontSize=7.5, leading=9.2, alignment=TA_RIGHT),
    "code": _style("code", fontName=BOLD, fontSize=11, leading=14),
    "big": _style("big", fontName=BOLD, fontSize=11, leading=14, textColor=ACCENT),
    "banner": _style("banner", fontName=BOLD, fontSize=20, leading=26, textColor=colors.HexColor("#B00020"),
                     spaceAfter=6),
    # "Facile à lire et à comprendre": the young person's summary — 12 pt or more in the body.
    "falc_title": _style("falc_title", fontName=BOLD, fontSize=18, leading=22, textColor=ACCENT, spaceAfter=2),
    "falc_name": _style("falc_name", fontName=BOLD, fontSize=14, leading=18, spaceAfter=4),
    "falc_h2": _style("falc_h2", fontName=BOLD, fontSize=15, leading=19, textColor=ACCENT, spaceBefore=8,
                      spaceAfter=3, keepWithNext=1),
    "falc_h3": _style("falc_h3", fontName=BOLD, fontSize=13, leading=15, textColor=ACCENT, keepWithNext=1),
    "falc_body": _style("falc_body", fontSize=12, leading=14),
    "falc_bold": _style("falc_bold", fontName=BOLD, fontSize=12, leading=14),
    "falc_muted": _style("falc_muted", fontSize=12, leading=14.5, textColor=GREY),
    "falc_code": _style("falc_code", fontName=BOLD, fontSize=14, leading=18),
    "falc_cell": _style("falc_cell", fontSize=12, leading=14),
    "falc_cell_bold": _style("falc_cell_bold", fontName=BOLD, fontSize=12, leading=14),
    "falc_cell_head": _style("falc_cell_head", fontName=BOLD, fontSize=12, leading=14.5, textColor=colors.white),
    "falc_footer": _style("falc_footer", fontSize=9, leading=11, textColor=GREY),
}
OUTLINE_LEVELS = {"title": 0, "falc_title": 0, "h2": 1, "h2_before_table": 1, "falc_h2": 1, "h3": 2, "falc_h3": 2}
HEADER_GAP = 12.0


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


def fit_label(label: str, width: float, *, font: str = REGULAR, size: float = 8.0) -> str:
    """``label`` cut with "…" so that it fits ``width`` points."""
    if stringWidth(label, font, size) <= width:
        return label
    while label and stringWidth(label + "…", font, size) > width:
        label = label[:-1]
    return label.rstrip() + "…"


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
    header_size: float = 8.0
    footer_style: str = "footer"
    page_number_size: float = 7.0
    top_margin: float = MARGIN_TOP
    later_footer: Sequence[str] | None = None  # pages after the first; None: the same footer


def fitted_header(decor: PageDecor) -> tuple[str, str]:
    """Both header parts, cut with "…" so that they never overlap, whatever their length.

    The shorter part is kept whole when it takes less than half the line; otherwise
    each part gets half.
    """
    room = CONTENT_WIDTH - HEADER_GAP
    left_width = stringWidth(decor.header_left, BOLD, decor.header_size)
    right_width = stringWidth(decor.header_right, REGULAR, decor.header_size)
    if left_width + right_width <= room:
        return decor.header_left, decor.header_right
    half = room / 2
    if right_width <= half:
        left_room, right_room = room - right_width, right_width
    elif left_width <= half:
        left_room, right_room = left_width, room - left_width
    else:
        left_room = right_room = half
    return (fit_label(decor.header_left, left_room, font=BOLD, size=decor.header_size),
            fit_label(decor.header_right, right_room, font=REGULAR, size=decor.header_size))


def _draw_header(decor: PageDecor) -> Callable[[Canvas, BaseDocTemplate], None]:
    """Drawn before the page's body, so that text extraction reads it first."""
    left, right = fitted_header(decor)

    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        top = PAGE_HEIGHT - 12 * mm
        canvas.setFont(BOLD, decor.header_size)
        canvas.setFillColor(ACCENT)
        canvas.drawString(MARGIN_X, top, left)
        canvas.setFont(REGULAR, decor.header_size)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, top, right)
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN_X, top - 3, PAGE_WIDTH - MARGIN_X, top - 3)
        canvas.restoreState()
    return draw


def _draw_footer(decor: PageDecor) -> Callable[[Canvas, BaseDocTemplate], None]:
    """Drawn after the page's body: the footer comes last in reading order."""
    def draw(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        y = 12 * mm
        for source in reversed(decor.footer):
            block = Paragraph(source, STYLES[decor.footer_style])
            _, height = block.wrapOn(canvas, CONTENT_WIDTH - 22 * mm, 60 * mm)
            block.drawOn(canvas, MARGIN_X, y)
            y += height + 1
        canvas.restoreState()
    return draw


def footer_height(decor: PageDecor) -> float:
    """Height the footer paragraphs take, so the frame stops above them."""
    total = 0.0
    for source in decor.footer:
        _, height = Paragraph(source, STYLES[decor.footer_style]).wrap(CONTENT_WIDTH - 22 * mm, 60 * mm)
        total += height + 1
    return total


class NumberedCanvas(Canvas):
    """Defers pages until the end so that each can say "page x/y"."""

    page_number_size = 7.0

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._deferred: list[dict[str, object]] = []
        self.setViewerPreference("DisplayDocTitle", "true")  # the title, not the file name, in the title bar

    def showPage(self) -> None:
        self._deferred.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._deferred)
        for number, state in enumerate(self._deferred, start=1):
            self.__dict__.update(state)
            self.setFont(REGULAR, self.page_number_size)
            self.setFillColor(GREY)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, 12 * mm, f"page {number}/{total}")
            super().showPage()
        if total > 1:
            self.showOutline()  # multi-page documents open with their bookmarks shown
        super().save()


def _numbered_canvas(size: float) -> type[NumberedCanvas]:
    return type("SizedNumberedCanvas", (NumberedCanvas,), {"page_number_size": size})


class OutlinedDocTemplate(BaseDocTemplate):
    """Every heading (``OUTLINE_LEVELS``) becomes a bookmark, never skipping a level."""

    def afterFlowable(self, flowable: Flowable) -> None:
        style = getattr(getattr(flowable, "style", None), "name", None)
        if not isinstance(flowable, Paragraph) or style not in OUTLINE_LEVELS:
            return
        self._outline_count = getattr(self, "_outline_count", 0) + 1
        level = min(OUTLINE_LEVELS[style], getattr(self, "_outline_level", -1) + 1)
        self._outline_level = level
        key = f"h{self._outline_count}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    subject: str = ""


def render_pdf(story: list[Flowable], *, info: DocumentInfo, decor: PageDecor) -> bytes:
    """Lay the story out on A4 pages and return the PDF's bytes (metadata, fr-FR).

    With ``decor.later_footer``, page 1 carries ``decor.footer`` and the next pages the
    shorter one (the summary prints its data-protection notice in full once).
    """
    register_fonts()
    buffer = io.BytesIO()
    doc = OutlinedDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=decor.top_margin,
        bottomMargin=_bottom(decor), title=info.title, author=info.author, subject=info.subject,
        creator=f"{APP_NAME} {__version__}", producer=f"{APP_NAME} {__version__} (reportlab)",
        lang="fr-FR", initialFontName=REGULAR,
    )
    later = replace(decor, footer=decor.later_footer) if decor.later_footer is not None else decor
    doc.addPageTemplates([_page_template("first", decor, "later"), _page_template("later", later, "later")])
    doc.build(story, canvasmaker=_numbered_canvas(decor.page_number_size))
    return buffer.getvalue()


def _bottom(decor: PageDecor) -> float:
    return 12 * mm + max(footer_height(decor), 9) + 4 * mm


def _page_template(name: str, decor: PageDecor, following: str) -> PageTemplate:
    bottom = _bottom(decor)
    frame = Frame(MARGIN_X, bottom, CONTENT_WIDTH, PAGE_HEIGHT - decor.top_margin - bottom,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"body-{name}")
    return PageTemplate(id=name, frames=[frame], onPage=_draw_header(decor), onPageEnd=_draw_footer(decor),
                        autoNextPageTemplate=following)
