"""Data safety in the window: start-up checks, daily backups, restore, the logs folder.

- The catalogue's ``quick_check`` runs right after the window shows: after a crash,
  queued on the database worker before the catalogue's first query; after a clean
  exit, on a worker of its own beside it. A damaged catalogue is rebuilt (demo now,
  full download at the next sync).
- The personal file is checked when it opens (``ops.people.open_personal_store``); if
  it is damaged, the adviser is asked before the newest good backup is restored, with
  what would be lost said plainly.
- A backup is taken once a day, when the personal file is open (checked at opening
  and every hour), the last N kept (``backups/keep``, default 14).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from pej_desktop.ops import backup as backups
from pej_desktop.ops.background import QueryOp
from pej_desktop.ops.backup import BackupFile
from pej_desktop.ops.changes import Changes, announce
from pej_desktop.ops.integrity import (
    CatalogueRecovery,
    IntegrityReport,
    PersonalDamage,
    check_and_repair_catalogue,
    check_catalogue,
    damaged,
    rebuild_catalogue,
)
from pej_desktop.views.clean_exit import CLEAN_EXIT_KEY, exited_cleanly
from pej_desktop.views.dialog_buttons import confirm
from pej_desktop.views.dialogs.backups_dialog import BackupsDialog
from pej_desktop.views.errors import show_unexpected_error

log = logging.getLogger(__name__)
BACKUP_CHECK_MS = 3_600_000


def message_box(parent: QWidget, *, title: str, text: str, name: str,
                icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
    """A message box with one OK button, to be shown with ``open`` (never blocking)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    return box


def when(moment: dt.datetime) -> str:
    return f"{moment:%d/%m/%Y} à {moment:%H:%M}"


class DataSafety(QObject):
    backed_up = Signal(object)  # BackupFile
    restored = Signal(object)  # RestoreOutcome, or None after starting afresh
    catalogue_rebuilt = Signal(object)  # CatalogueRecovery

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window, self.session, self.page = window, window.session, window.young_people_page
        self.dialog: QWidget | None = None  # the dialog or box currently open, for keyboard users and tests
        from pej_desktop.views.dialogs.personal_data_duties import PersonalDataDuties  # it uses this module's boxes

        self.duties = PersonalDataDuties(window)  # access export, retention, audit log
        self.damage: PersonalDamage | None = None
        self._backup_day: dt.date | None = None
        self._backup_running = False
        self.page.people_loaded.connect(lambda _count: self.ensure_daily_backup())
        self.page.damaged.connect(self.personal_damaged)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.ensure_daily_backup)

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> None:
        """Called before the pages start. After a crash (or at first start) the catalogue is
        checked before their first query; after a clean exit, beside it, so a normal start
        is not delayed (a 50 000-offer file takes about 1 s to check from a cold disk)."""
        early = self.session.take_catalogue_recovery()
        if early is not None:
            self._catalogue_recovered(early)
        store, folder = self.session.catalogue, self.session.paths.backups_dir
        if self._previous_exit_was_clean():
            QueryOp(parent=self, op=lambda: check_catalogue(store), kind="integrity") \
                .success(self._catalogue_report).run()
        else:
            QueryOp(parent=self, op=lambda: check_and_repair_catalogue(store, folder)) \
                .success(self._catalogue_checked).run()
        self.timer.start(BACKUP_CHECK_MS)

    def stop(self) -> None:
        self.timer.stop()
        self.session.settings.setValue(CLEAN_EXIT_KEY, True)
        self.session.settings.sync()

    def _previous_exit_was_clean(self) -> bool:
        settings = self.session.settings
        clean = exited_cleanly(settings)
        settings.setValue(CLEAN_EXIT_KEY, False)
        settings.sync()
        return clean

    def _catalogue_report(self, report: IntegrityReport) -> None:
        if not damaged(report):
            return
        store, folder = self.session.catalogue, self.session.paths.backups_dir
        QueryOp(parent=self, op=lambda: rebuild_catalogue(store, folder, report.detail)) \
            .success(self._catalogue_checked).run()

    def _catalogue_checked(self, recovery: CatalogueRecovery | None) -> None:
        if recovery is not None:
            self._catalogue_recovered(recovery)
            announce(Changes(catalogue=True, source=self))

    def _catalogue_recovered(self, recovery: CatalogueRecovery) -> None:
        self.window.statusBar().showMessage("Catalogue local reconstruit (il était endommagé).", 15_000)
        self._open(message_box(self.window, title="Catalogue reconstruit", text=recovery.message,
                               name="catalogue_recovered_box", icon=QMessageBox.Icon.Warning))
        self.catalogue_rebuilt.emit(recovery)

    # -- backups -------------------------------------------------------------------------------
    def personal_store(self) -> Any:
        return self.session.personal

    def keep(self) -> int:
        return backups.backups_to_keep(self.session.settings)

    def ensure_daily_backup(self) -> None:
        store, today = self.personal_store(), dt.date.today()
        if store is None or self._backup_running or self._backup_day == today:
            return
        self._backup_running = True
        paths, keep = self.session.paths, self.keep()
        QueryOp(parent=self, op=lambda: backups.ensure_daily_backup(store, paths, keep=keep, now=dt.datetime.now())) \
            .success(lambda made: self._daily_done(made, today)).failure(self._backup_failed).run()

    def _daily_done(self, made: BackupFile | None, today: dt.date) -> None:
        self._backup_running, self._backup_day = False, today
        if made is not None:
            self.backed_up.emit(made)

    def _backup_failed(self, error: BaseException) -> None:
        self._backup_running = False
        log.error("backup of the personal file failed: %s", type(error).__name__)
        self.window.statusBar().showMessage("La sauvegarde du fichier des jeunes a échoué (voir le journal).", 30_000)

    def open_backups(self) -> None:
        dialog = BackupsDialog(keep=self.keep(), parent=self.window)
        dialog.backup_requested.connect(lambda: self.backup_now(dialog))
        dialog.restore_requested.connect(lambda backup: self.ask_restore(backup))
        dialog.open_folder_requested.connect(lambda: self.open_folder(self.session.paths.backups_dir))
        dialog.keep_changed.connect(self._set_keep)
        self._open(dialog)
        self.refresh_backups(dialog)

    def refresh_backups(self, dialog: BackupsDialog, note: str = "") -> None:
        paths = self.session.paths
        QueryOp(parent=dialog, op=lambda: backups.list_backups(paths)).success(
            lambda found: dialog.show_backups(found, can_backup=self.personal_store() is not None, note=note)).run()

    def backup_now(self, dialog: BackupsDialog | None = None) -> None:
        store = self.personal_store()
        if store is None:
            return
        paths, keep = self.session.paths, self.keep()

        def done(made: BackupFile) -> None:
            self.backed_up.emit(made)
            if dialog is not None:
                self.refresh_backups(dialog, note=f"Sauvegarde faite le {when(made.taken_at)}.")

        QueryOp(parent=self, op=lambda: backups.backup_now(store, paths, keep=keep, now=dt.datetime.now())) \
            .success(done).failure(self._backup_failed).run()

    def _set_keep(self, keep: int) -> None:
        backups.set_backups_to_keep(self.session.settings, keep)
        self.session.settings.sync()

    # -- restoring -----------------------------------------------------------------------------
    def ask_restore(self, backup: BackupFile) -> None:
        text = (f"Restaurer la sauvegarde du {when(backup.taken_at)} ?\n\nTout ce qui a été saisi ou modifié "
                f"depuis le {when(backup.taken_at)} sera perdu (dossiers créés ou modifiés, vérifications "
                "d'éligibilité). Le fichier actuel sera conservé à part dans le dossier des sauvegardes.")
        self._open(confirm(self.window, title="Restaurer une sauvegarde", text=text, act="&Restaurer",
                           on_act=lambda: self.restore(backup.path), name="restore_confirmation"))

    def restore(self, backup: Path, *, damaged: bool = False) -> None:
        """Put ``backup`` in place of the personal file (closed first), then reopen it."""
        keyed = self._keyed_url()
        if keyed is None:
            self._open(message_box(
                self.window, title="Restauration impossible", name="restore_locked_box",
                text="Déverrouillez d'abord le fichier des jeunes (page Jeunes) : les sauvegardes sont chiffrées "
                     "avec la même clé.", icon=QMessageBox.Icon.Warning))
            return
        self.session.close_personal()
        paths = self.session.paths
        QueryOp(parent=self, op=lambda: backups.restore_backup(paths, backup, keyed, damaged=damaged,
                                                                now=dt.datetime.now())) \
            .success(self._restored).failure(self._restore_failed).run()

    def _keyed_url(self) -> Any:
        return backups.checking_url(self.personal_store(), self.damage.key if self.damage is not None else None)

    def _restored(self, outcome: backups.RestoreOutcome | None) -> None:
        self.damage, self._backup_day = None, None
        self.page.eligibility.forget(self.page.eligibility.checked_person_id)
        self.page.start()  # reopens and reloads the page
        announce(Changes(people=True, source=self.page))
        if outcome is not None:
            aside = f" Le fichier remplacé est conservé : {outcome.set_aside.name}." if outcome.set_aside else ""
            self._open(message_box(self.window, title="Sauvegarde restaurée", name="restored_box",
                                   text=f"La sauvegarde « {outcome.restored.name} » a été restaurée "
                                        f"({outcome.people} dossier(s)).{aside}"))
        self.restored.emit(outcome)

    def _restore_failed(self, error: BaseException) -> None:
        self.page.start()
        if isinstance(error, backups.RestoreRefused):
            self._open(message_box(self.window, title="Restauration impossible", text=str(error),
                                   name="restore_refused_box", icon=QMessageBox.Icon.Warning))
            return
        show_unexpected_error(error, parent=self.window)

    def personal_damaged(self, damage: PersonalDamage) -> None:
        """Ask, saying what would be lost; nothing is done to the file without a yes."""
        self.damage = damage
        label = (f"&Restaurer la sauvegarde du {when(damage.backup.taken_at)}" if damage.backup
                 else "&Mettre de côté et repartir d'un fichier vide")
        self._open(confirm(self.window, title="Fichier des jeunes endommagé", text=damage.message, act=label,
                           cancel="&Plus tard", on_act=self.recover, warning=True, name="personal_damaged_box"))

    def recover(self) -> None:
        damage = self.damage
        if damage is None:
            return
        if damage.backup is not None:
            self.restore(damage.backup.path, damaged=True)
            return
        paths = self.session.paths
        QueryOp(parent=self, op=lambda: backups.start_afresh(paths, now=dt.datetime.now())) \
            .success(lambda _aside: self._restored(None)).run()

    # -- folders ---------------------------------------------------------------------------------
    def open_folder(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._open(message_box(self.window, title="Dossier", name="folder_box",
                                   text=f"Le dossier n'a pas pu être ouvert automatiquement. Il se trouve ici :"
                                        f"\n{folder}"))

    def open_logs_folder(self) -> None:
        self.open_folder(self.session.paths.log_dir)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None) if self.dialog is dialog else None)
        self.dialog = dialog
        dialog.open()
