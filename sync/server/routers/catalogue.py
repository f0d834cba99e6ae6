"""The catalogue feed and the connection test."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from sync.protocol import API_VERSION, CHANGES_PATH, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, STATUS_PATH
from sync.protocol.exchanges import ChangesPageOut, Status
from sync.server.catalogue import ServerCatalogue, catalogue_label
from sync.server.clock import utc_now
from sync.server.dependencies import Adviser, catalogue_of, current_adviser
from sync.server.feed import CursorRejected, catalogue_version, check_cursor, etag_for, etag_matches, read_page
from sync.server.problems import Problem
from sync.server.routers.common import AUTH_ERRORS, PROBLEM

router = APIRouter(tags=["catalogue"], dependencies=[Depends(current_adviser)], responses=AUTH_ERRORS)


def _cursor_problem(error: CursorRejected) -> Problem:
    """Any cursor this server cannot vouch for is gone: the client starts a full sync (never stuck)."""
    detail = str(error) if error.gone else ("Ce curseur n'est pas un curseur de ce serveur : une synchronisation "
                                           "complète est nécessaire.")
    return Problem(410, "curseur-expire", "Curseur expiré", detail)


@router.get(CHANGES_PATH, summary="Changements du catalogue depuis un curseur", response_model=None, responses={
    200: {"model": ChangesPageOut, "description": "Une page de changements (gzip si demandé)."},
    304: {"description": "Rien n'a changé depuis la version indiquée dans `If-None-Match`."},
    400: {**PROBLEM, "description": "Paramètre hors du format du contrat."},
    410: {**PROBLEM, "description": "Curseur inconnu, expiré ou illisible : refaire une synchronisation complète."}})
def changes(request: Request, catalogue: ServerCatalogue = Depends(catalogue_of),
            since: str | None = Query(None, max_length=512, pattern=r"^[A-Za-z0-9_-]+$",
                                      description="Curseur opaque ; absent = tout le catalogue."),
            limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)) -> Response:
    with catalogue.read() as conn:
        state = catalogue.feed_state(conn)
        try:
            cursor = check_cursor(since, state)
        except CursorRejected as error:
            raise _cursor_problem(error) from None
        headers = {"ETag": etag_for(state), "Cache-Control": "private, no-cache"}
        if etag_matches(request.headers.get("if-none-match"), headers["ETag"]):
            return Response(status_code=304, headers=headers)
        page = read_page(conn, state, since, cursor, limit)
    return Response(page.body, media_type="application/json", headers=headers)


@router.get(STATUS_PATH, summary="État du catalogue (test de connexion)", response_model=Status)
def status(adviser: Adviser = Depends(current_adviser),
           catalogue: ServerCatalogue = Depends(catalogue_of)) -> dict[str, Any]:
    with catalogue.read() as conn:
        state, label = catalogue.feed_state(conn), catalogue_label(conn)
    return {"api_version": API_VERSION, "catalogue_version": catalogue_version(state),
            "catalogue_label": label, "counts": catalogue.counts(), "adviser": adviser.name,
            "server_time": utc_now().isoformat()}
