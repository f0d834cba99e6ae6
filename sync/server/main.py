"""The reference national API, FastAPI's way: the application, its routers, its middlewares.

``build_api`` assembles the routers (one per resource, each depending on the token
before any body is read); ``create_app`` opens the database and wraps the application
in the bearer gate (401 before any parsing), gzip and fault mode. Nothing here creates
a table: ``sync.server.db`` does, once, when the database is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from fastapi import FastAPI, Request
from sqlalchemy import Engine
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp

from sync.activation_protocol import PayloadError
from sync.protocol import API_VERSION, OPENAPI_PATH
from sync.server.catalogue import ServerCatalogue
from sync.server.db import open_server_db
from sync.server.dependencies import BearerGate
from sync.server.faults import FaultBook, PageFaults, TransportFaults
from sync.server.problems import install_problem_handlers, problem_response
from sync.server.routers import activations, admin, catalogue, offer_feedback

GZIP_LEVEL = 5
DESCRIPTION = """API du catalogue national du Pass Engagement Jeune (serveur de référence).

Le flux `/v1/catalogue/changes` donne les catégories, partenaires et offres modifiés
depuis un curseur opaque, avec des suppressions (« tombstones ») pour les offres
supprimées ou dépubliées. `POST /v1/activations` enregistre une activation une seule
fois (en-tête `Idempotency-Key`) ; `POST /v1/codes/leases` prête aux postes une réserve
de codes pour activer hors ligne. Chaque jeton appartient à un conseiller d'une
structure, qui ne voit que ce que ses jetons ont créé. Voir docs/api.md et docs/activations.md."""


def build_api(national: ServerCatalogue | None, faults: FaultBook) -> FastAPI:
    """The routes; ``national`` is only used when a request comes in (None: the OpenAPI document)."""
    app = FastAPI(title="API nationale du catalogue PEJ", version=f"{API_VERSION}.0", description=DESCRIPTION,
                  openapi_url=OPENAPI_PATH, docs_url="/v1/docs", redoc_url=None)
    app.state.catalogue, app.state.faults = national, faults
    install_problem_handlers(app)

    @app.exception_handler(PayloadError)
    async def _payload(request: Request, error: PayloadError) -> Response:
        return problem_response(400, "requete-invalide", "Requête invalide", str(error), instance=request.url.path)

    for router in (catalogue.router, activations.router, offer_feedback.router, admin.router):
        app.include_router(router)
    return app


def create_app(db_path: str | Path, faults: FaultBook | None = None) -> tuple[Any, Engine]:
    """The ASGI application on this database (file or URL), and its engine, to dispose of on stop."""
    engine = open_server_db(db_path)
    book = faults if faults is not None else FaultBook()
    national = ServerCatalogue(engine)
    api = BearerGate(build_api(national, book), national)
    pages = cast(ASGIApp, PageFaults(api, book))  # a plain ASGI callable; starlette's alias is narrower
    wire = TransportFaults(GZipMiddleware(pages, minimum_size=500, compresslevel=GZIP_LEVEL), book)
    return wire, engine
