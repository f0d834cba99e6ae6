"""Activations and their outbox in the personal file: recorded together, settled together.

Invariants:
- an activation owed to the national API and its outbox entry are inserted in the
  same transaction (``record_activation``): one never exists without the other;
- an outbox entry leaves only with the national side's final answer, applied in one
  transaction with the activation's new state and the code's removal from the reserve
  (``settle_accepted`` / ``settle_refused``); a transient failure only reschedules it
  (``reschedule``), the backoff being stored so it survives a restart;
- the payload is stored once and sent as stored: the same key always carries the
  same body, so the national side can tell a replay from a key reused by mistake.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from pej_desktop.store.activation_tables import ACTIVATIONS, CODE_RESERVE, DEMO_API, OUTBOX
from pej_desktop.store.db import chunks, inserted_id
from pej_desktop.store.personal_models import PersonalMeta

PENDING, ACCEPTED, REJECTED, DEMO = "pending", "accepted", "rejected", "demo"
ACTIVATION = "activation"  # outbox kind; offer feedback and unmet-search batches have their own (ops.offer_feedback)
META = cast(Table, PersonalMeta.__table__)
DEVICE_KEY = "device_id"


def device_id(conn: Connection) -> str:
    """This device's id for the national side, created on first use (inside a write)."""
    found = conn.execute(select(META.c.value).where(META.c.key == DEVICE_KEY)).scalar()
    if found:
        return str(found)
    value = str(uuid.uuid4())
    conn.execute(insert(META).values(key=DEVICE_KEY, value=value))
    return value


@dataclass(frozen=True)
class NewActivation:
    uid: str
    person_id: int
    offer_id: str
    offer_title: str
    offer_kind: str
    renewable: bool
    adviser_id: int | None
    adviser_label: str
    activated_at: dt.datetime
    api: str
    code: str | None
    code_source: str | None
    saving_per_use_cents: int
    saving_per_month_cents: int | None
    saving_basis: str
    uses_per_month: int | None = None  # agreed with the young person; None for a one-time offer


@dataclass(frozen=True)
class Activation:
    id: int
    uid: str
    person_id: int
    offer_id: str
    offer_title: str
    offer_kind: str
    renewable: bool
    adviser_label: str
    activated_at: dt.datetime
    api: str
    code: str | None
    code_source: str | None
    saving_per_use_cents: int
    saving_per_month_cents: int | None
    saving_basis: str
    state: str
    outcome_at: dt.datetime | None = None
    refusal_slug: str | None = None
    refusal_title: str | None = None
    refusal_detail: str | None = None
    acknowledged_at: dt.datetime | None = None
    used_at: dt.datetime | None = None
    uses_per_month: int | None = None  # NULL before migration p0005: read as 1

    @property
    def counts_in_history(self) -> bool:
        """A refused activation never happened for the eligibility rules."""
        return self.state != REJECTED


def _activation(row: Any) -> Activation:
    data = dict(row)  # the instants are datetimes already (UtcDateTime columns)
    data["renewable"] = bool(data["renewable"])
    data.pop("adviser_id", None)
    return Activation(**data)


def record_activation(conn: Connection, new: NewActivation, payload: dict[str, Any] | None) -> Activation:
    """The activation, and its outbox entry when it is owed upstream (``payload``), in the caller's transaction."""
    values = {**new.__dict__, "state": DEMO if payload is None else PENDING}
    row_id = inserted_id(conn.execute(insert(ACTIVATIONS).values(**values)))
    if payload is not None:
        conn.execute(insert(OUTBOX).values(
            activation_uid=new.uid, api=new.api, payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
            title=new.offer_title, created_at=new.activated_at, attempts=0,
            next_attempt_at=new.activated_at, origin="local"))
    return get_activation(conn, row_id)  # type: ignore[return-value]


def get_activation(conn: Connection, activation_id: int) -> Activation | None:
    row = conn.execute(select(ACTIVATIONS).where(ACTIVATIONS.c.id == activation_id)).mappings().first()
    return _activation(row) if row else None


def person_activations(conn: Connection, person_id: int) -> list[Activation]:
    """Newest first."""
    rows = conn.execute(select(ACTIVATIONS).where(ACTIVATIONS.c.person_id == person_id)
                        .order_by(ACTIVATIONS.c.activated_at.desc(), ACTIVATIONS.c.id.desc())).mappings()
    return [_activation(r) for r in rows]


def refusals_to_acknowledge(conn: Connection) -> list[Activation]:
    rows = conn.execute(select(ACTIVATIONS).where(ACTIVATIONS.c.state == REJECTED,
                                                  ACTIVATIONS.c.acknowledged_at.is_(None))
                        .order_by(ACTIVATIONS.c.outcome_at, ACTIVATIONS.c.id)).mappings()
    return [_activation(r) for r in rows]


def acknowledge(conn: Connection, activation_id: int, now: dt.datetime) -> bool:
    done = conn.execute(update(ACTIVATIONS).where(ACTIVATIONS.c.id == activation_id,
                                                  ACTIVATIONS.c.state == REJECTED,
                                                  ACTIVATIONS.c.acknowledged_at.is_(None))
                        .values(acknowledged_at=now)).rowcount
    return bool(done)


def set_used(conn: Connection, uid: str, used_at: dt.datetime) -> None:
    conn.execute(update(ACTIVATIONS).where(ACTIVATIONS.c.uid == uid).values(used_at=used_at))


# -- outbox -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OutboxEntry:
    id: int
    activation_uid: str
    api: str
    payload: dict[str, Any]
    title: str
    created_at: dt.datetime
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    origin: str
    exported_at: dt.datetime | None
    kind: str = ACTIVATION


def _entry(row: Any) -> OutboxEntry:
    return OutboxEntry(**{**dict(row), "payload": json.loads(row["payload"])})


def outbox_entries(conn: Connection, *, api: str | None = None) -> list[OutboxEntry]:
    query = select(OUTBOX).where(OUTBOX.c.kind == ACTIVATION).order_by(OUTBOX.c.created_at, OUTBOX.c.id)
    if api is not None:
        query = query.where(OUTBOX.c.api == api)
    return [_entry(r) for r in conn.execute(query).mappings()]


def due_entries(conn: Connection, api: str, now: dt.datetime, *, force: bool) -> list[OutboxEntry]:
    """Entries for this API whose backoff has run out (all of them when ``force``), oldest first."""
    query = select(OUTBOX).where(OUTBOX.c.api == api, OUTBOX.c.kind == ACTIVATION) \
        .order_by(OUTBOX.c.created_at, OUTBOX.c.id)
    if not force:
        query = query.where(OUTBOX.c.next_attempt_at <= now)
    return [_entry(r) for r in conn.execute(query).mappings()]


def pending_count(conn: Connection) -> int:
    """Activations waiting to be sent (« en attente d'envoi »), whatever their API."""
    return int(conn.execute(select(func.count()).select_from(OUTBOX).where(OUTBOX.c.kind == ACTIVATION))
               .scalar_one())


def reschedule(conn: Connection, uid: str, *, attempts: int, next_attempt_at: dt.datetime, error: str) -> None:
    conn.execute(update(OUTBOX).where(OUTBOX.c.activation_uid == uid).values(
        attempts=attempts, next_attempt_at=next_attempt_at, last_error=error))


def settle_accepted(conn: Connection, uid: str, body: dict[str, Any], now: dt.datetime) -> bool:
    """The national side holds the activation: state, code (completed if it was to come), reserve, outbox."""
    entry = conn.execute(select(OUTBOX.c.api).where(OUTBOX.c.activation_uid == uid)).first()
    if entry is None:
        return False  # settled already (a second answer to the same key)
    code = body.get("code")
    values: dict[str, Any] = {"state": ACCEPTED, "outcome_at": now}
    if code:
        values["code"] = code
        if body.get("code_source") == "pool":
            values["code_source"] = "pool"
    conn.execute(update(ACTIVATIONS).where(ACTIVATIONS.c.uid == uid, ACTIVATIONS.c.state == PENDING).values(**values))
    _release_handed(conn, uid)
    conn.execute(delete(OUTBOX).where(OUTBOX.c.activation_uid == uid))
    return True


def settle_refused(conn: Connection, uid: str, *, slug: str, title: str, detail: str, now: dt.datetime) -> bool:
    """A final no: kept on the activation until the adviser acknowledges it; the outbox entry leaves."""
    entry = conn.execute(select(OUTBOX.c.api).where(OUTBOX.c.activation_uid == uid)).first()
    if entry is None:
        return False
    conn.execute(update(ACTIVATIONS).where(ACTIVATIONS.c.uid == uid, ACTIVATIONS.c.state == PENDING).values(
        state=REJECTED, outcome_at=now, refusal_slug=slug, refusal_title=title, refusal_detail=detail))
    _release_handed(conn, uid)
    conn.execute(delete(OUTBOX).where(OUTBOX.c.activation_uid == uid))
    return True


def _release_handed(conn: Connection, uid: str) -> None:
    """The code handed out leaves the reserve: now assigned (or retired) on the national side."""
    conn.execute(delete(CODE_RESERVE).where(CODE_RESERVE.c.handed_to == uid, CODE_RESERVE.c.api != DEMO_API))


def mark_exported(conn: Connection, uids: list[str], now: dt.datetime) -> None:
    if uids:
        conn.execute(update(OUTBOX).where(OUTBOX.c.activation_uid.in_(uids)).values(exported_at=now))


def known_uids(conn: Connection, uids: list[str]) -> set[str]:
    """Which of these activations this file already has (as an activation or an outbox entry)."""
    found: set[str] = set()
    for chunk in chunks(uids):
        found |= set(conn.execute(select(OUTBOX.c.activation_uid).where(OUTBOX.c.activation_uid.in_(chunk)))
                     .scalars())
        found |= set(conn.execute(select(ACTIVATIONS.c.uid).where(ACTIVATIONS.c.uid.in_(chunk))).scalars())
    return found


def insert_imported(conn: Connection, entry: dict[str, Any], now: dt.datetime) -> None:
    conn.execute(insert(OUTBOX).values(
        activation_uid=entry["activation_uid"], api=entry["api"],
        payload=json.dumps(entry["payload"], ensure_ascii=False, sort_keys=True), title=entry.get("title", ""),
        created_at=entry["created_at"], attempts=0, next_attempt_at=now, origin="imported"))


def accepted_without_use(conn: Connection, api: str, limit: int) -> list[str]:
    """Activations of renewable offers accepted upstream whose code is not known to be used yet."""
    return list(conn.execute(select(ACTIVATIONS.c.uid).where(
        ACTIVATIONS.c.api == api, ACTIVATIONS.c.state == ACCEPTED, ACTIVATIONS.c.used_at.is_(None),
        ACTIVATIONS.c.renewable.is_(True)).order_by(ACTIVATIONS.c.activated_at.desc()).limit(limit)).scalars())
