"""Routes of activations and code leases, added to the reference API by ``build_api``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Body, FastAPI, Header, Request
from sqlalchemy import Connection, select
from starlette.responses import JSONResponse, Response

from sync import activation_protocol as wire
from sync.activation_protocol import ActivationPayload, PayloadError
from sync.protocol import PROBLEM_MEDIA_TYPE
from sync.server import activation_schemas as schemas
from sync.server import activations, codes
from sync.server.catalogue import SCOPE_ADMIN, SCOPE_READ, ServerCatalogue
from sync.server.db import records
from sync.server.problems import Problem

_PROBLEM = {"model": schemas.ActivationProblem, "content": {"application/problem+json": {}}}
_AUTH = {
    401: {**_PROBLEM, "description": "Jeton absent ou inconnu."},
    403: {**_PROBLEM, "description": "Jeton révoqué, ou sans le droit demandé."},
}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@contextmanager
def _write(catalogue: ServerCatalogue) -> Iterator[Connection]:
    with catalogue.engine.connect().execution_options(pej_write=True) as conn, conn.begin():
        yield conn


def _invalid(error: Exception) -> Problem:
    return Problem(400, "requete-invalide", "Requête invalide", str(error))


def install_activation_routes(app: FastAPI, catalogue: ServerCatalogue) -> None:
    from sync.server.dependencies import authenticate

    @app.post(wire.ACTIVATIONS_PATH, tags=["activations"], summary="Enregistrer une activation (une seule fois)",
              status_code=201, response_model=schemas.ActivationAccepted, responses={
                  201: {"description": "Activation acceptée (ou rejouée : en-tête `Idempotent-Replayed: true`)."},
                  400: {**_PROBLEM, "description": "Corps invalide, ou clé différente de l'identifiant."},
                  409: {**_PROBLEM, "description": "Refus métier (offre retirée, code déjà utilisé, quota "
                                                   "atteint, renouvellement trop tôt…), conservé sous la clé."},
                  404: {**_PROBLEM, "description": "Clé ou poste d'un autre conseiller (`introuvable`)."},
                  422: {**_PROBLEM, "description": "Code inconnu, date invalide, ou clé déjà utilisée pour "
                                                   "une autre activation (`cle-reutilisee`, non conservé)."},
                  **_AUTH})
    def activate(request: Request, body: schemas.ActivationIn = Body(...),
                 key: str = Header(..., alias=wire.IDEMPOTENCY_HEADER, max_length=64,
                                   description="L'identifiant de l'activation (le même que `id`).")) -> Response:
        adviser = authenticate(request, catalogue, SCOPE_READ)
        try:
            payload = ActivationPayload.from_json(body.model_dump())
        except PayloadError as error:
            raise _invalid(error) from None
        if key != payload.id:
            raise Problem(400, "cle-differente", "Clé d'idempotence différente",
                          "L'en-tête Idempotency-Key doit être l'identifiant de l'activation (champ « id »).")
        try:
            with _write(catalogue) as conn:
                outcome = activations.submit(conn, payload, adviser=adviser, now=utc_now())
        except activations.KeyReused:
            raise Problem(422, wire.KEY_REUSED, "Clé déjà utilisée",
                          "Cette clé d'idempotence a déjà servi pour une autre activation.") from None
        except activations.NotYours:
            raise not_yours() from None
        headers = {wire.REPLAYED_HEADER: "true"} if outcome.replayed else {}
        media = PROBLEM_MEDIA_TYPE if outcome.is_problem else "application/json"
        return Response(json.dumps(outcome.body, ensure_ascii=False), status_code=outcome.status,
                        media_type=media, headers=headers)

    @app.post(wire.LOOKUP_PATH, tags=["activations"], summary="État d'activations déjà envoyées (code utilisé ?)",
              response_model=schemas.LookupOut, responses={400: _PROBLEM, **_AUTH})
    def lookup(request: Request, body: schemas.LookupIn = Body(...)) -> dict[str, Any]:
        adviser = authenticate(request, catalogue, SCOPE_READ)
        if len(body.ids) > wire.MAX_LOOKUP:
            raise _invalid(ValueError(f"au plus {wire.MAX_LOOKUP} identifiants par requête"))
        with catalogue.read() as conn:
            found, unknown = activations.lookup(conn, body.ids, adviser.owner)
        return {"activations": found, "unknown": unknown}

    @app.post(wire.LEASES_PATH, tags=["activations"], summary="Renouveler la réserve de codes d'un poste",
              response_model=schemas.LeasesOut, responses={
                  400: _PROBLEM, 404: {**_PROBLEM, "description": "Poste enregistré par un autre conseiller."},
                  409: {**_PROBLEM, "description": "Trop de postes pour ce jeton (`quota-postes`)."}, **_AUTH})
    def leases(request: Request, body: schemas.LeasesIn = Body(...)) -> dict[str, Any]:
        adviser = authenticate(request, catalogue, SCOPE_READ)
        lease_request = _lease_request(body)
        now = utc_now()
        try:
            with _write(catalogue) as conn:
                codes.claim_leasing_device(conn, body.device_id, adviser.owner, now)
                outcome = codes.renew(conn, lease_request, adviser=adviser.owner, now=now,
                                      open_offers=_open_code_offers(conn, list(lease_request.want)))
        except codes.DeviceRefused as refused:
            raise (_too_many_devices() if refused.too_many else not_yours()) from None
        return {"device_id": body.device_id, "server_time": codes.iso(now), "expires_at": outcome.expires_at,
                "lease_seconds": outcome.lease_seconds, "leases": _pairs(outcome.reserve),
                "pending": _pairs(outcome.pending),
                "lost": [{"offer_id": o, "code": c, "reason": r} for o, c, r in outcome.lost],
                "available": outcome.available}

    @app.post(wire.CODES_USED_PATH, tags=["administration (banc d'essai)"], summary="Marquer un code utilisé",
              response_model=schemas.CodeUsedOut, responses={404: _PROBLEM, **_AUTH})
    def code_used(request: Request, body: schemas.CodeUsedIn = Body(...)) -> JSONResponse:
        authenticate(request, catalogue, SCOPE_ADMIN)
        try:
            used_at = wire.parse_instant(body.used_at, "used_at") if body.used_at else utc_now()
        except PayloadError as error:
            raise _invalid(error) from None
        with _write(catalogue) as conn:
            found = activations.mark_used(conn, body.offer_id, body.code, used_at)
        if found is None:
            raise Problem(404, "code-non-attribue", "Code non attribué",
                          f"Aucune activation acceptée ne détient le code « {body.code} ».")
        return JSONResponse({"activation_id": found, "used_at": codes.iso(used_at)})


def not_yours() -> Problem:
    """Another adviser's key, activation or device: as if it did not exist (their data, not yours)."""
    return Problem(404, "introuvable", "Ressource introuvable",
                   "Cet identifiant n'existe pas pour votre jeton : il appartient peut-être à un autre conseiller.")


def _too_many_devices() -> Problem:
    return Problem(409, "quota-postes", "Trop de postes pour ce jeton",
                   f"Ce jeton a déjà enregistré {codes.MAX_DEVICES_PER_ADVISER} postes : un nouveau poste ne peut "
                   "pas recevoir de réserve de codes. Demandez à l'équipe nationale de retirer un ancien poste.")


def _lease_request(body: schemas.LeasesIn) -> codes.LeaseRequest:
    if len(body.want) > codes.MAX_LEASE_OFFERS:
        raise _invalid(ValueError(f"au plus {codes.MAX_LEASE_OFFERS} offres par requête"))
    try:
        reserve = wire.code_pairs([p.model_dump() for p in body.reserve], "reserve")
        pending = wire.code_pairs([p.model_dump() for p in body.pending], "pending")
    except PayloadError as error:
        raise _invalid(error) from None
    return codes.LeaseRequest(device_id=body.device_id, want=dict(body.want), reserve=reserve, pending=pending)


def _open_code_offers(conn: Connection, offer_ids: list[str]) -> list[str]:
    """The wanted offers still published and handing out codes: only they get leases."""
    found = []
    for offset in range(0, len(offer_ids), 500):
        chunk = offer_ids[offset:offset + 500]
        rows = conn.execute(select(records.c.id, records.c.payload).where(
            records.c.kind == "offer", records.c.id.in_(chunk), records.c.gone.is_(None)))
        found += [ident for ident, payload in rows if wire.needs_code(json.loads(payload).get("kind", ""))]
    return found


def _pairs(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"offer_id": offer_id, "code": code} for offer_id, code in pairs]
