"""Where the sync finds its API address, its schedule and its token.

The address and the schedule are device settings (QSettings, read through any object
with ``value``/``setValue``, so this module needs no Qt). The token lives only in the
OS keyring (``pej_desktop.store.secrets``), or for a headless scheduled task in the
``PEJ_API_TOKEN`` environment variable; never in the database, settings or logs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Protocol

from pej_desktop.store import secrets

TOKEN_SECRET = "national-api-token"
TOKEN_ENV = "PEJ_API_TOKEN"
KEY_API_URL = "sync/api_url"
KEY_INTERVAL = "sync/interval_minutes"
KEY_AUTO = "sync/auto"
DEFAULT_INTERVAL_MINUTES = 60
STALE_AFTER_DAYS = 7


class SettingsLike(Protocol):
    def value(self, key: str, defaultValue: Any = None) -> Any: ...
    def setValue(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class SyncPreferences:
    api_url: str = ""
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES
    auto: bool = True

    @property
    def configured(self) -> bool:
        return bool(self.api_url)


def _as_bool(value: Any, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "oui")
    return default if value is None else bool(value)


def _as_int(value: Any, default: int) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return default


def read_preferences(settings: SettingsLike) -> SyncPreferences:
    return SyncPreferences(
        api_url=str(settings.value(KEY_API_URL, "") or "").strip(),
        interval_minutes=_as_int(settings.value(KEY_INTERVAL, DEFAULT_INTERVAL_MINUTES), DEFAULT_INTERVAL_MINUTES),
        auto=_as_bool(settings.value(KEY_AUTO, True), True),
    )


def write_preferences(settings: SettingsLike, preferences: SyncPreferences) -> None:
    settings.setValue(KEY_API_URL, preferences.api_url)
    settings.setValue(KEY_INTERVAL, preferences.interval_minutes)
    settings.setValue(KEY_AUTO, preferences.auto)


def token_from_env() -> str | None:
    value = os.environ.get(TOKEN_ENV, "").strip()
    return value or None


def stored_token() -> str | None:
    """The token from the keyring; raises ``secrets.SecretStoreUnavailable``."""
    return secrets.get_secret(TOKEN_SECRET)


def store_token(token: str) -> None:
    secrets.set_secret(TOKEN_SECRET, token.strip())


def forget_token() -> None:
    secrets.delete_secret(TOKEN_SECRET)
