"""A whole catalogue in one JSON document: the demo file, a generated catalogue, a server's seed.

Every record is checked by the wire's declaration (``sync.protocol.records``), as a page's
records are; the first that does not fit stops the reading with a French ``RecordError``
naming it. The desktop loads it into its store, the reference server seeds its database
from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.protocol.records import CategoryRecord, OfferRecord, PartnerRecord, RecordError


@dataclass(frozen=True)
class CatalogueDocument:
    """A whole catalogue, validated: the demo file, or a generated one."""

    version: str
    categories: list[CategoryRecord]
    partners: list[PartnerRecord]
    offers: list[OfferRecord]
    codes: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> CatalogueDocument:
        """Every record checked by the wire protocol's declaration, as a page's records are."""
        from sync.protocol import load_validation

        load_validation()  # pydantic: imported when a document is read, not at start
        from sync.protocol.pages import parse_record

        if not isinstance(data, dict):
            raise RecordError("catalogue : le document n'est pas un objet JSON")
        return cls(
            version=str(data.get("version", "")),
            categories=[parse_record("categories", c) for c in data.get("categories", [])],
            partners=[parse_record("partners", p) for p in data.get("partners", [])],
            offers=[parse_record("offers", o) for o in data.get("offers", [])],
            codes={str(k): [str(c) for c in v] for k, v in data.get("codes", {}).items()},
        )


def read_catalogue_file(path: Path | str) -> CatalogueDocument:
    with open(path, encoding="utf-8") as handle:
        return CatalogueDocument.from_json(json.load(handle))
