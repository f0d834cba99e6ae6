"""Activations received by the national side: exactly once, business rules, stored outcomes.

``submit`` runs in one BEGIN IMMEDIATE transaction: look the key up, judge the
activation, hand a code over if needed, and store the outcome under the key — the
accepted activation or the refusal, with the very response sent. A replay of the key
(a client that timed out, crashed, or imported an outbox on another machine) gets that
stored response back, never a second activation. The key is kept forever.

Rules, in this order: the offer must still be published (judged on receipt: a
withdrawn offer is not honoured), valid on the day of the activation (judged on the
activation's own date: an offline activation is not penalised for its delay); a
one-time offer once per young person; a renewable one again only once the previous
code has been used and 24 hours have passed since the later of its activation and its
use; then the code: the leased code carried by the activation, or the first free code
of the pool ("code à venir"). A leased code whose lease ran out is still honoured if
nobody else holds it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from sync import activation_protocol as wire
from sync.activation_protocol import ActivationPayload
from sync.protocol import problem_type
from sync.server import codes, idempotency
from sync.server.db import activations, records
from sync.server.dependencies import Adviser
from sync.server.idempotency import NotYours, Outcome

RENEWAL_DELAY = dt.timedelta(hours=24)


class _Refusal(Exception):
    def __init__(self, status: int, slug: str, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.slug, self.title, self.detail = status, slug, title, detail


def submit(conn: Connection, payload: ActivationPayload, *, adviser: Adviser, now: dt.datetime) -> Outcome:
    """Judge and record one activation, or replay the stored outcome of its key (its owner only)."""
    replay = idempotency.stored(conn, activations, payload.id, payload.fingerprint(), adviser.owner)
    if replay is not None:
        return replay
    if not codes.claim_device(conn, payload.device_id, adviser.owner, now):
        raise NotYours(payload.device_id)
    codes.expire_leases(conn, now)
    offer = _offer(conn, payload.offer_id)
    try:
        _check_offer(offer, payload, now)
        _check_history(conn, offer, payload)
        code, source = _code_for(conn, offer, payload)
    except _Refusal as refusal:
        return _refuse(conn, payload, refusal, adviser=adviser, now=now)
    if code is not None:
        codes.assign(conn, payload.offer_id, code, payload.id, now)
    body = {"id": payload.id, "status": "accepted", "offer_id": payload.offer_id,
            "beneficiary": payload.beneficiary, "code": code, "code_source": source,
            "activated_at": wire.utc_iso(payload.activated_at), "received_at": codes.iso(now), "adviser": adviser.name}
    _store(conn, payload, status="accepted", http_status=201, body=body, adviser=adviser, now=now,
           code=code, source=source)
    return Outcome(201, body)


# -- the offer ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Offer:
    id: str
    gone: str | None
    payload: dict[str, Any] | None

    @property
    def title(self) -> str:
        return str((self.payload or {}).get("title") or self.id)

    @property
    def kind(self) -> str:
        return str((self.payload or {}).get("kind") or "")

    @property
    def renewable(self) -> bool:
        return bool((self.payload or {}).get("renewable"))

    def day(self, name: str) -> dt.date | None:
        value = (self.payload or {}).get(name)
        return dt.date.fromisoformat(value) if value else None


def _offer(conn: Connection, offer_id: str) -> _Offer:
    row = conn.execute(select(records.c.gone, records.c.payload)
                       .where(records.c.kind == "offer", records.c.id == offer_id)).first()
    if row is None:
        return _Offer(offer_id, "deleted", None)
    return _Offer(offer_id, row.gone, json.loads(row.payload) if row.payload else None)


def _check_offer(offer: _Offer, payload: ActivationPayload, now: dt.datetime) -> None:
    if payload.activated_at > now + wire.CLOCK_TOLERANCE:
        raise _Refusal(422, wire.CLOCK_WRONG, "Date d'activation invalide",
                       "L'activation est datée dans le futur : l'horloge de ce poste est sans doute déréglée.")
    if offer.payload is None:
        raise _Refusal(409, wire.OFFER_UNKNOWN, "Offre inconnue",
                       f"L'offre « {offer.id} » n'existe pas (ou plus) dans le catalogue national.")
    if offer.gone == "unpublished":
        raise _Refusal(409, wire.OFFER_WITHDRAWN, "Offre retirée",
                       f"L'offre « {offer.title} » a été retirée du catalogue national : "
                       "l'activation n'a pas été enregistrée.")
    day = payload.activated_at.date()
    valid_from, valid_to = offer.day("valid_from"), offer.day("valid_to")
    if valid_from and day < valid_from:
        raise _Refusal(409, wire.OFFER_NOT_YET, "Offre pas encore valable",
                       f"L'offre « {offer.title} » n'est valable qu'à partir du {_french_date(valid_from)}.")
    if valid_to and day > valid_to:
        raise _Refusal(409, wire.OFFER_EXPIRED, "Offre expirée",
                       f"L'offre « {offer.title} » a expiré le {_french_date(valid_to)}.")


def _check_history(conn: Connection, offer: _Offer, payload: ActivationPayload) -> None:
    previous = conn.execute(select(activations.c.activated_at, activations.c.used_at).where(
        activations.c.beneficiary == payload.beneficiary, activations.c.offer_id == payload.offer_id,
        activations.c.status == "accepted").order_by(activations.c.activated_at.desc()).limit(1)).first()
    if previous is None:
        return
    activated = dt.datetime.fromisoformat(previous.activated_at)
    if not offer.renewable:
        raise _Refusal(409, wire.ALREADY_ACTIVATED, "Offre déjà activée",
                       f"L'offre « {offer.title} » ne s'active qu'une fois par jeune ; elle l'a déjà été "
                       f"le {_french_date(activated.date())}.")
    if previous.used_at is None:
        raise _Refusal(409, wire.PREVIOUS_NOT_USED, "Code précédent non utilisé",
                       f"Le code précédent de l'offre « {offer.title} » (activé le {_french_date(activated.date())}) "
                       "n'a pas encore été utilisé : un nouveau code n'est possible qu'après son utilisation.")
    ready = max(activated, dt.datetime.fromisoformat(previous.used_at)) + RENEWAL_DELAY
    if payload.activated_at < ready:
        local = ready.astimezone()
        raise _Refusal(409, wire.RENEWAL_TOO_EARLY, "Renouvellement trop tôt",
                       f"Un nouveau code de l'offre « {offer.title} » n'est possible qu'à partir du "
                       f"{_french_date(local.date())} à {local:%H:%M} (24 h après l'utilisation du précédent).")


def _code_for(conn: Connection, offer: _Offer, payload: ActivationPayload) -> tuple[str | None, str | None]:
    if not wire.needs_code(offer.kind):
        if payload.code is not None:
            raise _Refusal(422, wire.CODE_UNKNOWN, "Code inattendu",
                           f"L'offre « {offer.title} » ne se présente pas avec un code personnel.")
        return None, None
    if payload.code is None:
        free = codes.free_codes(conn, offer.id, 1)
        if not free:
            raise _Refusal(409, wire.QUOTA_REACHED, "Quota de l'offre atteint",
                           f"Plus aucun code n'est disponible pour l'offre « {offer.title} » au niveau national.")
        return free[0], "pool"
    state = codes.code_state(conn, offer.id, payload.code)
    if not state.exists:
        raise _Refusal(422, wire.CODE_UNKNOWN, "Code inconnu",
                       f"Le code « {payload.code} » n'appartient pas à la réserve de l'offre « {offer.title} ».")
    if state.assigned_to is not None or state.leased_to not in (None, payload.device_id):
        raise _Refusal(409, wire.CODE_TAKEN, "Code déjà utilisé",
                       f"Le code « {payload.code} » a déjà été attribué à un autre jeune (la réserve de ce poste "
                       "avait expiré) : il ne fonctionnera pas.")
    return payload.code, "lease"


# -- storing -------------------------------------------------------------------------------------
def _refuse(conn: Connection, payload: ActivationPayload, refusal: _Refusal, *, adviser: Adviser,
            now: dt.datetime) -> Outcome:
    """Store the refusal under the key; a code it carried that nobody else holds is retired with it.

    The young person has seen that code: it goes to nobody else (it stays assigned to
    this refused activation), so two young people never hold the same code.
    """
    body = {"type": problem_type(refusal.slug), "title": refusal.title, "status": refusal.status,
            "detail": refusal.detail, "instance": f"{wire.ACTIVATIONS_PATH}/{payload.id}",
            "activation_id": payload.id, "offer_id": payload.offer_id, "code": payload.code}
    retired = None
    if payload.code is not None:
        state = codes.code_state(conn, payload.offer_id, payload.code)
        if state.exists and state.assigned_to is None and state.leased_to in (None, payload.device_id):
            codes.assign(conn, payload.offer_id, payload.code, payload.id, now)
            retired = payload.code
    _store(conn, payload, status="rejected", http_status=refusal.status, body=body, adviser=adviser, now=now,
           code=retired, source="lease" if retired else None)
    return Outcome(refusal.status, body)


def _store(conn: Connection, payload: ActivationPayload, *, status: str, http_status: int, body: dict[str, Any],
           adviser: Adviser, now: dt.datetime, code: str | None, source: str | None) -> None:
    conn.execute(insert(activations).values(
        id=payload.id, fingerprint=payload.fingerprint(), offer_id=payload.offer_id,
        beneficiary=payload.beneficiary, device_id=payload.device_id, adviser=adviser.name, owner=adviser.owner,
        activated_at=wire.utc_iso(payload.activated_at), received_at=codes.iso(now), status=status, code=code,
        code_source=source, http_status=http_status, response=json.dumps(body, ensure_ascii=False)))


# -- reading and marking use ---------------------------------------------------------------------
def lookup(conn: Connection, ids: list[str], owner: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The state of this owner's activations (code used or not); any other id is unknown to them."""
    rows = conn.execute(select(activations.c.id, activations.c.status, activations.c.offer_id, activations.c.code,
                               activations.c.used_at).where(activations.c.id.in_(ids),
                                                            activations.c.owner == owner)).mappings().all()
    found = [dict(r) for r in rows]
    known = {r["id"] for r in found}
    return found, [i for i in ids if i not in known]


def mark_used(conn: Connection, offer_id: str, code: str, used_at: dt.datetime) -> str | None:
    """A partner redeemed the code: the activation holding it is marked used; its id, or None."""
    found = conn.execute(select(activations.c.id).where(
        activations.c.offer_id == offer_id, activations.c.code == code, activations.c.status == "accepted")).scalar()
    if found is not None:
        conn.execute(update(activations).where(activations.c.id == found).values(used_at=codes.iso(used_at)))
    return found


def _french_date(day: dt.date) -> str:
    """« 05/12/2026 », as the desktop writes a day."""
    return f"{day:%d/%m/%Y}"
