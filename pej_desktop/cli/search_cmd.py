"""``pej-desktop search``: look offers up in the local catalogue, no window."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys

from pej_desktop.cli import CommandError
from pej_desktop.cli.common import open_catalogue

_DEPARTEMENT = re.compile(r"^(\d{2}|2A|2B|97[1-6])$", re.IGNORECASE)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("search", help="chercher des offres dans le catalogue local")
    parser.add_argument("query", nargs="*", metavar="MOTS", help="mots cherchés (début de mot accepté)")
    parser.add_argument("--category", metavar="SLUG", help="catégorie (ex. mobilite)")
    parser.add_argument("--departement", metavar="NN", help="département (ex. 69, 2A, 974)")
    parser.add_argument("--channel", choices=("in_store", "online"), help="en magasin ou en ligne")
    parser.add_argument("--valid-today", action="store_true", help="seulement les offres valables aujourd'hui")
    parser.add_argument("--limit", type=int, default=50, help="nombre maximum de résultats (50)")
    parser.add_argument("--json", action="store_true", help="une ligne JSON par offre")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pej_desktop.ops.catalogue import SearchFilters, find_offers, known_category

    departement = args.departement.upper() if args.departement else None
    if departement and not _DEPARTEMENT.match(departement):
        raise CommandError(f"département « {args.departement} » invalide (ex. 69, 2A, 974)", exit_code=2)
    if args.limit < 1:
        raise CommandError("--limit doit être au moins 1", exit_code=2)
    store = open_catalogue(args)
    try:
        if args.category and not known_category(store, args.category):
            raise CommandError(f"catégorie « {args.category} » inconnue", exit_code=2)
        filters = SearchFilters(
            query=" ".join(args.query), category=args.category, channel=args.channel,
            departement=departement, valid_on=dt.date.today() if args.valid_today else None,
        )
        found = find_offers(store, filters, limit=args.limit)
    finally:
        store.close()
    _print(found.rows, total=found.total, as_json=args.json)
    return 0


def _print(rows, *, total: int, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    out = sys.stdout
    if as_json:
        for row in rows:
            out.write(json.dumps({
                "id": row.id, "title": row.title, "partner": row.partner, "category": row.category,
                "kind": row.kind, "channel": row.channel,
                "valid_from": row.valid_from.isoformat() if row.valid_from else None,
                "valid_to": row.valid_to.isoformat() if row.valid_to else None,
            }, ensure_ascii=False) + "\n")
        return
    if not rows:
        out.write("Aucune offre ne correspond.\n")
        return
    for row in rows:
        out.write(f"{row.id:<16} {row.title} — {row.partner} [{row.category}]\n")
    shown = f"{len(rows)} affichée(s) sur {total}" if total > len(rows) else f"{total} offre(s)"
    out.write(f"{shown}.\n")
