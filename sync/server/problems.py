"""Errors as ``application/problem+json`` (RFC 9457), titles and details in French."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from sync.protocol import PROBLEM_MEDIA_TYPE, problem_type
from sync.protocol.wording import describe

log = logging.getLogger(__name__)

_STATUS_TITLES = {
    400: ("requete-invalide", "Requête invalide"),
    404: ("introuvable", "Ressource introuvable"),
    405: ("methode-non-autorisee", "Méthode non autorisée"),
    500: ("erreur-interne", "Erreur interne du serveur"),
    503: ("indisponible", "Service momentanément indisponible"),
}


class Problem(Exception):
    def __init__(self, status: int, slug: str, title: str, detail: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.slug, self.title, self.detail = status, slug, title, detail
        self.headers = headers or {}


def problem_body(status: int, slug: str, title: str, detail: str, instance: str | None = None) -> bytes:
    document: dict[str, Any] = {"type": problem_type(slug), "title": title, "status": status, "detail": detail}
    if instance:
        document["instance"] = instance
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def problem_response(status: int, slug: str, title: str, detail: str, *, instance: str | None = None,
                     headers: dict[str, str] | None = None) -> Response:
    return Response(problem_body(status, slug, title, detail, instance), status_code=status,
                    media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, error: Problem) -> Response:
        return problem_response(error.status, error.slug, error.title, error.detail,
                                instance=request.url.path, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        details = [describe({**e, "loc": tuple(e.get("loc") or ())[1:]}) for e in error.errors()[:3]]
        detail = "Paramètre invalide : " + " ; ".join(details) + "."
        return problem_response(400, "parametre-invalide", "Paramètre invalide", detail,
                                instance=request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        slug, title = _STATUS_TITLES.get(error.status_code, ("erreur", "Erreur"))
        detail = f"Aucune ressource à l'adresse {request.url.path}." if error.status_code == 404 else title + "."
        return problem_response(error.status_code, slug, title, detail, instance=request.url.path,
                                headers=dict(error.headers or {}))

    @app.exception_handler(Exception)
    async def _crash(request: Request, error: Exception) -> Response:
        log.error("unexpected server error on %s", request.url.path, exc_info=error)
        return problem_response(500, "erreur-interne", "Erreur interne du serveur",
                                "Le serveur a rencontré une erreur inattendue ; réessayez plus tard.",
                                instance=request.url.path)
