"""The first-run assistant: who the adviser is, and where the catalogue comes from.

Shown once, by ``run_gui`` after the window appears, when the settings say it never
ran (``first_run/done``) and no national API is configured yet. It never appears in
tests or scripts: windows built directly (tests, ``self-check``) never call it, and
``PEJ_SKIP_FIRST_RUN=1`` (or the benchmarks' ``PEJ_QUIT_WHEN_READY``) turns it off for
the real start-up. Cancelling counts as done; *Aide → Assistant de démarrage…* opens
it again.

It reuses the adviser profile fields and rules (``AdviserFields``, ``validate_adviser``,
``ops.people.save_adviser``) and stores the API address and token exactly as the sync
settings do (QSettings; the token in the keyring, or for this session only).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from pej_desktop.domain.people import Adviser, validate_adviser
from pej_desktop.ops import device_sync, sync_settings
from pej_desktop.ops import people as people_ops
from pej_desktop.ops.background import QueryOp
from pej_desktop.ops.sync_settings import SyncPreferences, read_preferences, store_token
from pej_desktop.views.look import set_tone
from pej_desktop.views.screen_fit import fit_to_screen
from pej_desktop.views.young_people.adviser_dialog import AdviserFields

log = logging.getLogger(__name__)
DONE_KEY = "first_run/done"
SKIP_ENV = "PEJ_SKIP_FIRST_RUN"


def first_run_needed(settings: Any, env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    if env.get(SKIP_ENV) or env.get("PEJ_QUIT_WHEN_READY"):
        return False
    done = str(settings.value(DONE_KEY, "false")).lower() in ("true", "1")
    return not done and not read_preferences(settings).configured


def maybe_show_first_run(window: Any, env: Mapping[str, str] | None = None) -> FirstRunAssistant | None:
    if not first_run_needed(window.session.settings, env):
        return None
    return open_first_run(window)


def open_first_run(window: Any) -> FirstRunAssistant:
    assistant = FirstRunAssistant(window)  # the window owns it (Qt parent)
    assistant.open()
    return assistant


class WelcomePage(QWizardPage):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTitle("Bienvenue dans PEJ Desktop")
        intro = QLabel("Quelques questions pour commencer : qui vous êtes (vos nom et structure figurent sur les "
                       "récapitulatifs remis aux jeunes) et d'où vient le catalogue des offres. Tout se modifie "
                       "ensuite depuis le menu Fichier.", self, wordWrap=True)
        self.secret_label = QLabel("Recherche du coffre-fort de mots de passe…", self, wordWrap=True,
                                   objectName="first_run_secret_store")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.secret_label)
        layout.addStretch(1)  # the sentences take the height they need, the rest stays below
        QueryOp(parent=self, op=_secret_store_text, kind="keyring").success(self.secret_label.setText).run()


def _secret_store_text() -> str:
    """On a worker: probing the keyring may wait for its unlock prompt."""
    if sync_settings.secret_store_works():
        return (f"Vos secrets (la clé qui chiffre le fichier des jeunes, le jeton de l'API nationale) sont "
                f"conservés dans : {sync_settings.secret_store_name()}.")
    return ("⚠ Aucun coffre-fort de mots de passe ne fonctionne sur ce poste : une phrase de passe protégera le "
            "fichier des jeunes (demandée à chaque démarrage) et le jeton de l'API sera redemandé à chaque "
            "session.")


class AdviserPage(QWizardPage):
    def __init__(self, parent: QWidget, adviser: Adviser | None) -> None:
        super().__init__(parent)
        self.setTitle("Votre profil de conseiller")
        self.setSubTitle("Votre nom, votre structure, votre agence et votre contact professionnel. Laissez vide "
                         "pour le renseigner plus tard.")
        self.fields = AdviserFields(adviser=adviser, parent=self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)

    def draft(self) -> Adviser | None:
        return None if self.fields.is_blank() else self.fields.draft()

    def validatePage(self) -> bool:
        draft = self.draft()
        errors = validate_adviser(draft) if draft is not None else {}
        self.fields.errors.show(errors, focus=True)
        return not errors


class CataloguePage(QWizardPage):
    def __init__(self, parent: QWidget, preferences: SyncPreferences) -> None:
        super().__init__(parent)
        self.setTitle("Le catalogue des offres")
        self.api_choice = QRadioButton("Se connecter à l'&API nationale (adresse et jeton fournis par l'équipe "
                                       "nationale)", self, objectName="first_run_api")
        self.demo_choice = QRadioButton("Continuer avec le catalogue de &démonstration", self,
                                        objectName="first_run_demo")
        group = QButtonGroup(self)
        group.addButton(self.api_choice)
        group.addButton(self.demo_choice)
        (self.api_choice if preferences.configured else self.demo_choice).setChecked(True)
        self.url_edit = QLineEdit(preferences.api_url, self, objectName="first_run_url")
        self.url_edit.setPlaceholderText("https://api.pej.gouv.fr")
        self.url_edit.setAccessibleName("Adresse de l'API nationale")
        self.token_edit = QLineEdit(self, objectName="first_run_token")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setAccessibleName("Jeton d'accès du conseiller")
        self.test_button = QPushButton("&Tester la connexion", self, objectName="first_run_test")
        self.test_label = QLabel("", self, wordWrap=True, objectName="first_run_test_result")
        self.error_label = QLabel("", self, wordWrap=True, objectName="first_run_error")
        set_tone(self.error_label, "error")
        self._lay_out()
        self.api_choice.toggled.connect(self._update)
        self.test_button.clicked.connect(self.run_connection_test)
        self._update()

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow("Adresse de l'A&PI :", self.url_edit)
        form.addRow("&Jeton :", self.token_edit)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.api_choice)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.demo_choice)
        layout.addWidget(QLabel("Le catalogue de démonstration fonctionne sans réseau ; vous pourrez vous connecter "
                                "plus tard (Fichier → Paramètres de synchronisation).", self, wordWrap=True))
        layout.addWidget(self.error_label)

    def _update(self) -> None:
        for widget in (self.url_edit, self.token_edit, self.test_button):
            widget.setEnabled(self.api_choice.isChecked())
        self.error_label.clear()

    def api_url(self) -> str | None:
        """The checked address, or None with the reason shown (French)."""
        try:
            return sync_settings.checked_address(self.url_edit.text())
        except sync_settings.AddressRefused as error:
            self.error_label.setText(str(error))
            self.url_edit.setFocus()
            return None

    def run_connection_test(self) -> None:
        url = self.api_url()
        if url is None:
            return
        token = self.token_edit.text().strip() or None
        self.test_button.setEnabled(False)
        self.test_label.setText("Test en cours…")

        def shown(text: str) -> None:
            self.test_button.setEnabled(True)
            self.test_label.setText(text)

        QueryOp(parent=self, op=lambda: device_sync.probe_connection(url, token), kind="net") \
            .success(shown).failure(lambda error: shown(str(error))).run()

    def validatePage(self) -> bool:
        if self.demo_choice.isChecked():
            return True
        return self.api_url() is not None


class FirstRunAssistant(QWizard):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_, self.session = window, window.session
        self.setObjectName("first_run_assistant")
        self.setWindowTitle("Assistant de démarrage")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        # Letters no page uses: the profile's fields take P, N, S, A, C, T, O, the catalogue page A, D, T, P, J.
        self.setButtonText(QWizard.WizardButton.NextButton, "Sui&vant >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Précéd&ent")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Ter&miner")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Annu&ler")
        page = window.young_people_page
        page.profile_asked_elsewhere()  # the assistant asks it: the Jeunes page must not ask again
        self.welcome = WelcomePage(self)
        self.adviser_page = AdviserPage(self, page.adviser)
        self.catalogue_page = CataloguePage(self, window.sync_controller.preferences)
        for wizard_page in (self.welcome, self.adviser_page, self.catalogue_page):
            self.addPage(wizard_page)
        self.accepted.connect(self._apply)
        self.finished.connect(lambda _result: self._mark_done())
        fit_to_screen(self, 760, 640)  # room for the pages' wrapped sentences, even at the largest text

    def _mark_done(self) -> None:
        self.session.settings.setValue(DONE_KEY, True)
        self.session.settings.sync()

    def _apply(self) -> None:
        draft = self.adviser_page.draft()
        if draft is not None:
            self._save_adviser(draft)
        self._apply_catalogue()

    def _apply_catalogue(self) -> None:
        controller, choice = self.window_.sync_controller, self.catalogue_page
        current = controller.preferences
        if choice.demo_choice.isChecked():
            if current.configured:
                controller.apply_settings(SyncPreferences(api_url="", interval_minutes=current.interval_minutes,
                                                          auto=current.auto), controller.session_token)
            return
        url = choice.api_url() or ""
        session_token = _keep_token(choice.token_edit.text().strip()) or controller.session_token
        controller.apply_settings(SyncPreferences(api_url=url, interval_minutes=current.interval_minutes,
                                                  auto=current.auto), session_token)

    def _save_adviser(self, draft: Adviser) -> None:
        """Now if the personal file is open, else as soon as the Jeunes page has opened it."""
        page = self.window_.young_people_page
        if page.session.personal is not None:
            _store_adviser(page, draft)
            return

        def once(_count: int) -> None:
            page.people_loaded.disconnect(once)
            _store_adviser(page, draft)

        page.people_loaded.connect(once)


def _store_adviser(page: Any, draft: Adviser) -> None:
    store = page.session.personal
    QueryOp(parent=page, op=lambda: people_ops.save_adviser(store, draft)) \
        .success(lambda result: page.adviser_changed(result[0]) if result[0] is not None else None).run()


def _keep_token(token: str) -> str | None:
    """Into the keyring; returns the token only when it must be kept in memory for the session."""
    if not token:
        return None
    try:
        store_token(token)
        return None
    except sync_settings.SecretStoreUnavailable:
        log.warning("no keyring: the API token is kept in memory for this session")
        return token
