"""The first-run assistant, driven like an adviser would, on the real window."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from pej_desktop.ops.sync_settings import TOKEN_SECRET, SyncPreferences, read_preferences, write_preferences
from pej_desktop.store import secrets
from pej_desktop.views.dialogs.first_run import (
    DONE_KEY,
    SKIP_ENV,
    FirstRunAssistant,
    first_run_needed,
    maybe_show_first_run,
)
from tests.support.memory_keyring import BrokenKeyring


def _click(qtbot, assistant: FirstRunAssistant, which: QWizard.WizardButton) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(assistant.button(which), Qt.MouseButton.LeftButton)


def _type_adviser(qtbot, assistant: FirstRunAssistant) -> None:  # type: ignore[no-untyped-def]
    fields = assistant.adviser_page.fields
    for field, text in ((fields.first_name, "Camille"), (fields.last_name, "Durand"),
                        (fields.agency_name, "Mission Locale de Lyon"), (fields.agency_code, "69001"),
                        (fields.phone, "04 72 00 00 00"), (fields.email, "camille@ml-lyon.example.org")):
        qtbot.keyClicks(field, text)


def _open(qtbot, open_main_window):  # type: ignore[no-untyped-def]
    window = open_main_window()
    assistant = maybe_show_first_run(window, env={})
    assert assistant is not None and assistant.isVisible()
    qtbot.waitUntil(lambda: "conservés dans" in assistant.welcome.secret_label.text()
                    or "Aucun coffre-fort" in assistant.welcome.secret_label.text(), timeout=5000)
    return window, assistant


def test_shown_once_only_when_never_done_and_not_turned_off(paths) -> None:
    from pej_desktop.app import app_settings

    settings = app_settings(paths)
    assert first_run_needed(settings, env={})
    assert not first_run_needed(settings, env={SKIP_ENV: "1"})
    assert not first_run_needed(settings, env={"PEJ_QUIT_WHEN_READY": "1"})
    write_preferences(settings, SyncPreferences(api_url="https://api.exemple.fr"))
    assert not first_run_needed(settings, env={})  # already connected: an upgrade, not a first run
    write_preferences(settings, SyncPreferences())
    settings.setValue(DONE_KEY, True)
    assert not first_run_needed(settings, env={})


def test_profile_then_demo_catalogue(qtbot, open_main_window, paths) -> None:
    window, assistant = _open(qtbot, open_main_window)
    assert secrets.backend_description() in assistant.welcome.secret_label.text()
    _click(qtbot, assistant, QWizard.WizardButton.NextButton)
    fields = assistant.adviser_page.fields
    qtbot.keyClicks(fields.first_name, "Camille")  # half a profile is refused, with the reason under the field
    _click(qtbot, assistant, QWizard.WizardButton.NextButton)
    assert assistant.currentPage() is assistant.adviser_page
    assert "obligatoire" in fields.errors.text("last_name")
    fields.first_name.clear()
    _type_adviser(qtbot, assistant)
    _click(qtbot, assistant, QWizard.WizardButton.NextButton)
    assert assistant.currentPage() is assistant.catalogue_page
    assert assistant.catalogue_page.demo_choice.isChecked()
    _click(qtbot, assistant, QWizard.WizardButton.FinishButton)
    page = window.young_people_page
    qtbot.waitUntil(lambda: page.adviser is not None, timeout=10_000)
    assert "Camille Durand" in page.banner.text()
    with page.store.read() as conn:
        from pej_desktop.store.personal import current_adviser

        saved = current_adviser(conn)
    assert (saved.agency_code, saved.phone, saved.email) == ("69001", "04 72 00 00 00", "camille@ml-lyon.example.org")
    assert not read_preferences(window.session.settings).configured
    assert not first_run_needed(window.session.settings, env={})  # never again
    assert maybe_show_first_run(window, env={}) is None


def test_cancelling_counts_as_done_and_saves_nothing(qtbot, open_main_window) -> None:
    window, assistant = _open(qtbot, open_main_window)
    _click(qtbot, assistant, QWizard.WizardButton.CancelButton)
    assert not assistant.isVisible()
    assert not first_run_needed(window.session.settings, env={})
    page = window.young_people_page
    qtbot.waitUntil(lambda: page.store is not None, timeout=10_000)
    assert page.adviser is None


def test_without_keyring_it_says_so(qtbot, open_main_window) -> None:
    keyring.set_keyring(BrokenKeyring())
    _window, assistant = _open(qtbot, open_main_window)
    assert "Aucun coffre-fort" in assistant.welcome.secret_label.text()
    assert "phrase de passe" in assistant.welcome.secret_label.text()


@pytest.fixture
def national_api(tmp_path):  # type: ignore[no-untyped-def]
    from tests.integration.conftest import start_reference_api

    api = start_reference_api(tmp_path / "api")
    yield api
    api.server.stop()
    api.catalogue.engine.dispose()


def test_api_address_and_token_are_tested_then_kept_like_the_sync_settings(qtbot, open_main_window, national_api,
                                                                           memory_keyring) -> None:
    window, assistant = _open(qtbot, open_main_window)
    _click(qtbot, assistant, QWizard.WizardButton.NextButton)
    _click(qtbot, assistant, QWizard.WizardButton.NextButton)  # profile left for later
    choice = assistant.catalogue_page
    qtbot.mouseClick(choice.api_choice, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(choice.url_edit, "http://exemple.fr")  # plain HTTP to a remote host: refused
    _click(qtbot, assistant, QWizard.WizardButton.FinishButton)
    assert assistant.isVisible() and choice.error_label.text()
    choice.url_edit.clear()
    qtbot.keyClicks(choice.url_edit, national_api.url)
    qtbot.keyClicks(choice.token_edit, national_api.token)
    qtbot.mouseClick(choice.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: choice.test_label.text().startswith("Connexion réussie"), timeout=10_000)
    with qtbot.waitSignal(window.sync_controller.finished, timeout=30_000) as synced:
        _click(qtbot, assistant, QWizard.WizardButton.FinishButton)
    assert not isinstance(synced.args[0], Exception)
    assert read_preferences(window.session.settings).api_url == national_api.url
    assert memory_keyring.secrets[(secrets.SERVICE, TOKEN_SECRET)] == national_api.token
    assert window.young_people_page.adviser is None
    with window.session.catalogue.read() as conn:
        assert conn.exec_driver_sql("SELECT value FROM catalogue_meta WHERE key = 'source'").scalar() == \
            national_api.url


def _letters(assistant: FirstRunAssistant) -> list[str]:
    """The Alt letters the adviser can press on the current page: its own and the wizard's buttons."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    page = assistant.currentPage()
    texts = [w.text() for w in page.findChildren(QAbstractButton) if w.isVisibleTo(page)]
    texts += [w.text() for w in page.findChildren(QLabel) if w.isVisibleTo(page) and w.buddy() is not None]
    texts += [assistant.button(which).text() for which in (
        QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton,
        QWizard.WizardButton.CancelButton) if assistant.button(which).isVisible()]
    return [m.lower() for text in texts for m in re.findall(r"&(\w)", text.replace("&&", ""))]


def test_each_page_gives_each_control_its_own_letter(qtbot, open_main_window) -> None:
    """« &Précédent », « &Suivant », « &Annuler » took the letters of « &Prénom », « &Structure », « &Agence »
    on the profile page, and « &Terminer » that of « &Tester la connexion »."""
    _window, assistant = _open(qtbot, open_main_window)
    seen = 0
    while True:
        letters = _letters(assistant)
        assert len(letters) == len(set(letters)), (assistant.currentPage().title(), sorted(letters))
        seen += 1
        if assistant.button(QWizard.WizardButton.FinishButton).isVisible():
            break
        if assistant.currentPage() is assistant.adviser_page:
            _type_adviser(qtbot, assistant)
        _click(qtbot, assistant, QWizard.WizardButton.NextButton)
    assert seen >= 3
