"""Recommended offers for the young person's needs: best saving first, the reason shown.

Each recommendation is a checkable row ("Abonnement vélo — couvre ton besoin transport,
environ 10 € par mois si tu l'utilises 1 fois par mois"); the top ones — the best offer for each need — come checked, so
one click on « Activer les offres cochées » activates them. The panel only asks:
``activate_requested`` carries the offer keys, the file's page does the activation.

A renewable offer's monthly figure rests on how many times a month the young person
expects to use it: the adviser agrees it with them (« Utilisations par mois », 1 by
default); each line then says it in words, and the number goes with the activation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.describe import format_date
from pej_desktop.domain.savings import DEFAULT_USES_PER_MONTH, MAX_USES_PER_MONTH

if TYPE_CHECKING:
    from pej_desktop.domain.recommendations import Recommendation

KEY_ROLE = Qt.ItemDataRole.UserRole


class RecommendationsPanel(QWidget):
    activate_requested = Signal(list)  # offer keys, in ranking order

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recommendations_panel")
        self.recommendations: tuple[Recommendation, ...] = ()
        self.summary = QLabel(self, objectName="recommendations_summary", wordWrap=True)
        self.list = QListWidget(self, objectName="recommendations_list")
        self.list.setAccessibleName("Offres recommandées")
        self.list.setWordWrap(True)
        self.uses = QSpinBox(self, objectName="recommendations_uses")
        self.uses.setRange(1, MAX_USES_PER_MONTH)
        self.uses.setValue(DEFAULT_USES_PER_MONTH)
        self.uses.setSuffix(" fois par mois")
        self.uses.setAccessibleName("Utilisations par mois convenues avec le jeune, pour les offres renouvelables")
        self.uses.valueChanged.connect(lambda _value: self._relabel())
        uses_label = QLabel("Uti&lisations par mois convenues avec le jeune (offres renouvelables) :", self)
        uses_label.setBuddy(self.uses)
        uses_row = QHBoxLayout()
        uses_row.addWidget(uses_label)
        uses_row.addWidget(self.uses)
        uses_row.addStretch(1)
        self.activate_button = QPushButton("Ac&tiver les offres cochées", self, objectName="recommendations_activate")
        self.activate_button.setEnabled(False)
        self.activate_button.clicked.connect(self._activate)
        self.list.itemChanged.connect(lambda _item: self._update_button())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(uses_row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.activate_button)
        self.show_recommendations((), needs_ticked=False)

    def show_recommendations(self, recommendations: Sequence[Recommendation], *, needs_ticked: bool,
                             pretick: bool = True) -> None:
        """``pretick``: the best offer for each need comes ticked (a person's first look); otherwise
        the adviser's own ticks are kept, so a refresh never ticks anything behind their back."""
        kept = set(self.checked_keys())
        self.recommendations = tuple(recommendations)
        self.list.blockSignals(True)
        self.list.clear()
        for rec in self.recommendations:
            item = QListWidgetItem(self.list)
            item.setData(KEY_ROLE, rec.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = rec.top if pretick else rec.key in kept
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._relabel()
        self.summary.setText(_summary(self.recommendations, needs_ticked))
        self._update_button()

    def uses_per_month(self) -> int:
        """The uses per month agreed with the young person, for the renewable offers activated."""
        return self.uses.value()

    def shown(self) -> list[Recommendation]:
        """The recommendations as displayed: figures under the agreed number of uses."""
        return [rec.with_uses(self.uses_per_month()) for rec in self.recommendations]

    def _relabel(self) -> None:
        self.list.blockSignals(True)
        for index, rec in enumerate(self.shown()):
            item = self.list.item(index)
            item.setText(_line(rec))
            item.setToolTip(f"{rec.title}\n{rec.reason}")
        self.list.blockSignals(False)

    def untick_all(self) -> None:
        """After an activation: nothing stays ticked, the next offers wait for the adviser's choice."""
        for index in range(self.list.count()):
            self.list.item(index).setCheckState(Qt.CheckState.Unchecked)

    def checked_keys(self) -> list[int]:
        return [self.list.item(i).data(KEY_ROLE) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def set_busy(self, busy: bool) -> None:
        self.list.setEnabled(not busy)
        self.activate_button.setEnabled(not busy and bool(self.checked_keys()))
        if busy:
            self.activate_button.setText("Activation en cours…")
        else:
            self._update_button()

    def _update_button(self) -> None:
        count = len(self.checked_keys())
        self.activate_button.setText(f"Ac&tiver les offres cochées ({count})" if count else
                                     "Ac&tiver les offres cochées")
        self.activate_button.setEnabled(count > 0)

    def _activate(self) -> None:
        keys = self.checked_keys()
        if keys:
            self.activate_requested.emit(keys)


def _line(rec: Recommendation) -> str:
    until = f" (jusqu'au {format_date(rec.valid_to)})" if rec.valid_to else ""
    partner = f" · {rec.partner}" if rec.partner else ""
    return f"{rec.title}{partner} — {rec.reason}{until}"


def _summary(recommendations: tuple[Recommendation, ...], needs_ticked: bool) -> str:
    if not needs_ticked:
        return "Cochez les besoins du jeune pour voir les offres qui y répondent."
    if not recommendations:
        return "Aucune offre accessible à ce jeune ne répond à ces besoins pour l'instant."
    tops = sum(1 for r in recommendations if r.top)
    return (f"{len(recommendations)} offre(s) répondent à ses besoins, la plus avantageuse d'abord. "
            f"Les {tops} meilleure(s) — une par besoin — sont cochées.")
