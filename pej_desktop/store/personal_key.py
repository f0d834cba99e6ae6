"""The key of the personal-data file: random, kept in the OS keyring, or a passphrase.

At first start a random 256-bit key is generated and stored in the keyring (never in
a file); SQLCipher uses it as a raw key, so opening costs no key derivation. When no
keyring works, or when the keyring does not hold the key of an existing file, the
caller must ask the adviser for a passphrase (SQLCipher derives the key from it).

``DatabaseKey`` never shows its value: not in ``repr``, not in ``str``, not in an
exception message, so it cannot reach a log by accident.
"""

from __future__ import annotations

import logging
import re
import secrets as random_source
from pathlib import Path
from typing import Any

from pej_desktop.store.secrets import SecretStoreUnavailable, get_secret, set_secret

log = logging.getLogger(__name__)
KEY_SECRET_NAME = "personal-db-key"
PASSPHRASE_ENV = "PEJ_PASSPHRASE"
MIN_PASSPHRASE_LENGTH = 12
SOURCE_KEYRING = "keyring"
SOURCE_PASSPHRASE = "passphrase"
_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")


class DatabaseKey:
    """An opaque key; ``sqlcipher_key()`` is the only way to read it."""

    __slots__ = ("_value", "source")

    def __init__(self, value: str, source: str) -> None:
        self._value = value
        self.source = source

    def sqlcipher_key(self) -> str:
        """The value for ``PRAGMA key``: ``x'…'`` (raw key) or the passphrase itself."""
        return f"x'{self._value}'" if self.source == SOURCE_KEYRING else self._value

    def __repr__(self) -> str:
        return f"DatabaseKey(source={self.source!r})"

    __str__ = __repr__

    def __reduce__(self) -> str | tuple[Any, ...]:  # never pickled (no copy on disk through a cache)
        raise TypeError("DatabaseKey cannot be serialised")


class KeyUnavailable(Exception):
    """The key cannot come from the keyring: ask the adviser for a passphrase.

    ``creating`` tells the dialog to ask for a new passphrase (twice) rather than
    the existing one. The message is French and meant to be shown as is.
    """

    def __init__(self, message: str, *, creating: bool, keyring_works: bool) -> None:
        super().__init__(message)
        self.creating = creating
        self.keyring_works = keyring_works


def key_from_keyring(db_path: Path) -> DatabaseKey:
    """The file's key from the keyring, generated and stored there for a new file."""
    creating = not db_path.exists()
    try:
        stored = get_secret(KEY_SECRET_NAME)
    except SecretStoreUnavailable:
        raise _no_keyring(creating) from None
    if stored and _HEX_KEY.match(stored):
        return DatabaseKey(stored, SOURCE_KEYRING)
    if not creating:
        raise KeyUnavailable(
            "La clé de chiffrement du fichier des jeunes n'est pas dans le coffre-fort de mots de passe "
            "de ce poste. Si ce fichier a été protégé par une phrase de passe, saisissez-la.",
            creating=False, keyring_works=True,
        )
    return _generate_key(creating)


def _generate_key(creating: bool) -> DatabaseKey:
    value = random_source.token_hex(32)
    try:
        set_secret(KEY_SECRET_NAME, value)
        if get_secret(KEY_SECRET_NAME) != value:
            raise SecretStoreUnavailable("read-back mismatch")
    except SecretStoreUnavailable:
        raise _no_keyring(creating) from None
    log.info("new personal-data key generated and stored in the keyring")
    return DatabaseKey(value, SOURCE_KEYRING)


def _no_keyring(creating: bool) -> KeyUnavailable:
    action = ("Choisissez une phrase de passe pour protéger le fichier des jeunes : elle vous sera "
              "demandée à chaque ouverture de l'application et ne peut pas être récupérée si vous l'oubliez."
              if creating else "Saisissez la phrase de passe du fichier des jeunes.")
    return KeyUnavailable(
        "Aucun coffre-fort de mots de passe du système ne fonctionne sur ce poste : la clé de "
        f"chiffrement ne peut pas y être conservée. {action}",
        creating=creating, keyring_works=False,
    )


def passphrase_key(passphrase: str) -> DatabaseKey:
    return DatabaseKey(passphrase, SOURCE_PASSPHRASE)


def new_passphrase_error(passphrase: str, confirmation: str) -> str | None:
    """Why a new passphrase is refused (French), or None when it is acceptable."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return f"La phrase de passe doit compter au moins {MIN_PASSPHRASE_LENGTH} caractères."
    if passphrase != confirmation:
        return "Les deux saisies de la phrase de passe ne sont pas identiques."
    if passphrase.strip() != passphrase:
        return "La phrase de passe ne doit pas commencer ni finir par une espace."
    return None
