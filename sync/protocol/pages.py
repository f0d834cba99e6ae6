"""The changes page: its envelope is checked whole, each record alone.

A page whose envelope does not follow the contract (no cursor, a record twice) is
refused whole. A record that fails its model is **refused alone**: it is left out,
counted and named in ``refused`` (kind, id, French reason), and the rest of the page
applies. Records are validated per list in one call (``TypeAdapter(list[…])``), and
only a list with an error is looked at record by record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from sync.protocol import record_forms as forms
from sync.protocol import records as wire
from sync.protocol.fields import Count, text
from sync.protocol.records import CategoryRecord, OfferRecord, PartnerRecord, RecordError
from sync.protocol.wording import describe, french

SECTIONS = ("categories", "partners", "offers", "tombstones")
_ADAPTERS = {section: TypeAdapter(list[model]) for section, model in forms.MODELS.items()}  # type: ignore[valid-type]
_ONE = {section: TypeAdapter(model) for section, model in forms.MODELS.items()}


class PageFormatError(ValueError):
    """The page itself (not one record) does not follow the contract; French message."""


@dataclass(frozen=True)
class Tombstone:
    kind: str
    id: str
    reason: str


@dataclass(frozen=True)
class RefusedRecord:
    """A record left out of a page: which one, and why (French)."""

    section: str
    id: str | None
    reason: str


class Envelope(BaseModel):
    """The page around its records (the records are checked one list at a time)."""

    model_config = ConfigDict(extra="ignore")
    since: text(512) | None = None  # type: ignore[valid-type]
    next_cursor: text(512, min_length=1)  # type: ignore[valid-type]
    has_more: bool = Field(strict=True)
    remaining: Count = 0
    catalogue_version: text(128, min_length=1)  # type: ignore[valid-type]
    categories: list[Any] = []
    partners: list[Any] = []
    offers: list[Any] = []
    tombstones: list[Any] = []


_ENVELOPE = TypeAdapter(Envelope)


class _CheckedPage(Envelope):
    """The whole page with its records, for pages where everything passes (nearly all of them)."""

    categories: list[forms.Category] = []
    partners: list[forms.Partner] = []
    offers: list[forms.Offer] = []
    tombstones: list[forms.Tombstone] = []


_CHECKED = TypeAdapter(_CheckedPage)


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
    refused: tuple[RefusedRecord, ...] = ()

    @property
    def size(self) -> int:
        return len(self.categories) + len(self.partners) + len(self.offers) + len(self.tombstones)

    @classmethod
    def from_json(cls, data: Any) -> ChangesPage:
        """Validate a decoded page; PageFormatError (French) when the page itself is wrong."""
        if not isinstance(data, dict):
            raise PageFormatError("la page n'est pas un objet JSON")
        try:
            envelope = _ENVELOPE.validate_python(data)
        except ValidationError as error:
            raise PageFormatError(describe(error.errors()[0])) from None
        refused: list[RefusedRecord] = []
        valid = {section: _valid_models(section, getattr(envelope, section), refused) for section in SECTIONS}
        page = cls(since=envelope.since, next_cursor=envelope.next_cursor, has_more=envelope.has_more,
                   remaining=envelope.remaining, catalogue_version=envelope.catalogue_version,
                   categories=tuple(valid["categories"]), partners=tuple(valid["partners"]),
                   offers=tuple(valid["offers"]),
                   tombstones=tuple(Tombstone(kind=t.kind, id=t.id, reason=t.reason) for t in valid["tombstones"]),
                   refused=tuple(refused))
        page._check_each_record_once()
        return page

    @classmethod
    def from_bytes(cls, body: bytes) -> ChangesPage | None:
        """The page validated whole straight from its JSON bytes, or None if anything in it fails.

        pydantic-core parses and validates in one pass, without the dicts ``json.loads`` builds
        (about 3× faster for a page of 1 000 offers). None means "look closer": ``from_json``
        then refuses the faulty records one by one, or the page, and says why in French.
        """
        try:
            whole = _CHECKED.validate_json(body)
        except ValidationError:
            return None
        page = cls(since=whole.since, next_cursor=whole.next_cursor, has_more=whole.has_more,
                   remaining=whole.remaining, catalogue_version=whole.catalogue_version,
                   categories=tuple(whole.categories), partners=tuple(whole.partners), offers=tuple(whole.offers),
                   tombstones=tuple(Tombstone(kind=t.kind, id=t.id, reason=t.reason) for t in whole.tombstones))
        try:
            page._check_each_record_once()
        except PageFormatError:
            return None
        return page

    def _check_each_record_once(self) -> None:
        keys = ([("category", r.slug) for r in self.categories] + [("partner", r.id) for r in self.partners]
                + [("offer", r.id) for r in self.offers] + [(t.kind, t.id) for t in self.tombstones])
        if len(set(keys)) == len(keys):
            return
        seen: set[tuple[str, str]] = set()
        for key in keys:
            if key in seen:
                raise PageFormatError(f"l'enregistrement « {key[1]} » apparaît deux fois dans la même page")
            seen.add(key)


def _valid_models(section: str, items: list[Any], refused: list[RefusedRecord]) -> list[Any]:
    """The list validated in one call; on an error, the faulty records are set aside, the rest kept."""
    adapter = _ADAPTERS[section]
    try:
        return adapter.validate_python(items)
    except ValidationError as error:
        errors_by_index: dict[int, list[dict[str, Any]]] = {}
        for item_error in error.errors():
            index = int(item_error["loc"][0])  # a list is validated: its errors start with the index
            errors_by_index.setdefault(index, []).append({**item_error, "loc": item_error["loc"][1:]})
    for index, item_errors in sorted(errors_by_index.items()):
        payload = items[index]
        ident = payload.get(wire.KEYS[section]) if isinstance(payload, dict) else None
        reason = f"{wire.where(section, payload)} : " + " ; ".join(describe(e) for e in item_errors[:3])
        readable = isinstance(ident, str) and len(ident) <= 80 and ident.isprintable()
        refused.append(RefusedRecord(section=section, id=ident if readable else None, reason=reason))
    return adapter.validate_python([item for i, item in enumerate(items) if i not in errors_by_index])


def parse_record(section: str, payload: Any) -> Any:
    """One record as its dataclass, or RecordError naming it (the server's own checks, the demo file)."""
    try:
        return _ONE[section].validate_python(payload)
    except ValidationError as error:
        raise RecordError(french(error, wire.where(section, payload))) from None
