"""Sync preferences in QSettings; the token in the keyring only, or PEJ_API_TOKEN."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtCore import QSettings

from pej_desktop.ops.sync_settings import (
    TOKEN_SECRET,
    SyncPreferences,
    forget_token,
    read_preferences,
    store_token,
    stored_token,
    token_from_env,
    write_preferences,
)
from pej_desktop.store import secrets
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
