"""What the command line says when the machine, not the adviser, stops a command.

A full disk, a read-only or unreachable data folder, a damaged file, a value out of
range: each becomes one French sentence saying what to do, and an exit code a script
can test. Every write of the application is a transaction or a temporary file renamed
once complete, so such a stop loses nothing already stored; the sentence says so.

Anything else is a bug: one French sentence pointing at the log, where the traceback
goes (through the log's personal-data filter), never on the terminal.
"""

from __future__ import annotations

import errno
import logging
import shutil
import sqlite3
from dataclasses import dataclass

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


def describe(error: BaseException, *, data_dir: str | None = None) -> Failure:
    """The French sentence and exit code for an error no command caught."""
    text = _message(error)
    if _is_disk_full(error, text) or (_is_not_writable(error, text) and _no_room_left(data_dir)):
        return Failure("Le disque est plein : libérez de la place (ou choisissez un autre dossier avec "
                       f"--data-dir), puis relancez la commande. {NOTHING_LOST}", EXIT_DISK_FULL)
    if _is_not_writable(error, text):
        where = f" ({data_dir})" if data_dir else ""
        return Failure(f"Le dossier des données{where} ou le fichier visé n'est pas accessible en écriture "
                       "(lecture seule, droits insuffisants ou support retiré). Vérifiez-le, puis relancez la "
                       f"commande. {NOTHING_LOST}", EXIT_NOT_WRITABLE)
    if any(word in text for word in _DAMAGE_WORDS):
        return Failure("Un fichier de données est endommagé. Relancez la commande : un catalogue endommagé est mis "
                       "de côté et reconstruit ; pour le fichier des jeunes, voir « pej-desktop restore ».",
                       EXIT_DAMAGED)
    if isinstance(error, (RecursionError, OverflowError, MemoryError)):
        return Failure("Une valeur est hors des limites que l'application sait traiter (date trop lointaine, "
                       f"fichier trop imbriqué ou trop grand). Corrigez-la, puis relancez la commande. {NOTHING_LOST}",
                       EXIT_OUT_OF_RANGE)
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
