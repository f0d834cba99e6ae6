"""``pej-desktop purge`` and ``pej-desktop export-person ID``: personal-data duties headless.

``purge`` lists the files over 2 years without contact (and those to archive) and,
after confirmation (``--yes`` in scripts), deletes them; ``--dry-run`` only lists.
``export-person`` writes everything held on one young person (right of access), as
JSON or PDF. Names are printed on the terminal for the adviser, never logged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from pej_desktop.cli import CommandError

EXIT_NOT_CONFIRMED = 5


def register(subparsers: argparse._SubParsersAction) -> None:
    purge = subparsers.add_parser(
        "purge", help="supprimer les dossiers sans contact depuis plus de 2 ans",
        description="Liste les dossiers dont le dernier contact date de plus de 2 ans (et ceux à archiver : plus de "
                    "25 ans, CEJ terminé), puis, après confirmation, supprime les premiers avec tout ce qui s'y "
                    "rapporte.")
    purge.add_argument("--dry-run", action="store_true", help="lister seulement, ne rien supprimer")
    purge.add_argument("--yes", action="store_true", help="ne pas demander de confirmation")
    purge.set_defaults(func=run_purge)
    export = subparsers.add_parser(
        "export-person", help="exporter tout ce qui est enregistré sur un jeune (droit d'accès)",
        description="Écrit toutes les données enregistrées sur un jeune (dossier, vérifications, journal des "
                    "accès) en JSON ou en PDF lisible. ID : numéro de dossier i-milo / France Travail, ou numéro "
                    "interne.")
    export.add_argument("ident", metavar="ID", help="numéro de dossier ou numéro interne")
    export.add_argument("--format", choices=("json", "pdf"), default="json", help="format (json par défaut)")
    export.add_argument("-o", "--output", type=Path, metavar="FICHIER", help="fichier à écrire")
    export.set_defaults(func=run_export)


def run_purge(args: argparse.Namespace) -> int:
    from pej_desktop.cli.people_cmd import open_store
    from pej_desktop.domain.people import format_date
    from pej_desktop.ops.retention import purge_expired, review_retention

    store = open_store(args)
    try:
        report = review_retention(store, today=dt.date.today())
        print(f"Dossiers sans contact depuis le {format_date(report.cutoff)} : {len(report.expired)}")
        for item in report.expired:
            print(f"  n° {item.person_id:<6} {item.display_name:<40} {format_date(item.last_contact)} ({item.basis})")
        print(f"Jeunes à archiver (plus de 25 ans, CEJ terminé) : {len(report.to_archive)}")
        for item in report.to_archive:
            print(f"  n° {item.person_id:<6} {item.display_name:<40} {item.age} ans")
        if args.dry_run or not report.expired:
            return 0
        if not args.yes and not _confirmed(len(report.expired)):
            print("Suppression annulée : rien n'a été supprimé.")
            return EXIT_NOT_CONFIRMED
        outcome = purge_expired(store, [i.person_id for i in report.expired], today=report.today)
    finally:
        store.close()
    print(f"{len(outcome.deleted)} dossier(s) supprimé(s).")
    return 0


def _confirmed(count: int) -> bool:
    if not sys.stdin.isatty():
        raise CommandError("confirmation nécessaire : relancez avec --yes (ou --dry-run pour lister seulement).",
                           exit_code=EXIT_NOT_CONFIRMED)
    answer = input(f"Supprimer définitivement ces {count} dossier(s) ? [o/N] ")
    return answer.strip().lower() in ("o", "oui", "y", "yes")


def run_export(args: argparse.Namespace) -> int:
    from pej_desktop.cli.people_cmd import open_store
    from pej_desktop.ops.people import find_person_id
    from pej_desktop.ops.right_of_access import write_access_export

    store = open_store(args)
    try:
        person_id = find_person_id(store, args.ident)
        if person_id is None:
            raise CommandError(f"aucun dossier « {args.ident} » (numéro de dossier ou numéro interne)", exit_code=2)
        target = args.output or Path(f"droit-acces-dossier-{person_id}-{dt.date.today():%Y-%m-%d}.{args.format}")
        try:
            written = write_access_export(store, person_id, target, fmt=args.format, now=dt.datetime.now())
        except OSError as error:
            from pej_desktop.domain.describe import os_reason
            raise CommandError(f"écriture impossible de {target} ({os_reason(error)})") from None
    finally:
        store.close()
    print(f"Données du dossier n° {person_id} enregistrées dans {written}")
    print("Ce fichier contient des données personnelles en clair : remettez-le à la personne concernée, "
          "puis supprimez-le.")
    return 0
