"""Every request and answer of the API, bounded like the records: one definition for both sides.

The server parses each body with these models (an invalid one is a 400 naming the
field, in French) and its OpenAPI document is generated from them; the client checks
the answers it relies on with them (an activation's acknowledgement, a lease renewal,
a lookup) so an answer outside the contract is never taken for a success.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

from sync.protocol.fields import (
    IDENTIFIER_PATTERN,
    ClientId,
    Count,
    Day,
    Identifier,
    Instant,
    RequestCents,
    request_int,
)
from sync.protocol.record_forms import Category, Offer, Partner, Tombstone

MAX_LOOKUP = 500
MAX_LEASE_OFFERS = 2000
MAX_BATCH = 500
MAX_COUNT = 100_000
MAX_QUERY_LENGTH = 80
_IN = ConfigDict(extra="ignore")
Code = Annotated[str, StringConstraints(pattern=r"^[^\s\x00-\x1f\x7f-\x9f]{1,128}$")]  # no space, no control
FoldedQuery = Annotated[str, StringConstraints(max_length=MAX_QUERY_LENGTH, pattern=r"^[a-z0-9]+( [a-z0-9]+)*$")]


class Problem(BaseModel):
    """RFC 9457 problem document, in French; a stored refusal also names what it refused."""

    type: str = Field(examples=["urn:pej:probleme:offre-retiree"])
    title: str = Field(examples=["Offre retirée"])
    status: int = Field(examples=[409])
    detail: str
    instance: str | None = None
    activation_id: str | None = Field(default=None, description="Présent pour un refus conservé sous la clé.")
    report_id: str | None = None
    offer_id: str | None = None
    code: str | None = None


# -- catalogue ---------------------------------------------------------------------------------
class ChangesPageOut(BaseModel):
    api_version: int = Field(examples=[1])
    since: str | None = Field(description="Le curseur de la requête, renvoyé tel quel (null sans curseur).")
    next_cursor: str = Field(description="Curseur opaque à renvoyer dans `since` ; présent même si la page est vide.")
    has_more: bool
    remaining: int = Field(description="Nombre d'enregistrements restant après cette page (pour la progression).")
    catalogue_version: str = Field(examples=["3f9a01bc.1284"])
    categories: list[Category]
    partners: list[Partner]
    offers: list[Offer]
    tombstones: list[Tombstone]


class Counts(BaseModel):
    category: int
    partner: int
    offer: int


class Status(BaseModel):
    api_version: int
    catalogue_version: str
    catalogue_label: str
    counts: Counts
    adviser: str
    server_time: str


# -- activations and leases --------------------------------------------------------------------
class ActivationIn(BaseModel):
    model_config = _IN
    id: ClientId = Field(description="Identifiant de l'activation créé par le poste ; identique à `Idempotency-Key`.",
                         examples=["5b0f4c1e-7d0a-4e8e-9a53-1f2a3b4c5d6e"])
    offer_id: Identifier = Field(examples=["demo-ali-001"])
    beneficiary: ClientId = Field(description="Identifiant pseudonyme du jeune sur le poste (jamais un nom).",
                                  examples=["0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a"])
    activated_at: Instant = Field(description="Instant de l'activation (ISO 8601 avec fuseau), éventuellement "
                                              "hors ligne.", examples=["2026-11-28T09:15:00+00:00"])
    device_id: ClientId = Field(description="Le poste qui a enregistré l'activation et à qui le code était prêté.")
    code: Code | None = Field(default=None, description="Le code de la réserve remis au jeune ; absent : "
                                                        "« code à venir », attribué par le serveur.")
    saving_cents_per_month: RequestCents | None = Field(default=None,
                                                        description="Économie mensuelle estimée (centimes).")


class ActivationAccepted(BaseModel):
    id: str
    status: Literal["accepted"]
    offer_id: str
    beneficiary: str
    code: str | None = Field(description="Le code du jeune (celui de la réserve, ou attribué par le serveur).")
    code_source: Literal["lease", "pool"] | None
    activated_at: str
    received_at: str
    adviser: str


class LookupIn(BaseModel):
    model_config = _IN
    ids: Annotated[list[ClientId], Field(max_length=MAX_LOOKUP)] = Field(
        description=f"Identifiants d'activations ({MAX_LOOKUP} au plus).")


class ActivationState(BaseModel):
    id: str
    status: Literal["accepted", "rejected"]
    offer_id: str
    code: str | None
    used_at: str | None = Field(description="Quand le partenaire a accepté le code ; null s'il n'a pas servi.")


class LookupOut(BaseModel):
    activations: list[ActivationState]
    unknown: list[str] = Field(description="Identifiants jamais reçus du conseiller de ce jeton.")


class CodePair(BaseModel):
    model_config = _IN
    offer_id: Identifier
    code: Code


class LostCode(CodePair):
    reason: Literal["attribue", "autre-poste", "inconnu"]


_WANT_SCHEMA = {"type": "object", "maxProperties": MAX_LEASE_OFFERS, "propertyNames": {"pattern": IDENTIFIER_PATTERN},
                "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 1000}}


class LeasesIn(BaseModel):
    model_config = _IN
    device_id: ClientId
    want: Annotated[dict[Identifier, request_int(0, 1000)],  # type: ignore[valid-type]
                    Field(max_length=MAX_LEASE_OFFERS), WithJsonSchema(_WANT_SCHEMA)] = Field(
        default_factory=dict, description="Offre → nombre de codes souhaités en réserve (10 au plus sont prêtés).")
    reserve: Annotated[list[CodePair], Field(max_length=20_000)] = Field(
        default_factory=list, description="Codes inutilisés que le poste détient.")
    pending: Annotated[list[CodePair], Field(max_length=20_000)] = Field(
        default_factory=list, description="Codes remis à un jeune dont l'activation n'a pas encore été reçue.")


class LeasesOut(BaseModel):
    device_id: str
    server_time: str
    expires_at: str = Field(description="Fin du prêt de tous les codes renouvelés par cet appel.")
    lease_seconds: int
    leases: list[CodePair] = Field(description="Toute la réserve du poste après l'appel (elle remplace la sienne).")
    pending: list[CodePair]
    lost: list[LostCode] = Field(description="Codes listés par le poste qui ne lui sont plus prêtés.")
    available: dict[str, int] = Field(description="Codes encore libres au niveau national, par offre demandée.")


class CodeUsedIn(BaseModel):
    model_config = _IN
    offer_id: Identifier
    code: Code
    used_at: Instant | None = Field(default=None, description="Instant d'utilisation (maintenant par défaut).")


class CodeUsedOut(BaseModel):
    activation_id: str
    used_at: str


# -- reports and unmet searches ----------------------------------------------------------------
class ReportIn(BaseModel):
    model_config = _IN
    id: ClientId = Field(description="Identifiant du signalement créé par le poste ; identique à `Idempotency-Key`.",
                         examples=["7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"])
    kind: Literal["worked", "code_failed", "too_small", "not_understood"] = Field(
        description="worked (ça a marché), code_failed (le code ou le lien n'a pas marché), too_small (réduction "
                    "trop faible), not_understood (pas compris comment l'utiliser).", examples=["code_failed"])
    reported_at: Instant = Field(description="Instant du signalement (ISO 8601 avec fuseau).",
                                 examples=["2026-11-28T09:30:00+00:00"])
    device_id: ClientId = Field(description="Le poste qui a enregistré le signalement.")
    activation_id: ClientId | None = Field(default=None, description="L'activation concernée, si elle est connue.")


class ReportAccepted(BaseModel):
    id: str
    status: Literal["accepted"]
    offer_id: str
    kind: str
    received_at: str


class ReportCount(BaseModel):
    offer_id: str
    kind: str
    count: int


class SearchCount(BaseModel):
    model_config = _IN
    query: FoldedQuery = Field(description="Recherche repliée : minuscules sans accents, mots séparés par une espace.",
                               examples=["velo electrique"])
    count: request_int(1, MAX_COUNT) = Field(examples=[3])  # type: ignore[valid-type]


class UnmetSearchesIn(BaseModel):
    model_config = _IN
    id: ClientId = Field(description="Identifiant du lot créé par le poste ; identique à `Idempotency-Key`.")
    first_day: Day = Field(examples=["2026-11-01"])
    last_day: Day = Field(examples=["2026-11-28"])
    searches: Annotated[list[SearchCount], Field(min_length=1, max_length=MAX_BATCH)] = Field(
        description=f"{MAX_BATCH} recherches au plus ; une recherche répétée est additionnée.")


class UnmetSearchesAccepted(BaseModel):
    id: str
    status: Literal["accepted"]
    searches: int = Field(description="Nombre de recherches distinctes du lot.")
    total: int = Field(description="Somme des comptes du lot.")
    received_at: str


class UnmetSearchTotal(BaseModel):
    query: str
    count: int
    first_day: str
    last_day: str


__all__ = ["ActivationAccepted", "ActivationIn", "ActivationState", "ChangesPageOut", "CodePair", "CodeUsedIn",
           "CodeUsedOut", "Count", "Counts", "LeasesIn", "LeasesOut", "LookupIn", "LookupOut", "LostCode", "Problem",
           "ReportAccepted", "ReportCount", "ReportIn", "SearchCount", "Status", "UnmetSearchTotal",
           "UnmetSearchesAccepted", "UnmetSearchesIn"]
