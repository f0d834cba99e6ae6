"""``pej-desktop sheets`` and ``pej-desktop summary``: the PDF documents, without the window.

    pej-desktop sheets --category mobilite -o mobilite.pdf
    pej-desktop sheets --departement 69 --listing -o rhone.pdf
    pej-desktop sheets --listing --with-sheets --include-expired -o tout.pdf
    pej-desktop sheets --offer demo-ali-001 --offer demo-mob-001 -o selection.pdf
    pej-desktop summary --young-person 4815162342 -o recapitulatif.pdf

The file is written whole or not at all (a temporary file renamed at the end).
Exit codes: 0 written, 2 bad arguments or unknown offer/file, 1 other failure,
3 data written by a newer version.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from pej_desktop.cli import CommandError
from pej_desktop.cli.common import open_catalogue, person_id_or_fail, reference_date

_DEPARTEMENT = re.compile(r"^(\d{2}|2A|2B|97[1-6])$", re.IGNORECASE)
_HOUSEHOLDS = {"non-imposable": "NON_TAXABLE", "premiere-tranche": "FIRST_BRACKET"}


def register(subparsers: argparse._SubParsersAction) -> None:
    sheets = subparsers.add_parser(
        "sheets", help="fiches offres en PDF (une offre par page, ou une liste)",
        description="Produit les fiches des offres du catalogue local : une catégorie, un département, "
                    "ou les offres choisies. Sans donnée personnelle.")
    sheets.add_argument("--category", metavar="SLUG", help="catégorie (ex. mobilite)")
    sheets.add_argument("--departement", metavar="NN", help="département (ex. 69, 2A, 974)")
    sheets.add_argument("--offer", metavar="ID", action="append", default=[],
                        help="identifiant d'une offre (répétable) ; remplace les filtres")
    sheets.add_argument("--listing", action="store_true",
                        help="un tableau d'une ligne par offre plutôt qu'une offre par page")
    sheets.add_argument("--with-sheets", action="store_true",
                        help="avec --listing : ajoute après le tableau la fiche complète de chaque offre")
    sheets.add_argument("--include-expired", action="store_true",
                        help="imprime aussi les offres expirées ou pas encore valables (signalées comme telles)")
    sheets.add_argument("-o", "--output", metavar="FICHIER.pdf", type=Path, required=True, help="fichier à écrire")
    sheets.set_defaults(func=run_sheets)

    summary = subparsers.add_parser(
        "summary", help="récapitulatif personnalisé d'un jeune en PDF",
        description="Produit le récapitulatif d'un jeune : offres activées, économies estimées, "
                    "conseiller référent. Ni date de naissance ni numéro de dossier n'y figurent.")
    summary.add_argument("--young-person", metavar="ID", required=True,
                         help="n° de dossier (i-milo ou France Travail) ou identifiant interne du dossier")
    summary.add_argument("--date", metavar="AAAA-MM-JJ", help="date de référence (aujourd'hui par défaut)")
    summary.add_argument("--foyer", choices=tuple(_HOUSEHOLDS), default="non-imposable",
                         help="situation fiscale du foyer d'un jeune majeur, pour l'allocation de comparaison")
    summary.add_argument("--telephone", default="",
                         help="téléphone professionnel du conseiller (sinon celui de son profil)")
    summary.add_argument("--email", default="",
                         help="adresse électronique professionnelle du conseiller (sinon celle de son profil)")
    summary.add_argument("-o", "--output", metavar="FICHIER.pdf", type=Path, required=True, help="fichier à écrire")
    summary.set_defaults(func=run_summary)


def run_sheets(args: argparse.Namespace) -> int:
    from pej_desktop.ops.catalogue import SearchFilters, known_category
    from pej_desktop.ops.documents import SelectionError, SheetsRequest, build_sheets

    _check_output(args.output)
    departement = args.departement.upper() if args.departement else None
    if departement and not _DEPARTEMENT.match(departement):
        raise CommandError(f"département « {args.departement} » invalide (ex. 69, 2A, 974)", exit_code=2)
    store = open_catalogue(args)
    try:
        if args.category and not known_category(store, args.category):
            raise CommandError(f"catégorie « {args.category} » inconnue", exit_code=2)
        request = SheetsRequest(layout="listing" if args.listing else "pages", with_sheets=args.with_sheets,
                                include_expired=args.include_expired)
        built = build_sheets(store, request, filters=SearchFilters(category=args.category, departement=departement),
                             offer_ids=args.offer or (), today=dt.date.today())
    except SelectionError as error:
        raise CommandError(str(error), exit_code=2) from None
    finally:
        store.close()
    _write(args.output, built.pdf)
    print(f"{built.offer_count} offre(s) — {built.label} — écrit dans {args.output}")
    if built.offer_count < built.selected_count:
        print(f"{built.selected_count - built.offer_count} offre(s) expirée(s) ou pas encore valable(s) non "
              "imprimée(s) (--include-expired pour les ajouter)")
    return 0


def run_summary(args: argparse.Namespace) -> int:
    from pej_desktop.cli.people_cmd import open_store
    from pej_desktop.domain.allocation import Household
    from pej_desktop.ops.documents import SelectionError, build_person_summary, document_hash, record_summary_output

    _check_output(args.output)
    on = reference_date(args.date)
    people = open_store(args)
    catalogue = open_catalogue(args)
    try:
        person_id = person_id_or_fail(people, args.young_person)
        built = build_person_summary(people, catalogue, person_id, on=on, household=Household[_HOUSEHOLDS[args.foyer]],
                                     adviser_phone=args.telephone, adviser_email=args.email)
        _write(args.output, built.pdf)
        record_summary_output(people, output="pdf", pdf_hash=document_hash(built.pdf), person_id=person_id,
                              adviser_label=built.adviser_label)
    except SelectionError as error:
        raise CommandError(str(error), exit_code=2) from None
    finally:
        people.close()
        catalogue.close()
    print(f"Récapitulatif de {built.person_name} écrit dans {args.output}")
    return 0


def _check_output(path: Path) -> None:
    if path.suffix.lower() != ".pdf":
        raise CommandError(f"le fichier à écrire doit finir par .pdf : {path}", exit_code=2)
    if not path.parent.resolve().is_dir():
        raise CommandError(f"dossier introuvable : {path.parent}", exit_code=2)


def _write(path: Path, pdf: bytes) -> None:
    from pej_desktop.ops.documents import save_pdf

    try:
        save_pdf(path.resolve(), pdf)
    except OSError as error:
        from pej_desktop.domain.describe import os_reason
        raise CommandError(f"écriture impossible de {path} ({os_reason(error)})") from None
