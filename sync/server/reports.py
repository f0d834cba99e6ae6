"""Reports on offers (the young person's feedback), received once per key, kept forever.

``POST /v1/offers/{offer_id}/reports`` with ``Idempotency-Key`` = the report's id. The
outcome — accepted, or refused because the offer never existed — is stored under the
key with the response sent, and a replay gets that stored response back (header
``Idempotent-Replayed: true``), never a second report. The same key with another body
is a client bug: 422, not stored. A report on an offer since withdrawn or deleted is
accepted: "the code did not work" matters most then.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import Body, FastAPI, Header, Path, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Column, Connection, Index, Integer, String, Table, Text, func, insert, select
from starlette.responses import Response

from sync.activation_protocol import IDEMPOTENCY_HEADER, REPLAYED_HEADER, PayloadError, utc_iso
from sync.companion_protocol import KEY_REUSED, OFFER_UNKNOWN, REPORTS_PATH, ReportPayload
from sync.protocol import PROBLEM_MEDIA_TYPE, problem_type
from sync.server.catalogue import SCOPE_ADMIN, SCOPE_READ, ServerCatalogue
from sync.server.db import metadata, records
from sync.server.problems import Problem

offer_reports = Table(
    "offer_reports", metadata,
    Column("id", String(64), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("offer_id", String(80), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("activation_id", String(64)),
    Column("device_id", String(64), nullable=False),
    Column("adviser", Text, nullable=False),
    Column("reported_at", String(32), nullable=False),
    Column("received_at", String(32), nullable=False),
    Column("http_status", Integer, nullable=False),
    Column("response", Text, nullable=False),
)
Index("ix_offer_reports_offer", offer_reports.c.offer_id, offer_reports.c.kind)


class ReportIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str = Field(description="Identifiant du signalement créé par le poste ; identique à `Idempotency-Key`.",
                    examples=["7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"])
    kind: str = Field(description="worked (ça a marché), code_failed (le code ou le lien n'a pas marché), "
                                  "too_small (réduction trop faible), not_understood (pas compris comment "
                                  "l'utiliser).", examples=["code_failed"])
    reported_at: str = Field(description="Instant du signalement (ISO 8601 avec fuseau).",
                             examples=["2026-11-28T09:30:00+00:00"])
    device_id: str = Field(description="Le poste qui a enregistré le signalement.")
    activation_id: str | None = Field(default=None, description="L'activation concernée, si elle est connue.")


class ReportAccepted(BaseModel):
    id: str
    status: str = Field(examples=["accepted"])
    offer_id: str
    kind: str
    received_at: str


class ReportCount(BaseModel):
    offer_id: str
    kind: str
    count: int


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict[str, Any]
    replayed: bool = False


class KeyReused(Exception):
    """The key already carried another report: answered 422, not stored."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@contextmanager
def write(catalogue: ServerCatalogue) -> Iterator[Connection]:
    """One BEGIN IMMEDIATE transaction: the key is looked up and stored under the lock."""
    with catalogue.engine.connect().execution_options(pej_write=True) as conn, conn.begin():
        yield conn


def ensure_tables(catalogue: ServerCatalogue) -> None:
    metadata.create_all(catalogue.engine, tables=[offer_reports], checkfirst=True)


class NotYours(Exception):
    """The key is another adviser's report: answered 404, as if it did not exist."""


def submit(conn: Connection, payload: ReportPayload, *, adviser: str, now: dt.datetime) -> Outcome:
    """Record one report, or replay the stored outcome of its key (to the adviser who sent it only)."""
    stored = conn.execute(select(offer_reports.c.fingerprint, offer_reports.c.http_status, offer_reports.c.adviser,
                                 offer_reports.c.response).where(offer_reports.c.id == payload.id)).first()
    if stored is not None:
        if stored.adviser != adviser:
            raise NotYours(payload.id)
        if stored.fingerprint != payload.fingerprint():
            raise KeyReused(payload.id)
        return Outcome(stored.http_status, json.loads(stored.response), replayed=True)
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
        activation_id=payload.activation_id, device_id=payload.device_id, adviser=adviser,
        reported_at=utc_iso(payload.reported_at), received_at=utc_iso(now), http_status=outcome.status,
        response=json.dumps(outcome.body, ensure_ascii=False)))
    return outcome


def counts(conn: Connection) -> list[dict[str, Any]]:
    """Accepted reports per offer and kind, most reported first: what the national team reads."""
    rows = conn.execute(select(offer_reports.c.offer_id, offer_reports.c.kind, func.count().label("count"))
                        .where(offer_reports.c.http_status == 201)
                        .group_by(offer_reports.c.offer_id, offer_reports.c.kind)
                        .order_by(func.count().desc(), offer_reports.c.offer_id, offer_reports.c.kind))
    return [dict(r._mapping) for r in rows]


def install_report_routes(app: FastAPI, catalogue: ServerCatalogue | None) -> None:
    from sync.server.dependencies import authenticate

    if catalogue is not None:
        ensure_tables(catalogue)
    problem = {"content": {PROBLEM_MEDIA_TYPE: {}}}

    @app.post(REPORTS_PATH, tags=["signalements et statistiques"], status_code=201,
              summary="Signaler le retour d'un jeune sur une offre (une seule fois)", response_model=ReportAccepted,
              responses={201: {"description": "Signalement enregistré (ou rejoué : `Idempotent-Replayed: true`)."},
                         400: {**problem, "description": "Corps invalide, ou clé différente de l'identifiant."},
                         404: {**problem, "description": "Offre inconnue du catalogue national (conservé sous "
                                                         "la clé)."},
                         422: {**problem, "description": "Clé déjà utilisée pour un autre signalement."}})
    def report(request: Request, offer_id: str = Path(..., max_length=80), body: ReportIn = Body(...),
               key: str = Header(..., alias=IDEMPOTENCY_HEADER, max_length=64,
                                 description="L'identifiant du signalement (le même que `id`).")) -> Response:
        adviser = authenticate(request, catalogue, SCOPE_READ)  # type: ignore[arg-type]
        try:
            payload = ReportPayload.from_json(body.model_dump(), offer_id=offer_id)
        except PayloadError as error:
            raise Problem(400, "requete-invalide", "Requête invalide", str(error)) from None
        if key != payload.id:
            raise Problem(400, "cle-differente", "Clé d'idempotence différente",
                          "L'en-tête Idempotency-Key doit être l'identifiant du signalement (champ « id »).")
        try:
            with write(catalogue) as conn:  # type: ignore[arg-type]
                outcome = submit(conn, payload, adviser=adviser.owner, now=utc_now())
        except KeyReused:
            raise Problem(422, KEY_REUSED, "Clé déjà utilisée",
                          "Cette clé d'idempotence a déjà servi pour un autre signalement.") from None
        except NotYours:
            raise Problem(404, "introuvable", "Ressource introuvable",
                          "Cette clé n'existe pas pour votre jeton : elle appartient à un autre conseiller.") from None
        headers = {REPLAYED_HEADER: "true"} if outcome.replayed else {}
        media = PROBLEM_MEDIA_TYPE if outcome.status >= 400 else "application/json"
        return Response(json.dumps(outcome.body, ensure_ascii=False), status_code=outcome.status,
                        media_type=media, headers=headers)

    @app.get("/admin/reports", tags=["administration (banc d'essai)"], response_model=list[ReportCount],
             summary="Signalements reçus, par offre et par type")
    def report_counts(request: Request) -> list[dict[str, Any]]:
        authenticate(request, catalogue, SCOPE_ADMIN)  # type: ignore[arg-type]
        with catalogue.read() as conn:  # type: ignore[union-attr]
            return counts(conn)

