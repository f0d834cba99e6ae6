"""Reports on offers (the young person's feedback), received once per key, kept forever.

``POST /v1/offers/{offer_id}/reports`` with ``Idempotency-Key`` = the report's id. The
outcome — accepted, or refused because the offer never existed — is stored under the
key with the response sent, and a replay by the same adviser gets that stored response
back (``sync.server.idempotency``), never a second report. A report on an offer since
withdrawn or deleted is accepted: "the code did not work" matters most then.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, func, insert, select

from sync.activation_protocol import utc_iso
from sync.offer_feedback_protocol import OFFER_UNKNOWN, REPORTS_PATH, ReportPayload
from sync.protocol import problem_type
from sync.server import idempotency
from sync.server.db import offer_reports, records
from sync.server.dependencies import Adviser
from sync.server.idempotency import Outcome


def submit(conn: Connection, payload: ReportPayload, *, adviser: Adviser, now: dt.datetime) -> Outcome:
    """Record one report, or replay the stored outcome of its key (to the adviser who sent it only)."""
    replay = idempotency.stored(conn, offer_reports, payload.id, payload.fingerprint(), adviser.owner)
    if replay is not None:
        return replay
    known = conn.execute(select(records.c.id).where(records.c.kind == "offer",
                                                    records.c.id == payload.offer_id)).first()
    if known is None:
        body = {"type": problem_type(OFFER_UNKNOWN), "title": "Offre inconnue", "status": 404,
                "detail": f"L'offre « {payload.offer_id} » n'a jamais existé dans le catalogue national.",
                "instance": REPORTS_PATH.format(offer_id=payload.offer_id), "report_id": payload.id}
        outcome = Outcome(404, body)
    else:
        outcome = Outcome(201, {"id": payload.id, "status": "accepted", "offer_id": payload.offer_id,
                                "kind": payload.kind, "received_at": utc_iso(now)})
    conn.execute(insert(offer_reports).values(
        id=payload.id, fingerprint=payload.fingerprint(), offer_id=payload.offer_id, kind=payload.kind,
        activation_id=payload.activation_id, device_id=payload.device_id, adviser=adviser.name,
        owner=adviser.owner, reported_at=utc_iso(payload.reported_at), received_at=utc_iso(now),
        http_status=outcome.status, response=json.dumps(outcome.body, ensure_ascii=False)))
    return outcome


def counts(conn: Connection) -> list[dict[str, Any]]:
    """Accepted reports per offer and kind, most reported first: what the national team reads."""
    rows = conn.execute(select(offer_reports.c.offer_id, offer_reports.c.kind, func.count().label("count"))
                        .where(offer_reports.c.http_status == 201)
                        .group_by(offer_reports.c.offer_id, offer_reports.c.kind)
                        .order_by(func.count().desc(), offer_reports.c.offer_id, offer_reports.c.kind))
    return [dict(r._mapping) for r in rows]
