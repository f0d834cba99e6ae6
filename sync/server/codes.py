"""Code pools on the national side: free codes, codes lent to devices, codes handed out.

A code is in exactly one state: **free** (in the pool), **leased** to one device until
its lease expires (so that the device can hand it out offline), or **assigned** to one
activation. A lease that has expired makes the code free again; expired rows are
purged by every write that looks at codes, so "free" is simply "not assigned and no
lease row". All functions take the connection of a write transaction (BEGIN
IMMEDIATE on SQLite, the writer lock on PostgreSQL): two devices can never be lent,
or handed, the same code, whatever the number of API workers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    delete,
    exists,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)

from sync.server.db import code_leases, devices, offer_codes, server_meta

DEFAULT_LEASE_SECONDS = 7 * 24 * 3600
MAX_LEASED_PER_OFFER = 10  # codes of one offer one device may hold unused
MAX_DEVICES_PER_ADVISER = 5  # so one token can hold at most 5 × 10 codes of an offer
MAX_LEASE_OFFERS = 2000  # offers a device may ask codes for in one request
LEASE_SECONDS_KEY = "lease_seconds"

# Why a code a device listed is no longer lent to it.
LOST_ASSIGNED = "attribue"  # handed to an activation (maybe this device's own, already received)
LOST_OTHER_DEVICE = "autre-poste"  # the lease expired and another device holds it now
LOST_UNKNOWN = "inconnu"  # not in the pool (removed, or a catalogue reset)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def lease_seconds(conn: Connection) -> int:
    """The lease length, set by ``pej-national-api codes lease-time`` (7 days by default)."""
    value = conn.execute(select(server_meta.c.value).where(server_meta.c.key == LEASE_SECONDS_KEY)).scalar()
    return int(value) if value else DEFAULT_LEASE_SECONDS


def set_lease_seconds(conn: Connection, seconds: int) -> None:
    if seconds < 1:
        raise ValueError("la durée de prêt doit être d'au moins une seconde")
    conn.execute(text("INSERT INTO server_meta(key, value) VALUES (:key, :value) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                 {"key": LEASE_SECONDS_KEY, "value": str(seconds)})


def expire_leases(conn: Connection, now: dt.datetime) -> int:
    """Codes whose lease has run out go back to the pool."""
    return conn.execute(delete(code_leases).where(code_leases.c.expires_at <= iso(now))).rowcount or 0


@dataclass(frozen=True)
class CodeState:
    exists: bool
    assigned_to: str | None = None
    leased_to: str | None = None  # device id of a live lease

    @property
    def free(self) -> bool:
        return self.exists and self.assigned_to is None and self.leased_to is None


def code_state(conn: Connection, offer_id: str, code: str) -> CodeState:
    """After ``expire_leases``: is the code in the pool, assigned, lent to a device?"""
    row = conn.execute(select(offer_codes.c.assigned_to, offer_codes.c.assigned_at).where(
        offer_codes.c.offer_id == offer_id, offer_codes.c.code == code)).first()
    if row is None:
        return CodeState(exists=False)
    leased_to = conn.execute(select(code_leases.c.device_id).where(
        code_leases.c.offer_id == offer_id, code_leases.c.code == code)).scalar()
    assigned = row.assigned_to if row.assigned_at is not None else None
    return CodeState(exists=True, assigned_to=assigned, leased_to=leased_to)


def _free_query(offer_id: str) -> Select:  # type: ignore[type-arg]
    leased = exists().where(and_(code_leases.c.offer_id == offer_codes.c.offer_id,
                                 code_leases.c.code == offer_codes.c.code))
    return select(offer_codes.c.code).where(
        offer_codes.c.offer_id == offer_id, offer_codes.c.assigned_at.is_(None), ~leased)


def free_codes(conn: Connection, offer_id: str, limit: int) -> list[str]:
    """The first free codes of the pool, in import order ("the first free code")."""
    # SQLite's rowid is the import order; PostgreSQL has none, so the import time then the code.
    order: list[ColumnElement[Any]] = ([literal_column("offer_codes.rowid")] if conn.dialect.name == "sqlite"
                                       else [offer_codes.c.imported_at, offer_codes.c.code])
    query = _free_query(offer_id).order_by(*order).limit(limit)
    return list(conn.execute(query).scalars())


def free_count(conn: Connection, offer_id: str) -> int:
    return int(conn.execute(select(func.count()).select_from(_free_query(offer_id).subquery())).scalar_one())


def assign(conn: Connection, offer_id: str, code: str, activation_id: str, now: dt.datetime) -> None:
    """Hand the code to an activation for good; any lease on it ends."""
    conn.execute(update(offer_codes).where(offer_codes.c.offer_id == offer_id, offer_codes.c.code == code)
                 .values(assigned_at=iso(now), assigned_to=activation_id))
    conn.execute(delete(code_leases).where(code_leases.c.offer_id == offer_id, code_leases.c.code == code))


def _lease(conn: Connection, offer_id: str, code: str, device_id: str, adviser: str, now: dt.datetime,
           until: str) -> None:
    conn.execute(text(
        "INSERT INTO code_leases(offer_id, code, device_id, adviser, leased_at, expires_at) "
        "VALUES (:offer, :code, :device, :adviser, :at, :until) "
        "ON CONFLICT(offer_id, code) DO UPDATE SET device_id = excluded.device_id, adviser = excluded.adviser, "
        "expires_at = excluded.expires_at"),
        {"offer": offer_id, "code": code, "device": device_id, "adviser": adviser, "at": iso(now), "until": until})


@dataclass
class LeaseRequest:
    device_id: str
    want: Mapping[str, int]  # offer id → codes the device would like to hold unused
    reserve: list[tuple[str, str]] = field(default_factory=list)  # (offer, code) unused on the device
    pending: list[tuple[str, str]] = field(default_factory=list)  # handed out, activation not received yet


@dataclass
class LeaseOutcome:
    expires_at: str
    lease_seconds: int
    reserve: list[tuple[str, str]]
    pending: list[tuple[str, str]]
    lost: list[tuple[str, str, str]]
    available: dict[str, int]


def renew(conn: Connection, request: LeaseRequest, *, adviser: str, now: dt.datetime,
          open_offers: Iterable[str]) -> LeaseOutcome:
    """Extend what the device holds, top its reserve up to ``want``, give back the rest.

    Idempotent: the answer is the device's whole reserve after the call, so a device
    that missed an answer learns the codes it was lent at its next call. ``open_offers``
    are the wanted offers still published: codes of any other offer are given back.
    """
    expire_leases(conn, now)
    seconds = lease_seconds(conn)
    until = iso(now + dt.timedelta(seconds=seconds))
    kept_pending, lost = _extend(conn, request.pending, request, adviser, now, until)
    _kept_reserve, lost_reserve = _extend(conn, request.reserve, request, adviser, now, until)
    lost += lost_reserve
    pending_keys = set(kept_pending)
    still_open = set(open_offers)
    wanted = {offer: max(0, min(MAX_LEASED_PER_OFFER, int(n))) for offer, n in request.want.items()
              if offer in still_open}
    reserve: list[tuple[str, str]] = []
    known = set(request.reserve)
    for offer_id, codes in _device_reserve(conn, request.device_id, pending_keys).items():
        keep = wanted.get(offer_id, 0)
        listed = [c for c in codes if (offer_id, c) in known]
        ordered = listed + [c for c in codes if c not in listed]  # give back what the device does not know first
        for code in ordered[keep:]:
            conn.execute(delete(code_leases).where(code_leases.c.offer_id == offer_id, code_leases.c.code == code))
        reserve += [(offer_id, c) for c in ordered[:keep]]
    held = {offer for offer, _code in reserve}
    counts = {offer: sum(1 for o, _c in reserve if o == offer) for offer in held}
    available: dict[str, int] = {}
    for offer_id, n in wanted.items():
        missing = n - counts.get(offer_id, 0)
        if missing > 0:
            for code in free_codes(conn, offer_id, missing):
                _lease(conn, offer_id, code, request.device_id, adviser, now, until)
                reserve.append((offer_id, code))
        available[offer_id] = free_count(conn, offer_id)
    return LeaseOutcome(expires_at=until, lease_seconds=seconds, reserve=sorted(reserve),
                        pending=sorted(kept_pending), lost=lost, available=available)


def _extend(conn: Connection, codes: list[tuple[str, str]], request: LeaseRequest, adviser: str,
            now: dt.datetime, until: str) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """Renew each listed code still this device's (or free again); report the others as lost."""
    kept, lost = [], []
    for offer_id, code in codes:
        state = code_state(conn, offer_id, code)
        if not state.exists:
            lost.append((offer_id, code, LOST_UNKNOWN))
        elif state.assigned_to is not None:
            lost.append((offer_id, code, LOST_ASSIGNED))
        elif state.leased_to not in (None, request.device_id):
            lost.append((offer_id, code, LOST_OTHER_DEVICE))
        else:
            _lease(conn, offer_id, code, request.device_id, adviser, now, until)
            kept.append((offer_id, code))
    return kept, lost


def _device_reserve(conn: Connection, device_id: str, pending: set[tuple[str, str]]) -> dict[str, list[str]]:
    rows = conn.execute(select(code_leases.c.offer_id, code_leases.c.code)
                        .where(code_leases.c.device_id == device_id)
                        .order_by(code_leases.c.offer_id, code_leases.c.leased_at, code_leases.c.code))
    found: dict[str, list[str]] = {}
    for offer_id, code in rows:
        if (offer_id, code) not in pending:
            found.setdefault(offer_id, []).append(code)
    return found


def pool_counts(conn: Connection, offer_id: str) -> dict[str, int]:
    """How the pool of one offer stands: free, leased, assigned (after ``expire_leases``)."""
    total = conn.execute(select(func.count()).select_from(offer_codes)
                         .where(offer_codes.c.offer_id == offer_id)).scalar_one()
    assigned = conn.execute(select(func.count()).select_from(offer_codes).where(
        offer_codes.c.offer_id == offer_id, offer_codes.c.assigned_at.is_not(None))).scalar_one()
    leased = conn.execute(select(func.count()).select_from(code_leases)
                          .where(code_leases.c.offer_id == offer_id)).scalar_one()
    return {"total": int(total), "assigned": int(assigned), "leased": int(leased),
            "free": int(total) - int(assigned) - int(leased)}


class DeviceRefused(Exception):
    """The device is another adviser's (answered 404), or this adviser has too many (409)."""

    def __init__(self, too_many: bool) -> None:
        super().__init__("too many devices" if too_many else "another adviser's device")
        self.too_many = too_many


def claim_device(conn: Connection, device_id: str, owner: str, now: dt.datetime) -> bool:
    """Register the device to ``owner`` on first use; False when another adviser registered it."""
    holder = conn.execute(select(devices.c.owner).where(devices.c.id == device_id)).scalar()
    if holder is None:
        conn.execute(insert(devices).values(id=device_id, owner=owner, registered_at=iso(now)))
        return True
    return bool(holder == owner)


def claim_leasing_device(conn: Connection, device_id: str, owner: str, now: dt.datetime) -> None:
    """The device may lease for ``owner``: theirs already, or new and within their device quota."""
    holder = conn.execute(select(devices.c.owner).where(devices.c.id == device_id)).scalar()
    if holder is not None:
        if holder != owner:
            raise DeviceRefused(too_many=False)
        return
    count = conn.execute(select(func.count()).select_from(devices).where(devices.c.owner == owner)).scalar_one()
    if count >= MAX_DEVICES_PER_ADVISER:
        raise DeviceRefused(too_many=True)
    claim_device(conn, device_id, owner, now)
