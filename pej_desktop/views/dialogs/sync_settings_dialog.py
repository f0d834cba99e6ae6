"""Sync settings: API address, adviser token (kept in the keyring), schedule, connection test.

The token is written to the OS keyring only. When no keyring works the dialog says so
and the token is kept in memory for this session (``session_token``): it will be
asked again next time the application starts.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.ops import device_sync, sync_settings
from pej_desktop.ops.background import QueryOp
from pej_desktop.ops.sync_settings import SyncPreferences, store_token, stored_token
from pej_desktop.views.dialog_buttons import DialogButtons
from pej_desktop.views.look import set_tone
from pej_desktop.views.screen_fit import fit_to_screen

log = logging.getLogger(__name__)


class SettingsDialog(QDialog):
    def __init__(self, *, preferences: SyncPreferences, session_token: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_settings_dialog")
        self.setWindowTitle("Paramètres de synchronisation")
        self.preferences = preferences
        self.session_token = session_token
        self.keyring_works = sync_settings.secret_store_works()
        self._token_stored = self._has_stored_token()
        self._build(preferences)

    # -- construction ------------------------------------------------------------------------
    def _build(self, preferences: SyncPreferences) -> None:
        form = QFormLayout()
        self.url_edit = QLineEdit(preferences.api_url, self)
        self.url_edit.setObjectName("api_url")
        self.url_edit.setPlaceholderText("https://api.pej.gouv.fr")
        self.url_edit.setAccessibleName("Adresse de l'API nationale")
        form.addRow("&Adresse de l'API :", self.url_edit)
        self.token_edit = QLineEdit(self)
        self.token_edit.setObjectName("api_token")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setAccessibleName("Jeton d'accès du conseiller")
        self.token_edit.setPlaceholderText("Jeton enregistré : laissez vide pour le garder"
                                           if self._token_stored or self.session_token
                                           else "Collez le jeton fourni par l'équipe nationale")
        form.addRow("&Jeton :", self.token_edit)
        self.secret_label = QLabel(self._secret_store_text(), self)
        self.secret_label.setObjectName("secret_store")
        self.secret_label.setWordWrap(True)
        form.addRow("", self.secret_label)
        form.addRow("", self._schedule_row(preferences))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(self._test_row())
        layout.addWidget(DialogButtons(self, accept="&Enregistrer", cancel="A&nnuler"))
        fit_to_screen(self, 560, self.sizeHint().height())

    def _schedule_row(self, preferences: SyncPreferences) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.auto_check = QCheckBox("Synchroniser au démarrage, puis toutes les", row)
        self.auto_check.setObjectName("sync_auto")
        self.auto_check.setChecked(preferences.auto)
        self.interval_spin = QSpinBox(row)
        self.interval_spin.setObjectName("sync_interval")
        self.interval_spin.setRange(5, 24 * 60)
        self.interval_spin.setSuffix(" min")
        self.interval_spin.setValue(max(5, preferences.interval_minutes))
        self.interval_spin.setAccessibleName("Intervalle de synchronisation automatique, en minutes")
        self.auto_check.toggled.connect(self.interval_spin.setEnabled)
        self.interval_spin.setEnabled(preferences.auto)
        layout.addWidget(self.auto_check)
        layout.addWidget(self.interval_spin)
        layout.addStretch(1)
        return row

    def _test_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.test_button = QPushButton("&Tester la connexion", self)
        self.test_button.setObjectName("test_connection")
        self.test_button.clicked.connect(self.run_connection_test)
        self.test_label = QLabel("", self)
        self.test_label.setObjectName("test_result")
        self.test_label.setWordWrap(True)
        row.addWidget(self.test_button)
        row.addWidget(self.test_label, 1)
        return row

    def _secret_store_text(self) -> str:
        if self.keyring_works:
            return f"Le jeton est conservé dans : {sync_settings.secret_store_name()}."
        return ("⚠ Aucun coffre-fort de mots de passe n'est disponible sur ce poste : le jeton est gardé "
                "en mémoire pendant cette session seulement, et vous sera redemandé au prochain démarrage.")

    def _has_stored_token(self) -> bool:
        if not self.keyring_works:
            return False
        try:
            return bool(stored_token())
        except sync_settings.SecretStoreUnavailable:
            return False

    # -- actions ---------------------------------------------------------------------------------
    def run_connection_test(self) -> None:
        try:
            url = sync_settings.checked_address(self.url_edit.text())
        except sync_settings.AddressRefused as error:
            self._show_test(str(error), ok=False)
            return
        token = self.token_edit.text().strip() or self.session_token
        self.test_button.setEnabled(False)
        self._show_test("Test en cours…", ok=True)
        (QueryOp(parent=self, op=lambda: device_sync.probe_connection(url, token), kind="net")
         .success(lambda text: self._show_test(text, ok=True))
         .failure(lambda error: self._show_test(str(error), ok=False)).run())

    def _show_test(self, text: str, *, ok: bool) -> None:
        self.test_button.setEnabled(True)
        self.test_label.setText(text)
        set_tone(self.test_label, "success" if ok else "error")

    def accept(self) -> None:
        text = self.url_edit.text().strip()
        try:
            url = sync_settings.checked_address(text) if text else ""
        except sync_settings.AddressRefused as error:
            self._show_test(str(error), ok=False)
            self.url_edit.setFocus()
            return
        self._keep_token(self.token_edit.text().strip())
        self.preferences = SyncPreferences(api_url=url, interval_minutes=self.interval_spin.value(),
                                           auto=self.auto_check.isChecked())
        super().accept()

    def _keep_token(self, token: str) -> None:
        if not token:
            return
        if self.keyring_works:
            try:
                store_token(token)
                self.session_token = None
                return
            except sync_settings.SecretStoreUnavailable:
                log.warning("keyring failed while saving the API token; kept in memory for this session")
        self.session_token = token

    def values(self) -> dict[str, Any]:
        return {"preferences": self.preferences, "session_token": self.session_token}
