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

from fastapi import Body, FastAPI, Header, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Column, Connection, Integer, String, Table, Text, insert, select, update
from starlette.responses import JSONResponse

from sync.activation_protocol import IDEMPOTENCY_HEADER, REPLAYED_HEADER, PayloadError, utc_iso
from sync.companion_protocol import KEY_REUSED, UNMET_SEARCHES_PATH, UnmetSearchesPayload
from sync.protocol import PROBLEM_MEDIA_TYPE
from sync.server.catalogue import SCOPE_ADMIN, SCOPE_READ, ServerCatalogue
from sync.server.db import metadata
from sync.server.problems import Problem
from sync.server.reports import utc_now, write

unmet_batches = Table(
    "unmet_search_batches", metadata,
    Column("id", String(64), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("received_at", String(32), nullable=False),
    Column("response", Text, nullable=False),
)
unmet_searches = Table(
    "unmet_searches", metadata,
    Column("query", String(80), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("first_day", String(10), nullable=False),
    Column("last_day", String(10), nullable=False),
)


class SearchCount(BaseModel):
    query: str = Field(description="Recherche repliée : minuscules sans accents, mots séparés par une espace.",
                       examples=["velo electrique"])
    count: int = Field(examples=[3])


class UnmetSearchesIn(BaseModel):
    id: str = Field(description="Identifiant du lot créé par le poste ; identique à `Idempotency-Key`.")
    first_day: str = Field(examples=["2026-11-01"])
    last_day: str = Field(examples=["2026-11-28"])
    searches: list[SearchCount] = Field(description="500 recherches au plus, chacune une seule fois.")


class UnmetSearchesAccepted(BaseModel):
    id: str
    status: str = Field(examples=["accepted"])
    searches: int = Field(description="Nombre de recherches distinctes du lot.")
    total: int = Field(description="Somme des comptes du lot.")
    received_at: str


class UnmetSearchTotal(BaseModel):
    query: str
    count: int
    first_day: str
    last_day: str


class KeyReused(Exception):
    pass


def ensure_tables(catalogue: ServerCatalogue) -> None:
    metadata.create_all(catalogue.engine, tables=[unmet_batches, unmet_searches], checkfirst=True)


def submit(conn: Connection, payload: UnmetSearchesPayload, *, now_iso: str) -> tuple[dict[str, Any], bool]:
    """Add a batch to the totals once; (response body, replayed)."""
    stored = conn.execute(select(unmet_batches.c.fingerprint, unmet_batches.c.response)
                          .where(unmet_batches.c.id == payload.id)).first()
    if stored is not None:
        if stored.fingerprint != payload.fingerprint():
            raise KeyReused(payload.id)
        return json.loads(stored.response), True
    for query, count in payload.searches:
        _add(conn, query, count, payload.first_day.isoformat(), payload.last_day.isoformat())
    body = {"id": payload.id, "status": "accepted", "searches": len(payload.searches),
            "total": sum(n for _, n in payload.searches), "received_at": now_iso}
    conn.execute(insert(unmet_batches).values(id=payload.id, fingerprint=payload.fingerprint(), received_at=now_iso,
                                              response=json.dumps(body, ensure_ascii=False)))
    return body, False


def _add(conn: Connection, query: str, count: int, first: str, last: str) -> None:
    row = conn.execute(select(unmet_searches).where(unmet_searches.c.query == query)).first()
    if row is None:
        conn.execute(insert(unmet_searches).values(query=query, count=count, first_day=first, last_day=last))
        return
    conn.execute(update(unmet_searches).where(unmet_searches.c.query == query).values(
        count=row.count + count, first_day=min(row.first_day, first), last_day=max(row.last_day, last)))


def totals(conn: Connection, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(select(unmet_searches).order_by(unmet_searches.c.count.desc(), unmet_searches.c.query)
                        .limit(limit))
    return [dict(r._mapping) for r in rows]


def install_stats_routes(app: FastAPI, catalogue: ServerCatalogue | None) -> None:
    from sync.server.dependencies import authenticate

    if catalogue is not None:
        ensure_tables(catalogue)
    problem = {"content": {PROBLEM_MEDIA_TYPE: {}}}

    @app.post(UNMET_SEARCHES_PATH, tags=["signalements et statistiques"], status_code=201,
              summary="Ajouter des recherches restées sans résultat (anonymes, une seule fois par lot)",
              response_model=UnmetSearchesAccepted,
              responses={201: {"description": "Lot ajouté (ou rejoué : `Idempotent-Replayed: true`)."},
                         400: {**problem, "description": "Corps invalide, ou clé différente de l'identifiant."},
                         422: {**problem, "description": "Clé déjà utilisée pour un autre lot."}})
    def unmet(request: Request, body: UnmetSearchesIn = Body(...),
              key: str = Header(..., alias=IDEMPOTENCY_HEADER, max_length=64,
                                description="L'identifiant du lot (le même que `id`).")) -> JSONResponse:
        authenticate(request, catalogue, SCOPE_READ)  # type: ignore[arg-type]
        try:
            payload = UnmetSearchesPayload.from_json(body.model_dump())
        except PayloadError as error:
            raise Problem(400, "requete-invalide", "Requête invalide", str(error)) from None
        if key != payload.id:
            raise Problem(400, "cle-differente", "Clé d'idempotence différente",
                          "L'en-tête Idempotency-Key doit être l'identifiant du lot (champ « id »).")
        try:
            with write(catalogue) as conn:  # type: ignore[arg-type]
                response, replayed = submit(conn, payload, now_iso=utc_iso(utc_now()))
        except KeyReused:
            raise Problem(422, KEY_REUSED, "Clé déjà utilisée",
                          "Cette clé d'idempotence a déjà servi pour un autre lot.") from None
        return JSONResponse(response, status_code=201, headers={REPLAYED_HEADER: "true"} if replayed else {})

    @app.get("/admin/stats/unmet-searches", tags=["administration (banc d'essai)"],
             response_model=list[UnmetSearchTotal], summary="Recherches sans résultat les plus fréquentes")
    def unmet_totals(request: Request, limit: int = Query(100, ge=1, le=1000)) -> list[dict[str, Any]]:
        authenticate(request, catalogue, SCOPE_ADMIN)  # type: ignore[arg-type]
        with catalogue.read() as conn:  # type: ignore[union-attr]
            return totals(conn, limit)
