"""``pej-national-api``: run the reference national API and edit its catalogue.

    pej-national-api serve --port 8765 --db national.sqlite3 [--generate 50000] [--faults demo]
    pej-national-api serve --db postgresql+psycopg://pej@127.0.0.1/pej --workers 4
    pej-national-api token --db national.sqlite3 --adviser "Camille Martin"
    pej-national-api offer edit --db national.sqlite3 demo-ali-001 --set title="Nouveau titre"
    pej-national-api codes use --db national.sqlite3 demo-ali-001 COEUR-4ZH9-FD76
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from sync.protocol.french_cli import FrenchArgumentParser
from sync.server.catalogue import MIN_TOMBSTONE_DAYS, SCOPE_ADMIN, SCOPE_READ, CatalogueError, ServerCatalogue


class CliError(Exception):
    pass


# The demo catalogue shipped with the app, the server's default seed (read as a file: the
# server imports nothing of the desktop app).
DEMO_CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "demo" / "catalogue.json"


def _catalogue(path: str | Path) -> ServerCatalogue:
    from sync.server.db import open_server_db

    return ServerCatalogue(open_server_db(path))


def _document(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    if getattr(args, "generate", None) is not None:
        from sync.generator import generate_catalogue

        partners = args.partners or max(1, args.generate // 25)
        return generate_catalogue(args.generate, partners, args.seed, codes_per_offer=args.codes)
    from sync.protocol.catalogue_document import read_catalogue_file

    return read_catalogue_file(getattr(args, "json", None) or DEMO_CATALOGUE)


def cmd_serve(args: argparse.Namespace) -> int:
    from sync.server.faults import FaultBook, parse_fault_spec
    from sync.server.runner import NationalApiServer

    if args.workers < 1:
        raise CliError("--workers : au moins 1")
    if args.workers > 1 and args.faults:
        raise CliError("les pannes simulées (--faults) ne fonctionnent qu'avec un seul worker")
    catalogue = _catalogue(args.db)
    if catalogue.is_new() or args.generate is not None or args.json:
        catalogue.load_document(_document(args))
    catalogue.engine.dispose()
    if args.workers > 1:
        return _serve_workers(args, catalogue)
    book = FaultBook(seed=args.fault_seed)
    if args.faults:
        book.replace(parse_fault_spec(args.faults))
    server = NationalApiServer(args.db, host=args.host, port=args.port, faults=book, log_level=args.log_level)
    counts = catalogue.counts()
    print(f"API nationale de référence sur http://{args.host}:{args.port} — base {_shown(args.db)} — "
          f"{counts['offer']} offres, {counts['partner']} partenaires"
          + (f" — pannes simulées : {args.faults}" if args.faults else "") + ". Ctrl+C pour arrêter.", flush=True)
    server.serve_forever()
    return 0


def _serve_workers(args: argparse.Namespace, catalogue: ServerCatalogue) -> int:
    from sync.server.runner import serve_workers

    counts = catalogue.counts()
    print(f"API nationale de référence sur http://{args.host}:{args.port} — {args.workers} workers — "
          f"base {_shown(args.db)} — {counts['offer']} offres, {counts['partner']} partenaires. "
          "Ctrl+C pour arrêter.", flush=True)
    serve_workers(args.db, host=args.host, port=args.port, workers=args.workers, log_level=args.log_level)
    return 0


def _shown(db: str | Path) -> str:
    """The database as printed: a URL without its password."""
    if isinstance(db, Path):
        return str(db)
    from sqlalchemy.engine import make_url

    return make_url(db).render_as_string(hide_password=True)


def cmd_token(args: argparse.Namespace) -> int:
    token = _catalogue(args.db).issue_token(args.adviser, scope=SCOPE_ADMIN if args.admin else SCOPE_READ,
                                            structure=args.structure)
    print(token)
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args.db)
    count = int(catalogue.revoke_token(args.token)) if args.token else catalogue.revoke_adviser(args.adviser)
    print(f"{count} jeton(s) révoqué(s).")
    return 0 if count else 1


def _value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _changes(pairs: Sequence[str]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CliError(f"« {pair} » : attendu CHAMP=VALEUR")
        changes[key.strip()] = _value(value)
    return changes


def _read_json(path: str) -> Any:
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    return json.loads(text)


def cmd_offer(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args.db)
    if args.action == "add":
        record = catalogue.add_offer(_read_json(args.json))
        print(f"Offre « {record.id} » ajoutée.")
    elif args.action == "edit":
        changes = _read_json(args.json) if args.json else _changes(args.set or [])
        if not changes:
            raise CliError("rien à modifier : utilisez --set CHAMP=VALEUR ou --json FICHIER")
        catalogue.edit_offer(args.offer_id, changes)
        print(f"Offre « {args.offer_id} » modifiée.")
    else:
        getattr(catalogue, f"{args.action}_offer")(args.offer_id)
        done = {"unpublish": "dépubliée", "publish": "republiée", "delete": "supprimée"}[args.action]
        print(f"Offre « {args.offer_id} » {done}.")
    return 0


def cmd_partner(args: argparse.Namespace) -> int:
    from sync.protocol.pages import parse_record
    from sync.protocol.records import RecordError

    catalogue = _catalogue(args.db)
    if args.action == "delete":
        catalogue.delete_partner(args.partner_id)
        print(f"Partenaire « {args.partner_id} » supprimé.")
        return 0
    try:
        record = parse_record("partners", _read_json(args.json))
    except RecordError as error:
        raise CliError(str(error)) from None
    catalogue.put_partner(record)
    print(f"Partenaire « {record.id} » enregistré.")
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    if args.action != "import":
        from sync.server.codes_cli import run_codes_action

        return run_codes_action(_catalogue(args.db), args)
    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    added = _catalogue(args.db).import_codes(args.offer_id, text.splitlines())
    print(f"{added} code(s) importé(s) pour l'offre « {args.offer_id} ».")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args.db)
    catalogue.load_document(_document(args))
    counts = catalogue.counts()
    print(f"Catalogue remplacé ({counts['offer']} offres) : nouvelle génération, "
          "les postes feront une synchronisation complète.")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    count = _catalogue(args.db).purge_tombstones(retention_days=args.days)
    print(f"{count} suppression(s) de plus de {args.days} jours oubliée(s).")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    catalogue = _catalogue(args.db)
    with catalogue.read() as conn:
        state = catalogue.feed_state(conn)
    counts = catalogue.counts()
    print(f"Version {state.generation}.{state.max_seq} — {counts['offer']} offres, "
          f"{counts['partner']} partenaires, {counts['category']} catégories.")
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from sync.server.openapi import openapi_document

    text = json.dumps(openapi_document(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=_db_target, required=True, metavar="FICHIER|URL",
                        help="base du serveur : un fichier SQLite, ou une URL postgresql+psycopg://…")


def _db_target(text: str) -> str | Path:
    """A SQLAlchemy URL is kept as it is; anything else is a SQLite file path."""
    return text if "://" in text else Path(text)


def _source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--generate", type=int, metavar="N", help="catalogue généré de N offres")
    parser.add_argument("--partners", type=int, help="nombre de partenaires générés (N/25 par défaut)")
    parser.add_argument("--seed", type=int, default=1, help="graine du générateur (1)")
    parser.add_argument("--codes", type=int, default=0, help="codes générés par offre à code (0)")
    parser.add_argument("--json", metavar="FICHIER", help="catalogue JSON (format du catalogue de démonstration)")


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(prog="pej-national-api", description="API nationale de référence du catalogue PEJ.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    serve = sub.add_parser("serve", help="servir l'API (charge la démo dans une base neuve)")
    _db(serve)
    _source(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--faults", metavar="PANNES", help="pannes simulées : « demo », une liste JSON ou @fichier.json")
    serve.add_argument("--fault-seed", type=int, default=None, help="graine du tirage des pannes")
    serve.add_argument("--workers", type=int, default=1, help="processus servant l'API (PostgreSQL conseillé)")
    serve.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    serve.set_defaults(func=cmd_serve)
    token = sub.add_parser("token", help="créer un jeton de conseiller (affiché une seule fois)")
    _db(token)
    token.add_argument("--adviser", required=True, metavar="NOM")
    token.add_argument(
        "--structure",
        default="",
        metavar="STRUCTURE",
        help="la structure du conseiller (ex. « Mission Locale de Lyon »)",
    )
    token.add_argument("--admin", action="store_true", help="jeton d'administration (pannes simulées)")
    token.set_defaults(func=cmd_token)
    revoke = sub.add_parser("revoke", help="révoquer un jeton, ou tous ceux d'un conseiller")
    _db(revoke)
    who = revoke.add_mutually_exclusive_group(required=True)
    who.add_argument("--token")
    who.add_argument("--adviser", metavar="NOM")
    revoke.set_defaults(func=cmd_revoke)
    _offer_parsers(sub)
    _other_parsers(sub)
    return parser


def _offer_parsers(sub: argparse._SubParsersAction) -> None:
    offer = sub.add_parser("offer", help="ajouter, modifier, dépublier, republier, supprimer une offre")
    actions = offer.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="ajouter une offre (JSON au format du catalogue)")
    _db(add)
    add.add_argument("--json", required=True, metavar="FICHIER", help="fichier JSON de l'offre, ou - pour l'entrée")
    edit = actions.add_parser("edit", help="modifier des champs d'une offre")
    _db(edit)
    edit.add_argument("offer_id", metavar="ID")
    edit.add_argument("--set", action="append", metavar="CHAMP=VALEUR", help="valeur JSON ou texte")
    edit.add_argument("--json", metavar="FICHIER", help="objet JSON des champs à changer")
    for name, text in (("unpublish", "dépublier"), ("publish", "republier"), ("delete", "supprimer")):
        action = actions.add_parser(name, help=f"{text} une offre")
        _db(action)
        action.add_argument("offer_id", metavar="ID")
    offer.set_defaults(func=cmd_offer)
    partner = sub.add_parser("partner", help="enregistrer ou supprimer un partenaire")
    pactions = partner.add_subparsers(dest="action", required=True, metavar="ACTION")
    put = pactions.add_parser("put", help="ajouter ou modifier un partenaire (JSON)")
    _db(put)
    put.add_argument("--json", required=True, metavar="FICHIER")
    pdelete = pactions.add_parser("delete", help="supprimer un partenaire sans offre publiée")
    _db(pdelete)
    pdelete.add_argument("partner_id", metavar="ID")
    partner.set_defaults(func=cmd_partner)


def _other_parsers(sub: argparse._SubParsersAction) -> None:
    codes = sub.add_parser("codes", help="importer des codes dans la réserve d'une offre")
    cactions = codes.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = cactions.add_parser("import", help="un code par ligne")
    _db(imp)
    imp.add_argument("offer_id", metavar="ID")
    imp.add_argument("file", metavar="FICHIER", help="fichier texte, ou - pour l'entrée standard")
    from sync.server.codes_cli import add_codes_parsers

    add_codes_parsers(cactions, _db)
    codes.set_defaults(func=cmd_codes)
    reset = sub.add_parser("reset", help="remplacer tout le catalogue (nouvelle génération : 410 pour les postes)")
    _db(reset)
    _source(reset)
    reset.set_defaults(func=cmd_reset)
    purge = sub.add_parser("purge", help="oublier les suppressions anciennes")
    _db(purge)
    purge.add_argument("--days", type=int, default=MIN_TOMBSTONE_DAYS, help=f"au moins {MIN_TOMBSTONE_DAYS}")
    purge.set_defaults(func=cmd_purge)
    status = sub.add_parser("status", help="version et taille du catalogue")
    _db(status)
    status.set_defaults(func=cmd_status)
    openapi = sub.add_parser("openapi", help="écrire le document OpenAPI")
    openapi.add_argument("-o", "--output", metavar="FICHIER")
    openapi.set_defaults(func=cmd_openapi)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (CatalogueError, CliError, ValueError, OSError) as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    except OperationalError:
        print("Erreur : la base de données ne répond pas. Vérifiez l'adresse donnée à --db et que le "
              "serveur PostgreSQL est démarré, puis relancez la commande.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
