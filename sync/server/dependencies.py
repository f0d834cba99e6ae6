"""Who is asking: the bearer token → one adviser of one structure, checked before any body.

``BearerGate`` wraps the whole API: a request to ``/v1/…`` or ``/admin/…`` without a
token the server knows is answered 401 (revoked: 403) before FastAPI reads its body, so
a stranger never learns what a valid body looks like (never 400 or 422). The adviser it
found travels in the request's state; ``authenticate`` then checks the scope a route
needs. Everything an adviser creates is stored under ``Adviser.owner``, and every query
on it is filtered by that owner: another adviser's data answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from sqlalchemy import select

from sync.protocol import OPENAPI_PATH
from sync.server.catalogue import SCOPE_ADMIN, SCOPE_READ, ServerCatalogue, hash_token
from sync.server.db import tokens
from sync.server.problems import Problem, problem_response

OPEN_PATHS = frozenset({OPENAPI_PATH, "/v1/docs", "/v1/docs/oauth2-redirect"})
_STATE_KEY = "pej_adviser"


@dataclass(frozen=True)
class Adviser:
    """The holder of a token: an adviser of one structure (or the national team, scope admin)."""

    name: str
    structure: str
    scope: str

    @property
    def owner(self) -> str:
        """The key everything this adviser creates is stored under (any of their tokens)."""
        return f"{self.structure}/{self.name}" if self.structure else self.name


def _unauthenticated(detail: str) -> Problem:
    return Problem(401, "authentification-requise", "Authentification requise", detail,
                   headers={"WWW-Authenticate": 'Bearer realm="pej", error="invalid_token"'})


def token_holder(catalogue: ServerCatalogue, header: str) -> Adviser:
    """The adviser of an ``Authorization`` header; 401 (who are you?) or 403 (revoked)."""
    kind, _, token = header.partition(" ")
    if kind.lower() != "bearer" or not token.strip():
        raise _unauthenticated("Aucun jeton fourni : ajoutez l'en-tête « Authorization: Bearer <jeton> ».")
    with catalogue.read() as conn:
        row = conn.execute(select(tokens.c.adviser, tokens.c.structure, tokens.c.scope, tokens.c.revoked_at)
                           .where(tokens.c.token_hash == hash_token(token.strip()))).first()
    if row is None:
        raise _unauthenticated("Ce jeton est inconnu de l'API nationale.")
    if row.revoked_at is not None:
        raise Problem(403, "jeton-revoque", "Jeton révoqué",
                      "Ce jeton a été révoqué par l'équipe nationale : demandez-en un nouveau.")
    return Adviser(name=row.adviser, structure=row.structure or "", scope=row.scope)


def catalogue_of(request: Request) -> ServerCatalogue:
    """The server's catalogue (database), set on the application by ``sync.server.main``."""
    return request.app.state.catalogue  # type: ignore[no-any-return]


def current_adviser(request: Request) -> Adviser:
    """Dependency of every router: the adviser the token belongs to (401/403 otherwise)."""
    return authenticate(request, catalogue_of(request), SCOPE_READ)


def admin_adviser(request: Request) -> Adviser:
    """Dependency of the administration routes: an ``admin`` token (403 otherwise)."""
    return authenticate(request, catalogue_of(request), SCOPE_ADMIN)


def authenticate(request: Request, catalogue: ServerCatalogue, scope: str) -> Adviser:
    """The adviser the gate let in (or checked now), with the right ``scope``; 403 otherwise."""
    adviser = request.scope.get("state", {}).get(_STATE_KEY)
    if adviser is None:
        adviser = token_holder(catalogue, request.headers.get("authorization", ""))
    if scope == SCOPE_ADMIN and adviser.scope != SCOPE_ADMIN:
        raise Problem(403, "droits-insuffisants", "Droits insuffisants",
                      "Ce jeton ne donne pas accès à l'administration du serveur.")
    return adviser


class BearerGate:
    """ASGI middleware: no known token, no body read (401 before any parsing)."""

    def __init__(self, app: Any, catalogue: ServerCatalogue) -> None:
        self.app, self.catalogue = app, catalogue

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in OPEN_PATHS or not path.startswith(("/v1/", "/admin/")):
            await self.app(scope, receive, send)
            return
        header = dict(scope.get("headers") or []).get(b"authorization", b"").decode("latin-1")
        try:
            adviser = token_holder(self.catalogue, header)
        except Problem as problem:
            response = problem_response(problem.status, problem.slug, problem.title, problem.detail,
                                        instance=path, headers=problem.headers)
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})[_STATE_KEY] = adviser
        await self.app(scope, receive, send)
