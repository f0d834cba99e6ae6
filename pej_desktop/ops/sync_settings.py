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

from pej_desktop.domain.errors import UserError
from pej_desktop.store import secrets
from pej_desktop.store.secrets import SecretStoreUnavailable as SecretStoreUnavailable  # screens catch it here

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
    """The token from the keyring; raises ``SecretStoreUnavailable``."""
    return secrets.get_secret(TOKEN_SECRET)


class TokenNeeded(UserError):
    """No token to sync with: the keyring is empty, or there is no keyring (``no_keyring``)."""

    def __init__(self, message: str, *, no_keyring: bool) -> None:
        super().__init__(message)
        self.no_keyring = no_keyring


def keyring_token() -> str:
    """The token the keyring keeps; ``TokenNeeded`` (French) when it keeps none or cannot be used."""
    try:
        token = stored_token()
    except SecretStoreUnavailable as error:
        raise TokenNeeded(str(error), no_keyring=True) from None
    if not token:
        raise TokenNeeded("Aucun jeton d'accès à l'API nationale n'est enregistré.", no_keyring=False)
    return token


def store_token(token: str) -> None:
    secrets.set_secret(TOKEN_SECRET, token.strip())


def forget_token() -> None:
    secrets.delete_secret(TOKEN_SECRET)


def secret_store_works() -> bool:
    """A secret can really be stored and read back here (may wait on the keyring's unlock prompt)."""
    return secrets.secret_store_works()


def secret_store_name() -> str:
    """Which secret store keeps the token and the key, in French (settings and first-run screens)."""
    return secrets.backend_description()


class AddressRefused(UserError):
    """The API's address is missing, malformed, or plain http to a remote host; the message says which."""


def checked_address(text: str) -> str:
    """The API's address as the client will use it; ``AddressRefused`` (French) otherwise."""
    from sync.client import check_api_url
    from sync.errors import ConfigurationError

    try:
        return check_api_url(text)
    except ConfigurationError as error:
        raise AddressRefused(error.message) from None


class PageSizeRefused(UserError):
    """A page size the protocol does not allow (``pej-desktop sync --page-size``)."""

    def __init__(self, maximum: int) -> None:
        super().__init__(f"la taille de page doit être comprise entre 1 et {maximum}")
        self.maximum = maximum


def sync_page_size(requested: int | None) -> int:
    """The records asked for per page: the protocol's default when none (or 0) is asked, else the
    number asked if the protocol allows it (``PageSizeRefused`` otherwise)."""
    from sync.protocol import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

    page_size = requested or DEFAULT_PAGE_SIZE
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise PageSizeRefused(MAX_PAGE_SIZE)
    return page_size
