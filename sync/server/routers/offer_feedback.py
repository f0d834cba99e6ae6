"""Reports on offers and unmet-search batches, sent by the desktops' outboxes."""

from __future__ import annotations

from fastapi import APIRouter, Body, Depends, Header, Path
from starlette.responses import Response

from sync.activation_protocol import IDEMPOTENCY_HEADER, utc_iso
from sync.offer_feedback_protocol import REPORTS_PATH, UNMET_SEARCHES_PATH, ReportPayload, UnmetSearchesPayload
from sync.protocol.exchanges import MAX_COUNT, ReportAccepted, ReportIn, UnmetSearchesAccepted, UnmetSearchesIn
from sync.protocol.fields import IDENTIFIER_PATTERN
from sync.server import idempotency, offer_feedback, stats
from sync.server.catalogue import ServerCatalogue
from sync.server.clock import utc_now
from sync.server.dependencies import Adviser, catalogue_of, current_adviser
from sync.server.routers.common import AUTH_ERRORS, PROBLEM

router = APIRouter(tags=["signalements et statistiques"], dependencies=[Depends(current_adviser)],
                   responses=AUTH_ERRORS)


@router.post(REPORTS_PATH, status_code=201, summary="Signaler le retour d'un jeune sur une offre (une seule fois)",
             response_model=ReportAccepted, responses={
                 201: {"description": "Signalement enregistré (ou rejoué : `Idempotent-Replayed: true`)."},
                 400: {**PROBLEM, "description": "Corps invalide, ou clé différente de l'identifiant."},
                 404: {**PROBLEM, "description": "Offre inconnue du catalogue national (conservé sous la clé), "
                                                 "ou clé d'un autre conseiller."},
                 422: {**PROBLEM, "description": "Clé déjà utilisée pour un autre signalement."}})
def report(offer_id: str = Path(..., pattern=IDENTIFIER_PATTERN), body: ReportIn = Body(...),
           adviser: Adviser = Depends(current_adviser), catalogue: ServerCatalogue = Depends(catalogue_of),
           key: str = Header(..., alias=IDEMPOTENCY_HEADER, max_length=64,
                             description="L'identifiant du signalement (le même que `id`).")) -> Response:
    payload = ReportPayload.from_json(body.model_dump(mode="json"), offer_id=offer_id)
    return idempotency.record(catalogue, key, payload.id,
                              lambda conn: offer_feedback.submit(conn, payload, adviser=adviser, now=utc_now()),
                              what="du signalement", another="un autre signalement")


@router.post(UNMET_SEARCHES_PATH, status_code=201, response_model=UnmetSearchesAccepted,
             summary="Ajouter des recherches restées sans résultat (anonymes, une seule fois par lot)", responses={
                 201: {"description": "Lot ajouté (ou rejoué : `Idempotent-Replayed: true`)."},
                 400: {**PROBLEM, "description": "Corps invalide, ou clé différente de l'identifiant."},
                 422: {**PROBLEM, "description": "Clé déjà utilisée pour un autre lot."}})
def unmet(body: UnmetSearchesIn = Body(...), catalogue: ServerCatalogue = Depends(catalogue_of),
          key: str = Header(..., alias=IDEMPOTENCY_HEADER, max_length=64,
                            description="L'identifiant du lot (le même que `id`).")) -> Response:
    payload = UnmetSearchesPayload.from_json(_merged(body))
    return idempotency.record(catalogue, key, payload.id,
                              lambda conn: stats.submit(conn, payload, now_iso=utc_iso(utc_now())),
                              what="du lot", another="un autre lot")


def _merged(body: UnmetSearchesIn) -> dict[str, object]:
    """A repeated query is added up and the days put in order: a valid body is never refused."""
    counts: dict[str, int] = {}
    for search in body.searches:
        counts[search.query] = min(MAX_COUNT, counts.get(search.query, 0) + search.count)
    first, last = sorted((body.first_day, body.last_day))
    return {"id": body.id, "first_day": first.isoformat(), "last_day": last.isoformat(),
            "searches": [{"query": q, "count": n} for q, n in counts.items()]}
