"""The backups of the personal file: list, back up now, restore one, how many to keep.

The dialog only shows and asks; the data-safety controller does the work on the
worker and calls ``show_backups`` back with the new list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.ops.backup import MAX_KEEP, BackupFile
from pej_desktop.views.dialog_buttons import DialogButtons
from pej_desktop.views.screen_fit import fit_to_screen


def describe_backup(backup: BackupFile) -> str:
    size = f"{max(backup.size // 1024, 1)} Ko"
    return f"{backup.taken_at:%d/%m/%Y à %H:%M} — {backup.label} — {size}"


class BackupsDialog(QDialog):
    backup_requested = Signal()
    restore_requested = Signal(object)  # BackupFile
    open_folder_requested = Signal()
    keep_changed = Signal(int)

    def __init__(self, *, keep: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backups_dialog")
        self.setWindowTitle("Sauvegardes du fichier des jeunes")
        intro = QLabel("Le fichier des jeunes est sauvegardé automatiquement une fois par jour, chiffré comme "
                       "l'original. Restaurer une sauvegarde remplace le fichier actuel, qui est conservé à part.",
                       self, wordWrap=True)
        self.list = QListWidget(self, objectName="backups_list")
        self.list.setAccessibleName("Sauvegardes disponibles")
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.list.itemDoubleClicked.connect(lambda _item: self._restore_selected())
        self.status = QLabel("Lecture des sauvegardes…", self, objectName="backups_status", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addLayout(self._keep_row(keep))
        layout.addLayout(self._buttons())
        fit_to_screen(self, 620, 420)
        self._update_buttons()

    def _keep_row(self, keep: int) -> QHBoxLayout:
        row = QHBoxLayout()
        label = QLabel("&Conserver les", self)
        self.keep_spin = QSpinBox(self, objectName="backups_keep")
        self.keep_spin.setRange(1, MAX_KEEP)
        self.keep_spin.setValue(keep)
        self.keep_spin.setAccessibleName("Nombre de sauvegardes conservées")
        label.setBuddy(self.keep_spin)
        self.keep_spin.valueChanged.connect(self.keep_changed.emit)
        row.addWidget(label)
        row.addWidget(self.keep_spin)
        row.addWidget(QLabel("dernières sauvegardes", self))
        row.addStretch(1)
        return row

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.backup_button = QPushButton("&Sauvegarder maintenant", self, objectName="backup_now_button")
        self.restore_button = QPushButton("&Restaurer la sauvegarde choisie…", self, objectName="restore_button")
        self.folder_button = QPushButton("&Ouvrir le dossier", self, objectName="backups_folder_button")
        close = DialogButtons(self, cancel="&Fermer")
        self.backup_button.clicked.connect(self.backup_requested.emit)
        self.restore_button.clicked.connect(self._restore_selected)
        self.folder_button.clicked.connect(self.open_folder_requested.emit)
        for button in (self.backup_button, self.restore_button, self.folder_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        return row

    def show_backups(self, backups: list[BackupFile], *, can_backup: bool, note: str = "") -> None:
        self.list.clear()
        for backup in backups:
            item = QListWidgetItem(describe_backup(backup), self.list)
            item.setData(Qt.ItemDataRole.UserRole, backup)
            if not backup.restorable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        restorable = [i for i in range(self.list.count()) if self.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]
        if restorable:
            self.list.setCurrentRow(restorable[0])
        self.status.setText(note or (f"{len(backups)} copie(s) dans le dossier des sauvegardes."
                                     if backups else "Aucune sauvegarde pour l'instant."))
        self.backup_button.setEnabled(can_backup)
        self._update_buttons()

    def selected_backup(self) -> BackupFile | None:
        item = self.list.currentItem()
        backup = item.data(Qt.ItemDataRole.UserRole) if item else None
        return backup if isinstance(backup, BackupFile) and backup.restorable else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)

    def _restore_selected(self) -> None:
        backup = self.selected_backup()
        if backup is not None:
            self.restore_requested.emit(backup)
