"""The FastAPI application of the reference national API, wrapped in gzip and fault mode."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import Body, FastAPI, Query, Request
from sqlalchemy import Engine
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import JSONResponse, Response

from sync.protocol import API_VERSION, CHANGES_PATH, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, OPENAPI_PATH, STATUS_PATH
from sync.server import schemas
from sync.server.catalogue import SCOPE_ADMIN, SCOPE_READ, ServerCatalogue, catalogue_label
from sync.server.db import open_server_db
from sync.server.dependencies import BearerGate, authenticate
from sync.server.faults import FaultBook, PageFaults, TransportFaults
from sync.server.feed import CursorRejected, catalogue_version, check_cursor, etag_for, etag_matches, read_page
from sync.server.problems import Problem, install_problem_handlers

GZIP_LEVEL = 5
_PROBLEM = {"model": schemas.Problem, "content": {"application/problem+json": {}}}
_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {**_PROBLEM, "description": "Jeton absent ou inconnu (`WWW-Authenticate: Bearer`)."},
    403: {**_PROBLEM, "description": "Jeton révoqué, ou sans le droit demandé."},
}
DESCRIPTION = """API du catalogue national du Pass Engagement Jeune (serveur de référence).

Le flux `/v1/catalogue/changes` donne les catégories, partenaires et offres modifiés
depuis un curseur opaque, avec des suppressions (« tombstones ») pour les offres
supprimées ou dépubliées. `POST /v1/activations` enregistre une activation une seule
fois (en-tête `Idempotency-Key`) ; `POST /v1/codes/leases` prête aux postes une réserve
de codes pour activer hors ligne. Voir docs/api.md et docs/activations.md."""


def _cursor_problem(error: CursorRejected) -> Problem:
    if error.gone:
        return Problem(410, "curseur-expire", "Curseur expiré", str(error))
    return Problem(400, "curseur-invalide", "Curseur invalide", str(error))


def build_api(catalogue: ServerCatalogue, faults: FaultBook) -> FastAPI:
    """The routes; ``catalogue`` is only used when a request comes in."""
    app = FastAPI(title="API nationale du catalogue PEJ", version=f"{API_VERSION}.0", description=DESCRIPTION,
                  openapi_url=OPENAPI_PATH, docs_url="/v1/docs", redoc_url=None)
    install_problem_handlers(app)

    @app.get(CHANGES_PATH, tags=["catalogue"], summary="Changements du catalogue depuis un curseur",
             response_model=None, responses={
                 200: {"model": schemas.ChangesPage, "description": "Une page de changements (gzip si demandé)."},
                 304: {"description": "Rien n'a changé depuis la version indiquée dans `If-None-Match`."},
                 400: {**_PROBLEM, "description": "Curseur ou paramètre invalide."},
                 410: {**_PROBLEM, "description": "Curseur inconnu : refaire une synchronisation complète."},
                 **_AUTH_ERRORS})
    def changes(request: Request,
                since: str | None = Query(None, max_length=512, description="Curseur opaque ; absent = tout le catalogue."),
                limit: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)) -> Response:
        authenticate(request, catalogue, SCOPE_READ)
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

    @app.get(STATUS_PATH, tags=["catalogue"], summary="État du catalogue (test de connexion)",
             response_model=schemas.Status, responses=_AUTH_ERRORS)
    def status(request: Request) -> dict[str, Any]:
        adviser = authenticate(request, catalogue, SCOPE_READ)
        with catalogue.read() as conn:
            state, label = catalogue.feed_state(conn), catalogue_label(conn)
        return {"api_version": API_VERSION, "catalogue_version": catalogue_version(state),
                "catalogue_label": label, "counts": catalogue.counts(), "adviser": adviser.name,
                "server_time": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()}

    _admin_routes(app, catalogue, faults)
    from sync.server.activation_routes import install_activation_routes

    install_activation_routes(app, catalogue)
    from sync.server.reports import install_report_routes
    from sync.server.stats import install_stats_routes

    install_report_routes(app, catalogue)
    install_stats_routes(app, catalogue)
    return app


def _admin_routes(app: FastAPI, catalogue: ServerCatalogue, faults: FaultBook) -> None:
    admin = {"tags": ["administration (banc d'essai)"], "responses": _AUTH_ERRORS}

    @app.get("/admin/faults", summary="Pannes simulées en vigueur", response_model=list[schemas.FaultRule], **admin)
    def get_faults(request: Request) -> list[dict[str, Any]]:
        authenticate(request, catalogue, SCOPE_ADMIN)
        return faults.snapshot()

    @app.put("/admin/faults", summary="Remplacer les pannes simulées", response_model=list[schemas.FaultRule], **admin)
    def put_faults(request: Request, rules: list[dict[str, Any]] = Body(...)) -> list[dict[str, Any]]:
        authenticate(request, catalogue, SCOPE_ADMIN)
        try:
            faults.replace(rules)
        except ValueError as error:
            raise Problem(400, "panne-invalide", "Panne invalide", str(error)) from None
        return faults.snapshot()

    @app.delete("/admin/faults", summary="Arrêter les pannes simulées", status_code=204, **admin)
    def delete_faults(request: Request) -> Response:
        authenticate(request, catalogue, SCOPE_ADMIN)
        faults.clear()
        return Response(status_code=204)

    @app.post("/admin/restart", summary="Redémarrer le serveur", status_code=202, **admin)
    def restart(request: Request, down: float = Query(0.0, ge=0, le=30)) -> JSONResponse:
        authenticate(request, catalogue, SCOPE_ADMIN)
        if faults.restart_hook is None:
            raise Problem(503, "indisponible", "Redémarrage impossible", "Ce serveur ne sait pas redémarrer seul.")
        faults.restart_hook(down)
        return JSONResponse({"detail": "Redémarrage demandé."}, status_code=202)


def create_app(db_path: Path, faults: FaultBook | None = None) -> tuple[Any, Engine]:
    """The ASGI application on this database file (and its engine, to dispose of on stop)."""
    engine = open_server_db(db_path)
    book = faults if faults is not None else FaultBook()
    catalogue = ServerCatalogue(engine)
    api = BearerGate(build_api(catalogue, book), catalogue)
    wire = TransportFaults(GZipMiddleware(PageFaults(api, book), minimum_size=500, compresslevel=GZIP_LEVEL), book)
    return wire, engine
