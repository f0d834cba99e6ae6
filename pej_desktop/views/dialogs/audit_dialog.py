"""The audit log, for the adviser: who did what, when, on which file (by number); CSV export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.views.dialog_buttons import DialogButtons
from pej_desktop.views.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from pej_desktop.store.audit import AuditEntry

HEADERS = ["Date", "Conseiller", "Action", "Dossier n°", "Détail"]


class AuditDialog(QDialog):
    export_requested = Signal()

    def __init__(self, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_dialog")
        self.setWindowTitle("Journal des accès aux données personnelles")
        intro = QLabel("Chaque lecture et chaque modification des dossiers des jeunes est enregistrée ici, dans le "
                       "fichier chiffré. Les dossiers sont désignés par leur numéro, jamais par leur nom.",
                       self, wordWrap=True)
        self.table = QTableWidget(0, len(HEADERS), self, objectName="audit_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName("Entrées du journal des accès")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel("Lecture du journal…", self, objectName="audit_status", wordWrap=True)
        self.export_button = QPushButton("&Exporter (CSV)…", self, objectName="audit_export_button")
        self.export_button.clicked.connect(self.export_requested.emit)
        close = DialogButtons(self, cancel="&Fermer")
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        fit_to_screen(self, 760, 480)

    def show_entries(self, entries: list[AuditEntry], *, total: int) -> None:
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = (f"{entry.local_time:%d/%m/%Y %H:%M:%S}", entry.actor or "--", entry.action_label,
                     "" if entry.person_id is None else str(entry.person_id), entry.detail_label)
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        shown = f"{len(entries)} entrée(s) les plus récentes sur {total}" if total > len(entries) \
            else f"{total} entrée(s)"
        self.status.setText(f"{shown}. L'export CSV contient tout le journal.")

    def show_status(self, text: str) -> None:
        self.status.setText(text)
