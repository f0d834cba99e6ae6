"""Paints a result row: title on the first line, partner · category · discount below,
and badges on the right (eligibility for the selected young person, validity)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from pej_desktop.domain.describe import CHANNEL_LABELS, short_discount
from pej_desktop.domain.validity import Validity, validity_on
from pej_desktop.views.catalogue.offer_model import EligibilityRole, SummaryRole

BADGE_COLOURS = {
    "eligible": QColor("#1b7f3b"),
    "not_eligible": QColor("#b3261e"),
    "to_verify": QColor("#a15c00"),
    "expired": QColor("#6b6b6b"),
    "future": QColor("#3558a8"),
    "activated": QColor("#000091"),
}
PADDING = 6


class OfferDelegate(QStyledItemDelegate):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.today = dt.date.today()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + PADDING * 3)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text = option.text
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        summary = index.data(SummaryRole)
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(role))
        rect = option.rect.adjusted(PADDING * 2, PADDING, -PADDING * 2, -PADDING)
        badges = self._badges(summary, index.data(EligibilityRole))
        right = self._paint_badges(painter, rect, option.font, badges)
        text_rect = QRect(rect.left(), rect.top(), max(10, right - rect.left() - PADDING), rect.height())
        if summary is None:
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, text)
        else:
            self._paint_text(painter, text_rect, option, summary, selected)
        painter.restore()

    def _paint_text(
        self, painter: QPainter, rect: QRect, option: QStyleOptionViewItem, summary, selected: bool
    ) -> None:  # type: ignore[no-untyped-def]
        bold = QFont(option.font)
        bold.setBold(True)
        metrics_bold, metrics = QFontMetrics(bold), QFontMetrics(option.font)
        line = metrics.height()
        painter.setFont(bold)
        title = metrics_bold.elidedText(summary.title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(QRect(rect.left(), rect.top(), rect.width(), line), Qt.AlignmentFlag.AlignLeft, title)
        painter.setFont(option.font)
        if not selected:
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
        second = " · ".join(
            p
            for p in (
                summary.partner,
                summary.category,
                short_discount(summary.discount),
                CHANNEL_LABELS.get(summary.channel, ""),
            )
            if p
        )
        second = metrics.elidedText(second, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            QRect(rect.left(), rect.top() + line + PADDING // 2, rect.width(), line), Qt.AlignmentFlag.AlignLeft, second
        )

    def _badges(self, summary, mark) -> list[tuple[str, QColor]]:  # type: ignore[no-untyped-def]
        badges = []
        if mark:
            badges.append((mark.label, BADGE_COLOURS.get(mark.kind, QColor("gray"))))
        if summary is not None:
            state = validity_on(summary.valid_from, summary.valid_to, self.today)
            if state is Validity.EXPIRED:
                badges.append(("Expirée", BADGE_COLOURS["expired"]))
            elif state is Validity.NOT_YET:
                badges.append((f"Dès le {summary.valid_from:%d/%m/%Y}", BADGE_COLOURS["future"]))
            if summary.scope == "local":
                badges.append(("Locale", BADGE_COLOURS["future"]))
        return badges

    def _paint_badges(self, painter: QPainter, rect: QRect, font: QFont, badges: list[tuple[str, QColor]]) -> int:
        painter.save()
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        metrics = QFontMetrics(small)
        painter.setFont(small)
        right = rect.right()
        for label, colour in badges:
            width = metrics.horizontalAdvance(label) + 12
            box = QRect(
                right - width, rect.top() + (rect.height() - metrics.height() - 4) // 2, width, metrics.height() + 4
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(box, 6, 6)
            painter.setPen(QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
            right = box.left() - 4
        painter.restore()
        return right
