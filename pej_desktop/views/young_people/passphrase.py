"""Asking the passphrase of the personal-data file when no keyring can keep its key.

Says plainly why it is asked (no keyring on this machine, or key not found), asks
twice when the file is being created, and keeps the passphrase in memory only.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pej_desktop.ops.personal_file import PassphraseRefused, key_from_passphrase
from pej_desktop.views.dialog_buttons import DialogButtons
from pej_desktop.views.look import set_tone
from pej_desktop.views.screen_fit import grow_to_fit


class PassphraseDialog(QDialog):
    submitted = Signal(object)  # DatabaseKey

    def __init__(self, *, message: str, creating: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphrase_dialog")
        self.setWindowTitle("Phrase de passe du fichier des jeunes")
        self._creating = creating
        explanation = QLabel(message, self, objectName="passphrase_message", wordWrap=True)
        self.passphrase = QLineEdit(self, objectName="passphrase", echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Phrase de passe")
        self.confirmation = QLineEdit(self, objectName="passphrase_confirmation",
                                      echoMode=QLineEdit.EchoMode.Password)
        self.confirmation.setAccessibleName("Confirmation de la phrase de passe")
        self.error = QLabel(self, objectName="passphrase_error", wordWrap=True)
        set_tone(self.error, "error")
        self.error.setVisible(False)
        form = QFormLayout()
        form.addRow("&Phrase de passe :", self.passphrase)
        if creating:
            form.addRow("&Confirmation :", self.confirmation)
        else:
            self.confirmation.setVisible(False)
        buttons = DialogButtons(self, accept="P&rotéger le fichier" if creating else "&Ouvrir", cancel="Plus &tard",
                                accept_name="ok_button", on_accept=self.try_submit)
        self.ok_button = buttons.accept_button
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def try_submit(self) -> None:
        confirmation = self.confirmation.text() if self._creating else None
        try:
            key = key_from_passphrase(self.passphrase.text(), confirmation=confirmation)
        except PassphraseRefused as refused:
            self.show_error(str(refused))
            return
        self.ok_button.setEnabled(False)
        self.submitted.emit(key)

    def show_error(self, message: str) -> None:
        """Wrong passphrase or too short: say so, clear the field, let the adviser retry."""
        self.ok_button.setEnabled(True)
        self.error.setText(message)
        self.error.setVisible(True)
        grow_to_fit(self)
        self.passphrase.clear()
        self.confirmation.clear()
        self.passphrase.setFocus()
