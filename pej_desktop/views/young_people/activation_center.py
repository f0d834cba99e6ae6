"""Activations in the main window: the status-bar count, the pending/refusals dialog, the menus.

The status bar always says how many activations wait to be sent (« en attente
d'envoi ») and how many refusals of the national side are still to be read; a click
opens the list of both, where each refusal says what to do and stays until the
adviser says the young person was told. The Fichier menu exports and imports
pending activations (to send them from another computer) and prints the selected
young person's summary (Ctrl+P). In the catalogue, « Activer pour … » activates the
selected offer for the young person whose eligibility is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.describe import os_reason
from pej_desktop.domain.eligibility import OfferState, Status
from pej_desktop.ops import activation_status as status_ops
from pej_desktop.ops import outbox_file
from pej_desktop.ops.background import QueryOp, WriteOp
from pej_desktop.ops.changes import ACTIVATIONS, Changes, Written
from pej_desktop.views.dialog_buttons import DialogButtons
from pej_desktop.views.errors import show_unexpected_error
from pej_desktop.views.listening import ChangesListener
from pej_desktop.views.look import set_tone
from pej_desktop.views.screen_fit import fit_to_screen
from pej_desktop.views.young_people.activations_panel import ActivationsPanel

REFRESH_MS = 60_000


class ActivationStatusButton(QPushButton):
    """« 3 activations en attente d'envoi · ⚠ 1 refus à lire », hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activation_status")
        self.setFlat(True)
        self.setVisible(False)
        self.status = status_ops.ActivationStatus(pending=0, refusals=0)

    def show_status(self, status: status_ops.ActivationStatus) -> None:
        self.status = status
        self.setText(status.text)
        self.setAccessibleName(f"Activations : {status.text or 'rien en attente'}")
        set_tone(self, "error" if status.refusals else None)
        tip = "Cliquez pour voir les activations en attente d'envoi et les refus."
        if status.oldest_pending is not None:
            tip += f"\nLa plus ancienne attend depuis le {status.oldest_pending:%d/%m/%Y à %H:%M}."
        if status.last_error:
            tip += f"\nDernier essai : {status.last_error}"
        self.setToolTip(tip)
        self.setVisible(bool(status.text))


class PendingDialog(QDialog):
    """What waits to be sent, and the refusals to read; export and import from here too."""

    acknowledged = Signal()

    def __init__(self, *, people: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people = people
        self.setObjectName("pending_dialog")
        self.setWindowTitle("Activations en attente d'envoi et refus")
        fit_to_screen(self, 900, 560)
        self.pending_label = QLabel(self, objectName="pending_label")
        self.pending_table = _table(("Offre", "Enregistrée le", "Essais", "Dernière erreur"), "pending_table")
        self.refusals_label = QLabel(self, objectName="refusals_label")
        self.refusals_table = _table(("Jeune", "Offre", "Refus", "Que faire"), "refusals_table")
        self.acknowledge_button = QPushButton("J'ai &prévenu le jeune", self, objectName="dialog_acknowledge_button")
        self.acknowledge_button.clicked.connect(self._acknowledge)
        close = DialogButtons(self, cancel="&Fermer")
        bottom = QHBoxLayout()
        bottom.addWidget(self.acknowledge_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (self.pending_label, self.pending_table, self.refusals_label, self.refusals_table):
            layout.addWidget(widget)
        layout.addLayout(bottom)
        self.refusals: list[status_ops.RefusalView] = []
        self.reload()

    def reload(self) -> None:
        people = self.people

        def load() -> tuple[list[status_ops.PendingSend], list[status_ops.RefusalView]]:
            return status_ops.pending_sends(people), status_ops.load_refusals(people)

        QueryOp(parent=self, op=load).success(lambda found: self._fill(*found)).run()

    def _fill(self, entries: list[status_ops.PendingSend], refusals: list[status_ops.RefusalView]) -> None:
        self.pending_label.setText(f"<b>En attente d'envoi : {len(entries)}</b> — elles partent à la prochaine "
                                   "synchronisation (F9), même après un redémarrage.")
        self.pending_table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            origin = " (importée)" if entry.imported else ""
            for column, text in enumerate((entry.title + origin, f"{entry.created_at:%d/%m/%Y %H:%M}",
                                           str(entry.attempts), entry.last_error or "")):
                self.pending_table.setItem(row, column, QTableWidgetItem(text))
        self.refusals = refusals
        self.refusals_label.setText(f"<b>Refus à lire : {len(refusals)}</b>")
        self.refusals_table.setRowCount(len(refusals))
        for row, refusal in enumerate(refusals):
            view = refusal.activation
            texts = (refusal.person_name, view.title, f"{view.refusal_title} : {view.refusal_detail}", view.advice)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.refusals_table.setItem(row, column, item)
        self.acknowledge_button.setEnabled(bool(refusals))
        if refusals:
            self.refusals_table.selectRow(0)

    def _acknowledge(self) -> None:
        rows = self.refusals_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.refusals):
            return
        activation_id, people = self.refusals[rows[0].row()].activation.id, self.people
        WriteOp(parent=self, op=lambda: Written(status_ops.acknowledge_refusal(people, activation_id), ACTIVATIONS)) \
            .success(lambda _done: (self.reload(), self.acknowledged.emit())).run()


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.setTabKeyNavigation(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    table.setAccessibleName(headers[0])
    return table


class ActivationCenter(ChangesListener, QObject):
    """Owns the panel on the « Jeunes » page, the status-bar count and the menu actions."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window, self.page = window, window.young_people_page
        self.panel = ActivationsPanel(window.session, page=self.page)
        self._place_panel()
        self.status_button = ActivationStatusButton(window)
        self.status_button.clicked.connect(self.open_pending)
        window.statusBar().addWidget(self.status_button)
        self.catalogue_button = self._catalogue_button()
        self.dialog: QWidget | None = None
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self.refresh_status)
        self.page.people_loaded.connect(lambda _count: self.refresh_status())
        self.panel.activated.connect(lambda _report: self._after_activation())
        self.listen_to_changes()

    def _place_panel(self) -> None:
        """Under the eligibility panel, in a vertical splitter of its own; its two actions in the page's
        action bar, after « Vérifier l'éligibilité… », in the order of the interview."""
        eligibility = self.page.eligibility
        outer = eligibility.parentWidget()
        column = QSplitter(Qt.Orientation.Vertical)
        column.setObjectName("person_column")
        column.setChildrenCollapsible(False)
        if isinstance(outer, QSplitter):
            outer.insertWidget(outer.indexOf(eligibility), column)
        column.addWidget(eligibility)  # moves it out of the outer splitter
        column.addWidget(self.panel)
        column.setSizes([260, 300])
        self.page.action_bar.add(self.panel.activate_button)
        self.page.action_bar.add(self.panel.print_button)

    def _catalogue_button(self) -> QPushButton:
        """« Activer pour <prénom> » under the catalogue's offer detail, for the person checked."""
        page = self.window.catalogue_page
        detail = page.detail
        holder = QWidget()
        button = QPushButton("Activer cette offre pour le jeune", holder, objectName="catalogue_activate_button")
        button.setVisible(False)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = detail.parentWidget()
        if isinstance(splitter, QSplitter):
            index = splitter.indexOf(detail)
            splitter.insertWidget(index, holder)
            splitter.setStretchFactor(index, 3)
        layout.addWidget(detail, 1)  # moves it out of the splitter, into the holder
        layout.addWidget(button)
        self._checked_name: str | None = None
        self._marks: Mapping[int, OfferState] = {}
        self.page.eligibility.eligibility_changed.connect(self._eligibility_shown)
        page.selection_changed.connect(lambda _pk: self._update_catalogue_button())
        button.clicked.connect(self.activate_from_catalogue)
        return button

    def _eligibility_shown(self, first_name: str | None, marks: Any) -> None:
        self._checked_name = first_name if marks is not None else None
        self._marks = marks or {}  # worded when read: never copied whole
        self._update_catalogue_button()

    def _update_catalogue_button(self) -> None:
        page = self.window.catalogue_page
        pk = page.selected_offer_pk()
        mark = self._marks.get(pk) if pk is not None else None
        shown = self._checked_name is not None and self.page.eligibility.checked_person_id is not None
        self.catalogue_button.setVisible(shown)
        self.catalogue_button.setEnabled(mark is not None and mark.status is not Status.NOT_ELIGIBLE)
        if shown:
            self.catalogue_button.setText(f"Activer cette offre pour {self._checked_name}…")

    def activate_from_catalogue(self) -> None:
        person_id = self.page.eligibility.checked_person_id
        pk = self.window.catalogue_page.selected_offer_pk()
        if person_id is None or pk is None:
            return
        catalogue = self.window.session.catalogue

        def offer_id() -> str | None:
            with catalogue.read() as conn:
                return conn.exec_driver_sql("SELECT id FROM offers WHERE pk = ?", (pk,)).scalar()

        def chosen(found: str | None) -> None:
            if found is None:
                return
            self.window.tabs.setCurrentWidget(self.page)
            self.page.select_person(person_id)
            self.panel.show_person(person_id)
            self.panel.open_activation(frozenset({found}))

        QueryOp(parent=self.panel, op=offer_id).success(chosen).run()

    # -- status ------------------------------------------------------------------------------------
    def start(self) -> None:
        self.timer.start()
        self.refresh_status()

    def refresh_status(self) -> None:
        people = self.window.session.personal
        if people is None:
            return
        QueryOp(parent=self.status_button, op=lambda: status_ops.activation_status(people)).success(
            self.status_button.show_status).run()

    def _on_changes(self, changes: Changes) -> None:
        if changes.activations or changes.people or changes.catalogue:
            self.refresh_status()

    def _after_activation(self) -> None:
        self.refresh_status()
        controller = getattr(self.window, "sync_controller", None)
        if controller is not None and hasattr(controller, "push_soon"):
            controller.push_soon()

    # -- dialogs and files ---------------------------------------------------------------------------
    def open_pending(self) -> None:
        people = self.window.session.personal
        if people is None:
            return
        dialog = PendingDialog(people=people, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._show(dialog)

    def print_summary(self) -> None:
        self.window.tabs.setCurrentWidget(self.page)
        self.panel.print_summary()

    def export_pending(self, target: Path | None = None) -> None:
        people = self.window.session.personal
        if people is None:
            return
        if target is None:
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            chosen, _filter = QFileDialog.getSaveFileName(self.window, "Exporter les activations en attente",
                                                          str(Path(folder) / "activations-en-attente.json"),
                                                          "Export d'activations (*.json)")
            if not chosen:
                return
            target = Path(chosen)
        QueryOp(parent=self.panel, op=lambda: outbox_file.export_outbox(people, target)).success(
            lambda outcome: self._inform("Activations exportées",
                                         f"{outcome.count} activation(s) en attente écrite(s) dans {outcome.path}.\n"
                                         "Ce fichier contient des codes de réduction : transmettez-le par un moyen "
                                         "sûr, puis importez-le sur l'autre poste (Fichier › Importer des "
                                         "activations en attente).")).failure(self._file_failed).run()

    def import_pending(self, source: Path | None = None) -> None:
        people = self.window.session.personal
        if people is None:
            return
        if source is None:
            chosen, _filter = QFileDialog.getOpenFileName(self.window, "Importer des activations en attente",
                                                          str(Path.home()), "Export d'activations (*.json)")
            if not chosen:
                return
            source = Path(chosen)
        WriteOp(parent=self.panel, op=lambda: Written(outbox_file.import_outbox(people, source), ACTIVATIONS)) \
            .success(self._imported).failure(self._file_failed).run()

    def _imported(self, outcome: outbox_file.ImportOutcome) -> None:
        details = "\n".join(outcome.refused)
        self._inform("Activations importées", f"Import : {outcome.summary()} Elles partiront à la prochaine "
                                              "synchronisation.", details=details)

    def _file_failed(self, error: BaseException) -> None:
        if isinstance(error, (outbox_file.OutboxFileError, OSError)):
            message = str(error) if isinstance(error, outbox_file.OutboxFileError) else \
                f"Écriture ou lecture impossible ({os_reason(error)})."
            self._inform("Activations en attente", message, warning=True)
            return
        show_unexpected_error(error, parent=self.window)

    def _inform(self, title: str, text: str, *, details: str = "", warning: bool = False) -> None:
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("activation_message")
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._show(box)

    def _show(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None) if self.dialog is dialog else None)
        dialog.open()  # type: ignore[attr-defined]


def install_activations(window: Any) -> ActivationCenter:
    """Activations in the window: the panel and the status bar (its actions are in the window's menus)."""
    return ActivationCenter(window)

