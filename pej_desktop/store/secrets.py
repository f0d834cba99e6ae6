"""Secrets (API token, personal-data key) live in the OS keyring, and nowhere else.

When no keyring backend works (a bare Linux session, a locked-down PC), callers get
``SecretStoreUnavailable`` and must ask the user instead — never write to a file.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from pej_desktop.domain.errors import UserError

log = logging.getLogger(__name__)
SERVICE = "pej-desktop"


class SecretStoreUnavailable(UserError, RuntimeError):
    """No working keyring on this machine; the message is in French."""


def _keyring() -> Any:
    """Imported late: keyring probes its backends on import, which costs start-up time."""
    import keyring

    return keyring


def _unavailable(error: Exception) -> SecretStoreUnavailable:
    """Logged at INFO: the caller explains it to the user (once per data folder in the CLI);
    a WARNING would reach the terminal at every command through logging's last-resort handler."""
    log.info("keyring unavailable: %s", type(error).__name__)
    return SecretStoreUnavailable(
        "Aucun coffre-fort de mots de passe du système n'est disponible sur ce poste "
        "(trousseau de clés). Le secret ne peut pas être enregistré : il vous sera demandé "
        "à chaque session."
    )


def get_secret(name: str) -> str | None:
    try:
        return cast("str | None", _keyring().get_password(SERVICE, name))
    except Exception as error:
        raise _unavailable(error) from None


def set_secret(name: str, value: str) -> None:
    try:
        _keyring().set_password(SERVICE, name, value)
    except Exception as error:
        raise _unavailable(error) from None


def delete_secret(name: str) -> None:
    keyring = _keyring()
    try:
        keyring.delete_password(SERVICE, name)
    except keyring.errors.PasswordDeleteError:
        return
    except Exception as error:
        raise _unavailable(error) from None


def backend_description() -> str:
    """Which secret store is in use, in French, for the settings and first-run screens."""
    try:
        backend = _keyring().get_keyring()
    except Exception:
        return "aucun coffre-fort disponible"
    name = type(backend).__module__ + "." + type(backend).__name__
    known = {
        "keyring.backends.Windows": "Gestionnaire d'identifiants Windows",
        "keyring.backends.macOS": "Trousseau macOS",
        "keyring.backends.SecretService": "Trousseau GNOME / Secret Service",
        "keyring.backends.kwallet": "Portefeuille KDE (KWallet)",
        "keyring.backends.fail": "aucun coffre-fort disponible",
        "keyring.backends.null": "aucun coffre-fort disponible",
        "keyring.backends.chainer": "coffre-fort du système",
    }
    for prefix, label in known.items():
        if name.startswith(prefix):
            return label
    return f"coffre-fort {type(backend).__name__}"


def secret_store_works() -> bool:
    """True when a secret can really be stored and read back on this machine."""
    probe = "probe"
    try:
        set_secret(probe, "ok")
        works = get_secret(probe) == "ok"
        delete_secret(probe)
        return works
    except SecretStoreUnavailable:
        return False


def in_memory_keyring():  # type: ignore[no-untyped-def]
    """A keyring backend kept in memory, for throw-away sessions (self-check, tests):
    whatever they store must never reach the adviser's real secret store."""
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    class InMemoryKeyring(KeyringBackend):
        priority = 1

        def __init__(self) -> None:
            super().__init__()  # type: ignore[no-untyped-call]  # keyring's own __init__ is unannotated
            self.secrets: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.secrets.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.secrets[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if self.secrets.pop((service, username), None) is None:
                raise PasswordDeleteError(username)

    return InMemoryKeyring()
