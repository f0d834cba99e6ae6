"""Recommended offers for the young person's needs: best saving first, one readable row each.

Each recommendation is one checkable row, in columns: the offer, its partner, what it saves in
the savings rules' own words (« environ 10 € par mois si tu l'utilises 1 fois par mois »,
« environ 30 € en une fois ») and why it fits (« couvre ton besoin transport »); the offer's end
of validity is in its tooltip. Nothing wraps, nothing scrolls sideways: the long columns are
elided and their full text is in the tooltip. On a person's first look, the best offer for each
need comes ticked; after an activation nothing is ticked behind the adviser's back. The ticks
leave through ``ticks_changed`` (offer ids): the page's « Activer des offres… » opens with them
ticked, so the activation and its codes have one path. The line under the list says the current
row in full (title, partner, why, until when): the keyboard reads there what the mouse reads in a
tooltip.

A renewable offer's monthly figure rests on how many times a month the young person
expects to use it: the adviser agrees it with them (« Utilisations par mois », 1 by
default); each row then says it in words, and the number goes with the activation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.describe import format_date
from pej_desktop.domain.recommendations import needs_words
from pej_desktop.domain.savings import DEFAULT_USES_PER_MONTH, MAX_USES_PER_MONTH, uses_assumption

if TYPE_CHECKING:
    from pej_desktop.domain.recommendations import Recommendation

KEY_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("Offre", "Partenaire", "Économie estimée", "Besoin couvert")
PARTNER_WIDTH = 150  # pixels at most: the title keeps the room


class RecommendationsPanel(QWidget):
    ticks_changed = Signal(list)  # offer ids ticked, in ranking order

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recommendations_panel")
        self.recommendations: tuple[Recommendation, ...] = ()
        self.summary = QLabel(self, objectName="recommendations_summary", wordWrap=True)
        self.uses = QSpinBox(self, objectName="recommendations_uses")
        self.uses.setRange(1, MAX_USES_PER_MONTH)
        self.uses.setValue(DEFAULT_USES_PER_MONTH)
        self.uses.setSuffix(" fois par mois")
        self.uses.setAccessibleName("Utilisations par mois")
        self.uses.setAccessibleDescription("Utilisations par mois convenues avec le jeune, pour les offres "
                                           "renouvelables : l'économie de chaque ligne en dépend")
        self.uses.valueChanged.connect(lambda _value: (self._relabel(), self._ticks_changed()))
        uses_label = QLabel("Uti&lisations par mois convenues :", self)
        uses_label.setToolTip("Pour les offres renouvelables : combien de fois par mois le jeune pense les utiliser.")
        uses_label.setBuddy(self.uses)
        uses_row = QHBoxLayout()
        uses_row.addWidget(uses_label)
        uses_row.addWidget(self.uses)
        uses_row.addStretch(1)
        self.list = _rows_widget(self)  # made after the uses field: Tab goes down the screen
        self._needs_ticked = False
        self.list.itemChanged.connect(lambda _item, _column: self._ticks_changed())
        self.details = QLabel(self, objectName="recommendation_details", wordWrap=True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.list.currentItemChanged.connect(lambda _item, _before: self._show_current())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(uses_row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
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
            item = QTreeWidgetItem(self.list)
            item.setData(0, KEY_ROLE, rec.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = rec.top if pretick else rec.key in kept
            item.setCheckState(0, Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._relabel()
        self._needs_ticked = needs_ticked
        self._ticks_changed()

    def uses_per_month(self) -> int:
        """The uses per month agreed with the young person, for the renewable offers activated."""
        return self.uses.value()

    def shown(self) -> list[Recommendation]:
        """The recommendations as displayed: figures under the agreed number of uses."""
        return [rec.with_uses(self.uses_per_month()) for rec in self.recommendations]

    def _relabel(self) -> None:
        self.list.blockSignals(True)
        for index, rec in enumerate(self.shown()):
            item = self.list.topLevelItem(index)
            for column, text in enumerate(row_texts(rec)):
                item.setText(column, text)
                item.setToolTip(column, _tooltip(rec))
        self.list.blockSignals(False)
        self.list.resizeColumnToContents(1)
        self.list.setColumnWidth(1, min(self.list.columnWidth(1), PARTNER_WIDTH))
        self._show_current()

    def _show_current(self) -> None:
        """The current row in full, under the list; nothing when no row is current."""
        item, shown = self.list.currentItem(), self.shown()
        index = self.list.indexOfTopLevelItem(item) if item is not None else -1
        self.details.setText(_tooltip(shown[index]) if 0 <= index < len(shown) else "")
        self.details.setVisible(bool(self.details.text()))

    def row_text(self, index: int) -> str:
        """One row as read aloud or in a test: its columns, in order."""
        item = self.list.topLevelItem(index)
        return " — ".join(item.text(column) for column in range(len(COLUMNS)))

    def untick_all(self) -> None:
        """After an activation: nothing stays ticked, the next offers wait for the adviser's choice."""
        self.list.blockSignals(True)
        for index in range(self.list.topLevelItemCount()):
            self.list.topLevelItem(index).setCheckState(0, Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._ticks_changed()

    def _ticks_changed(self) -> None:
        self.summary.setText(_summary(self.recommendations, self._needs_ticked, len(self.checked_keys()),
                                      self.uses_per_month()))
        self.ticks_changed.emit(self.checked_offer_ids())

    def checked_keys(self) -> list[int]:
        items = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item.data(0, KEY_ROLE) for item in items if item.checkState(0) == Qt.CheckState.Checked]

    def checked_offer_ids(self) -> list[str]:
        by_key = {rec.key: rec.offer_id for rec in self.recommendations}
        return [by_key[key] for key in self.checked_keys() if key in by_key]


def _rows_widget(parent: QWidget) -> QTreeWidget:
    """A flat list of one-line rows in columns: the title and the saving share the width, elided."""
    rows = QTreeWidget(parent, objectName="recommendations_list")
    rows.setAccessibleName("Offres recommandées")
    rows.setAccessibleDescription("Une ligne par offre : titre, partenaire, économie estimée, besoin couvert ; "
                                  "Espace coche ou décoche l'offre ; le détail de la ligne choisie s'affiche "
                                  "sous la liste")
    rows.setColumnCount(len(COLUMNS))
    rows.setHeaderLabels(COLUMNS)
    rows.setRootIsDecorated(False)
    rows.setUniformRowHeights(True)
    rows.setWordWrap(False)
    rows.setTextElideMode(Qt.TextElideMode.ElideRight)
    rows.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = rows.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the title gives way, elided
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)  # the partner: its width, capped (_relabel)
    header.setMinimumSectionSize(60)
    return rows


def row_texts(rec: Recommendation) -> tuple[str, str, str, str]:
    """The row's columns: title, partner, the saving in the rules' words (the uses assumed are in the
    column's header), the needs it answers."""
    return rec.title, rec.partner, rec.figure_text, needs_words(rec.needs)


def _tooltip(rec: Recommendation) -> str:
    until = f"\nValable jusqu'au {format_date(rec.valid_to)}." if rec.valid_to else ""
    partner = f" ({rec.partner})" if rec.partner else ""
    return f"{rec.title}{partner}\n{rec.reason}.{until}"


def _summary(recommendations: tuple[Recommendation, ...], needs_ticked: bool, ticked: int, uses: int) -> str:
    """What the list holds, the uses assumed behind its monthly figures (said in words), what is ticked."""
    if not needs_ticked:
        return "Cochez les besoins du jeune pour voir les offres qui y répondent."
    if not recommendations:
        return "Aucune offre accessible à ce jeune ne répond à ces besoins pour l'instant."
    ticks = (f"{ticked} cochée(s) : « Activer des offres… » les propose cochées." if ticked else
             "Cochez celles à proposer au jeune, puis « Activer des offres… ».")
    return (f"{len(recommendations)} offre(s) répondent à ses besoins, la plus avantageuse d'abord ; économies "
            f"des offres renouvelables {uses_assumption(uses)}. {ticks}")
