"""The adviser's profile: who uses this machine, recorded with every eligibility check.

Asked the first time the adviser opens the "Jeunes" page, editable later from the
menu Fichier → Profil du conseiller. Validation messages sit under their fields.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pej_desktop.domain.people import STRUCTURES, Adviser, validate_adviser
from pej_desktop.views.dialog_buttons import DialogButtons
from pej_desktop.views.screen_fit import show_example_whole
from pej_desktop.views.young_people.form import FieldErrors


class AdviserFields(QWidget):
    """The profile's fields with their inline errors; in this dialog and in the first-run assistant."""

    def __init__(self, *, adviser: Adviser | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._adviser_id = adviser.id if adviser else None
        self.errors = FieldErrors(self)
        self.first_name, self.last_name = QLineEdit(self), QLineEdit(self)
        self.structure = QComboBox(self)
        for key, label in STRUCTURES.items():
            self.structure.addItem(label, key)
        self.agency_name, self.agency_code = QLineEdit(self), QLineEdit(self)
        self.agency_name.setPlaceholderText("ex. Mission Locale de Lyon")
        self.agency_code.setPlaceholderText("ex. 69001 (commence par le département)")
        self.phone, self.email = (
            QLineEdit(self, objectName="adviser_phone"),
            QLineEdit(self, objectName="adviser_email"),
        )
        self.phone.setPlaceholderText("ex. 04 72 00 00 00 (facultatif, imprimé sur les récapitulatifs)")
        self.email.setPlaceholderText("ex. prenom.nom@mission-locale.fr (facultatif)")
        show_example_whole(self.agency_name, self.agency_code, self.phone, self.email)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for label, key, field in (
            ("&Prénom :", "first_name", self.first_name),
            ("&Nom :", "last_name", self.last_name),
            ("&Structure :", "structure", self.structure),
            ("&Agence :", "agency_name", self.agency_name),
            ("&Code agence :", "agency_code", self.agency_code),
            ("&Téléphone professionnel :", "phone", self.phone),
            ("C&ourriel professionnel :", "email", self.email),
        ):
            self.errors.add_row(form, label, key, field)
        if adviser is not None:
            self.fill(adviser)

    def fill(self, adviser: Adviser) -> None:
        self.first_name.setText(adviser.first_name)
        self.last_name.setText(adviser.last_name)
        self.structure.setCurrentIndex(max(self.structure.findData(adviser.structure), 0))
        self.agency_name.setText(adviser.agency_name)
        self.agency_code.setText(adviser.agency_code)
        self.phone.setText(adviser.phone)
        self.email.setText(adviser.email)

    def text_fields(self) -> tuple[QLineEdit, ...]:
        return (self.first_name, self.last_name, self.agency_name, self.agency_code, self.phone, self.email)

    def is_blank(self) -> bool:
        return not any(field.text().strip() for field in self.text_fields())

    def draft(self) -> Adviser:
        return Adviser(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            structure=self.structure.currentData(),
            agency_name=self.agency_name.text(),
            agency_code=self.agency_code.text(),
            id=self._adviser_id,
            phone=self.phone.text(),
            email=self.email.text(),
        ).normalised()


class AdviserDialog(QDialog):
    submitted = Signal(object)  # Adviser, valid for the domain rules

    def __init__(self, *, adviser: Adviser | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adviser_dialog")
        self.setWindowTitle("Profil du conseiller" if adviser else "Bienvenue : votre profil de conseiller")
        self._tried = False
        self.fields = AdviserFields(adviser=adviser, parent=self)
        self.errors = self.fields.errors
        self.first_name, self.last_name = self.fields.first_name, self.fields.last_name
        self.structure = self.fields.structure
        self.agency_name, self.agency_code = self.fields.agency_name, self.fields.agency_code
        intro = QLabel(
            "Ces informations figurent sur les récapitulatifs remis aux jeunes (avec votre contact "
            "professionnel, si vous l'indiquez) et sont enregistrées avec chaque vérification "
            "d'éligibilité.",
            self,
            wordWrap=True,
        )
        # « Annu&ler », « Plus ta&rd »: P, N, S, A, C, T, O and E are the fields' and Enregistrer's letters.
        buttons = DialogButtons(self, accept="&Enregistrer", cancel="Plus ta&rd" if adviser is None else "Annu&ler",
                                accept_name="save_button", on_accept=self.try_submit)
        self.save_button = buttons.accept_button
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.fields)
        layout.addWidget(buttons)
        for field in self.fields.text_fields():
            field.textChanged.connect(self._recheck)

    def draft(self) -> Adviser:
        return self.fields.draft()

    def _recheck(self) -> None:
        if self._tried:
            self.errors.show(validate_adviser(self.draft()))

    def try_submit(self) -> None:
        self._tried = True
        adviser = self.draft()
        errors = validate_adviser(adviser)
        self.errors.show(errors, focus=True)
        if not errors:
            self.save_button.setEnabled(False)
            self.submitted.emit(adviser)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        self.save_button.setEnabled(True)
        self.errors.show(errors, focus=True)
