"""The one definition of the wire, validated the same way by the client and the server.

The shared bottom layer: both sides import it, it imports neither. The catalogue's
records declared once as dataclasses (``records``, their wire forms in ``record_forms``),
the changes page (``pages``), a whole catalogue document (``catalogue_document``), every
request and answer as pydantic v2 models (``exchanges``), the base of errors the user can
fix (``errors``), with bounds on every field (``fields``): text
of bounded length, valid Unicode without control characters; integers that fit
SQLite's 64 bits; finite decimals; dates within 1900–2200. Errors become French
sentences naming the record and the field (``wording``). The reference server validates
with these models and its OpenAPI document is generated from them.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from typing import TYPE_CHECKING

API_VERSION = 1
CHANGES_PATH = "/v1/catalogue/changes"
STATUS_PATH = "/v1/status"
OPENAPI_PATH = "/v1/openapi.json"
DEFAULT_PAGE_SIZE = 1000
MAX_PAGE_SIZE = 5000
PROBLEM_MEDIA_TYPE = "application/problem+json"
TOMBSTONE_KINDS = ("category", "partner", "offer")
TOMBSTONE_REASONS = ("deleted", "unpublished")
# The young person's feedback on an offer, as recorded by the adviser and reported upstream.
FEEDBACK_KINDS = {
    "worked": "Ça a marché",
    "code_failed": "Le code ou le lien n'a pas marché",
    "too_small": "La réduction était trop faible",
    "not_understood": "Pas compris comment l'utiliser",
}


def problem_type(slug: str) -> str:
    return f"urn:pej:probleme:{slug}"


_FIRST_IMPORT = threading.Lock()


def load_validation() -> None:
    """Import the validating side of the protocol (pydantic), one thread at a time, once.

    It is imported when first needed, on a worker, while other threads import modules of
    their own. PySide6's import hook inspects every new module; on pydantic's modules that
    can touch a lazy attribute importing a module still half-initialised, and the import
    fails (seen once in about 30 first starts, the demo catalogue then never listed). So the
    first import is serialised, and a failed one is tried again once: a module whose import
    failed leaves ``sys.modules``, and the second import finds the others complete.
    """
    if "sync.protocol.pages" in sys.modules and "sync.protocol.record_forms" in sys.modules:
        return
    with _FIRST_IMPORT:
        try:
            importlib.import_module("sync.protocol.pages")
        except ImportError:
            logging.getLogger(__name__).warning("first import of the protocol's validation failed; trying again")
            importlib.import_module("sync.protocol.pages")


if TYPE_CHECKING:
    from sync.protocol.pages import ChangesPage, PageFormatError, RefusedRecord, Tombstone


def __getattr__(name: str) -> object:
    """The page's classes, imported on first use: the records (``sync.protocol.records``) are
    imported by the window at start, and pydantic, which the pages need, is not."""
    if name in ("ChangesPage", "PageFormatError", "RefusedRecord", "Tombstone"):
        from sync.protocol import pages

        return getattr(pages, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["API_VERSION", "CHANGES_PATH", "DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "OPENAPI_PATH",
           "PROBLEM_MEDIA_TYPE", "STATUS_PATH", "TOMBSTONE_KINDS", "TOMBSTONE_REASONS", "ChangesPage",
           "PageFormatError", "RefusedRecord", "Tombstone", "problem_type"]
