"""One idempotency discipline for every POST that creates something (activations, reports, batches).

The client id is both the body's ``id`` and the ``Idempotency-Key`` header. The first
request is judged and its answer stored under the key, in the same BEGIN IMMEDIATE
transaction; a later request with the same key gets that very answer again, with
``Idempotent-Replayed: true``, and changes nothing — provided it is the same body (else
422 ``cle-reutilisee``, not stored) and comes from the same adviser (else 404: another
adviser's key does not exist for them).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, select
from starlette.responses import Response

from sync.activation_protocol import IDEMPOTENCY_HEADER, KEY_REUSED, REPLAYED_HEADER
from sync.protocol import PROBLEM_MEDIA_TYPE
from sync.server.catalogue import ServerCatalogue
from sync.server.problems import Problem


@dataclass(frozen=True)
class Outcome:
    """The answer to one key: its status and body, replayed or not."""

    status: int
    body: dict[str, Any]
    replayed: bool = False

    @property
    def is_problem(self) -> bool:
        return self.status >= 400


class KeyReused(Exception):
    """The key already carried another body: a client bug, answered 422 and not stored."""


class NotYours(Exception):
    """The key (or what it names) belongs to another adviser: answered 404."""


@contextmanager
def write(catalogue: ServerCatalogue) -> Iterator[Connection]:
    """One BEGIN IMMEDIATE transaction: the key is looked up and stored under the lock."""
    with catalogue.engine.connect().execution_options(pej_write=True) as conn, conn.begin():
        yield conn


def check_key(key: str, body_id: str, what: str) -> None:
    """The header must name the body: 400 ``cle-differente`` otherwise."""
    if key != body_id:
        raise Problem(400, "cle-differente", "Clé d'idempotence différente",
                      f"L'en-tête {IDEMPOTENCY_HEADER} doit être l'identifiant {what} (champ « id »).")


def stored(conn: Connection, table: Table, key: str, fingerprint: str, owner: str | None) -> Outcome | None:
    """The stored answer of ``key`` (a replay), None for a new key; KeyReused / NotYours otherwise.

    ``owner`` None: the table names nobody (anonymous batches), any token may replay.
    """
    columns = [table.c.fingerprint, table.c.response, *(c for c in table.c if c.name in ("http_status", "owner"))]
    row = conn.execute(select(*columns).where(table.c.id == key)).mappings().first()
    if row is None:
        return None
    if owner is not None and row["owner"] != owner:
        raise NotYours(key)
    if row["fingerprint"] != fingerprint:
        raise KeyReused(key)
    return Outcome(int(row.get("http_status") or 201), json.loads(row["response"]), replayed=True)


def record(catalogue: ServerCatalogue, key: str, body_id: str, submit: Callable[[Connection], Outcome], *,
           what: str, another: str) -> Response:
    """Every creating POST: the key checked, ``submit`` run under the lock, the outcome answered.

    ``what`` names the thing in « l'identifiant {what} », ``another`` in « a déjà servi pour {another} ».
    """
    check_key(key, body_id, what)
    try:
        with write(catalogue) as conn:
            outcome = submit(conn)
    except KeyReused:
        raise reused(another) from None
    except NotYours:
        raise not_yours() from None
    return answer(outcome)


def answer(outcome: Outcome) -> Response:
    """The HTTP answer of an outcome, replayed or not (problem+json for a stored refusal)."""
    headers = {REPLAYED_HEADER: "true"} if outcome.replayed else {}
    media = PROBLEM_MEDIA_TYPE if outcome.is_problem else "application/json"
    return Response(json.dumps(outcome.body, ensure_ascii=False), status_code=outcome.status, media_type=media,
                    headers=headers)


def reused(what: str) -> Problem:
    return Problem(422, KEY_REUSED, "Clé déjà utilisée", f"Cette clé d'idempotence a déjà servi pour {what}.")


def not_yours() -> Problem:
    """Another adviser's key, activation or device: as if it did not exist (their data, not yours)."""
    return Problem(404, "introuvable", "Ressource introuvable",
                   "Cet identifiant n'existe pas pour votre jeton : il appartient peut-être à un autre conseiller.")
