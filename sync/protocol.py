"""The wire format of the national catalogue API, shared by the client and the server.

A changes page is validated whole before anything is applied: the envelope here, every
record with the desktop's record classes (unknown fields tolerated, wrong types and
missing fields refused with a French message naming the record).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pej_desktop.store.records import CategoryRecord, OfferRecord, PartnerRecord

API_VERSION = 1
CHANGES_PATH = "/v1/catalogue/changes"
STATUS_PATH = "/v1/status"
OPENAPI_PATH = "/v1/openapi.json"
DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 5000
PROBLEM_MEDIA_TYPE = "application/problem+json"
TOMBSTONE_KINDS = ("category", "partner", "offer")
TOMBSTONE_REASONS = ("deleted", "unpublished")


def problem_type(slug: str) -> str:
    return f"urn:pej:probleme:{slug}"


class PageFormatError(ValueError):
    """The page itself (not one record) does not follow the contract; French message."""


@dataclass(frozen=True)
class Tombstone:
    kind: str
    id: str
    reason: str

    @classmethod
    def from_payload(cls, payload: Any) -> "Tombstone":
        if not isinstance(payload, dict):
            raise PageFormatError("suppression : l'élément n'est pas un objet JSON")
        kind, ident, reason = payload.get("kind"), payload.get("id"), payload.get("reason", "deleted")
        if kind not in TOMBSTONE_KINDS or not isinstance(ident, str) or not ident:
            raise PageFormatError(f"suppression « {ident} » : type ou identifiant invalide")
        if reason not in TOMBSTONE_REASONS:
            raise PageFormatError(f"suppression « {ident} » : motif inconnu « {reason} »")
        return cls(kind=kind, id=ident, reason=reason)


@dataclass(frozen=True)
class ChangesPage:
    since: str | None
    next_cursor: str
    has_more: bool
    remaining: int
    catalogue_version: str
    categories: tuple[CategoryRecord, ...]
    partners: tuple[PartnerRecord, ...]
    offers: tuple[OfferRecord, ...]
    tombstones: tuple[Tombstone, ...]

    @property
    def size(self) -> int:
        return len(self.categories) + len(self.partners) + len(self.offers) + len(self.tombstones)

    @classmethod
    def from_json(cls, data: Any) -> "ChangesPage":
        """Validate a decoded page; raises PageFormatError or RecordError (both French)."""
        if not isinstance(data, dict):
            raise PageFormatError("la page n'est pas un objet JSON")
        page = cls(
            since=_optional_text(data, "since"),
            next_cursor=_text(data, "next_cursor"),
            has_more=_flag(data, "has_more"),
            remaining=_count(data, "remaining"),
            catalogue_version=_text(data, "catalogue_version"),
            categories=tuple(CategoryRecord.from_payload(p) for p in _items(data, "categories")),
            partners=tuple(PartnerRecord.from_payload(p) for p in _items(data, "partners")),
            offers=tuple(OfferRecord.from_payload(p) for p in _items(data, "offers")),
            tombstones=tuple(Tombstone.from_payload(p) for p in _items(data, "tombstones")),
        )
        page._check_each_record_once()
        return page

    def _check_each_record_once(self) -> None:
        keys = ([("category", r.slug) for r in self.categories] + [("partner", r.id) for r in self.partners]
                + [("offer", r.id) for r in self.offers] + [(t.kind, t.id) for t in self.tombstones])
        seen: set[tuple[str, str]] = set()
        for key in keys:
            if key in seen:
                raise PageFormatError(f"l'enregistrement « {key[1]} » apparaît deux fois dans la même page")
            seen.add(key)


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise PageFormatError(f"champ « {key} » manquant ou invalide")
    return value


def _optional_text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise PageFormatError(f"champ « {key} » invalide")
    return value


def _flag(data: dict[str, Any], key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise PageFormatError(f"champ « {key} » manquant ou invalide")
    return value


def _count(data: dict[str, Any], key: str) -> int:
    value = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PageFormatError(f"champ « {key} » invalide")
    return value


def _items(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise PageFormatError(f"champ « {key} » : une liste est attendue")
    return value
