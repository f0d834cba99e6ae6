"""A small bar chart drawn with QPainter (the Essentials wheel ships no Qt Charts).

Vertical bars for a time series (activations per month), horizontal bars for a ranking
(per category). The figures are also the widget's accessible description and tooltip,
so a screen reader, or a test, reads exactly what is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

ACCENT = QColor("#000091")  # bleu France, as the stylesheet
TRACK = QColor("#E3E3FD")


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: int
    text: str  # what is written next to the bar ("12", "12 · 150,00 €")


class BarChart(QWidget):
    def __init__(self, *, title: str, horizontal: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.horizontal = title, horizontal
        self.bars: tuple[ChartBar, ...] = ()
        self.empty_text = "Aucune activation sur la période."
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(140)
        self.setAccessibleName(title)

    def set_bars(self, bars: Sequence[ChartBar]) -> None:
        self.bars = tuple(bars)
        description = "; ".join(f"{b.label} : {b.text}" for b in self.bars) or self.empty_text
        self.setAccessibleDescription(description)
        self.setToolTip(f"{self.title}\n" + description.replace("; ", "\n"))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 220)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(6, 6, -6, -6)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        if not self.bars:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)
        elif self.horizontal:
            self._paint_horizontal(painter, area)
        else:
            self._paint_vertical(painter, area)
        painter.end()

    def _paint_vertical(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetrics(self.font())
        text_height = metrics.height()
        base = area.bottom() - text_height - 2
        usable = base - area.top() - text_height - 2
        slot = area.width() / len(self.bars)
        peak = max(b.value for b in self.bars) or 1
        step = max(1, -(-metrics.horizontalAdvance("sept. 2026") // max(1, int(slot))))
        text_color = painter.pen().color()
        for index, bar in enumerate(self.bars):
            x = area.left() + index * slot
            high = usable * bar.value / peak
            if bar.value:
                painter.fillRect(QRectF(x + slot * 0.15, base - high, slot * 0.7, max(high, 1.0)), ACCENT)
                if metrics.horizontalAdvance(bar.text) <= slot:
                    painter.setPen(ACCENT)
                    painter.drawText(QRectF(x, base - high - text_height - 1, slot, text_height),
                                     Qt.AlignmentFlag.AlignCenter, bar.text)
            if index % step == 0:
                painter.setPen(text_color)
                label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(slot * step))
                painter.drawText(QRectF(x - slot * (step - 1) / 2, base + 2, slot * step, text_height),
                                 Qt.AlignmentFlag.AlignCenter, label)
        painter.setPen(TRACK.darker(130))
        painter.drawLine(int(area.left()), int(base), int(area.right()), int(base))

    def _paint_horizontal(self, painter: QPainter, area: QRectF) -> None:
        metrics = QFontMetrics(self.font())
        row = min(26.0, area.height() / len(self.bars))
        label_width = min(area.width() * 0.35, max(metrics.horizontalAdvance(b.label) for b in self.bars) + 8)
        value_width = max(metrics.horizontalAdvance(b.text) for b in self.bars) + 8
        track = max(10.0, area.width() - label_width - value_width)
        peak = max(b.value for b in self.bars) or 1
        text_color = painter.pen().color()
        for index, bar in enumerate(self.bars):
            y = area.top() + index * row
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(label_width - 6))
            painter.setPen(text_color)
            painter.drawText(QRectF(area.left(), y, label_width - 6, row),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, label)
            bar_rect = QRectF(area.left() + label_width, y + row * 0.2, track, row * 0.6)
            painter.fillRect(bar_rect, TRACK)
            painter.fillRect(QRectF(bar_rect.left(), bar_rect.top(), max(1.5, track * bar.value / peak),
                                    bar_rect.height()), ACCENT)
            painter.setPen(ACCENT)
            painter.drawText(QRectF(area.right() - value_width, y, value_width, row),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, bar.text)
