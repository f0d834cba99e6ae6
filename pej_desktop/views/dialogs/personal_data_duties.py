"""Personal-data duties in the window: retention review and purge, access export, audit log.

Reached from *Fichier → Données personnelles*. Every action needs the personal file
open (the Jeunes page opens it); the work runs on the database worker.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from pej_desktop.domain.describe import os_reason
from pej_desktop.ops import audit as audit_ops
from pej_desktop.ops import retention, right_of_access
from pej_desktop.ops.background import QueryOp
from pej_desktop.ops.changes import Changes, announce
from pej_desktop.views.data_safety import message_box
from pej_desktop.views.dialogs.audit_dialog import AuditDialog
from pej_desktop.views.dialogs.retention_dialog import RetentionDialog

AUDIT_SHOWN = 2000
_FORMATS = {
    right_of_access.JSON: ("JSON", "Fichiers JSON (*.json)"),
    right_of_access.PDF: ("PDF", "Documents PDF (*.pdf)"),
}


class PersonalDataDuties(QObject):
    exported = Signal(object)  # Path of an access export
    purged = Signal(object)  # retention.PurgeOutcome
    audit_exported = Signal(int)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window, self.session, self.page = window, window.session, window.young_people_page
        self.dialog: QWidget | None = None

    def _store(self) -> Any:
        store = self.session.personal
        if store is None:
            self._tell("Fichier des jeunes fermé", "Le fichier des jeunes n'est pas ouvert : affichez la page Jeunes "
                       "(et déverrouillez-le si nécessaire), puis recommencez.", "personal_closed_box")
        return store

    # -- retention ---------------------------------------------------------------------------------
    def open_retention(self, *, today: dt.date | None = None) -> None:
        """``today`` moves the clock for tests and demonstrations; the window passes nothing."""
        store = self._store()
        if store is None:
            return
        day = today or dt.date.today()
        QueryOp(parent=self, op=lambda: retention.review_retention(store, today=day)) \
            .success(self._show_retention).run()

    def _show_retention(self, report: retention.RetentionReport) -> None:
        dialog = RetentionDialog(report=report, parent=self.window)
        dialog.purge_requested.connect(lambda ids: self._purge(dialog, ids, report.today))
        self._open(dialog)

    def _purge(self, dialog: RetentionDialog, person_ids: list[int], today: dt.date) -> None:
        store = self._store()
        if store is None:
            return
        QueryOp(parent=self, op=lambda: retention.purge_expired(store, person_ids, today=today)) \
            .success(lambda outcome: self._purged(dialog, outcome)).run()

    def _purged(self, dialog: RetentionDialog, outcome: retention.PurgeOutcome) -> None:
        dialog.accept()
        self.page.eligibility.forget(self.page.eligibility.checked_person_id)
        self.page.reload()
        announce(Changes(people=True, source=self.page))  # the page reloaded itself; other screens refresh
        kept = (f" {len(outcome.kept)} dossier(s) ont été gardés : un contact plus récent a été enregistré "
                "entre-temps." if outcome.kept else "")
        self._tell("Dossiers supprimés", f"{len(outcome.deleted)} dossier(s) supprimé(s).{kept}", "purged_box")
        self.purged.emit(outcome)

    # -- right of access -------------------------------------------------------------------------------
    def export_selected(self, fmt: str) -> None:
        person = self.page.selected_person()
        if person is None:
            self.window.tabs.setCurrentWidget(self.page)
            self._tell("Export des données d'un jeune", "Sélectionnez d'abord le jeune dans la liste de la page "
                       "Jeunes, puis relancez l'export.", "select_person_box")
            return
        label, pattern = _FORMATS[fmt]
        suggested = Path.home() / f"droit-acces-dossier-{person.id}-{dt.date.today():%Y-%m-%d}.{fmt}"
        target, _filter = QFileDialog.getSaveFileName(self.window, f"Exporter les données du jeune ({label})",
                                                      str(suggested), pattern)
        if target:
            self.export_person(person.id, Path(target), fmt)

    def export_person(self, person_id: int, target: Path, fmt: str) -> None:
        store = self._store()
        if store is None:
            return
        QueryOp(parent=self, op=lambda: right_of_access.write_access_export(store, person_id, target, fmt=fmt,
                                                                     now=dt.datetime.now())) \
            .success(self._exported).failure(self._export_failed).run()

    def _exported(self, target: Path) -> None:
        self._tell("Export enregistré", f"Les données du jeune ont été enregistrées dans :\n{target}\n\n"
                   "Ce fichier contient des données personnelles en clair : remettez-le à la personne "
                   "concernée puis supprimez-le de ce poste.", "exported_box")
        self.exported.emit(target)

    def _export_failed(self, error: BaseException) -> None:
        if isinstance(error, (OSError, right_of_access.PersonNotFound)):
            reason = os_reason(error) if isinstance(error, OSError) else str(error)
            self._tell("Export impossible", f"L'export n'a pas pu être enregistré ({reason}).", "export_failed_box",
                       icon=QMessageBox.Icon.Warning)
            return
        from pej_desktop.views.errors import show_unexpected_error

        show_unexpected_error(error, parent=self.window)

    # -- audit log --------------------------------------------------------------------------------------
    def open_audit(self) -> None:
        store = self._store()
        if store is None:
            return
        dialog = AuditDialog(parent=self.window)
        dialog.export_requested.connect(lambda: self._ask_audit_export(dialog))
        self._open(dialog)
        QueryOp(parent=dialog, op=lambda: audit_ops.load_audit(store, limit=AUDIT_SHOWN)) \
            .success(lambda loaded: dialog.show_entries(loaded[0], total=loaded[1])).run()

    def _ask_audit_export(self, dialog: AuditDialog) -> None:
        suggested = Path.home() / f"journal-des-acces-{dt.date.today():%Y-%m-%d}.csv"
        target, _filter = QFileDialog.getSaveFileName(dialog, "Exporter le journal des accès", str(suggested),
                                                      "Fichiers CSV (*.csv)")
        if target:
            self.export_audit(Path(target), dialog)

    def export_audit(self, target: Path, dialog: AuditDialog | None = None) -> None:
        store = self._store()
        if store is None:
            return

        def done(count: int) -> None:
            if dialog is not None:
                dialog.show_status(f"{count} entrée(s) exportée(s) dans {target}.")
            self.audit_exported.emit(count)

        QueryOp(parent=self, op=lambda: audit_ops.export_audit_csv(store, target)).success(done) \
            .failure(self._export_failed).run()

    # -- dialogs ---------------------------------------------------------------------------------------
    def _tell(self, title: str, text: str, name: str, *, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        self._open(message_box(self.window, title=title, text=text, name=name, icon=icon))

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None) if self.dialog is dialog else None)
        self.dialog = dialog
        dialog.open()
