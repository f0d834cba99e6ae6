"""Retention review: files over 2 years without contact (to delete), files to archive.

The adviser ticks which expired files to delete (all by default) and confirms once
more before anything is erased. Names are shown here, on the adviser's screen only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.people import format_date
from pej_desktop.domain.retention import RETENTION_YEARS
from pej_desktop.views.dialog_buttons import DialogButtons, confirm
from pej_desktop.views.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from pej_desktop.ops.retention import RetentionItem, RetentionReport


def _table(parent: QWidget, name: str, headers: list[str], accessible: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent, objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setTabKeyNavigation(False)
    table.setAccessibleName(accessible)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class RetentionDialog(QDialog):
    purge_requested = Signal(list)  # person ids, after the adviser's confirmation

    def __init__(self, *, report: RetentionReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retention_dialog")
        self.setWindowTitle("Conservation des données des jeunes")
        self.report = report
        self.expired_table = _table(self, "expired_table", ["Supprimer", "Jeune", "Dernier contact", "D'après"],
                                    "Dossiers sans contact depuis plus de deux ans")
        self.archive_table = _table(self, "archive_table", ["Jeune", "Âge", "Fin du CEJ"],
                                    "Dossiers à archiver")
        self.delete_button = QPushButton(self, objectName="purge_button")
        self.delete_button.clicked.connect(self._ask_purge)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self._expired_text(), self, wordWrap=True, objectName="expired_intro"))
        layout.addWidget(self.expired_table, 2)
        layout.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(QLabel(self._archive_text(), self, wordWrap=True, objectName="archive_intro"))
        layout.addWidget(self.archive_table, 1)
        layout.addWidget(DialogButtons(self, cancel="&Fermer"))
        self._fill()
        self.expired_table.itemChanged.connect(lambda _item: self._update_button())
        fit_to_screen(self, 680, 520)

    def _expired_text(self) -> str:
        count = len(self.report.expired)
        head = (f"Les dossiers des jeunes sont conservés {RETENTION_YEARS} ans après le dernier contact, puis "
                f"supprimés (cadre CNIL de l'accompagnement social). Dernier contact avant le "
                f"{format_date(self.report.cutoff)} : ")
        if not count:
            return head + "aucun dossier."
        return head + (f"{count} dossier(s). Les dossiers cochés seront supprimés avec tout ce qui s'y rapporte ; "
                       "les activations déjà transmises restent uniquement côté national.")

    def _archive_text(self) -> str:
        count = len(self.report.to_archive)
        return (f"À archiver : {count} jeune(s) de plus de 25 ans dont le CEJ est terminé. Exportez le dossier "
                "si nécessaire (Fichier → Données personnelles), puis supprimez-le depuis la page Jeunes."
                if count else "À archiver : aucun jeune de plus de 25 ans dont le CEJ est terminé.")

    def _fill(self) -> None:
        self.expired_table.setRowCount(len(self.report.expired))
        for row, item in enumerate(self.report.expired):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            tick.setCheckState(Qt.CheckState.Checked)
            tick.setData(Qt.ItemDataRole.UserRole, item.person_id)
            self.expired_table.setItem(row, 0, tick)
            for column, value in enumerate((item.display_name, format_date(item.last_contact), item.basis), 1):
                self.expired_table.setItem(row, column, QTableWidgetItem(value))
        self.archive_table.setRowCount(len(self.report.to_archive))
        for row, item in enumerate(self.report.to_archive):
            for column, value in enumerate(_archive_cells(item)):
                self.archive_table.setItem(row, column, QTableWidgetItem(value))
        self._update_button()

    def ticked_ids(self) -> list[int]:
        ids = []
        for row in range(self.expired_table.rowCount()):
            tick = self.expired_table.item(row, 0)
            if tick.checkState() == Qt.CheckState.Checked:
                ids.append(int(tick.data(Qt.ItemDataRole.UserRole)))
        return ids

    def set_ticked(self, person_ids: set[int]) -> None:
        for row in range(self.expired_table.rowCount()):
            tick = self.expired_table.item(row, 0)
            wanted = int(tick.data(Qt.ItemDataRole.UserRole)) in person_ids
            tick.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def _update_button(self) -> None:
        count = len(self.ticked_ids())
        self.delete_button.setText(f"&Supprimer {count} dossier(s)…")
        self.delete_button.setEnabled(count > 0)

    def _ask_purge(self) -> None:
        ids = self.ticked_ids()
        box = confirm(self, title="Supprimer les dossiers anciens", act="&Supprimer", warning=True,
                      text=f"Supprimer définitivement {len(ids)} dossier(s) et tout ce qui s'y rapporte "
                           "(vérifications d'éligibilité, activations en attente) ? Cette action est irréversible ; "
                           "les sauvegardes qui les contiennent disparaîtront à leur tour avec la rotation.",
                      on_act=lambda: self.purge_requested.emit(ids), name="purge_confirmation")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirmation = box
        box.open()


def _archive_cells(item: RetentionItem) -> tuple[str, str, str]:
    age = f"{item.age} ans" if item.age is not None else "--"
    return item.display_name, age, format_date(item.cej_end) if item.cej_end else "--"
