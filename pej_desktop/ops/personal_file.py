"""The personal file's key and version, as the window's unlock dialog and the command line ask for them.

Opening the file itself is ``ops.people.open_personal_store`` (the session runs it on the
database worker). Here: turning a typed passphrase into a key, with the same checks for
the window and for ``PEJ_PASSPHRASE`` or a terminal prompt, and the error a file from a
newer version raises (it is refused untouched).
"""

from __future__ import annotations

from pej_desktop.domain.errors import UserError
from pej_desktop.store.migrate import SchemaTooNewError as SchemaTooNewError  # screens and commands catch it here
from pej_desktop.store.personal_key import PASSPHRASE_ENV as PASSPHRASE_ENV
from pej_desktop.store.personal_key import DatabaseKey, new_passphrase_error, passphrase_key


class PassphraseRefused(UserError):
    """A new passphrase too short, not the same twice, or with spaces around; an empty one."""


def key_from_passphrase(passphrase: str, *, confirmation: str | None = None) -> DatabaseKey:
    """The key of a typed passphrase; ``PassphraseRefused`` (French) when it cannot be one.

    With ``confirmation`` the passphrase is a new one (it will create the file) and must
    pass the rules for new passphrases; without, it is an existing one and must not be empty.
    """
    if confirmation is not None:
        problem = new_passphrase_error(passphrase, confirmation)
    else:
        problem = None if passphrase else "Saisissez la phrase de passe."
    if problem:
        raise PassphraseRefused(problem)
    return passphrase_key(passphrase)
