"""Sync preferences in QSettings; the token in the keyring only, or PEJ_API_TOKEN."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import QSettings

from pej_desktop.domain.errors import UserError
from pej_desktop.ops.sync_failures import describe_sync_failure
from pej_desktop.ops.sync_settings import (
    TOKEN_SECRET,
    AddressRefused,
    SyncPreferences,
    TokenNeeded,
    checked_address,
    forget_token,
    keyring_token,
    read_preferences,
    store_token,
    stored_token,
    token_from_env,
    write_preferences,
)
from pej_desktop.store import secrets
from sync.errors import AuthenticationError, InvalidDataError, NetworkError, ServerError, SyncCancelled
from tests.support.memory_keyring import BrokenKeyring


def test_preferences_round_trip_through_an_ini_file(tmp_path) -> None:
    path = str(tmp_path / "settings.ini")
    assert read_preferences(QSettings(path, QSettings.Format.IniFormat)) == SyncPreferences()
    chosen = SyncPreferences(api_url="https://api.pej.gouv.fr", interval_minutes=45, auto=False)
    settings = QSettings(path, QSettings.Format.IniFormat)
    write_preferences(settings, chosen)
    settings.sync()
    assert read_preferences(QSettings(path, QSettings.Format.IniFormat)) == chosen
    assert "jeton" not in (tmp_path / "settings.ini").read_text(encoding="utf-8").lower()


def test_garbled_preferences_fall_back_to_defaults(tmp_path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("sync/interval_minutes", "souvent")
    settings.setValue("sync/auto", "non")
    preferences = read_preferences(settings)
    assert preferences.interval_minutes == 60 and preferences.auto is False and not preferences.configured


def test_token_lives_in_the_keyring(memory_keyring) -> None:
    store_token("  abc  ")
    assert memory_keyring.secrets[(secrets.SERVICE, TOKEN_SECRET)] == "abc"
    assert stored_token() == "abc"
    forget_token()
    assert stored_token() is None


def test_without_keyring_the_token_cannot_be_stored() -> None:
    keyring.set_keyring(BrokenKeyring())
    with pytest.raises(secrets.SecretStoreUnavailable, match="demandé"):
        store_token("abc")
    with pytest.raises(secrets.SecretStoreUnavailable):
        stored_token()


def test_environment_token_for_scheduled_tasks(monkeypatch) -> None:
    monkeypatch.delenv("PEJ_API_TOKEN", raising=False)
    assert token_from_env() is None
    monkeypatch.setenv("PEJ_API_TOKEN", "  tâche-planifiée ")
    assert token_from_env() == "tâche-planifiée"


def test_keyring_token_says_what_is_missing(memory_keyring) -> None:
    with pytest.raises(TokenNeeded) as empty:
        keyring_token()
    assert empty.value.no_keyring is False and isinstance(empty.value, UserError)
    store_token("  jeton-du-conseiller  ")
    assert keyring_token() == "jeton-du-conseiller"
    keyring.set_keyring(BrokenKeyring())
    with pytest.raises(TokenNeeded) as broken:
        keyring_token()
    assert broken.value.no_keyring is True and "coffre-fort" in str(broken.value)


def test_an_address_the_client_refuses_is_a_french_user_error() -> None:
    assert checked_address("https://api.pej.gouv.fr/") == "https://api.pej.gouv.fr"
    assert checked_address("http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    with pytest.raises(AddressRefused, match="https") as refused:
        checked_address("http://api.pej.gouv.fr")
    assert isinstance(refused.value, UserError)


@pytest.mark.parametrize(("error", "online", "problem", "expected"), [
    (NetworkError("Serveur injoignable."), False, None, True),
    (AuthenticationError("Jeton inconnu."), True, "Jeton refusé", True),
    (InvalidDataError("Page refusée."), True, "Données refusées", True),
    (SyncCancelled("Annulée."), None, "Synchronisation annulée", True),
    (ServerError("Erreur 500."), True, "Serveur en difficulté", True),
    (RuntimeError("bug"), None, "Erreur inattendue", False),
])
def test_a_failed_sync_is_described_for_the_status_bar(error, online, problem, expected) -> None:
    failure = describe_sync_failure(error)
    assert (failure.online, failure.problem, failure.expected) == (online, problem, expected)
    assert failure.message == str(error)
    assert failure.cancelled is isinstance(error, SyncCancelled)
