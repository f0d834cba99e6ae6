"""Pydantic models describing the API in the OpenAPI document (documentation only).

The feed builds its JSON from stored payloads without going through these models, so
they list the main fields and allow more: the record format itself is defined, and
validated, by ``pej_desktop.store.records``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    type: str = Field(examples=["urn:pej:probleme:curseur-expire"])
    title: str = Field(examples=["Curseur expiré"])
    status: int = Field(examples=[410])
    detail: str = Field(examples=["Le catalogue national a été reconstruit depuis votre dernière "
                                  "synchronisation : une synchronisation complète est nécessaire."])
    instance: str | None = Field(default=None, examples=["/v1/catalogue/changes"])


class Category(BaseModel):
    model_config = ConfigDict(extra="allow")
    slug: str
    name: str
    position: int = 0


class Partner(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    name: str
    color: str | None = None
    url: str | None = None
    description: str | None = None


class Discount(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: Literal["percent", "fixed", "price"]


class Offer(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    kind: Literal["voucher", "voucher_pass", "code", "code_space", "gift_card"]
    title: str
    partner_id: str
    discount: Discount
    categories: list[str] = []
    published: bool = True


class Tombstone(BaseModel):
    kind: Literal["category", "partner", "offer"]
    id: str
    reason: Literal["deleted", "unpublished"]


class ChangesPage(BaseModel):
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


class FaultRule(BaseModel):
    model_config = ConfigDict(extra="allow")
    kind: Literal["delay", "timeout", "status", "truncate", "restart", "drop", "late", "portal", "misdirect",
                  "drip", "bomb", "duplicate", "reorder", "corrupt", "endless", "oversize"]
    path: str = "/v1/catalogue/changes"
    after: int = 0
    times: int | None = 1
    probability: float = 1.0
    seconds: float = 0.0
    status: int = 503
    retry_after: int | None = None
