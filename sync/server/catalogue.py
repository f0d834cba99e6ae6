"""The national catalogue as the national team edits it: every change numbered.

All writes go through ``ServerCatalogue``: each one allocates the next change number
inside its own write transaction (BEGIN IMMEDIATE on SQLite, the writer lock on
PostgreSQL: ``sync.server.db.server_engine``), so numbers follow commit order and a
reader never sees number N+1 without N. Payloads are validated with the desktop's
record classes before they are stored, and stored normalised (``to_payload``), so
whatever the feed sends is something the client accepts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, text, update

from sync.protocol.catalogue_document import CatalogueDocument
from sync.protocol.pages import parse_record
from sync.protocol.records import OfferRecord, PartnerRecord, RecordError
from sync.server.clock import utc_now
from sync.server.db import change_log, offer_codes, records, server_meta, tokens

MIN_TOMBSTONE_DAYS = 90
SCOPE_READ = "catalogue:read"
SCOPE_ADMIN = "admin"
KINDS = ("category", "partner", "offer")


class CatalogueError(ValueError):
    """A change the national team asked for that cannot be made; French message."""


@dataclass(frozen=True)
class FeedState:
    """What a reader needs to answer a request, read in one snapshot."""

    generation: str
    max_seq: int
    purged_through: int
    cursor_key: bytes


def _iso(moment: dt.datetime | None) -> str:
    return (moment or utc_now()).isoformat()


def _dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _record_payload(kind: str, record: Any) -> tuple[str, str]:
    key = record.slug if kind == "category" else record.id
    return key, _dumps(record.to_payload())


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ServerCatalogue:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._ensure_identity()

    # -- transactions --------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect().execution_options(pej_write=True) as conn, conn.begin():
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def _ensure_identity(self) -> None:
        with self._write() as conn:
            meta = _meta(conn)
            if "generation" not in meta:
                _set_meta(conn, generation=secrets.token_hex(4), purged_through="0")
            if "cursor_key" not in meta:
                _set_meta(conn, cursor_key=secrets.token_hex(16))

    # -- reading ---------------------------------------------------------------------------
    def feed_state(self, conn: Connection) -> FeedState:
        meta = _meta(conn)
        return FeedState(
            generation=meta["generation"], max_seq=_next_seq(conn) - 1,  # purged rows included
            purged_through=int(meta.get("purged_through", "0")),
            cursor_key=bytes.fromhex(meta["cursor_key"]),
        )

    def live_payloads(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Every record a client should hold, by kind then id (tests compare with it)."""
        found: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in KINDS}
        with self.read() as conn:
            rows = conn.execute(select(records.c.kind, records.c.id, records.c.payload)
                                .where(records.c.gone.is_(None)))
            for kind, ident, payload in rows:
                found[kind][ident] = json.loads(payload)
        return found

    def all_offer_ids(self) -> list[str]:
        """Offers the national team can still edit: published or not, but not deleted."""
        with self.read() as conn:
            return list(conn.execute(select(records.c.id).where(
                records.c.kind == "offer", records.c.payload.is_not(None))).scalars())

    def offer_payload(self, offer_id: str) -> dict[str, Any]:
        with self.read() as conn:
            row = conn.execute(select(records.c.payload).where(
                records.c.kind == "offer", records.c.id == offer_id)).first()
        if row is None or row.payload is None:
            raise CatalogueError(f"offre « {offer_id} » introuvable")
        return json.loads(row.payload)

    def is_new(self) -> bool:
        """True until a catalogue is first loaded or changed (tokens may exist already)."""
        with self.read() as conn:
            return _next_seq(conn) == 1

    def counts(self) -> dict[str, int]:
        with self.read() as conn:
            rows = conn.execute(select(records.c.kind, func.count()).where(records.c.gone.is_(None))
                                .group_by(records.c.kind)).all()
        found: dict[str, int] = {kind: count for kind, count in rows}
        return {kind: found.get(kind, 0) for kind in KINDS}

    # -- whole catalogue ---------------------------------------------------------------------
    def load_document(self, document: CatalogueDocument, *, now: dt.datetime | None = None) -> None:
        """Replace the whole catalogue; a new generation makes every client cursor obsolete."""
        rows: list[tuple[str, str, str | None, str | None]] = []
        rows += [("category", *_record_payload("category", r), None) for r in document.categories]
        rows += [("partner", *_record_payload("partner", r), None) for r in document.partners]
        rows += [("offer", *_record_payload("offer", r), None if r.published else "unpublished")
                 for r in document.offers]
        at = _iso(now)
        with self._write() as conn:
            conn.execute(delete(records))
            conn.execute(delete(offer_codes))
            first = _next_seq(conn)
            log_rows = [{"seq": first + i, "kind": k, "id": ident, "action": "load", "at": at}
                        for i, (k, ident, _p, _g) in enumerate(rows)]
            if log_rows:
                conn.execute(insert(change_log), log_rows)
                conn.execute(insert(records), [
                    {"kind": k, "id": ident, "seq": first + i, "payload": p, "gone": g, "changed_at": at}
                    for i, (k, ident, p, g) in enumerate(rows)
                ])
            _insert_codes(conn, document.codes, at)
            _set_meta(conn, generation=secrets.token_hex(4), purged_through="0",
                      label=document.version or "catalogue")

    # -- single changes ----------------------------------------------------------------------
    def put_partner(self, record: PartnerRecord) -> int:
        return self._put("partner", record.id, _dumps(record.to_payload()), None, "put")

    def put_offer(self, record: OfferRecord) -> int:
        """Add or replace an offer; an unpublished record is stored as a tombstone."""
        gone = None if record.published else "unpublished"
        return self._put("offer", record.id, _dumps(record.to_payload()), gone, "put")

    def add_offer(self, payload: dict[str, Any]) -> OfferRecord:
        record = _validated_offer(payload)
        if self._exists("offer", record.id):
            raise CatalogueError(f"l'offre « {record.id} » existe déjà : modifiez-la plutôt")
        self._require_partner(record.partner_id)
        self.put_offer(record)
        return record

    def edit_offer(self, offer_id: str, changes: dict[str, Any]) -> OfferRecord:
        if "id" in changes and changes["id"] != offer_id:
            raise CatalogueError("l'identifiant d'une offre ne peut pas changer")
        record = _validated_offer({**self.offer_payload(offer_id), **changes})
        self._require_partner(record.partner_id)
        self.put_offer(record)
        return record

    def unpublish_offer(self, offer_id: str) -> None:
        self.edit_offer(offer_id, {"published": False})

    def publish_offer(self, offer_id: str) -> None:
        self.edit_offer(offer_id, {"published": True})

    def delete_offer(self, offer_id: str) -> None:
        if not self._exists("offer", offer_id, deleted_too=False):
            raise CatalogueError(f"offre « {offer_id} » introuvable")
        self._put("offer", offer_id, None, "deleted", "delete")

    def delete_partner(self, partner_id: str) -> None:
        with self.read() as conn:
            used = conn.execute(select(func.count()).select_from(records).where(
                records.c.kind == "offer", records.c.gone.is_(None),
                records.c.payload.like(f'%"partner_id":"{partner_id}"%'))).scalar_one()
        if used:
            raise CatalogueError(f"le partenaire « {partner_id} » a encore {used} offre(s) publiée(s)")
        if not self._exists("partner", partner_id, deleted_too=False):
            raise CatalogueError(f"partenaire « {partner_id} » introuvable")
        self._put("partner", partner_id, None, "deleted", "delete")

    def import_codes(self, offer_id: str, codes: Iterable[str], *, now: dt.datetime | None = None) -> int:
        """Add codes to an offer's pool (duplicates ignored); returns how many were new."""
        if not self._exists("offer", offer_id, deleted_too=False):
            raise CatalogueError(f"offre « {offer_id} » introuvable")
        cleaned = [c.strip() for c in codes if c.strip()]
        with self._write() as conn:
            before = _code_count(conn, offer_id)
            _insert_codes(conn, {offer_id: cleaned}, _iso(now))
            return _code_count(conn, offer_id) - before

    def code_count(self, offer_id: str) -> int:
        with self.read() as conn:
            return _code_count(conn, offer_id)

    def purge_tombstones(self, *, retention_days: int = MIN_TOMBSTONE_DAYS, now: dt.datetime | None = None) -> int:
        """Forget deletions older than the retention; cursors from before them become 410."""
        if retention_days < MIN_TOMBSTONE_DAYS:
            raise CatalogueError(f"les suppressions sont gardées au moins {MIN_TOMBSTONE_DAYS} jours")
        limit = _iso((now or utc_now()) - dt.timedelta(days=retention_days))
        with self._write() as conn:
            old = (records.c.gone == "deleted") & (records.c.changed_at < limit)
            horizon = conn.execute(select(func.max(records.c.seq)).where(old)).scalar()
            if horizon is None:
                return 0
            purged = conn.execute(delete(records).where(old)).rowcount
            current = int(_meta(conn).get("purged_through", "0"))
            _set_meta(conn, purged_through=str(max(current, int(horizon))))
            return purged

    # -- tokens ------------------------------------------------------------------------------
    def issue_token(self, adviser: str, *, scope: str = SCOPE_READ, structure: str = "") -> str:
        """A new token for one adviser of one structure (shown once; only its hash is kept)."""
        if not adviser.strip():
            raise CatalogueError("le nom du conseiller est obligatoire")
        token = secrets.token_urlsafe(32)
        with self._write() as conn:
            conn.execute(insert(tokens).values(adviser=adviser.strip(), structure=structure.strip(),
                                               token_hash=hash_token(token),
                                               scope=scope, created_at=_iso(None)))
        return token

    def revoke_token(self, token: str) -> bool:
        with self._write() as conn:
            done = conn.execute(update(tokens).where(tokens.c.token_hash == hash_token(token),
                                                     tokens.c.revoked_at.is_(None))
                                .values(revoked_at=_iso(None))).rowcount
        return done > 0

    def revoke_adviser(self, adviser: str) -> int:
        with self._write() as conn:
            return conn.execute(update(tokens).where(tokens.c.adviser == adviser, tokens.c.revoked_at.is_(None))
                                .values(revoked_at=_iso(None))).rowcount

    # -- internals ---------------------------------------------------------------------------
    def _put(self, kind: str, ident: str, payload: str | None, gone: str | None, action: str) -> int:
        at = _iso(None)
        with self._write() as conn:
            seq = _next_seq(conn)  # under the writer lock: nobody else allocates meanwhile
            conn.execute(insert(change_log).values(seq=seq, kind=kind, id=ident, action=action, at=at))
            values = {"seq": seq, "gone": gone, "changed_at": at}
            if payload is not None:
                values["payload"] = payload
            elif gone == "deleted":
                values["payload"] = None
            changed = conn.execute(update(records).where(records.c.kind == kind, records.c.id == ident)
                                   .values(**values)).rowcount
            if not changed:
                conn.execute(insert(records).values(kind=kind, id=ident, **{"payload": payload, **values}))
            return int(seq)

    def _exists(self, kind: str, ident: str, *, deleted_too: bool = False) -> bool:
        with self.read() as conn:
            gone = conn.execute(select(records.c.gone).where(records.c.kind == kind, records.c.id == ident)).first()
        return gone is not None and (deleted_too or gone[0] != "deleted")

    def _require_partner(self, partner_id: str) -> None:
        with self.read() as conn:
            row = conn.execute(select(records.c.gone).where(
                records.c.kind == "partner", records.c.id == partner_id)).first()
        if row is None or row[0] is not None:
            raise CatalogueError(f"partenaire « {partner_id} » inconnu : ajoutez-le d'abord")


def _validated_offer(payload: dict[str, Any]) -> OfferRecord:
    """The offer as the protocol accepts it: the feed never sends a record a client would refuse."""
    try:
        return parse_record("offers", payload)  # type: ignore[no-any-return]
    except RecordError as error:
        raise CatalogueError(str(error)) from None


def _next_seq(conn: Connection) -> int:
    """One more than the last change committed (in this transaction's view).

    Change-log rows are never deleted, so their maximum is the last number; SQLite's own
    counter says the same without reading the index. PostgreSQL's sequence is not used:
    it is not transactional, and would count a change still being written.
    """
    if conn.dialect.name == "sqlite":
        used = conn.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'").scalar()
    else:
        used = conn.execute(select(func.max(change_log.c.seq))).scalar()
    return int(used or 0) + 1


def _meta(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(server_meta.c.key, server_meta.c.value)).all())


def _set_meta(conn: Connection, **values: str) -> None:
    for key, value in values.items():
        conn.execute(text("INSERT INTO server_meta(key, value) VALUES (:key, :value) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value"), {"key": key, "value": value})


def _insert_codes(conn: Connection, codes: Mapping[str, Sequence[str]], at: str) -> None:
    rows = [{"offer": offer_id, "code": code, "at": at} for offer_id, pool in codes.items() for code in pool]
    if rows:
        conn.execute(text("INSERT INTO offer_codes(offer_id, code, imported_at) VALUES (:offer, :code, :at) "
                          "ON CONFLICT DO NOTHING"), rows)


def _code_count(conn: Connection, offer_id: str) -> int:
    return conn.execute(select(func.count()).select_from(offer_codes)
                        .where(offer_codes.c.offer_id == offer_id)).scalar_one()


def catalogue_label(conn: Connection) -> str:
    return _meta(conn).get("label", "catalogue")
