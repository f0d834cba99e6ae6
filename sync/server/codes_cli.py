"""``pej-national-api codes use|status|lease-time``: the national team's view of code pools.

    pej-national-api codes use --db national.sqlite3 demo-ali-001 COEUR-4ZH9-FD76 [--at 2026-11-28T10:00:00+01:00]
    pej-national-api codes status --db national.sqlite3 demo-ali-001
    pej-national-api codes lease-time --db national.sqlite3 3600
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sync.activation_protocol import PayloadError, parse_instant
from sync.server import activations, codes
from sync.server.catalogue import CatalogueError, ServerCatalogue
from sync.server.clock import utc_now


def add_codes_parsers(actions: argparse._SubParsersAction, db: Callable[[argparse.ArgumentParser], None]) -> None:
    use = actions.add_parser("use", help="marquer un code utilisé (le partenaire l'a accepté)")
    db(use)
    use.add_argument("offer_id", metavar="OFFRE")
    use.add_argument("code", metavar="CODE")
    use.add_argument("--at", metavar="INSTANT", help="instant ISO 8601 avec fuseau (maintenant par défaut)")
    status = actions.add_parser("status", help="codes libres, prêtés et attribués d'une offre")
    db(status)
    status.add_argument("offer_id", metavar="OFFRE")
    lease = actions.add_parser("lease-time", help="durée de prêt des codes aux postes, en secondes")
    db(lease)
    lease.add_argument("seconds", type=int, metavar="SECONDES")


def run_codes_action(catalogue: ServerCatalogue, args: argparse.Namespace) -> int:
    now = utc_now()
    with catalogue.engine.connect().execution_options(pej_write=True) as conn, conn.begin():
        if args.action == "use":
            try:
                used_at = parse_instant(args.at, "--at") if args.at else now
            except PayloadError as error:
                raise CatalogueError(str(error)) from None
            found = activations.mark_used(conn, args.offer_id, args.code, used_at)
            if found is None:
                raise CatalogueError(f"aucune activation acceptée ne détient le code « {args.code} »")
            print(f"Code « {args.code} » marqué utilisé (activation {found}).")
        elif args.action == "status":
            codes.expire_leases(conn, now)
            counts = codes.pool_counts(conn, args.offer_id)
            print(f"Offre « {args.offer_id} » : {counts['total']} code(s), {counts['free']} libre(s), "
                  f"{counts['leased']} prêté(s) aux postes, {counts['assigned']} attribué(s).")
        else:
            codes.set_lease_seconds(conn, args.seconds)
            print(f"Les codes seront prêtés {args.seconds} s aux postes, à partir de leur prochaine synchronisation.")
    return 0
