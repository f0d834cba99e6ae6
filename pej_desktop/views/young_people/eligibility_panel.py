"""The right side of the "Jeunes" page: run a check, read its result, show it in the catalogue.

The check runs on the database worker (the engine over every published offer, then
the record of the check); its marks leave through ``eligibility_changed``, which the
main window wires to ``CataloguePage.set_eligibility``. Marks are withdrawn as soon as
they may be stale: another person selected, the file changed or deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from pej_desktop.ops import people as ops
from pej_desktop.ops.background import WriteOp
from pej_desktop.ops.changes import PEOPLE, Written
from pej_desktop.views.errors import show_unexpected_error
from pej_desktop.views.young_people.eligibility_dialog import EligibilityDialog
from pej_desktop.views.young_people.eligibility_result import result_html

if TYPE_CHECKING:
    from pej_desktop.domain.eligibility import Confirmations
    from pej_desktop.domain.people import YoungPerson
    from pej_desktop.session import Session
    from pej_desktop.store.personal import PersonalStore


class EligibilityPanel(QWidget):
    eligibility_changed = Signal(object, object)  # first name or None, marks or None
    show_catalogue_requested = Signal()

    def __init__(self, session: Session, *, open_dialog: Callable[[QWidget], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._open_dialog = open_dialog
        self.checked_person_id: int | None = None
        self.check_button = QPushButton("&Vérifier l'éligibilité…", self, objectName="check_eligibility_button")
        self.result = QTextBrowser(self, objectName="eligibility_result")
        self.result.setAccessibleName("Résultat de la vérification d'éligibilité")
        self.result.setPlaceholderText("Sélectionnez un jeune puis « Vérifier l'éligibilité ».")
        self.catalogue_button = QPushButton("Offres dans le catalo&gue", self,
                                            objectName="show_catalogue_button", enabled=False)
        self.clear_button = QPushButton("&Effacer la vérification", self, objectName="clear_eligibility_button",
                                        enabled=False)
        # « Vérifier l'éligibilité… » lives in the page's action bar (the page places it), not here.
        self.check_button.setAccessibleName("Vérifier l'éligibilité")
        self.check_button.setAccessibleDescription("Demande les confirmations puis vérifie l'éligibilité du jeune "
                                                   "sélectionné au Pass et à chaque offre")
        self.catalogue_button.setAccessibleName("Voir les offres dans le catalogue")
        self.clear_button.setAccessibleName("Effacer la vérification")
        buttons = QHBoxLayout()
        buttons.addWidget(self.catalogue_button)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.result, 1)
        layout.addLayout(buttons)
        self.catalogue_button.clicked.connect(self.show_catalogue_requested)
        self.clear_button.clicked.connect(self.clear)

    def ask(self, person: YoungPerson, store: PersonalStore) -> None:
        """The confirmations dialog (RQTH when it matters), then the check."""
        dialog = EligibilityDialog(person=person, parent=self)
        person_id = person.id
        assert person_id is not None
        dialog.submitted.connect(lambda confirmations, on: self.run_check(store, person_id, confirmations, on))
        self._open_dialog(dialog)

    def run_check(self, store: PersonalStore, person_id: int, confirmations: Confirmations, on: dt.date) -> None:
        catalogue = self.session.catalogue
        # A write (the check is recorded): the interview companion and the activations hear it and follow.
        WriteOp(parent=self, op=lambda: Written(ops.run_eligibility_check(
            store, catalogue, person_id, confirmations, on=on, now=dt.datetime.now()), PEOPLE)
        ).success(lambda outcome: self._checked(outcome, on)).failure(self._failed).run()

    def _checked(self, outcome: ops.CheckOutcome, on: dt.date) -> None:
        self.checked_person_id = outcome.person_id
        self.result.setHtml(result_html(outcome, on=on))
        self.catalogue_button.setEnabled(True)
        self.clear_button.setEnabled(True)
        self.eligibility_changed.emit(outcome.first_name, outcome.marks)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, ops.CheckRefused):
            show_unexpected_error(error, parent=self)
            return
        self._open_dialog(QMessageBox(QMessageBox.Icon.Warning, "Vérification impossible", str(error),
                                      QMessageBox.StandardButton.Ok, self))

    def forget(self, person_id: int | None) -> None:
        """Withdraw the marks if they belong to this person (changed, deleted, deselected)."""
        if self.checked_person_id is not None and person_id == self.checked_person_id:
            self.clear()

    def clear(self) -> None:
        self.checked_person_id = None
        self.result.clear()
        self.catalogue_button.setEnabled(False)
        self.clear_button.setEnabled(False)
        self.eligibility_changed.emit(None, None)
