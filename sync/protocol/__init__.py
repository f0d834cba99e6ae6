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
