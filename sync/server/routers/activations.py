"""Activations, their lookup, and the code leases of devices."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Body, Depends, Header
from sqlalchemy import Connection, select
from starlette.responses import Response

from sync import activation_protocol as wire
from sync.activation_protocol import ActivationPayload
from sync.protocol.exchanges import ActivationAccepted, ActivationIn, LeasesIn, LeasesOut, LookupIn, LookupOut
from sync.server import activations, codes, idempotency
from sync.server.catalogue import ServerCatalogue
from sync.server.clock import utc_now
from sync.server.db import records
from sync.server.dependencies import Adviser, catalogue_of, current_adviser
from sync.server.problems import Problem
from sync.server.routers.common import AUTH_ERRORS, INVALID, PROBLEM

router = APIRouter(tags=["activations"], dependencies=[Depends(current_adviser)], responses=AUTH_ERRORS)


@router.post(wire.ACTIVATIONS_PATH, summary="Enregistrer une activation (une seule fois)", status_code=201,
             response_model=ActivationAccepted, responses={
                 201: {"description": "Activation acceptée (ou rejouée : en-tête `Idempotent-Replayed: true`)."},
                 400: {**PROBLEM, "description": "Corps invalide, ou clé différente de l'identifiant."},
                 404: {**PROBLEM, "description": "Clé ou poste d'un autre conseiller (`introuvable`)."},
                 409: {**PROBLEM, "description": "Refus métier (offre retirée, code déjà utilisé, quota "
                                                 "atteint, renouvellement trop tôt…), conservé sous la clé."},
                 422: {**PROBLEM, "description": "Code inconnu, date invalide, ou clé déjà utilisée pour "
                                                 "une autre activation (`cle-reutilisee`, non conservé)."}})
def activate(body: ActivationIn = Body(...), adviser: Adviser = Depends(current_adviser),
             catalogue: ServerCatalogue = Depends(catalogue_of),
             key: str = Header(..., alias=wire.IDEMPOTENCY_HEADER, max_length=64,
                               description="L'identifiant de l'activation (le même que `id`).")) -> Response:
    payload = ActivationPayload.from_json(body.model_dump(mode="json"))  # the models already checked it all
    return idempotency.record(catalogue, key, payload.id,
                              lambda conn: activations.submit(conn, payload, adviser=adviser, now=utc_now()),
                              what="de l'activation", another="une autre activation")


@router.post(wire.LOOKUP_PATH, summary="État d'activations déjà envoyées (code utilisé ?)",
             response_model=LookupOut, responses={400: INVALID})
def lookup(body: LookupIn = Body(...), adviser: Adviser = Depends(current_adviser),
           catalogue: ServerCatalogue = Depends(catalogue_of)) -> dict[str, Any]:
    with catalogue.read() as conn:
        found, unknown = activations.lookup(conn, list(dict.fromkeys(body.ids)), adviser.owner)
    return {"activations": found, "unknown": unknown}


@router.post(wire.LEASES_PATH, summary="Renouveler la réserve de codes d'un poste", response_model=LeasesOut,
             responses={400: INVALID, 404: {**PROBLEM, "description": "Poste enregistré par un autre conseiller."},
                        409: {**PROBLEM, "description": "Trop de postes pour ce jeton (`quota-postes`)."}})
def leases(body: LeasesIn = Body(...), adviser: Adviser = Depends(current_adviser),
           catalogue: ServerCatalogue = Depends(catalogue_of)) -> dict[str, Any]:
    request = codes.LeaseRequest(device_id=body.device_id, want=dict(body.want),
                                 reserve=[(p.offer_id, p.code) for p in body.reserve],
                                 pending=[(p.offer_id, p.code) for p in body.pending])
    now = utc_now()
    try:
        with idempotency.write(catalogue) as conn:
            codes.claim_leasing_device(conn, body.device_id, adviser.owner, now)
            outcome = codes.renew(conn, request, adviser=adviser.owner, now=now,
                                  open_offers=_open_code_offers(conn, list(request.want)))
    except codes.DeviceRefused as refused:
        raise (_too_many_devices() if refused.too_many else idempotency.not_yours()) from None
    return {"device_id": body.device_id, "server_time": codes.iso(now), "expires_at": outcome.expires_at,
            "lease_seconds": outcome.lease_seconds, "leases": _pairs(outcome.reserve),
            "pending": _pairs(outcome.pending),
            "lost": [{"offer_id": o, "code": c, "reason": r} for o, c, r in outcome.lost],
            "available": outcome.available}


def _too_many_devices() -> Problem:
    return Problem(409, "quota-postes", "Trop de postes pour ce jeton",
                   f"Ce jeton a déjà enregistré {codes.MAX_DEVICES_PER_ADVISER} postes : un nouveau poste ne peut "
                   "pas recevoir de réserve de codes. Demandez à l'équipe nationale de retirer un ancien poste.")


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
