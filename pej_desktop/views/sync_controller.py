"""Runs catalogue syncs for the main window: on demand, at start, and every N minutes.

The sync itself (pending activations, then ``sync.engine``, then the code reserve:
``sync.device_sync``) runs on a network worker through ``QueryOp``; this
object only keeps the status indicator up to date, offers « Annuler », asks for the
token when the keyring cannot keep it, and tells the screens when the catalogue
changed. With no API configured nothing here touches the network (demo mode).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QMessageBox

from pej_desktop.ops import catalogue as catalogue_ops
from pej_desktop.ops import device_sync
from pej_desktop.ops.background import CancelToken, QueryOp
from pej_desktop.ops.changes import Changes, announce
from pej_desktop.ops.sync_failures import describe_sync_failure, refused_records_notice
from pej_desktop.ops.sync_settings import (
    SecretStoreUnavailable,
    SyncPreferences,
    TokenNeeded,
    keyring_token,
    read_preferences,
    store_token,
    write_preferences,
)
from pej_desktop.views.sync_status import SyncStatusWidget

if TYPE_CHECKING:
    from pej_desktop.session import Session

log = logging.getLogger(__name__)
START_DELAY_MS = 1500


class SyncController(QObject):
    finished = Signal(object)  # SyncResult, or the exception that ended the sync
    activations_synced = Signal(object)  # sync.device_sync.ActivationExchange

    def __init__(self, session: Session, *, window: QMainWindow) -> None:
        super().__init__(window)
        self.session, self.window = session, window
        self.preferences = read_preferences(session.settings)
        self.status = SyncStatusWidget(window)
        self.status.cancel_requested.connect(self.cancel)
        self.session_token: str | None = None
        self._token_declined = False
        self._cancel: CancelToken | None = None
        self._online: bool | None = None
        self._reserve_owed = False  # a sync ran without the personal file: its code reserve waits
        self._owed_after_sync = False
        session.personal_opened.connect(self._personal_opened)
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.sync_now(automatic=True))
        self.refresh_status()

    @property
    def running(self) -> bool:
        return self._cancel is not None

    # -- life cycle ----------------------------------------------------------------------------
    def start(self) -> None:
        """Automatic sync shortly after start, then on the timer, when an API is configured."""
        self._schedule()
        if self.preferences.configured and self.preferences.auto:
            QTimer.singleShot(START_DELAY_MS, lambda: self.sync_now(automatic=True))

    def stop(self) -> None:
        self.timer.stop()
        self.cancel()

    def _schedule(self) -> None:
        self.timer.stop()
        if self.preferences.configured and self.preferences.auto:
            self.timer.start(self.preferences.interval_minutes * 60_000)

    # -- status ----------------------------------------------------------------------------------
    def refresh_status(self) -> None:
        self.status.show_connection(self._online, configured=self.preferences.configured)
        QueryOp(parent=self.status, op=self.session.catalogue.meta).success(self._show_meta).run()

    def _show_meta(self, meta: dict[str, str]) -> None:
        demo = catalogue_ops.is_demo(meta)
        if not self.preferences.configured:
            self.status.show_connection(None, configured=False, demo=demo)
        freshness = catalogue_ops.describe_freshness(last_sync=catalogue_ops.last_sync(meta), demo=demo)
        self.status.show_freshness(freshness, demo=demo)

    # -- settings ----------------------------------------------------------------------------------
    def open_settings(self) -> None:
        from pej_desktop.views.dialogs.sync_settings_dialog import SettingsDialog

        dialog = SettingsDialog(preferences=self.preferences, session_token=self.session_token, parent=self.window)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.preferences, dialog.session_token))
        dialog.open()

    def apply_settings(self, preferences: SyncPreferences, session_token: str | None) -> None:
        changed_api = preferences.api_url != self.preferences.api_url
        self.preferences, self.session_token = preferences, session_token
        self._token_declined = False
        write_preferences(self.session.settings, preferences)
        self.session.settings.sync()
        if changed_api:
            self._online = None
        self._schedule()
        self.refresh_status()
        if preferences.configured and (changed_api or session_token):
            self.sync_now(automatic=True)

    # -- syncing -----------------------------------------------------------------------------------
    def sync_now(self, *, automatic: bool = False, full: bool = False) -> None:
        if self.running:
            return
        if not self.preferences.configured:
            if not automatic:
                self.open_settings()
            return
        if automatic and self._token_declined:
            return
        cancel = CancelToken()
        self._cancel = cancel
        self.status.show_progress(done=0, total=None, message="Connexion à l'API nationale…")
        url, token, store = self.preferences.api_url, self.session_token, self.session.catalogue
        people = self.session.personal  # None until the personal file is open

        def work() -> Any:
            """On the network worker: pending activations, catalogue, code reserve. No widget is touched here."""
            with device_sync.client_for(url, token or keyring_token(), cancel=cancel) as client:
                done = device_sync.sync_device(client, store, people, full=full, force_push=not automatic,
                                               on_progress=op.report_progress, cancel=cancel)
                return done.catalogue, done.exchange

        op: QueryOp[Any] = QueryOp(parent=self.status, op=work, kind="net")
        self._reserve_owed = people is None
        op.progress(self._progress).success(lambda done: self._succeeded(*done, automatic=automatic)) \
            .failure(lambda e: self._failed(e, automatic)).run()

    def push_soon(self) -> None:
        """Right after an activation: one quick try to send what waits, without a catalogue sync."""
        people = self.session.personal
        if self.running or not self.preferences.configured or people is None:
            return
        url, token = self.preferences.api_url, self.session_token

        def work() -> Any:
            return device_sync.push_now(people, url, token or keyring_token())

        QueryOp(parent=self.status, op=work, kind="net").success(self._pushed).failure(
            lambda _error: self._notify_activations()).run()

    def _personal_opened(self, people: Any) -> None:
        """The personal file opened after a sync ran without it: send what waits and renew the
        code reserve now, not at the next sync (maybe after the interview, offline)."""
        if not self._reserve_owed or not self.preferences.configured:
            return
        if self.running:  # the sync under way started without the file: once it ends
            if not self._owed_after_sync:
                self._owed_after_sync = True
                self.finished.connect(self._after_owed_sync, Qt.ConnectionType.SingleShotConnection)
            return
        url, token, catalogue = self.preferences.api_url, self.session_token, self.session.catalogue

        def work() -> Any:
            return device_sync.exchange_now(people, catalogue, url, token or keyring_token())

        def settled(exchange: Any) -> None:
            self._reserve_owed = bool(exchange.push.offline)
            self._pushed(exchange)

        QueryOp(parent=self.status, op=work, kind="net").success(settled).failure(
            lambda _error: self._notify_activations()).run()

    def _after_owed_sync(self, _outcome: Any) -> None:
        self._owed_after_sync = False
        people = self.session.personal
        if people is not None:
            self._personal_opened(people)

    def _pushed(self, exchange: Any) -> None:
        if not exchange.push.offline and exchange.push.due:
            self._online = True
            self.refresh_status()
        self._notify_activations()
        self.activations_synced.emit(exchange)

    def _notify_activations(self) -> None:
        announce(Changes(activations=True, source=self))

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()
            self.status.show_cancelling()

    def _progress(self, progress: Any) -> None:
        self.status.show_progress(done=progress.done, total=progress.total, message=progress.message)

    def _done(self) -> None:
        self._cancel = None
        self.status.show_idle()
        self._notify_activations()  # what was sent is settled, whatever happened next

    def _succeeded(self, result: Any, exchange: Any = None, *, automatic: bool = True) -> None:
        self._done()
        self._online = True
        self.refresh_status()
        self._tell_refused_records(result, automatic)
        if result.changed:
            announce(Changes(catalogue=True, source=self))
        if exchange is not None:
            self.activations_synced.emit(exchange)
        self.finished.emit(result)

    def _failed(self, error: BaseException, automatic: bool) -> None:
        self._done()
        if isinstance(error, TokenNeeded):
            self._ask_token(error, automatic)
            return
        failure = describe_sync_failure(error)
        if failure.online is not None:
            self._online = failure.online  # False: unreachable; True: the server answered, it said no
        self.refresh_status()
        self.status.show_connection(self._online, configured=True, detail=failure.message, problem=failure.problem)
        if not failure.expected:
            log.error("sync failed unexpectedly", exc_info=error)
        elif not automatic and not failure.cancelled:
            self._warn(failure.message)
        self.finished.emit(error)

    def _tell_refused_records(self, result: Any, automatic: bool) -> None:
        """Records the protocol refused (the rest is applied): in the status bar, and in a box
        when the adviser asked for the sync, as ``pej-desktop sync`` prints them."""
        notice = refused_records_notice(result, bullet="\n• ")
        if notice is None:
            return
        self.window.statusBar().showMessage(notice.split(" (", 1)[0] + ".", 120_000)
        if automatic:
            return
        box = QMessageBox(QMessageBox.Icon.Information, "Synchronisation terminée avec des refus", notice,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("sync_refusals_box")
        box.setAccessibleName("Synchronisation terminée avec des refus")
        box.open()

    def _warn(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Synchronisation impossible", message,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("sync_error_box")
        box.open()

    def _ask_token(self, need: TokenNeeded, automatic: bool) -> None:
        why = ("Aucun coffre-fort de mots de passe n'est disponible sur ce poste : le jeton sera gardé en "
               "mémoire jusqu'à la fermeture de l'application.\n\n" if need.no_keyring else "")
        dialog = QInputDialog(self.window)
        dialog.setObjectName("sync_token_dialog")
        dialog.setWindowTitle("Jeton de l'API nationale")
        dialog.setLabelText(why + "Saisissez le jeton d'accès fourni par l'équipe nationale :")
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.textValueSelected.connect(lambda text: self._token_given(text, need, automatic))
        dialog.rejected.connect(self._token_refused)
        dialog.open()

    def _token_given(self, text: str, need: TokenNeeded, automatic: bool) -> None:
        token = text.strip()
        if not token:
            self._token_refused()
            return
        if need.no_keyring:
            self.session_token = token
        else:
            try:
                store_token(token)
            except SecretStoreUnavailable:
                self.session_token = token
        self.sync_now(automatic=automatic)

    def _token_refused(self) -> None:
        self._token_declined = True
        self.status.show_connection(self._online, configured=True, detail="Aucun jeton : synchronisation suspendue.")
        self.finished.emit(TokenNeeded("Aucun jeton : synchronisation suspendue.", no_keyring=False))


def install_sync(window: Any) -> SyncController:
    """The sync's status indicator in the status bar (its actions are in the window's menus)."""
    controller = SyncController(window.session, window=window)
    window.statusBar().addPermanentWidget(controller.status)
    return controller
