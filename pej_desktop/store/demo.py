"""The embedded demonstration catalogue: loaded when the local store is empty."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pej_desktop.config import resources_dir
from pej_desktop.domain.records import CategoryRecord, OfferRecord, PartnerRecord, RecordError
from pej_desktop.store import catalogue_writer as writer
from pej_desktop.store.catalogue import (
    META_LAST_SYNC,
    META_LOADED_AT,
    META_SOURCE,
    META_VERSION,
    SOURCE_DEMO,
    CatalogueStore,
    set_meta,
    utc_now,
)


def demo_catalogue_path() -> Path:
    return resources_dir() / "demo" / "catalogue.json"


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
        """Every record checked by the wire protocol's models, as a page's records are."""
        from sync.protocol.pages import parse_record  # the one definition of the record format

        if not isinstance(data, dict):
            raise RecordError("catalogue : le document n'est pas un objet JSON")
        return cls(
            version=str(data.get("version", "")),
            categories=[parse_record("categories", c) for c in data.get("categories", [])],
            partners=[parse_record("partners", p) for p in data.get("partners", [])],
            offers=[parse_record("offers", o) for o in data.get("offers", [])],
            codes={str(k): [str(c) for c in v] for k, v in data.get("codes", {}).items()},
        )


def read_demo_catalogue(path: Path | None = None) -> CatalogueDocument:
    with open(path or demo_catalogue_path(), encoding="utf-8") as handle:
        return CatalogueDocument.from_json(json.load(handle))


def load_document(store: CatalogueStore, document: CatalogueDocument, *, source: str) -> None:
    """Replace the whole local catalogue by this document, in one transaction."""
    with store.write() as conn:
        writer.clear_catalogue(conn)
        writer.upsert_categories(conn, document.categories)
        writer.upsert_partners(conn, document.partners)
        writer.upsert_offers(conn, document.offers)
        set_meta(conn, **{META_SOURCE: source, META_VERSION: document.version, META_LAST_SYNC: None})
        set_meta(conn, **{META_LOADED_AT: utc_now()})


def ensure_demo_loaded(store: CatalogueStore) -> bool:
    """Load the demo catalogue into an empty store; True when it did."""
    if not store.is_empty() or store.meta().get(META_SOURCE, SOURCE_DEMO) != SOURCE_DEMO:
        return False
    load_document(store, read_demo_catalogue(), source=SOURCE_DEMO)
    return True
