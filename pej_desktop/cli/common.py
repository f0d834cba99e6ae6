"""Helpers shared by the headless sub-commands."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys

from pej_desktop.config import Paths, resolve_paths


def paths_from(args: argparse.Namespace) -> Paths:
    return resolve_paths(getattr(args, "data_dir", None)).ensure()


def reference_date(raw: str | None) -> dt.date:
    """``--date AAAA-MM-JJ``, today when absent; a French refusal (exit 2) when unreadable."""
    from pej_desktop.cli import CommandError

    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"date « {raw} » invalide : utilisez AAAA-MM-JJ (ex. 2026-11-28)", exit_code=2) from None


def open_catalogue(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The local catalogue, checked, with the demo loaded when it is empty (as the window does).

    A damaged file (does not open, or fails ``quick_check``) is set aside and rebuilt
    from the demo (``ops.integrity``), and the command goes on; stderr says so.
    """
    import sys

    from pej_desktop.cli import CommandError
    from pej_desktop.ops import integrity
    from pej_desktop.ops.catalogue import load_demo_if_empty
    from pej_desktop.ops.personal_file import SchemaTooNewError

    paths = paths_from(args)
    try:
        store, recovery = integrity.open_catalogue(paths)
    except SchemaTooNewError as error:
        raise CommandError(str(error), exit_code=3) from None
    recovery = recovery or integrity.check_and_repair_catalogue(store, paths.backups_dir)
    if recovery is not None:
        print(f"{recovery.message} (fichier mis de côté : {recovery.set_aside})", file=sys.stderr)
    load_demo_if_empty(store)
    return store


def person_id_or_fail(people, ident: str) -> int:  # type: ignore[no-untyped-def]
    """The internal id of the file named by ``ident`` (id or dossier number), or a French refusal."""
    from pej_desktop.cli import CommandError
    from pej_desktop.ops.people import find_person_id

    person_id = find_person_id(people, ident)
    if person_id is None:
        raise CommandError(f"aucun dossier ne correspond à « {ident} »", exit_code=2)
    return person_id


EXPLAINED_FILE = ".explications-affichees"  # in the data folder: hashes of explanations already printed


def explain_once(paths: Paths, message: str) -> bool:
    """Print ``message`` to stderr unless this data folder already showed it; True when printed.

    The keyring fallback explains itself at the first command, not at every command of
    a script. The explanation is recognised by its first sentence (the same whether
    the file is being created or opened); the marker holds only hashes of French
    sentences, nothing personal, readable by the owner only.
    """
    marker = paths.data_dir / EXPLAINED_FILE
    key = hashlib.sha256(message.split(". ")[0].encode("utf-8")).hexdigest()
    try:
        seen = set(marker.read_text(encoding="ascii").split())
    except (OSError, UnicodeDecodeError):
        seen = set()
    if key in seen:
        return False
    print(message, file=sys.stderr)
    try:
        descriptor = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="ascii") as out:
            out.write(key + "\n")
    except OSError:
        pass  # a read-only folder: the explanation is printed again next time, nothing worse
    return True
