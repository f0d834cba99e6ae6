"""What the adviser is told when the machine, not the adviser, stops an action.

A full disk, a read-only or unreachable data folder, a damaged file, a value out of
range: each becomes one French sentence saying what to do — in the window (a
``MachineFailure``, a ``UserError`` its default failure handler shows as it is) and on the
command line (the same sentence, worded for a command, and an exit code a script can
test). Every write of the application is a transaction or a temporary file renamed
once complete, so such a stop loses nothing already stored; the sentence says so.

Anything else is a bug: on the command line, one French sentence pointing at the log,
where the traceback goes (through the log's personal-data filter), never on the terminal;
in the window, the « Erreur inattendue » dialog.
"""

from __future__ import annotations

import errno
import logging
import shutil
import sqlite3
from dataclasses import dataclass

from pej_desktop.domain.errors import UserError

log = logging.getLogger(__name__)

EXIT_DISK_FULL = 5
EXIT_NOT_WRITABLE = 6
EXIT_DAMAGED = 7
EXIT_OUT_OF_RANGE = 8
EXIT_UNEXPECTED = 70
LOW_SPACE_BYTES = 1024 * 1024

NOTHING_LOST = "Rien de ce qui était déjà enregistré n'a été perdu."
_FULL_WORDS = ("database or disk is full", "disk full", "no space left")
_READ_ONLY_WORDS = ("readonly database", "read-only file system", "unable to open database file",
                    "attempt to write a readonly", "permission denied", "disk i/o error")
_DAMAGE_WORDS = ("malformed", "not a database", "corrupt", "disk image")


@dataclass(frozen=True)
class Failure:
    message: str
    exit_code: int


class MachineFailure(UserError):
    """The machine stopped an action (full disk, read-only folder, damaged file…): not a bug."""

    title = "Action interrompue"

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def machine_failure(error: BaseException, *, data_dir: str | None = None,
                    in_window: bool = True) -> MachineFailure | None:
    """The French sentence (and exit code) for an error the machine caused; ``None`` for a bug.

    ``in_window`` words what to do next for the window (« recommencez ») rather than for a
    command (« relancez la commande », ``--data-dir``).
    """
    text = _message(error)
    again = "recommencez" if in_window else "relancez la commande"
    if _is_disk_full(error, text) or (_is_not_writable(error, text) and _no_room_left(data_dir)):
        elsewhere = "" if in_window else " (ou choisissez un autre dossier avec --data-dir)"
        return MachineFailure(f"Le disque est plein : libérez de la place{elsewhere}, puis {again}. "
                              f"{NOTHING_LOST}", EXIT_DISK_FULL)
    if _is_not_writable(error, text):
        where = f" ({data_dir})" if data_dir else ""
        return MachineFailure(f"Le dossier des données{where} ou le fichier visé n'est pas accessible en écriture "
                              f"(lecture seule, droits insuffisants ou support retiré). Vérifiez-le, puis {again}. "
                              f"{NOTHING_LOST}", EXIT_NOT_WRITABLE)
    if any(word in text for word in _DAMAGE_WORDS):
        restore = "Fichier › Restaurer une sauvegarde…" if in_window else "« pej-desktop restore »"
        rebuilt = "Fermez puis rouvrez l'application" if in_window else "Relancez la commande"
        return MachineFailure(f"Un fichier de données est endommagé. {rebuilt} : un catalogue endommagé est mis de "
                              f"côté et reconstruit ; pour le fichier des jeunes, voir {restore}.", EXIT_DAMAGED)
    if isinstance(error, (RecursionError, OverflowError, MemoryError)):
        return MachineFailure("Une valeur est hors des limites que l'application sait traiter (date trop lointaine, "
                              f"fichier trop imbriqué ou trop grand). Corrigez-la, puis {again}. {NOTHING_LOST}",
                              EXIT_OUT_OF_RANGE)
    return None


def describe(error: BaseException, *, data_dir: str | None = None) -> Failure:
    """The French sentence and exit code for an error no command caught."""
    failure = machine_failure(error, data_dir=data_dir, in_window=False)
    if failure is not None:
        return Failure(str(failure), failure.exit_code)
    log.error("unexpected error in a command (%s)", type(error).__name__, exc_info=error)
    return Failure("Erreur inattendue : la commande s'est arrêtée. Le détail est dans le journal de l'application "
                   f"(dossier « logs » des données) ; transmettez-le au support. {NOTHING_LOST}", EXIT_UNEXPECTED)


def _message(error: BaseException) -> str:
    orig = getattr(error, "orig", None)  # SQLAlchemy wraps the driver's error
    return f"{orig or ''} {error}".lower()


def _is_disk_full(error: BaseException, text: str) -> bool:
    return (isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)) \
        or any(word in text for word in _FULL_WORDS)


def _no_room_left(data_dir: str | None) -> bool:
    """SQLite says "disk I/O error" or "unable to open" when it cannot even create its WAL: look."""
    if not data_dir:
        return False
    try:
        return shutil.disk_usage(data_dir).free < LOW_SPACE_BYTES
    except OSError:
        return False


def _is_not_writable(error: BaseException, text: str) -> bool:
    if isinstance(error, OSError) and error.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO):
        return True
    database_error = isinstance(error, sqlite3.Error) or hasattr(error, "orig")
    return database_error and any(word in text for word in _READ_ONLY_WORDS)
