"""``pej-desktop activate`` and ``pej-desktop outbox``: offer activation and pending sends, no window.

    pej-desktop activate --young-person 4815162342 --offer demo-ali-001 [--offer demo-mob-001]
    pej-desktop outbox list
    pej-desktop outbox export -o activations-en-attente.json
    pej-desktop outbox import activations-en-attente.json

``activate`` prints the code handed out, « code à venir » (completed at the next sync),
or why the offer is not open to this young person. Exit codes: 0 every offer
activated, 4 at least one refused (reasons printed), 2 unknown file or bad argument,
1 personal file not opened, 3 data written by a newer version. ``outbox import``
exits 4 when entries of the file were left out (each printed: unreadable, dated before
the pass existed or in the future), 2 when the file is not an export at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pej_desktop.cli import CommandError
from pej_desktop.cli.common import open_catalogue, person_id_or_fail

EXIT_REFUSED = 4


def register(subparsers: argparse._SubParsersAction) -> None:
    activate = subparsers.add_parser(
        "activate", help="activer une ou plusieurs offres pour un jeune (hors ligne possible)",
        description="Active les offres pour le jeune, si elles lui sont ouvertes (dernière vérification "
                    "d'éligibilité concluante, conditions de l'offre, activations précédentes). Affiche le code "
                    "remis, « code à venir » si la réserve est vide, ou la raison d'un refus.")
    activate.add_argument("--young-person", metavar="ID", required=True,
                          help="n° de dossier (i-milo ou France Travail) ou identifiant interne du dossier")
    activate.add_argument("--offer", metavar="OFFRE", action="append", required=True,
                          help="identifiant de l'offre (répétable)")
    activate.add_argument("--uses-per-month", metavar="N", type=_uses, default=1,
                          help="utilisations par mois convenues avec le jeune pour les offres renouvelables "
                               "(1 par défaut) : la base de l'économie estimée")
    activate.add_argument("--verifie", action="store_true",
                          help="activer aussi les offres « à vérifier » (condition vérifiée avec le jeune)")
    activate.set_defaults(func=run_activate)
    outbox = subparsers.add_parser(
        "outbox", help="activations en attente d'envoi : lister, exporter, importer",
        description="Les activations en attente d'envoi ne peuvent pas être retéléchargées : exportez-les pour "
                    "les envoyer depuis un autre poste. Importer deux fois le même fichier ne crée pas de doublon.")
    actions = outbox.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser("list", help="lister les activations en attente d'envoi")
    export = actions.add_parser("export", help="écrire les activations en attente dans un fichier")
    export.add_argument("-o", "--output", metavar="FICHIER.json", type=Path, required=True)
    imported = actions.add_parser("import", help="ajouter à l'envoi les activations d'un fichier exporté")
    imported.add_argument("file", metavar="FICHIER.json", type=Path)
    outbox.set_defaults(func=run_outbox)


def _uses(text: str) -> int:
    """``--uses-per-month``: a whole number from 1 to 31, refused in French by argparse otherwise."""
    from pej_desktop.domain.savings import uses_error

    value = int(text) if text.strip().isdigit() else -1
    if uses_error(value):
        raise argparse.ArgumentTypeError(uses_error(value))
    return value


def run_activate(args: argparse.Namespace) -> int:
    from pej_desktop.cli.people_cmd import open_store
    from pej_desktop.ops.activations import ActivationRefused, activate_offers

    people = open_store(args)
    catalogue = open_catalogue(args)
    try:
        person_id = person_id_or_fail(people, args.young_person)
        report = activate_offers(people, catalogue, person_id, args.offer, accept_to_verify=args.verifie,
                                 uses_per_month=dict.fromkeys(args.offer, args.uses_per_month))
    except ActivationRefused as error:
        raise CommandError(str(error), exit_code=2) from None
    finally:
        people.close()
        catalogue.close()
    for result in report.results:
        if result.activated:
            suffix = " (complété à la prochaine synchronisation)" if result.code_to_come else ""
            print(f"{result.offer_id} — {result.title} : {result.code_label}{suffix}")
        else:
            print(f"{result.offer_id} — {result.title} : non activée. {result.reason}", file=sys.stderr)
    if report.demo and report.activated:
        print("Catalogue de démonstration : codes fictifs, activation non transmise (aucune API nationale).")
    elif report.activated:
        print("Activation(s) enregistrée(s) ; envoi au serveur national à la prochaine synchronisation.")
    return EXIT_REFUSED if report.refused else 0


def run_outbox(args: argparse.Namespace) -> int:
    from pej_desktop.cli.people_cmd import open_store
    from pej_desktop.ops import outbox_file

    people = open_store(args)
    try:
        if args.action == "list":
            return _list(people)
        if args.action == "export":
            outcome = outbox_file.export_outbox(people, args.output)
            print(f"{outcome.count} activation(s) en attente écrite(s) dans {outcome.path}. Ce fichier contient "
                  "des codes de réduction : transmettez-le par un moyen sûr.")
            return 0
        result = outbox_file.import_outbox(people, args.file)
    except outbox_file.OutboxFileError as error:
        raise CommandError(str(error), exit_code=2) from None
    except OSError as error:
        from pej_desktop.domain.describe import os_reason
        raise CommandError(f"écriture impossible ({os_reason(error)})") from None
    finally:
        people.close()
    for line in result.refused:
        print(f"  {line}", file=sys.stderr)
    print(f"Import : {result.summary()} Elles partiront à la prochaine synchronisation.")
    return EXIT_REFUSED if result.refused else 0


def _list(people) -> int:  # type: ignore[no-untyped-def]
    from pej_desktop.store import activations as store

    with people.read() as conn:
        entries = store.outbox_entries(conn)
    if not entries:
        print("Aucune activation en attente d'envoi.")
        return 0
    for entry in entries:
        when = entry.created_at.astimezone()
        tries = f", {entry.attempts} essai(s) : {entry.last_error}" if entry.attempts else ""
        origin = " (importée)" if entry.origin == "imported" else ""
        print(f"{when:%d/%m/%Y %H:%M} — {entry.title}{origin} — {entry.api}{tries}")
    print(f"{len(entries)} activation(s) en attente d'envoi.")
    return 0


def open_personal_quietly(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """For ``sync``: the personal file with the keyring's key or PEJ_PASSPHRASE, never a prompt.

    Returns (store or None, why it was not opened or None). No file yet: nothing to send.
    """
    from pej_desktop.cli.common import paths_from
    from pej_desktop.cli.people_cmd import passphrase_from_environment
    from pej_desktop.ops.people import open_personal_store
    from pej_desktop.store.migrate import SchemaTooNewError

    paths = paths_from(args)
    if not paths.personal_db.exists():
        return None, None
    try:
        opening = open_personal_store(paths)
        if opening.unlock is not None:
            key = passphrase_from_environment(creating=False)
            opening = open_personal_store(paths, key) if key is not None else opening
    except (SchemaTooNewError, CommandError) as error:
        return None, f"fichier des jeunes non ouvert ({error}) : les activations en attente n'ont pas été envoyées."
    if opening.store is not None:
        return opening.store, None
    reason = opening.damage.message if opening.damage else (opening.unlock.message if opening.unlock else "")
    return None, (f"fichier des jeunes non ouvert ({reason}) : les activations en attente n'ont pas été "
                  "envoyées. Définissez PEJ_PASSPHRASE pour une tâche planifiée sans coffre-fort.")
