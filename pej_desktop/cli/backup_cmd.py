"""``pej-desktop backup`` and ``pej-desktop restore [FICHIER]``: backups without the window.

The key comes from the keyring, else ``PEJ_PASSPHRASE`` or the terminal (as for
``import-young-people``). ``restore`` says what would be lost and asks for a
confirmation (``--yes`` in scripts); the replaced file is kept in the backups folder.

Exit codes: 0 done, 1 personal file not opened / refused, 2 no usable backup,
5 restore not confirmed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from pej_desktop.cli import CommandError
from pej_desktop.cli.common import paths_from

EXIT_NO_BACKUP = 2
EXIT_NOT_CONFIRMED = 5


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser(
        "backup", help="sauvegarder maintenant le fichier des jeunes (chiffré)",
        description="Copie le fichier des jeunes, chiffré comme l'original, dans le dossier des sauvegardes, puis "
                    "ne garde que les N dernières sauvegardes (réglage de l'application, 14 par défaut).")
    backup.add_argument("--keep", type=int, metavar="N", help="nombre de sauvegardes à conserver (et à retenir)")
    backup.set_defaults(func=run_backup)
    restore = subparsers.add_parser(
        "restore", help="restaurer une sauvegarde du fichier des jeunes",
        description="Remplace le fichier des jeunes par une sauvegarde (la plus récente qui s'ouvre, si aucun "
                    "fichier n'est donné). Le fichier remplacé est conservé dans le dossier des sauvegardes.")
    restore.add_argument("file", metavar="FICHIER", nargs="?", type=Path, help="la sauvegarde à restaurer")
    restore.add_argument("--list", action="store_true", help="lister les sauvegardes, sans rien restaurer")
    restore.add_argument("--yes", action="store_true", help="ne pas demander de confirmation")
    restore.set_defaults(func=run_restore)


def device_settings(paths):  # type: ignore[no-untyped-def]
    """The window's settings.ini (QSettings reads the values it wrote, types included)."""
    from PySide6.QtCore import QSettings

    return QSettings(str(paths.data_dir / "settings.ini"), QSettings.Format.IniFormat)


def run_backup(args: argparse.Namespace) -> int:
    from pej_desktop.cli.people_cmd import open_store
    from pej_desktop.ops import backup as backups

    settings = device_settings(paths_from(args))
    if args.keep is not None:
        backups.set_backups_to_keep(settings, args.keep)
        settings.sync()
    keep = backups.backups_to_keep(settings)
    store = open_store(args)
    try:
        made = backups.backup_now(store, paths_from(args), keep=keep, now=dt.datetime.now())
    finally:
        store.close()
    print(f"Sauvegarde enregistrée : {made.path}")
    print(f"Les {keep} dernières sauvegardes sont conservées.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from pej_desktop.ops import backup as backups
    from pej_desktop.ops.integrity import newest_good_backup

    paths = paths_from(args)
    if args.list:
        return _list(paths)
    key = _key(paths)
    keyed = backups.keyed_url(key)
    if args.file is not None:
        chosen = args.file.resolve()
        people = backups.restorable_people(keyed, chosen)
        if people is None:
            raise CommandError(f"« {chosen} » ne peut pas être restauré : ce n'est pas une sauvegarde qui s'ouvre "
                               "avec la clé de ce poste, ou elle est endommagée. Rien n'a été modifié.",
                               exit_code=EXIT_NO_BACKUP)
    else:
        found, people = newest_good_backup(paths, keyed)
        if found is None:
            raise CommandError("aucune sauvegarde utilisable (qui s'ouvre avec la clé de ce poste) dans "
                               f"{paths.backups_dir}", exit_code=EXIT_NO_BACKUP)
        chosen = found.path
    stamp = _taken_at(paths, chosen)
    print(f"Sauvegarde : {chosen.name} ({people} dossier(s)), du {stamp:%d/%m/%Y à %H:%M}.")
    print(f"Tout ce qui a été saisi ou modifié depuis le {stamp:%d/%m/%Y à %H:%M} sera perdu. "
          "Le fichier actuel sera conservé à part dans le dossier des sauvegardes.")
    if not args.yes and not _confirmed():
        print("Restauration annulée : rien n'a été modifié.")
        return EXIT_NOT_CONFIRMED
    try:
        outcome = backups.restore_backup(paths, chosen, keyed, damaged=_damaged(paths, key), now=dt.datetime.now())
    except backups.RestoreRefused as error:
        raise CommandError(str(error)) from None
    print(f"Sauvegarde restaurée : {outcome.people} dossier(s).")
    if outcome.set_aside is not None:
        print(f"Fichier remplacé conservé : {outcome.set_aside}")
    return 0


def _list(paths) -> int:  # type: ignore[no-untyped-def]
    from pej_desktop.ops.backup import list_backups

    found = list_backups(paths)
    if not found:
        print(f"Aucune sauvegarde dans {paths.backups_dir}.")
    for backup in found:
        print(f"{backup.taken_at:%d/%m/%Y %H:%M}  {backup.label:<40}  {backup.size // 1024:>7} Ko  {backup.path.name}")
    return 0


def _taken_at(paths, chosen: Path) -> dt.datetime:  # type: ignore[no-untyped-def]
    from pej_desktop.ops.backup import list_backups

    listed = next((b for b in list_backups(paths) if b.path == chosen), None)
    return listed.taken_at if listed else dt.datetime.fromtimestamp(chosen.stat().st_mtime)


def _key(paths):  # type: ignore[no-untyped-def]
    """The file's key: keyring, else PEJ_PASSPHRASE, else the terminal."""
    from pej_desktop.cli.common import explain_once
    from pej_desktop.cli.people_cmd import _prompt, passphrase_from_environment
    from pej_desktop.ops.people import UnlockRequest, resolve_key

    found = resolve_key(paths)
    if not isinstance(found, UnlockRequest):
        return found
    explain_once(paths, found.message)
    return passphrase_from_environment(creating=False) or _prompt(creating=False)


def _damaged(paths, key) -> bool:  # type: ignore[no-untyped-def]
    """Is the current file damaged? (It only changes the name the replaced file is kept under.)"""
    from pej_desktop.ops.people import open_personal_store

    if not paths.personal_db.exists():
        return False
    opening = open_personal_store(paths, key)
    if opening.store is not None:
        opening.store.close()
    return opening.damage is not None


def _confirmed() -> bool:
    if not sys.stdin.isatty():
        raise CommandError("confirmation nécessaire : relancez avec --yes pour restaurer sans question.",
                           exit_code=EXIT_NOT_CONFIRMED)
    return input("Restaurer cette sauvegarde ? [o/N] ").strip().lower() in ("o", "oui", "y", "yes")
