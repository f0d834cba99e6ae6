"""« Retour du jeune » on an activated offer: one of four answers, sent as a report.

The four answers are the pilot's commonest: it worked; the code or link did not work;
the discount was too small; they did not understand how to use it. No free text: a
comment could hold sensitive data, and the national team needs counts.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.followup import FEEDBACK_KINDS as REPORT_KINDS
from pej_desktop.views.dialog_buttons import DialogButtons

MNEMONICS = {"worked": "Ça a &marché", "code_failed": "Le &code ou le lien n'a pas marché",
             "too_small": "La réduction était trop &faible", "not_understood": "&Pas compris comment l'utiliser"}


class FeedbackDialog(QDialog):
    submitted = Signal(str)  # the report kind

    def __init__(self, *, offer_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Retour du jeune sur une offre")
        self.setObjectName("feedback_dialog")
        self.setAccessibleName("Retour du jeune sur une offre")
        intro = QLabel(f"Qu'a dit le jeune de l'offre « {offer_title} » ? Le retour est transmis à l'équipe "
                       "nationale à la prochaine synchronisation, sans son nom.", self, wordWrap=True)
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for kind in REPORT_KINDS:
            radio = QRadioButton(MNEMONICS[kind], self, objectName=f"feedback_{kind}")
            radio.setAccessibleName(REPORT_KINDS[kind])
            self.group.addButton(radio)
            self.radios[kind] = radio
            layout.addWidget(radio)
        self.buttons = DialogButtons(self, accept="&Enregistrer", on_accept=self._submit,
                                     valid=lambda: self.chosen() is not None)
        self.group.buttonToggled.connect(lambda *_: self.buttons.recheck())
        layout.addWidget(self.buttons)

    def chosen(self) -> str | None:
        return next((kind for kind, radio in self.radios.items() if radio.isChecked()), None)

    def _submit(self) -> None:
        kind = self.chosen()
        if kind is not None:
            self.submitted.emit(kind)
            self.accept()
