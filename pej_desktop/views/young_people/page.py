"""The "Jeunes" page: the portfolio, searchable by name, the file form, the eligibility check.

The personal-data file opens in the background at start (the keyring lookup on a
pool of its own, so a keyring waiting for its unlock prompt never holds the
catalogue's database worker). What needs the adviser — a passphrase when no keyring
works, the adviser profile at first use — is asked when the page is first shown,
never in front of the catalogue. Checks show their marks in the catalogue through
``page.eligibility.eligibility_changed`` (wired to ``CataloguePage.set_eligibility``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.describe import os_reason
from pej_desktop.domain.territory import departement_of_agency_code
from pej_desktop.logging_setup import PersonalDataFilter
from pej_desktop.ops import people as ops
from pej_desktop.ops.background import QueryOp, WriteOp
from pej_desktop.ops.changes import PEOPLE, Changes, Written
from pej_desktop.ops.people_csv import CsvFileError
from pej_desktop.ops.personal_file import SchemaTooNewError
from pej_desktop.views.dialog_buttons import confirm
from pej_desktop.views.errors import show_unexpected_error
from pej_desktop.views.listening import ChangesListener
from pej_desktop.views.young_people.adviser_dialog import AdviserDialog
from pej_desktop.views.young_people.eligibility_panel import EligibilityPanel
from pej_desktop.views.young_people.form import YoungPersonForm, default_reference_kind
from pej_desktop.views.young_people.model import PeopleFilter, PeopleModel
from pej_desktop.views.young_people.passphrase import PassphraseDialog

if TYPE_CHECKING:
    from pej_desktop.domain.people import Adviser, YoungPerson
    from pej_desktop.session import Session
    from pej_desktop.store.personal import PersonalStore
    from pej_desktop.store.personal_key import DatabaseKey

log = logging.getLogger(__name__)


def _saving(outcome: ops.SaveOutcome) -> Written[ops.SaveOutcome]:
    """A form refused for its errors changed nothing."""
    return Written(outcome, PEOPLE if outcome.saved is not None else Changes())


class InterviewActions(QFrame):
    """The interview's primary actions, in screen order, in one bar that stays on screen.

    « Vérifier l'éligibilité… », « Activer des offres… », « Imprimer le récapitulatif… »: each
    with its own mnemonic; the next step of the interview is the default button (``primary``),
    so Enter and the eye both go to it. The person the actions apply to is named on the left.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("interview_actions")
        self.setAccessibleName("Actions de l'entretien")
        self.setAccessibleDescription("Vérifier l'éligibilité, activer des offres, imprimer le récapitulatif "
                                      "pour le jeune sélectionné")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.person = QLabel("Sélectionnez un jeune dans la liste.", self, objectName="interview_person")
        self.person.setAccessibleName("Jeune de l'entretien")
        self.person.setMinimumWidth(0)  # a long name gives way to the actions, never widens the window
        self.person.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(8, 4, 8, 4)
        self._row.addWidget(self.person, 1)
        self.buttons: list[QPushButton] = []

    def add(self, button: QPushButton) -> None:
        """Append an action (moved here from the panel that owns it; its signals stay with that panel)."""
        button.setParent(self)
        self._row.addWidget(button)
        self.buttons.append(button)

    def set_primary(self, button: QPushButton | None) -> None:
        """The next step of the interview: drawn as the default button, marked for the stylesheet."""
        for candidate in self.buttons:
            primary = candidate is button
            candidate.setDefault(primary)
            candidate.setProperty("primary", primary)
            candidate.style().unpolish(candidate)
            candidate.style().polish(candidate)


class YoungPeoplePage(ChangesListener, QWidget):
    people_loaded = Signal(int)
    damaged = Signal(object)  # ops.integrity.PersonalDamage: the data-safety controller asks what to do
    adviser_departement = Signal(object)  # the adviser's département (agency code) or None: the catalogue's order

    def __init__(self, session: Session, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("young_people_page")
        self.adviser: Adviser | None = None
        self.unlock: ops.UnlockRequest | None = None
        self.dialog = None  # the dialog currently open, for keyboard users and tests
        self.last_import: ops.ImportReport | None = None
        self._asked_passphrase = self._asked_adviser = False
        self._build()
        self.listen_to_changes()

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = QLabel("Ouverture du fichier des jeunes…", self, objectName="people_banner", wordWrap=True)
        self.unlock_button = QPushButton("&Déverrouiller…", self, objectName="unlock_button", visible=False)
        self.adviser_button = QPushButton("Mon &profil…", self, objectName="adviser_button")
        self.search_edit = QLineEdit(self, objectName="people_search", clearButtonEnabled=True)
        self.search_edit.setPlaceholderText("Rechercher un jeune par nom ou prénom (accents facultatifs)")
        self.search_edit.setAccessibleName("Recherche de jeunes")
        self.new_button = QPushButton("&Nouveau dossier…", self, objectName="new_person_button")
        self.edit_button = QPushButton("&Modifier…", self, objectName="edit_person_button")
        self.delete_button = QPushButton("&Supprimer…", self, objectName="delete_person_button")
        self.import_button = QPushButton("Importer (CSV)…", self, objectName="import_button")
        self.model = PeopleModel(self)
        self.proxy = PeopleFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self, objectName="people_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)  # Qt starts it in descending order: the list reads A to Z
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        # A read-only list: no key opens an editor in it.
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        # The columns share the width (elided when the window is small): the list never scrolls sideways.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(40)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Jeunes suivis")
        self.eligibility = EligibilityPanel(self.session, open_dialog=self._open_dialog, parent=self)
        self.check_button, self.result = self.eligibility.check_button, self.eligibility.result
        self.clear_button = self.eligibility.clear_button
        self._lay_out()
        self._connect()
        self._update_buttons()

    def _lay_out(self) -> None:
        banner = QHBoxLayout()
        banner.addWidget(self.banner, 1)
        banner.addWidget(self.unlock_button)
        banner.addWidget(self.adviser_button)
        tools = QHBoxLayout()
        search_label = QLabel("&Rechercher :", self)
        search_label.setBuddy(self.search_edit)
        tools.addWidget(search_label)
        tools.addWidget(self.search_edit, 1)
        for button in (self.new_button, self.edit_button, self.delete_button, self.import_button):
            tools.addWidget(button)
        # One screen for the interview: the list and the companion on the left, the check and the codes
        # on the right, the primary actions in one bar under them that never scrolls away.
        self.body = QSplitter(Qt.Orientation.Horizontal, self, objectName="interview_body")
        self.body.setChildrenCollapsible(False)
        self.body.addWidget(self.table)
        self.body.addWidget(self.eligibility)
        self.body.setStretchFactor(0, 1)
        self.body.setSizes([880, 480])
        self.action_bar = InterviewActions(self)
        self.action_bar.add(self.check_button)
        layout = QVBoxLayout(self)
        layout.addLayout(banner)
        layout.addLayout(tools)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.action_bar)

    def order_tab_chain(self) -> None:
        """Tab follows the screen: the rows at the top, then each column of the body left to right, top to
        bottom (a column's parts in their own order), then the action bar. Called once every panel has been
        placed on the page."""
        regions: list[QWidget] = []
        for index in range(self.body.count()):
            column = self.body.widget(index)
            parts = [column.widget(i) for i in range(column.count())] if isinstance(column, QSplitter) else [column]
            regions += [part for part in parts if part is not None]
        regions.append(self.action_bar)

        def region(widget: QWidget) -> int:
            return next((i + 1 for i, r in enumerate(regions) if r is widget or r.isAncestorOf(widget)), 0)

        place: dict[int, int] = {}  # the window's focus chain: each widget's rank in it
        walked: list[QWidget] = []  # held: a wrapper's id is not reused while it is ranked
        widget: QWidget | None = self.window()
        while widget is not None and id(widget) not in place and len(walked) < 100_000:
            place[id(widget)] = len(walked)
            walked.append(widget)
            widget = widget.nextInFocusChain()
        innards = (QAbstractSpinBox, QComboBox, QTabBar)  # their own parts keep their own order
        chain = [w for w in self.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus
                 and w.focusProxy() is None and not isinstance(w.parentWidget(), innards)]
        chain.sort(key=lambda w: place.get(id(w), len(place)))
        ordered = sorted(chain, key=region)  # stable: each part keeps its own order
        for before, after in itertools.pairwise(ordered):
            QWidget.setTabOrder(before, after)

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(self.proxy.set_query)
        self.search_edit.returnPressed.connect(self._focus_list)
        self.unlock_button.clicked.connect(self.ask_passphrase)
        self.adviser_button.clicked.connect(self.edit_adviser)
        self.new_button.clicked.connect(self.new_person)
        self.edit_button.clicked.connect(self.edit_person)
        self.delete_button.clicked.connect(self.delete_person)
        self.import_button.clicked.connect(self.choose_import_file)
        self.check_button.clicked.connect(self.check_eligibility)
        self.table.doubleClicked.connect(lambda _index: self.edit_person())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

    @property
    def store(self) -> PersonalStore | None:
        """The session's personal store: None while it is locked, damaged or not open yet."""
        return self.session.personal

    def _open_store(self) -> PersonalStore:
        """The open store, once ``_ready()`` said there is one."""
        store = self.session.personal
        if store is None:
            raise RuntimeError("the personal store closed under an open dialog")
        return store

    # -- opening ---------------------------------------------------------------------------
    def start(self) -> None:
        paths = self.session.paths
        QueryOp(parent=self, op=lambda: ops.resolve_key(paths), kind="keyring").success(self._key_resolved) \
            .failure(self._open_failed).run()

    def _key_resolved(self, found: DatabaseKey | ops.UnlockRequest) -> None:
        if isinstance(found, ops.UnlockRequest):
            self._opened(ops.Opening(unlock=found))
        else:
            self._open_with(found)

    def _open_with(self, key: DatabaseKey) -> None:
        self.session.open_personal(key, parent=self, done=self._opened, failed=self._open_failed)

    def _open_failed(self, error: BaseException) -> None:
        """A file from a newer version (refused, untouched) or an unexpected failure."""
        if isinstance(self.dialog, PassphraseDialog):
            self.dialog.reject()
        self.unlock = None
        self.unlock_button.setVisible(False)
        if isinstance(error, SchemaTooNewError):
            self.banner.setText(str(error))
            return
        self.banner.setText("Le fichier des jeunes n'a pas pu être ouvert.")
        show_unexpected_error(error, parent=self)

    def _opened(self, opening: ops.Opening) -> None:
        if opening.damage is not None:
            self._damaged(opening.damage)
            return
        if opening.store is None:
            self._locked(opening.unlock)
            return
        self.adviser, self.unlock = opening.adviser, None
        if isinstance(self.dialog, PassphraseDialog):
            self.dialog.accept()
        self.unlock_button.setVisible(False)
        self._show_adviser()
        self.reload()
        if self.isVisible():
            self._ask_adviser_once()

    def _damaged(self, damage) -> None:  # type: ignore[no-untyped-def]
        if isinstance(self.dialog, PassphraseDialog):
            self.dialog.reject()
        self.unlock = None
        self.unlock_button.setVisible(False)
        self.banner.setText("Le fichier des jeunes est endommagé. Menu Fichier → Restaurer une sauvegarde…")
        self._update_buttons()
        self.damaged.emit(damage)

    def adviser_changed(self, adviser: Adviser) -> None:
        """The profile was saved elsewhere (first-run assistant): show it, do not ask again."""
        self.adviser, self._asked_adviser = adviser, True
        self._show_adviser()

    def profile_asked_elsewhere(self) -> None:
        """The first-run assistant asks for the profile: opening the page must not ask it a second time
        (if the adviser leaves it empty, « Vérifier l'éligibilité » still asks for it when it is needed)."""
        self._asked_adviser = True

    def _locked(self, unlock: ops.UnlockRequest | None) -> None:
        self.unlock = unlock
        self.banner.setText(unlock.message if unlock else "Le fichier des jeunes n'est pas ouvert.")
        self.unlock_button.setVisible(True)
        self._update_buttons()
        if isinstance(self.dialog, PassphraseDialog) and unlock is not None:
            self.dialog.show_error(unlock.message)
        elif self.isVisible():
            self._ask_passphrase_once()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self.unlock is not None:
            self._ask_passphrase_once()
        elif self.store is not None:
            self._ask_adviser_once()

    def _ask_passphrase_once(self) -> None:
        if not self._asked_passphrase:
            self._asked_passphrase = True
            self.ask_passphrase()

    def _ask_adviser_once(self) -> None:
        if self.adviser is None and not self._asked_adviser:
            self._asked_adviser = True
            self.edit_adviser()

    def ask_passphrase(self) -> None:
        if self.unlock is None or self.store is not None:
            return
        dialog = PassphraseDialog(message=self.unlock.message, creating=self.unlock.creating, parent=self)
        dialog.submitted.connect(self._open_with)
        self._open_dialog(dialog)

    # -- adviser -------------------------------------------------------------------------------
    def _show_adviser(self) -> None:
        if self.adviser is None:
            self.banner.setText("Renseignez votre profil de conseiller : il est enregistré avec chaque vérification.")
        else:
            self.banner.setText(f"Conseiller : {self.adviser.label}")
        self._update_buttons()
        self.adviser_departement.emit(
            departement_of_agency_code(self.adviser.agency_code) if self.adviser is not None else None)

    def edit_adviser(self) -> None:
        if not self._ready():
            return
        dialog = AdviserDialog(adviser=self.adviser, parent=self)
        store = self._open_store()

        def save(draft: Adviser) -> None:
            QueryOp(parent=self, op=lambda: ops.save_adviser(store, draft)).success(
                lambda result: self._adviser_saved(dialog, *result)).run()

        dialog.submitted.connect(save)
        self._open_dialog(dialog)

    def _adviser_saved(self, dialog: AdviserDialog, saved: Adviser | None, errors: dict[str, str]) -> None:
        if saved is None:
            dialog.show_errors(errors)
            return
        self.adviser = saved
        dialog.accept()
        self._show_adviser()

    # -- list ------------------------------------------------------------------------------------
    def reload(self, *, select: int | None = None) -> None:
        store = self.store
        if store is None:
            return
        keep = select if select is not None else self.selected_person_id()
        QueryOp(parent=self, op=lambda: ops.load_people(store)).success(lambda people: self._show(people, keep)).run()

    def _show(self, people: list[YoungPerson], keep: int | None) -> None:
        PersonalDataFilter.register(*(w for p in people for w in (p.first_name, p.last_name)))
        self.model.set_people(people, today=dt.date.today())
        if keep is not None:
            self.select_person(keep)
        self._update_buttons()
        self.people_loaded.emit(len(people))

    def select_person(self, person_id: int) -> bool:
        row = self.model.row_of(person_id)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row is not None else None
        if index is None or not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def selected_person(self) -> YoungPerson | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.person_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def selected_person_id(self) -> int | None:
        person = self.selected_person()
        return person.id if person else None

    def _selection_changed(self) -> None:
        checked = self.eligibility.checked_person_id
        if checked is not None and self.selected_person_id() != checked:
            self.eligibility.clear()
        self._update_buttons()

    def _focus_list(self) -> None:
        """Enter in the search field: go to the list, on the first match if none is selected."""
        self.table.setFocus()
        if self.selected_person() is None and self.proxy.rowCount() > 0:
            self.table.selectRow(0)

    def _update_buttons(self) -> None:
        ready, selected = self.store is not None, self.selected_person() is not None
        for button in (self.new_button, self.import_button, self.adviser_button):
            button.setEnabled(ready)
        for button in (self.edit_button, self.delete_button, self.check_button):
            button.setEnabled(ready and selected)
        person = self.selected_person()
        self.action_bar.person.setText(f"Entretien avec <b>{escape(person.display_name)}</b>" if person else
                                       "Sélectionnez un jeune dans la liste.")

    def _on_changes(self, changes: Changes) -> None:
        if changes.people and changes.source is not self:
            self.reload()
        if changes.catalogue:  # offer keys may have changed under the marks
            self.eligibility.forget(self.eligibility.checked_person_id)

    def _ready(self) -> bool:
        if self.store is None:
            self.ask_passphrase()
            return False
        return True

    def _open_dialog(self, dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None) if self.dialog is dialog else None)
        self.dialog = dialog
        dialog.open()

    # -- file form -----------------------------------------------------------------------------------
    def new_person(self) -> None:
        self._open_form(None)

    def edit_person(self) -> None:
        person = self.selected_person()
        if person is not None:
            self._open_form(person)

    def _open_form(self, person: YoungPerson | None) -> None:
        if not self._ready():
            return
        kind = default_reference_kind(self.adviser.structure if self.adviser else None)
        form = YoungPersonForm(person=person, default_ref_kind=kind, parent=self)
        store = self._open_store()

        def save(draft: YoungPerson) -> None:
            WriteOp(parent=self, op=lambda: _saving(ops.save_young_person(store, draft, today=dt.date.today()))) \
                .success(lambda outcome: self._saved(form, outcome)).run()

        form.submitted.connect(save)
        self._open_dialog(form)

    def _saved(self, form: YoungPersonForm, outcome: ops.SaveOutcome) -> None:
        if outcome.saved is None:
            form.show_errors(outcome.errors)
            return
        form.accept()
        self.eligibility.forget(outcome.saved.id)  # the file changed: its marks may be stale
        self.reload(select=outcome.saved.id)

    def delete_person(self) -> None:
        person = self.selected_person()
        if person is None or person.id is None or not self._ready():
            return
        store, person_id = self._open_store(), person.id
        self._open_dialog(confirm(
            self, title="Supprimer le dossier", act="&Supprimer le dossier", name="delete_confirmation",
            text=f"Supprimer définitivement le dossier de {person.display_name} et tout ce qui s'y rapporte "
                 "(vérifications) ? Cette action est irréversible.",
            on_act=lambda: WriteOp(parent=self, op=lambda: Written(ops.delete_young_person(store, person_id), PEOPLE))
            .success(lambda _none: self._deleted(person_id)).run()))

    def _deleted(self, person_id: int) -> None:
        self.eligibility.forget(person_id)
        self.reload()

    # -- import ---------------------------------------------------------------------------------------
    def choose_import_file(self) -> None:
        if not self._ready():
            return
        path, _filter = QFileDialog.getOpenFileName(self, "Importer des jeunes (CSV)", str(Path.home()),
                                                    "Fichiers CSV (*.csv *.txt);;Tous les fichiers (*)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        if not self._ready():
            return
        self.banner.setText("Import en cours…")
        self._run_import(lambda: path.read_bytes(), confirm=False)

    def _run_import(self, read, *, confirm: bool) -> None:  # type: ignore[no-untyped-def]
        """Read and import on the worker; the bytes come back so a confirmation re-imports the same file."""
        store = self._open_store()

        def op() -> Written[tuple[bytes, ops.ImportReport]]:
            data = read()
            report = ops.import_young_people(store, data, today=dt.date.today(), confirm_identity_changes=confirm)
            return Written((data, report), PEOPLE)

        WriteOp(parent=self, op=op).success(lambda done: self._imported(*done)).failure(self._import_failed).run()

    def _imported(self, data: bytes, report: ops.ImportReport) -> None:
        self.last_import = report
        self._show_adviser()
        self.reload()
        if report.conflicts:
            self._open_dialog(self._conflicts_box(data, report))
            return
        box = QMessageBox(QMessageBox.Icon.Information if not report.errors else QMessageBox.Icon.Warning,
                          "Import des jeunes", f"Import terminé : {report.summary()}",
                          QMessageBox.StandardButton.Ok, self)
        if report.errors:
            box.setInformativeText("Les lignes refusées n'ont pas été importées ; corrigez-les puis importez à "
                                   "nouveau le fichier (les dossiers déjà présents ne seront pas dupliqués).")
            box.setDetailedText("\n".join(str(e) for e in report.errors))
        self._open_dialog(box)

    def _conflicts_box(self, data: bytes, report: ops.ImportReport) -> QMessageBox:
        """Name or birth-date changes wait for the adviser: maybe a line about someone else."""
        box = confirm(self, title="Import des jeunes — confirmation", text=f"Import terminé : {report.summary()}",
                      act="&Appliquer les changements", cancel="Ne rien &changer",
                      on_act=lambda: self._run_import(lambda: data, confirm=True))
        box.setInformativeText(f"{len(report.conflicts)} ligne(s) changeraient le nom ou la date de naissance d'un "
                               "dossier existant. Vérifiez qu'il s'agit bien du même jeune avant d'appliquer ces "
                               "changements ; sinon, corrigez le fichier.")
        box.setDetailedText("\n".join(str(line) for line in (*report.conflicts, *report.errors)))
        return box

    def _import_failed(self, error: BaseException) -> None:
        self._show_adviser()
        if isinstance(error, (CsvFileError, OSError)):
            message = (str(error) if isinstance(error, CsvFileError)
                       else f"Lecture du fichier impossible ({os_reason(error)}).")
            self._open_dialog(QMessageBox(QMessageBox.Icon.Warning, "Import impossible", message,
                                          QMessageBox.StandardButton.Ok, self))
            return
        show_unexpected_error(error, parent=self)

    # -- eligibility -------------------------------------------------------------------------------------
    def check_eligibility(self) -> None:
        person = self.selected_person()
        if person is None or not self._ready():
            return
        if self.adviser is None:
            self.edit_adviser()
            return
        self.eligibility.ask(person, self._open_store())



def install_young_people(window: Any) -> YoungPeoplePage:
    """The « Jeunes » tab, its eligibility marks shown in the catalogue."""
    page = YoungPeoplePage(window.session, parent=window)
    window.add_page(page, "&Jeunes")
    page.eligibility.eligibility_changed.connect(window.catalogue_page.set_eligibility)
    page.adviser_departement.connect(window.catalogue_page.set_adviser_departement)
    page.eligibility.show_catalogue_requested.connect(lambda: window.show_page(window.catalogue_page))
    return page
