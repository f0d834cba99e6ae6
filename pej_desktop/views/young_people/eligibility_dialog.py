"""Before a check: the adviser confirms the young person's status and, if it matters, asks the RQTH.

The RQTH question appears only when the age at entry in the CEJ (its start date) is
between 26 and 29 — the only case where the answer changes anything — and the dialog
says that the answer is used for this check and never stored.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.eligibility import CEJ_MAX_AGE, CEJ_MAX_AGE_RQTH, Confirmations, rqth_needed
from pej_desktop.views.dialog_buttons import DialogButtons

if TYPE_CHECKING:
    from pej_desktop.domain.people import YoungPerson


class EligibilityDialog(QDialog):
    submitted = Signal(object, object)  # Confirmations, reference date

    def __init__(self, *, person: YoungPerson, today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eligibility_dialog")
        self.setWindowTitle(f"Vérifier l'éligibilité — {person.display_name}")
        self._person = person
        today = today or dt.date.today()
        self.reference_date = QDateEdit(QDate(today.year, today.month, today.day), self,
                                        objectName="reference_date", calendarPopup=True)
        self.reference_date.setDisplayFormat("dd/MM/yyyy")
        self.reference_date.setAccessibleName("Date de référence de la vérification")
        self.not_student = QCheckBox("Je confirme que le jeune n'est &pas étudiant", self, objectName="not_student")
        self.not_in_training = QCheckBox("Je confirme que le jeune n'est pas en &formation", self,
                                         objectName="not_in_training")
        self.rqth = QComboBox(self, objectName="rqth")
        for label, value in (("Question non posée", None), ("Oui, le jeune a une RQTH", True),
                             ("Non", False)):
            self.rqth.addItem(label, value)
        self.rqth.setAccessibleName("Reconnaissance de la qualité de travailleur handicapé (RQTH)")
        self.rqth_note = QLabel(
            f"Entré en CEJ après {CEJ_MAX_AGE} ans révolus, un jeune y a droit jusqu'à {CEJ_MAX_AGE_RQTH} ans "
            "révolus avec une RQTH. Cette réponse sert uniquement à cette vérification : "
            "elle n'est jamais enregistrée.",
            self,
            objectName="rqth_note",
            wordWrap=True,
        )
        self._lay_out()
        self.reference_date.dateChanged.connect(lambda _d: self._update_rqth())
        self._update_rqth()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("&Date de référence :", self.reference_date)
        form.addRow(self.not_student)
        form.addRow(self.not_in_training)
        self.rqth_label = QLabel("&RQTH :", self)
        self.rqth_label.setBuddy(self.rqth)
        form.addRow(self.rqth_label, self.rqth)
        form.addRow(self.rqth_note)
        buttons = DialogButtons(self, accept="&Vérifier", accept_name="check_button", on_accept=self.submit)
        self.check_button = buttons.accept_button
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def on_date(self) -> dt.date:
        return self.reference_date.date().toPython()  # type: ignore[no-any-return]

    def rqth_relevant(self) -> bool:
        return rqth_needed(self._person, self.on_date())

    def _update_rqth(self) -> None:
        relevant = self.rqth_relevant()
        for widget in (self.rqth_label, self.rqth, self.rqth_note):
            widget.setVisible(relevant)
        if not relevant:
            self.rqth.setCurrentIndex(0)

    def confirmations(self) -> Confirmations:
        """Unticked boxes mean "not confirmed" (to verify), never "is a student"."""
        return Confirmations(
            not_student=True if self.not_student.isChecked() else None,
            not_in_training=True if self.not_in_training.isChecked() else None,
            rqth=self.rqth.currentData() if self.rqth_relevant() else None,
        )

    def submit(self) -> None:
        self.submitted.emit(self.confirmations(), self.on_date())
        self.accept()
