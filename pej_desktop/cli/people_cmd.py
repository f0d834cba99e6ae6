"""``pej-desktop import-young-people FILE.csv``: import a portfolio without the window.

The personal-data file opens with the key kept in the keyring. Without a working
keyring, the passphrase comes from ``PEJ_PASSPHRASE`` (scripts) or is typed at the
prompt; it is never echoed, logged or written anywhere.

A row that would change an existing file's name or date of birth is listed as a
conflict and not applied unless ``--update`` is given. Exit codes: 0 all lines
imported, 4 some lines refused or conflicts left unapplied (listed), 2 file unusable,
1 personal-data file not opened, 3 file written by a newer version.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from pathlib import Path

from pej_desktop.cli import CommandError
from pej_desktop.cli.common import explain_once, paths_from

EXIT_LINES_REFUSED = 4


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import-young-people", help="importer un portefeuille de jeunes depuis un fichier CSV",
        description="Importe les dossiers des jeunes d'un fichier CSV (UTF-8 ou Windows-1252, séparateur "
                    "« ; » ou « , »). Les lignes invalides sont signalées avec leur numéro ; un jeune déjà "
                    "présent (même n° de dossier, ou mêmes nom, prénom et date de naissance) est mis à jour, "
                    "pas dupliqué ; deux lignes du fichier pour le même jeune sont refusées toutes les deux, et "
                    "un changement de nom ou de date de naissance n'est appliqué qu'avec --update. "
                    "Colonnes : voir docs/people.md.")
    parser.add_argument("file", metavar="FICHIER.csv", type=Path, help="le fichier CSV à importer")
    parser.add_argument("--update", action="store_true",
                        help="appliquer aussi les changements de nom ou de date de naissance des dossiers existants")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pej_desktop.ops.people import import_young_people
    from pej_desktop.ops.people_csv import CsvFileError

    data = _read(args.file)
    store = open_store(args)
    try:
        report = import_young_people(store, data, today=dt.date.today(), confirm_identity_changes=args.update)
    except CsvFileError as error:
        raise CommandError(str(error), exit_code=2) from None
    finally:
        store.close()
    out = sys.stdout
    separator = "tabulation" if report.delimiter == "\t" else f"« {report.delimiter} »"
    out.write(f"Fichier lu en {report.encoding}, séparateur {separator}.\n")
    for line_error in report.errors:
        out.write(f"  {line_error}\n")
    for conflict in report.conflicts:
        out.write(f"  {conflict}\n")
    out.write(report.summary() + "\n")
    if report.conflicts:
        out.write("Pour appliquer ces changements après vérification, relancez la commande avec --update.\n")
    return EXIT_LINES_REFUSED if report.errors or report.conflicts else 0


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"fichier introuvable : {path}", exit_code=2) from None
    except OSError as error:
        from pej_desktop.domain.describe import os_reason
        raise CommandError(f"lecture impossible de {path} ({os_reason(error)})", exit_code=2) from None


def open_store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The personal store: keyring key, else PEJ_PASSPHRASE, else a typed passphrase."""
    from pej_desktop.ops.people import open_personal_store
    from pej_desktop.ops.personal_file import SchemaTooNewError

    paths = paths_from(args)
    try:
        opening = open_personal_store(paths)
        if opening.unlock is not None:
            explain_once(paths, opening.unlock.message)
            key = passphrase_from_environment(creating=opening.unlock.creating) \
                or _prompt(creating=opening.unlock.creating)
            opening = open_personal_store(paths, key)
    except SchemaTooNewError as error:
        raise CommandError(str(error), exit_code=3) from None
    if opening.damage is not None:
        raise CommandError(f"{opening.damage.message} Pour restaurer la sauvegarde : pej-desktop restore.")
    if opening.store is None:
        raise CommandError(opening.unlock.message if opening.unlock else "fichier des jeunes non ouvert")
    return opening.store


def passphrase_from_environment(*, creating: bool):  # type: ignore[no-untyped-def]
    """The passphrase in PEJ_PASSPHRASE, checked like a typed one when it creates the file."""
    from pej_desktop.ops.personal_file import PASSPHRASE_ENV, PassphraseRefused, key_from_passphrase

    value = os.environ.get(PASSPHRASE_ENV)
    if not value:
        return None
    try:
        return key_from_passphrase(value, confirmation=value if creating else None)
    except PassphraseRefused as refused:
        raise CommandError(f"{PASSPHRASE_ENV} : {refused}") from None


def _prompt(*, creating: bool):  # type: ignore[no-untyped-def]
    from pej_desktop.ops.personal_file import PASSPHRASE_ENV, PassphraseRefused, key_from_passphrase

    if not sys.stdin.isatty():
        raise CommandError(f"phrase de passe nécessaire : définissez la variable {PASSPHRASE_ENV} "
                           "ou lancez la commande dans un terminal.")
    passphrase = getpass.getpass("Phrase de passe du fichier des jeunes : ")
    confirmation = getpass.getpass("Confirmez la phrase de passe : ") if creating else None
    try:
        return key_from_passphrase(passphrase, confirmation=confirmation)
    except PassphraseRefused as refused:
        raise CommandError(str(refused)) from None
