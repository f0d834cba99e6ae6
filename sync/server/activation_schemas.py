"""Pydantic models of the activation and lease endpoints (parsing and the OpenAPI document).

The strict checks of an activation (identifiers, instants with their time zone) are
those of ``sync.activation_protocol.ActivationPayload``, shared with the client.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ActivationIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str = Field(description="Identifiant de l'activation créé par le poste ; identique à `Idempotency-Key`.",
                    examples=["5b0f4c1e-7d0a-4e8e-9a53-1f2a3b4c5d6e"])
    offer_id: str = Field(examples=["demo-ali-001"])
    beneficiary: str = Field(description="Identifiant pseudonyme du jeune sur le poste (jamais un nom).",
                             examples=["0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a"])
    activated_at: str = Field(description="Instant de l'activation (ISO 8601 avec fuseau), éventuellement "
                                          "hors ligne.", examples=["2026-11-28T09:15:00+00:00"])
    device_id: str = Field(description="Le poste qui a enregistré l'activation et à qui le code était prêté.")
    code: str | None = Field(default=None, description="Le code de la réserve remis au jeune ; absent : "
                                                       "« code à venir », attribué par le serveur.")
    saving_cents_per_month: int | None = Field(default=None, description="Économie mensuelle estimée (centimes).")


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


class ActivationProblem(BaseModel):
    type: str = Field(examples=["urn:pej:probleme:offre-retiree"])
    title: str = Field(examples=["Offre retirée"])
    status: int = Field(examples=[409])
    detail: str
    instance: str | None = None
    activation_id: str | None = Field(default=None, description="Présent pour un refus conservé sous la clé.")
    offer_id: str | None = None
    code: str | None = None


class LookupIn(BaseModel):
    ids: list[str] = Field(description="Identifiants d'activations (500 au plus).")


class ActivationState(BaseModel):
    id: str
    status: Literal["accepted", "rejected"]
    offer_id: str
    code: str | None
    used_at: str | None = Field(description="Quand le partenaire a accepté le code ; null s'il n'a pas servi.")


class LookupOut(BaseModel):
    activations: list[ActivationState]
    unknown: list[str] = Field(description="Identifiants jamais reçus par le serveur.")


class CodePair(BaseModel):
    offer_id: str
    code: str


class LostCode(CodePair):
    reason: Literal["attribue", "autre-poste", "inconnu"]


class LeasesIn(BaseModel):
    device_id: str = Field(min_length=8, max_length=64)
    want: dict[str, int] = Field(default_factory=dict, description="Offre → nombre de codes souhaités en réserve.")
    reserve: list[CodePair] = Field(default_factory=list, description="Codes inutilisés que le poste détient.")
    pending: list[CodePair] = Field(default_factory=list, description="Codes remis à un jeune dont l'activation "
                                                                       "n'a pas encore été reçue.")


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
    offer_id: str
    code: str
    used_at: str | None = Field(default=None, description="Instant d'utilisation (maintenant par défaut).")


class CodeUsedOut(BaseModel):
    activation_id: str
    used_at: str
