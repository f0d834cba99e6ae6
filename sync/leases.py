"""The device's code reserve, renewed at every sync so that offline activations get real codes.

The device asks for ``LEASE_PER_OFFER`` codes of each offer that hands out codes and
that its adviser can offer: valid today, national or local to the adviser's
département, at most ``MAX_LEASED_OFFERS`` offers (those this device activated first).
It lists the codes it holds unused and those handed out whose activation has not
been received yet: the national side extends both, tops the reserve up, takes back
what is no longer wanted, and answers with the whole reserve, which replaces the
free part of the local one. Unused codes not renewed go back to the pool when their
lease expires.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection

from pej_desktop.domain.activation import POOL_KINDS
from pej_desktop.domain.clock import utc_now
from pej_desktop.domain.people import agency_departement
from pej_desktop.domain.records import Territory, commune_departement
from pej_desktop.domain.validity import valid_on_sql
from pej_desktop.store import activations as store
from pej_desktop.store import code_reserve, personal
from pej_desktop.store.activation_tables import ACTIVATIONS
from pej_desktop.store.catalogue import META_SOURCE, CatalogueStore, get_meta
from pej_desktop.store.personal import PersonalStore
from sync.activation_api import ActivationApi
from sync.client import ApiClient

log = logging.getLogger(__name__)
LEASE_PER_OFFER = 3
MAX_LEASED_OFFERS = 300


@dataclass(frozen=True)
class LeaseResult:
    wanted_offers: int
    added: int
    dropped: int
    lost: int
    reserve: int  # free codes held after the call


def renew_leases(people: PersonalStore, catalogue: CatalogueStore, client: ApiClient, *,
                 checkpoint: Callable[[str], None] | None = None) -> LeaseResult | None:
    """One lease request; None when the local catalogue does not come from this API."""
    api = client.base_url
    with catalogue.read() as conn:
        if get_meta(conn).get(META_SOURCE) != api:
            return None
        candidates = _candidates(conn, utc_now().astimezone().date())
    device, want, held = people.transact(lambda conn: (store.device_id(conn), _wanted(conn, candidates),
                                                       code_reserve.snapshot(conn, api)))
    request = {"device_id": device, "want": want, "reserve": _pairs(held.reserve), "pending": _pairs(held.pending)}
    answer = ActivationApi(client).leases(request)
    if checkpoint is not None:
        checkpoint("leased")

    def apply(conn: Connection) -> tuple[int, int, int]:
        added, dropped = code_reserve.apply_leases(conn, api, answer, utc_now())
        return added, dropped, len(code_reserve.snapshot(conn, api).reserve)

    added, dropped, free = people.transact(apply)
    lost = len(answer.get("lost", []))
    log.info("code reserve: %d offers, %d codes added, %d dropped, %d lost, %d free", len(want), added, dropped,
             lost, free)
    return LeaseResult(wanted_offers=len(want), added=added, dropped=dropped, lost=lost, reserve=free)


@dataclass(frozen=True)
class _Candidate:
    offer_id: str
    territory: Territory


def _candidates(conn: Connection, today: dt.date) -> list[_Candidate]:
    kinds = ",".join(f"'{k}'" for k in sorted(POOL_KINDS))
    rows = conn.exec_driver_sql(
        f"SELECT id, scope, territory_json FROM offers WHERE published = 1 AND kind IN ({kinds}) "
        f"AND {valid_on_sql()} ORDER BY id",
        (today.isoformat(), today.isoformat()))
    found = []
    for offer_id, scope, territory_json in rows:
        data = json.loads(territory_json) if scope != "national" else {}
        found.append(_Candidate(offer_id, Territory(scope=data.get("scope", scope), departements=tuple(
            data.get("departements", ())), communes=tuple(data.get("communes", ())))))
    return found


def _wanted(conn: Connection, candidates: list[_Candidate]) -> dict[str, int]:
    """Offers the adviser can offer, those this device activated most recently first."""
    adviser = personal.current_adviser(conn)
    home = agency_departement(adviser.agency_code) if adviser and adviser.agency_code else None
    usable = [c.offer_id for c in candidates if _serves(c.territory, home)]
    recent = conn.exec_driver_sql(
        f"SELECT offer_id, MAX(activated_at) FROM {ACTIVATIONS.name} GROUP BY offer_id ORDER BY 2 DESC").all()
    rank = {offer_id: i for i, (offer_id, _at) in enumerate(recent)}
    ordered = sorted(usable, key=lambda o: (rank.get(o, len(rank)), o))
    return {offer_id: LEASE_PER_OFFER for offer_id in ordered[:MAX_LEASED_OFFERS]}


def _serves(territory: Territory, home: str | None) -> bool:
    if territory.scope == "national":
        return True
    if home is None:
        return False
    return home in territory.departements or any(commune_departement(c) == home for c in territory.communes)


def _pairs(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"offer_id": offer_id, "code": code} for offer_id, code in pairs]
