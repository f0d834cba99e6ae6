"""Administration of the test bench: fault mode, restart, codes used, what the desktops reported."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Request
from starlette.responses import JSONResponse, Response

from sync import activation_protocol as wire
from sync.protocol.exchanges import CodeUsedIn, CodeUsedOut, ReportCount, UnmetSearchTotal
from sync.server import activations, codes, idempotency, offer_feedback, stats
from sync.server.catalogue import ServerCatalogue
from sync.server.clock import utc_now
from sync.server.dependencies import admin_adviser, catalogue_of
from sync.server.faults import FaultBook, FaultRule
from sync.server.problems import Problem
from sync.server.routers.common import AUTH_ERRORS, PROBLEM

router = APIRouter(tags=["administration (banc d'essai)"], dependencies=[Depends(admin_adviser)],
                   responses=AUTH_ERRORS)


def faults_of(request: Request) -> FaultBook:
    return request.app.state.faults  # type: ignore[no-any-return]


@router.get("/admin/faults", summary="Pannes simulées en vigueur", response_model=list[FaultRule])
def get_faults(faults: FaultBook = Depends(faults_of)) -> list[dict[str, Any]]:
    return faults.snapshot()


@router.put("/admin/faults", summary="Remplacer les pannes simulées", response_model=list[FaultRule],
            responses={400: PROBLEM})
def put_faults(rules: list[dict[str, Any]] = Body(...), faults: FaultBook = Depends(faults_of)) -> list[dict[str, Any]]:
    try:
        faults.replace(rules)
    except ValueError as error:
        raise Problem(400, "panne-invalide", "Panne invalide", str(error)) from None
    return faults.snapshot()


@router.delete("/admin/faults", summary="Arrêter les pannes simulées", status_code=204)
def delete_faults(faults: FaultBook = Depends(faults_of)) -> Response:
    faults.clear()
    return Response(status_code=204)


@router.post("/admin/restart", summary="Redémarrer le serveur", status_code=202, responses={503: PROBLEM})
def restart(down: float = Query(0.0, ge=0, le=30), faults: FaultBook = Depends(faults_of)) -> JSONResponse:
    if faults.restart_hook is None:
        raise Problem(503, "indisponible", "Redémarrage impossible", "Ce serveur ne sait pas redémarrer seul.")
    faults.restart_hook(down)
    return JSONResponse({"detail": "Redémarrage demandé."}, status_code=202)


@router.post(wire.CODES_USED_PATH, summary="Marquer un code utilisé", response_model=CodeUsedOut,
             responses={404: PROBLEM})
def code_used(body: CodeUsedIn = Body(...), catalogue: ServerCatalogue = Depends(catalogue_of)) -> dict[str, str]:
    used_at = body.used_at or utc_now()
    with idempotency.write(catalogue) as conn:
        found = activations.mark_used(conn, body.offer_id, body.code, used_at)
    if found is None:
        raise Problem(404, "code-non-attribue", "Code non attribué",
                      f"Aucune activation acceptée ne détient le code « {body.code} ».")
    return {"activation_id": found, "used_at": codes.iso(used_at)}


@router.get("/admin/reports", summary="Signalements reçus, par offre et par type", response_model=list[ReportCount])
def report_counts(catalogue: ServerCatalogue = Depends(catalogue_of)) -> list[dict[str, Any]]:
    with catalogue.read() as conn:
        return offer_feedback.counts(conn)


@router.get("/admin/stats/unmet-searches", summary="Recherches sans résultat les plus fréquentes",
            response_model=list[UnmetSearchTotal])
def unmet_totals(limit: int = Query(100, ge=1, le=1000),
                 catalogue: ServerCatalogue = Depends(catalogue_of)) -> list[dict[str, Any]]:
    with catalogue.read() as conn:
        return stats.totals(conn, limit)
