"""Helpers shared by the headless sub-commands."""

from __future__ import annotations

import argparse

from pej_desktop.config import Paths, resolve_paths


def paths_from(args: argparse.Namespace) -> Paths:
    return resolve_paths(getattr(args, "data_dir", None)).ensure()


def open_catalogue(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The local catalogue, checked, with the demo loaded when it is empty (as the window does).

    A damaged file (does not open, or fails ``quick_check``) is set aside and rebuilt
    from the demo (``ops.integrity``), and the command goes on; stderr says so.
    """
    import sys

    from pej_desktop.cli import CommandError
    from pej_desktop.ops import integrity
    from pej_desktop.store.demo import ensure_demo_loaded
    from pej_desktop.store.migrate import SchemaTooNewError

    paths = paths_from(args)
    try:
        store, recovery = integrity.open_catalogue(paths)
    except SchemaTooNewError as error:
        raise CommandError(str(error), exit_code=3) from None
    recovery = recovery or integrity.check_and_repair_catalogue(store, paths.backups_dir)
    if recovery is not None:
        print(f"{recovery.message} (fichier mis de côté : {recovery.set_aside})", file=sys.stderr)
    ensure_demo_loaded(store)
    return store


def person_id_or_fail(people, ident: str) -> int:  # type: ignore[no-untyped-def]
    """The internal id of the file named by ``ident`` (id or dossier number), or a French refusal."""
    from pej_desktop.cli import CommandError
    from pej_desktop.reports.inputs import find_person_id

    with people.read() as conn:
        person_id = find_person_id(conn, ident)
    if person_id is None:
        raise CommandError(f"aucun dossier ne correspond à « {ident} »", exit_code=2)
    return person_id
