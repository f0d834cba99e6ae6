"""Unmet searches: anonymous counts of catalogue searches that found nothing.

``POST /v1/stats/unmet-searches`` adds a batch of counts per folded query to the
national totals, once per batch id (``Idempotency-Key``): a replay answers with the
stored response and adds nothing. Nothing about who searched is stored — not the
adviser behind the token, not the device: the batch table keeps only the id, its
fingerprint and the response, so replays can be recognised.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert, select, update

from sync.offer_feedback_protocol import UnmetSearchesPayload
from sync.server import idempotency
from sync.server.db import unmet_batches, unmet_searches
from sync.server.idempotency import Outcome


def submit(conn: Connection, payload: UnmetSearchesPayload, *, now_iso: str) -> Outcome:
    """Add a batch to the totals once (a batch names nobody: any token may replay it)."""
    replay = idempotency.stored(conn, unmet_batches, payload.id, payload.fingerprint(), None)
    if replay is not None:
        return replay
    for query, count in payload.searches:
        _add(conn, query, count, payload.first_day.isoformat(), payload.last_day.isoformat())
    body = {"id": payload.id, "status": "accepted", "searches": len(payload.searches),
            "total": sum(n for _, n in payload.searches), "received_at": now_iso}
    conn.execute(insert(unmet_batches).values(id=payload.id, fingerprint=payload.fingerprint(), received_at=now_iso,
                                              response=json.dumps(body, ensure_ascii=False)))
    return Outcome(201, body)


def _add(conn: Connection, query: str, count: int, first: str, last: str) -> None:
    row = conn.execute(select(unmet_searches).where(unmet_searches.c.query == query)).first()
    if row is None:
        conn.execute(insert(unmet_searches).values(query=query, count=count, first_day=first, last_day=last))
        return
    conn.execute(update(unmet_searches).where(unmet_searches.c.query == query).values(
        count=row._mapping["count"] + count, first_day=min(row.first_day, first), last_day=max(row.last_day, last)))


def totals(conn: Connection, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(select(unmet_searches).order_by(unmet_searches.c.count.desc(), unmet_searches.c.query)
                        .limit(limit))
    return [dict(r._mapping) for r in rows]
