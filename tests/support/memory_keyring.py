"""Keyring backends for tests: the OS secret store is a boundary we replace."""

from __future__ import annotations

import keyring.backend
import keyring.errors

from pej_desktop.store.secrets import in_memory_keyring


def MemoryKeyring():  # type: ignore[no-untyped-def]
    """The product's own in-memory backend (also used by the self-check)."""
    return in_memory_keyring()


class BrokenKeyring(keyring.backend.KeyringBackend):
    """Behaves like a machine where no secret store works (keyring's fail backend)."""

    priority = 0  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("No recommended backend was available.")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("No recommended backend was available.")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.NoKeyringError("No recommended backend was available.")
