"""Follow-up in the young person's file: activations and their state, offers ending soon, news.

The history shows each activation with its state as known from the national side
after the last sync (code used or not, expired, rejected, still to send). Selecting
one and « Retour du jeune… » records the young person's feedback on that offer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.describe import format_date
from pej_desktop.domain.followup import (
    FEEDBACK_KINDS,
    ActivationLine,
    Expiring,
    FollowupOffer,
    effective_state,
    state_summary,
)
from pej_desktop.views.wrapped_rows import WrappedRowsTable

COLUMNS = ("Offre", "Activée le", "État", "Détail", "Retour du jeune")
_FIT, _SHARE = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch
COLUMN_MODES = (_SHARE, _FIT, _FIT, _SHARE, _SHARE)


class FollowupPanel(QWidget):
    feedback_requested = Signal(object)  # ActivationLine

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followup_panel")
        self.lines: tuple[ActivationLine, ...] = ()
        self.summary = QLabel(self, objectName="followup_summary", wordWrap=True)
        self.history = WrappedRowsTable(len(COLUMNS), self, object_name="followup_history")
        self.history.setHorizontalHeaderLabels(list(COLUMNS))
        self.history.setTabKeyNavigation(False)
        self.history.setAccessibleName("Offres activées et leur état")
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history.verticalHeader().setVisible(False)
        # At 1366×768 nothing is elided: the date and the state take their width, the offer, the detail and
        # the feedback share the rest and wrap; each row is as tall as its text.
        header = self.history.horizontalHeader()
        for column, mode in enumerate(COLUMN_MODES):
            header.setSectionResizeMode(column, mode)
        self.feedback_button = QPushButton("Retour &du jeune…", self, objectName="followup_feedback")
        self.feedback_button.setEnabled(False)
        self.expiring = QListWidget(self, objectName="followup_expiring")
        self.expiring.setAccessibleName("Offres qui se terminent bientôt")
        self.news_label = QLabel("Nouveautés depuis le dernier entretien", self, objectName="followup_news_label")
        self.news = QListWidget(self, objectName="followup_news")
        self.news.setAccessibleName("Nouvelles offres depuis le dernier entretien")
        self.history.itemSelectionChanged.connect(self._selection_changed)
        self.feedback_button.clicked.connect(self._ask_feedback)
        # Enter or a double click on an activation: the same as the button (no mnemonic left on the page).
        self.history.activated.connect(lambda _index: self._ask_feedback())
        self._lay_out()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.feedback_button)
        lists = QHBoxLayout()
        # At 1366×768 the tab shows a few activations and a few offers of each list without scrolling.
        # Their preferred heights are not asked for (the tab's scroll area gave its content the height
        # its wrapped text prefers, and the two lists none): each has a few rows, then shares the rest.
        rows = self.fontMetrics().lineSpacing() + 8
        for widget, shown in ((self.history, 4), (self.expiring, 3), (self.news, 3)):
            widget.setMinimumHeight(shown * rows)
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        for title, widget in (("Se terminent dans les 10 jours", self.expiring), (None, self.news)):
            column = QVBoxLayout()
            column.addWidget(QLabel(title, self) if title else self.news_label)
            column.addWidget(widget, 1)
            lists.addLayout(column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.history, 1)
        layout.addLayout(buttons)
        layout.addLayout(lists, 1)

    def show_followup(self, *, lines: Sequence[ActivationLine], feedback: dict[str, str],
                      expiring: Sequence[Expiring], news: Sequence[FollowupOffer], since: dt.date | None,
                      today: dt.date) -> None:
        self.lines = tuple(lines)
        self.summary.setText(state_summary(self.lines, today))
        self.history.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            cells = (line.title, format_date(line.activated_on), effective_state(line, today).label, line.detail,
                     FEEDBACK_KINDS.get(feedback.get(line.activation_id, ""), ""))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.history.setItem(row, column, item)
        self.history.refit()
        self.expiring.clear()
        for entry in expiring:
            what = "code à utiliser" if entry.activated else "répond à ses besoins"
            self.expiring.addItem(f"{entry.title} — {entry.when(today)} ({what})")
        if not expiring:
            self.expiring.addItem("Aucune offre de ce jeune ne se termine dans les 10 jours.")
        self.news_label.setText("Nouveautés depuis le dernier entretien" +
                                (f" ({format_date(since)})" if since else ""))
        self.news.clear()
        for offer in news:
            self.news.addItem(offer.title)
        if not news:
            self.news.addItem("Aucune nouvelle offre pour ses besoins." if since else
                              "Pas encore d'entretien enregistré pour ce jeune.")
        self._selection_changed()

    def selected_line(self) -> ActivationLine | None:
        rows = self.history.selectionModel().selectedRows()
        return self.lines[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.feedback_button.setEnabled(self.selected_line() is not None)

    def _ask_feedback(self) -> None:
        line = self.selected_line()
        if line is not None:
            self.feedback_requested.emit(line)
