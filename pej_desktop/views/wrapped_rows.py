"""Table rows as tall as their wrapped text, so that a narrow column wraps instead of eliding.

Qt sizes a wrapped row (``resizeRowsToContents``) at the column's width less the style's text
margin, but the stylesheet's item padding (``QTableView::item { padding: 3px }`` in
``resources/style/app.qss``) narrows the text again when it is painted: a cell that Qt thought
fitted on three lines paints four, and the last one is cut with « … ». The height is computed
here with the room the painting really leaves.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import QStyle, QTableWidget, QWidget

ITEM_PADDING = 3  # resources/style/app.qss: QTableView::item { padding: 3px }


def text_margin(table: QTableWidget) -> int:
    """The room left on each side of a cell's text: the item padding and the style's text margin."""
    return ITEM_PADDING + table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1


def text_width(table: QTableWidget, text: str) -> int:
    """The width ``text`` takes on one line, as painted (its bounding box can pass its advance)."""
    metrics = table.fontMetrics()
    drawn = metrics.boundingRect(QRect(0, 0, 100_000, 100_000), Qt.TextFlag.TextSingleLine, text).width()
    return max(metrics.horizontalAdvance(text), drawn) + 1


def text_height(table: QTableWidget, text: str, column_width: int) -> int:
    """The height ``text`` takes once wrapped in a cell ``column_width`` wide."""
    room = max(column_width - 2 * text_margin(table), 1)
    return table.fontMetrics().boundingRect(QRect(0, 0, room, 100_000), Qt.TextFlag.TextWordWrap, text).height()


def fit_row_heights(table: QTableWidget, columns: Iterable[int]) -> None:
    """Give every row the height of its tallest wrapped cell among ``columns`` (at least one line)."""
    shown = [column for column in columns if not table.isColumnHidden(column)]
    line = table.fontMetrics().height()
    for row in range(table.rowCount()):
        heights = [text_height(table, item.text(), table.columnWidth(column))
                   for column in shown if (item := table.item(row, column)) is not None]
        table.setRowHeight(row, max(heights, default=line) + 2 * ITEM_PADDING + 2)


class WrappedRowsTable(QTableWidget):
    """A read-only list whose cells wrap instead of eliding, with rows as tall as their text and no
    horizontal scrollbar; the heights follow the columns' widths and the text size (Affichage ›
    Agrandir le texte). ``share_width`` sets the columns' widths: the header's resize modes unless
    a subclass shares them itself."""

    def __init__(self, columns: int, parent: QWidget, *, object_name: str) -> None:
        super().__init__(0, columns, parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fitting = False
        self.horizontalHeader().sectionResized.connect(lambda *_: self.fit_rows())

    def share_width(self) -> None:
        """Give each column its width; the header's resize modes do it unless overridden."""

    def fit_rows(self) -> None:
        fit_row_heights(self, range(self.columnCount()))

    def refit(self) -> None:
        """The columns' widths, then the rows' heights (once: setting them resizes the viewport again)."""
        if self._fitting:
            return
        self._fitting = True
        try:
            self.share_width()
            self.fit_rows()
        finally:
            self._fitting = False

    def viewportEvent(self, event: QEvent) -> bool:
        """The viewport's width changes with the screen and when the vertical scrollbar comes or goes."""
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize:
            self.refit()
        return handled

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.refit()
