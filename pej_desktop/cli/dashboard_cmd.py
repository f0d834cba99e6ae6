"""``pej-desktop dashboard -o FICHIER``: the structure's dashboard as CSV or one-page PDF, headless.

The same figures as the « Tableau de bord » tab, from this computer's data only. The
format follows the file's extension (``.csv`` or ``.pdf``). Exit codes: 0 written,
1 personal file not opened or file not written, 2 invalid options.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from pej_desktop.cli import CommandError
from pej_desktop.cli.common import open_catalogue
from pej_desktop.domain.dashboard import PERIODS

EXIT_OPTIONS = 2
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dashboard", help="exporter le tableau de bord de la structure (CSV ou PDF)",
        description="Activations par mois et par catégorie, économies estimées, jeunes accompagnés, offres les plus "
                    "utilisées et celles qui échouent le plus : calculés sur les données de ce poste, sans donnée "
                    "personnelle. Le format suit l'extension du fichier (.csv ou .pdf).")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FICHIER", help="fichier .csv ou .pdf")
    parser.add_argument("--period", choices=sorted(PERIODS), default="last_12_months",
                        help="période nommée (par défaut : les 12 derniers mois)")
    parser.add_argument("--from", dest="start", metavar="AAAA-MM-JJ", help="premier jour (remplace --period)")
    parser.add_argument("--to", dest="end", metavar="AAAA-MM-JJ", help="dernier jour, inclus (remplace --period)")
    parser.add_argument("--adviser", type=int, metavar="N", help="numéro du profil de conseiller (par défaut : tous)")
    parser.set_defaults(func=run_dashboard)


def run_dashboard(args: argparse.Namespace) -> int:
    from pej_desktop.cli.people_cmd import open_store
    from pej_desktop.ops import dashboard

    kind = args.output.suffix.lower().lstrip(".")
    if kind not in ("csv", "pdf"):
        raise CommandError("Le fichier doit se terminer par .csv ou .pdf.", exit_code=EXIT_OPTIONS)
    filters = _filter(args)
    catalogue = open_catalogue(args)
    store = open_store(args)
    try:
        data = dashboard.load_dashboard(store, catalogue, filters, adviser_label=_adviser_label(store, args.adviser))
        write = dashboard.export_dashboard_csv if kind == "csv" else dashboard.export_dashboard_pdf
        try:
            write(data, args.output, edited_on=dt.date.today())
        except OSError as error:
            from pej_desktop.domain.describe import os_reason
            raise CommandError(f"Écriture impossible de {args.output} ({os_reason(error)}).") from None
    finally:
        store.close()
        catalogue.close()
    figures = data.figures
    print(f"Tableau de bord ({figures.period}, {figures.adviser}) : {figures.activations} activation(s), "
          f"{figures.people_reached} jeune(s) → {args.output}")
    return 0


def _filter(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from pej_desktop.domain.dashboard import DashboardFilter, period_range

    if args.start or args.end:
        start, end = _day(args.start, "--from"), _day(args.end, "--to")
        if start and end and end < start:
            raise CommandError("--to est avant --from.", exit_code=EXIT_OPTIONS)
    else:
        start, end = period_range(args.period, dt.date.today())
    return DashboardFilter(start=start, end=end, adviser_id=args.adviser)


def _day(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} : date invalide « {text} » (attendu : AAAA-MM-JJ).",
                           exit_code=EXIT_OPTIONS) from None
    if not FIRST_DAY <= day <= LAST_DAY:  # month arithmetic past year 9999 would overflow
        raise CommandError(f"{option} : date hors limites « {text} » (attendu : entre {FIRST_DAY:%Y} et "
                           f"{LAST_DAY:%Y}).", exit_code=EXIT_OPTIONS)
    return day


def _adviser_label(store, adviser_id: int | None) -> str:  # type: ignore[no-untyped-def]
    if adviser_id is None:
        return "tous les conseillers"
    from pej_desktop.ops.dashboard import advisers_of

    labels = dict(advisers_of(store))
    if adviser_id not in labels:
        raise CommandError(f"Aucun profil de conseiller n° {adviser_id} sur ce poste.", exit_code=EXIT_OPTIONS)
    return labels[adviser_id]
