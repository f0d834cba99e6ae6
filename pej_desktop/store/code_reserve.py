"""The device's reserve of codes: lent by the national API at each sync, or the demo's own.

A code of the reserve is free until it is handed to a young person (``handed_to`` =
the activation's uid, in the activation's own transaction); it then stays here until
the national side has the activation, so the next lease request still lists it as
"pending" and its lease keeps being extended. A lent code is only handed out before
its lease expires on this device's clock, the server's expiry having been shifted by
the difference between the two clocks when it was received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from pej_desktop.store.activation_tables import CODE_LEVELS, CODE_RESERVE, DEMO_API


def _usable(api: str, offer_id: str, now: dt.datetime):  # type: ignore[no-untyped-def]
    return and_(CODE_RESERVE.c.api == api, CODE_RESERVE.c.offer_id == offer_id, CODE_RESERVE.c.handed_to.is_(None),
                or_(CODE_RESERVE.c.expires_at.is_(None), CODE_RESERVE.c.expires_at > now))


def take_code(conn: Connection, api: str, offer_id: str, activation_uid: str, now: dt.datetime) -> str | None:
    """Hand the freshest usable code of the reserve to this activation; None: the reserve is empty."""
    code = conn.execute(select(CODE_RESERVE.c.code).where(_usable(api, offer_id, now))
                        .order_by(CODE_RESERVE.c.expires_at.desc(), CODE_RESERVE.c.code).limit(1)).scalar()
    if code is None:
        return None
    conn.execute(update(CODE_RESERVE).where(CODE_RESERVE.c.api == api, CODE_RESERVE.c.offer_id == offer_id,
                                            CODE_RESERVE.c.code == code).values(handed_to=activation_uid))
    return str(code)


def known_codes_left(conn: Connection, api: str, now: dt.datetime,
                     offer_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Codes this device can still give, for the offers something is known about: its usable
    reserve, plus what the national pool had left at the last sync. An offer missing from
    the answer is unknown (never synced): its activation waits for a "code à venir" rather
    than being refused on a guess — except in the demo, where the reserve is all there is."""
    usable_query = (
        select(CODE_RESERVE.c.offer_id, func.count())
        .where(
            CODE_RESERVE.c.api == api,
            CODE_RESERVE.c.handed_to.is_(None),
            or_(CODE_RESERVE.c.expires_at.is_(None), CODE_RESERVE.c.expires_at > now),
        )
        .group_by(CODE_RESERVE.c.offer_id)
    )
    levels_query = select(CODE_LEVELS.c.offer_id, CODE_LEVELS.c.available).where(CODE_LEVELS.c.api == api)
    if offer_ids is not None:
        wanted = list(offer_ids)
        usable_query = usable_query.where(CODE_RESERVE.c.offer_id.in_(wanted))
        levels_query = levels_query.where(CODE_LEVELS.c.offer_id.in_(wanted))
    left = {offer_id: int(n) for offer_id, n in conn.execute(usable_query)}
    if api != DEMO_API:
        for offer_id, available in conn.execute(levels_query):
            left[offer_id] = left.get(offer_id, 0) + int(available)
    return left


def seed_demo(conn: Connection, codes: Mapping[str, Sequence[str]], now: dt.datetime) -> int:
    """The demo catalogue's codes, once each: codes already handed out stay handed out."""
    rows = [{"api": DEMO_API, "offer_id": offer_id, "code": code, "received_at": now}
            for offer_id, pool in codes.items() for code in pool]
    before = conn.execute(
        select(func.count()).select_from(CODE_RESERVE).where(CODE_RESERVE.c.api == DEMO_API)
    ).scalar_one()
    if rows:
        conn.execute(sqlite_insert(CODE_RESERVE).on_conflict_do_nothing(), rows)
    after = conn.execute(
        select(func.count()).select_from(CODE_RESERVE).where(CODE_RESERVE.c.api == DEMO_API)
    ).scalar_one()
    return int(after) - int(before)


@dataclass(frozen=True)
class ReserveSnapshot:
    reserve: list[tuple[str, str]]  # free codes
    pending: list[tuple[str, str]]  # handed out, activation not acknowledged yet


def snapshot(conn: Connection, api: str) -> ReserveSnapshot:
    rows = conn.execute(
        select(CODE_RESERVE.c.offer_id, CODE_RESERVE.c.code, CODE_RESERVE.c.handed_to)
        .where(CODE_RESERVE.c.api == api)
        .order_by(CODE_RESERVE.c.offer_id, CODE_RESERVE.c.code)
    ).all()
    return ReserveSnapshot(
        reserve=[(o, c) for o, c, h in rows if h is None], pending=[(o, c) for o, c, h in rows if h is not None]
    )


def apply_leases(conn: Connection, api: str, response: Mapping[str, Any], local_now: dt.datetime) -> tuple[int, int]:
    """Make the free part of the reserve what the national side says it is; (added, dropped).

    Codes handed out in the meantime (after the request was built) are left alone: their
    activation's answer settles them.
    """
    server_now = dt.datetime.fromisoformat(response["server_time"])
    until = local_now + (dt.datetime.fromisoformat(response["expires_at"]) - server_now)
    lent = {(p["offer_id"], p["code"]) for p in response.get("leases", [])}
    current = {
        (o, c): h
        for o, c, h in conn.execute(
            select(CODE_RESERVE.c.offer_id, CODE_RESERVE.c.code, CODE_RESERVE.c.handed_to).where(
                CODE_RESERVE.c.api == api
            )
        )
    }
    dropped = [key for key, handed in current.items() if handed is None and key not in lent]
    for offer_id, code in dropped:
        conn.execute(
            delete(CODE_RESERVE).where(
                CODE_RESERVE.c.api == api, CODE_RESERVE.c.offer_id == offer_id, CODE_RESERVE.c.code == code
            )
        )
    added = [key for key in lent if key not in current]
    if added:
        conn.execute(
            insert(CODE_RESERVE),
            [
                {"api": api, "offer_id": o, "code": c, "expires_at": until, "received_at": local_now}
                for o, c in added
            ],
        )
    renewed = (lent | {(p["offer_id"], p["code"]) for p in response.get("pending", [])}) - set(added)
    for offer_id, code in renewed:
        conn.execute(
            update(CODE_RESERVE)
            .where(CODE_RESERVE.c.api == api, CODE_RESERVE.c.offer_id == offer_id, CODE_RESERVE.c.code == code)
            .values(expires_at=until)
        )
    _set_levels(conn, api, response.get("available", {}), local_now)
    return len(added), len(dropped)


def _set_levels(conn: Connection, api: str, available: Mapping[str, int], now: dt.datetime) -> None:
    if not available:
        return
    upsert = sqlite_insert(CODE_LEVELS)
    conn.execute(upsert.on_conflict_do_update(index_elements=["api", "offer_id"], set_={
        "available": upsert.excluded.available, "checked_at": upsert.excluded.checked_at}),
        [{"api": api, "offer_id": offer_id, "available": int(count), "checked_at": now}
         for offer_id, count in available.items()])


def reserve_rows(conn: Connection, api: str | None = None) -> list[dict[str, Any]]:
    """Every row (tests and the fault campaign compare them with the national side)."""
    query = select(CODE_RESERVE)
    if api is not None:
        query = query.where(CODE_RESERVE.c.api == api)
    return [dict(r) for r in conn.execute(query).mappings()]
