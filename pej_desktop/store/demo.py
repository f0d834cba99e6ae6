"""The embedded demonstration catalogue: loaded when the local store is empty."""

from __future__ import annotations

from pathlib import Path

from pej_desktop.config import resources_dir
from pej_desktop.domain.clock import utc_now
from pej_desktop.store import catalogue_writer as writer
from pej_desktop.store.catalogue import (
    META_LAST_SYNC,
    META_LOADED_AT,
    META_SOURCE,
    META_VERSION,
    SOURCE_DEMO,
    CatalogueStore,
    is_demo,
    set_meta,
)
from sync.protocol.catalogue_document import CatalogueDocument, read_catalogue_file

__all__ = ["CatalogueDocument", "demo_catalogue_path", "ensure_demo_loaded", "load_document", "read_demo_catalogue"]


def demo_catalogue_path() -> Path:
    return resources_dir() / "demo" / "catalogue.json"


def read_demo_catalogue(path: Path | None = None) -> CatalogueDocument:
    return read_catalogue_file(path or demo_catalogue_path())


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
    if not store.is_empty() or not is_demo(store.meta()):
        return False
    load_document(store, read_demo_catalogue(), source=SOURCE_DEMO)
    return True
