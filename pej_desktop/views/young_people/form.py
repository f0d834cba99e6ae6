"""The young person's file as a form: every error in French, right under its field.

The form checks the file with the domain rules on "Enregistrer" and then as the
adviser corrects it; only a valid file is handed to the page (``submitted``), which
saves it off the GUI thread and may send back errors only the store knows
(duplicates) through ``show_errors``. Nothing is saved half-way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from itertools import pairwise

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.people import (
    PROGRAMMES,
    REF_FRANCE_TRAVAIL,
    REF_IMILO,
    REFERENCE_KINDS,
    YoungPerson,
    format_date,
    validate_young_person,
)
from pej_desktop.ops.people_csv import parse_date
from pej_desktop.views.dialog_buttons import DialogButtons
from pej_desktop.views.look import set_tone
from pej_desktop.views.screen_fit import grow_to_fit, show_example_whole


class FieldErrors:
    """Error labels placed under fields; shows, clears and focuses the first invalid one."""

    def __init__(self, parent: QWidget) -> None:
        self._parent = parent
        self._labels: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}

    def add_row(self, layout: QFormLayout, label: str, key: str, field: QWidget) -> None:
        error = QLabel(self._parent, objectName=f"{key}_error", wordWrap=True)
        set_tone(error, "error")
        error.setVisible(False)
        field.setObjectName(key)
        field.setAccessibleName(label.replace("&", "").rstrip(" :"))
        container = QWidget(self._parent)
        column = QVBoxLayout(container)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(error)
        layout.addRow(label, container)
        caption = layout.labelForField(container)
        if isinstance(caption, QLabel):
            caption.setBuddy(field)
        self._labels[key], self._fields[key] = error, field

    def show(self, errors: Mapping[str, str], *, focus: bool = False) -> None:
        for key, label in self._labels.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
            self._fields[key].setAccessibleDescription(errors.get(key, ""))
        grow_to_fit(self._parent.window())  # the sentences just shown must not be clipped
        if focus:
            first = next((key for key in self._labels if key in errors), None)
            if first is not None:
                self._fields[first].setFocus()

    def text(self, key: str) -> str:
        return self._labels[key].text() if self._labels[key].isVisible() else ""


class DateField(QLineEdit):
    """A date typed as JJ/MM/AAAA (ISO accepted); empty means "not given"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setPlaceholderText("JJ/MM/AAAA")
        self.setMaxLength(10)

    def set_date(self, day: dt.date | None) -> None:
        self.setText(format_date(day) if day else "")

    def date(self) -> dt.date | None:
        """The typed date; raises ValueError (French) when unreadable."""
        text = self.text().strip()
        return parse_date(text) if text else None


DATE_FIELDS = ("birth_date", "cej_start", "cej_planned_end", "cej_real_end", "last_contact")


class YoungPersonForm(QDialog):
    submitted = Signal(object)  # YoungPerson, valid for the domain rules

    def __init__(self, *, person: YoungPerson | None, default_ref_kind: str = REF_IMILO,
                 today: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("young_person_form")
        self.setWindowTitle("Modifier le dossier" if person and person.id else "Nouveau dossier jeune")
        self._person_id = person.id if person else None
        self._today = today or dt.date.today()
        self._tried = False
        self.errors = FieldErrors(self)
        self._build(default_ref_kind)
        if person is not None:
            self._fill(person)
        self._connect_live_check()

    def _build(self, default_ref_kind: str) -> None:
        self.first_name, self.last_name, self.postal_code = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.postal_code.setMaxLength(5)
        self.postal_code.setPlaceholderText("ex. 69003")
        self.dates = {key: DateField(self) for key in DATE_FIELDS}
        self.programme = QComboBox(self)
        for key, label in PROGRAMMES.items():
            self.programme.addItem(label, key)
        self.ref_kind = QComboBox(self)
        for key, label in REFERENCE_KINDS.items():
            self.ref_kind.addItem(label, key)
        self.ref_kind.setCurrentIndex(max(self.ref_kind.findData(default_ref_kind), 0))
        self.ref_kind.setObjectName("external_ref_kind")
        self.ref_kind.setAccessibleName("Type de référence")
        self.external_ref = QLineEdit(self)
        self.external_ref.setPlaceholderText("facultatif — n° i-milo (chiffres) ou identifiant France Travail")
        self.extended = QCheckBox("Pr&olongation au-delà de 12 mois (18 mois au plus)", self)
        self.extended.setObjectName("extended")
        self.extension_reason = QPlainTextEdit(self)
        self.extension_reason.setPlaceholderText(
            "Motif factuel de la prolongation. N'écrivez aucune donnée sensible (santé, handicap, "
            "situation judiciaire, opinions…).")
        self.extension_reason.setTabChangesFocus(True)
        show_example_whole(self.external_ref)
        lines = self.extension_reason.fontMetrics().lineSpacing()
        self.extension_reason.setFixedHeight(4 * lines + 16)  # the example's lines read whole, at any text size
        self._lay_out()

    def _lay_out(self) -> None:
        form = QFormLayout()
        rows = [("&Prénom :", "first_name", self.first_name), ("&Nom :", "last_name", self.last_name),
                ("Date de nai&ssance :", "birth_date", self.dates["birth_date"]),
                ("Code pos&tal :", "postal_code", self.postal_code), ("Pro&gramme :", "programme", self.programme)]
        for label, key, field in rows:
            self.errors.add_row(form, label, key, field)
        form.addRow("T&ype de référence :", self.ref_kind)
        self.errors.add_row(form, "&Référence :", "external_ref", self.external_ref)
        for label, key in (("&Début du CEJ :", "cej_start"), ("&Fin prévue :", "cej_planned_end"),
                           ("Fin réel&le :", "cej_real_end")):
            self.errors.add_row(form, label, key, self.dates[key])
        form.addRow(self.extended)
        self.errors.add_row(form, "&Motif de prolongation :", "extension_reason", self.extension_reason)
        self.errors.add_row(form, "Dernier &contact :", "last_contact", self.dates["last_contact"])
        buttons = DialogButtons(self, accept="&Enregistrer", accept_name="save_button", on_accept=self.try_submit)
        self.save_button = buttons.accept_button
        note = QLabel("La date de naissance sert au calcul de l'âge ; elle n'est jamais imprimée.", self)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.extension_reason.setEnabled(False)
        self.extended.toggled.connect(self.extension_reason.setEnabled)
        self._tab_in_screen_order(buttons)

    def _tab_in_screen_order(self, buttons: DialogButtons) -> None:
        """Tab follows the rows as they are shown (fields were created in another order, and Qt's
        default chain follows creation: a birth date would be typed into the postcode)."""
        chain = [self.first_name, self.last_name, self.dates["birth_date"], self.postal_code, self.programme,
                 self.ref_kind, self.external_ref, self.dates["cej_start"], self.dates["cej_planned_end"],
                 self.dates["cej_real_end"], self.extended, self.extension_reason, self.dates["last_contact"],
                 *buttons.buttons()]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _fill(self, person: YoungPerson) -> None:
        self.first_name.setText(person.first_name)
        self.last_name.setText(person.last_name)
        self.postal_code.setText(person.postal_code)
        self.programme.setCurrentIndex(max(self.programme.findData(person.programme), 0))
        if person.external_ref_kind:
            self.ref_kind.setCurrentIndex(max(self.ref_kind.findData(person.external_ref_kind), 0))
        self.external_ref.setText(person.external_ref or "")
        for key, field in self.dates.items():
            field.set_date(getattr(person, key))
        self.extended.setChecked(person.extended)
        self.extension_reason.setPlainText(person.extension_reason)

    def _connect_live_check(self) -> None:
        for field in (self.first_name, self.last_name, self.postal_code, self.external_ref, *self.dates.values()):
            field.textChanged.connect(self._recheck)
        self.extension_reason.textChanged.connect(self._recheck)
        for combo in (self.programme, self.ref_kind):
            combo.currentIndexChanged.connect(self._recheck)
        self.extended.toggled.connect(self._recheck)

    # -- checking --------------------------------------------------------------------------
    def draft(self) -> tuple[YoungPerson, dict[str, str]]:
        """The file as typed, and the errors of dates that could not be read."""
        dates, unreadable = {}, {}
        for key, field in self.dates.items():
            try:
                dates[key] = field.date()
            except ValueError:
                dates[key], unreadable[key] = None, "Date illisible : écrivez-la sous la forme JJ/MM/AAAA."
        person = YoungPerson(
            first_name=self.first_name.text(), last_name=self.last_name.text(), postal_code=self.postal_code.text(),
            programme=self.programme.currentData(), external_ref_kind=self.ref_kind.currentData(),
            external_ref=self.external_ref.text(), extended=self.extended.isChecked(),
            extension_reason=self.extension_reason.toPlainText(), id=self._person_id, **dates,
        )
        return person.normalised(), unreadable

    def check(self) -> tuple[YoungPerson, dict[str, str]]:
        person, unreadable = self.draft()
        return person, {**validate_young_person(person, self._today), **unreadable}

    def _recheck(self) -> None:
        if self._tried:
            self.errors.show(self.check()[1])

    def try_submit(self) -> None:
        self._tried = True
        person, errors = self.check()
        self.errors.show(errors, focus=True)
        if not errors:
            self.save_button.setEnabled(False)
            self.submitted.emit(person)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Errors found while saving (a duplicate): the form stays open, nothing saved."""
        self.save_button.setEnabled(True)
        self.errors.show(errors, focus=True)


def default_reference_kind(structure: str | None) -> str:
    return REF_FRANCE_TRAVAIL if structure == "FRANCE_TRAVAIL" else REF_IMILO
