"""The one way a dialog gets its row of buttons (« Enregistrer », « Annuler », « Fermer »…).

Every dialog ends with the same row so that the keyboard works the same everywhere:
each label carries a mnemonic (Alt+letter), the accept button is the default (Enter),
Escape and the cancel button both reject the dialog, and when the dialog has a rule for
« ready to accept » the accept button is enabled only while it holds — Enter on a dialog
that is not ready then does nothing. A row without an accept button (« Fermer » alone)
makes that button the default: Enter and Escape both close.

The buttons keep the roles of ``QDialogButtonBox`` (the platform orders them, and the
screen reader's descriptions in ``views/descriptions.py`` are given by role).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QPushButton, QWidget

Role = QDialogButtonBox.ButtonRole


class DialogButtons(QDialogButtonBox):
    """The row itself: ``accept_button`` (None for a « Fermer » row) and ``cancel_button``."""

    def __init__(self, dialog: QDialog, *, accept: str | None = None, cancel: str = "&Annuler",
                 on_accept: Callable[[], object] | None = None, valid: Callable[[], bool] | None = None,
                 accept_name: str = "", parent: QWidget | None = None) -> None:
        """``on_accept`` runs on Enter or the accept button (default: ``dialog.accept``), so a dialog
        that checks its fields first stays open when they are wrong; ``valid`` is the dialog's rule
        for « ready », read again by ``recheck``; ``parent`` when the row sits on a page of the dialog."""
        super().__init__(parent or dialog)
        self._valid = valid
        self.accept_button: QPushButton | None = None
        if accept is not None:
            self.accept_button = self._add(accept, Role.AcceptRole)
            self.accept_button.setObjectName(accept_name)
            self.accepted.connect(on_accept or dialog.accept)
        self.cancel_button = self._add(cancel, Role.RejectRole)
        self.rejected.connect(dialog.reject)
        (self.accept_button or self.cancel_button).setDefault(True)
        self.recheck()

    def _add(self, text: str, role: Role) -> QPushButton:
        return self.addButton(_with_letter(text), role)

    def recheck(self) -> None:
        """Call when something the dialog's rule reads has changed: the accept button follows it."""
        if self.accept_button is not None and self._valid is not None:
            self.accept_button.setEnabled(self._valid())


def confirm(parent: QWidget | None, *, title: str, text: str, act: str, on_act: Callable[[], object],
            cancel: str = "&Annuler", warning: bool = False, name: str = "") -> QMessageBox:
    """The one way to ask before something that cannot be undone (delete, restore, purge, overwrite).

    The question's buttons name the act (« &Supprimer », not « Oui ») and the safe answer
    (« &Annuler », « Ne rien &changer »), both with a mnemonic; the safe answer is the default,
    so Enter and Escape both leave everything as it was, and only the act's button, or its
    Alt+letter, runs ``on_act``. Returned unopened: the caller opens it its own way (window-modal)
    and keeps it for the tests."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    acting = box.addButton(_with_letter(act), QMessageBox.ButtonRole.AcceptRole)
    safe = box.addButton(_with_letter(cancel), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(safe)
    box.setEscapeButton(safe)
    box.buttonClicked.connect(lambda button: on_act() if button is acting else None)
    return box


def _with_letter(label: str) -> str:
    """``label``, refused when it has no underlined letter: every button is reached by Alt+letter."""
    if "&" not in label.replace("&&", ""):
        raise ValueError(f"a button needs a mnemonic (Alt+letter): {label!r}")
    return label
