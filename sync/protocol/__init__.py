"""The one definition of the wire, validated the same way by the client and the server.

Pydantic v2 models of every record (``records``), of the changes page (``pages``) and of
every request and answer (``exchanges``), with bounds on every field (``fields``): text
of bounded length, valid Unicode without control characters; integers that fit
SQLite's 64 bits; finite decimals; dates within 1900–2200. Errors become French
sentences naming the record and the field (``wording``). The reference server validates
with these models and its OpenAPI document is generated from them.
"""

from __future__ import annotations

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


from sync.protocol.pages import ChangesPage, PageFormatError, RefusedRecord, Tombstone  # noqa: E402

__all__ = ["API_VERSION", "CHANGES_PATH", "DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "OPENAPI_PATH",
           "PROBLEM_MEDIA_TYPE", "STATUS_PATH", "TOMBSTONE_KINDS", "TOMBSTONE_REASONS", "ChangesPage",
           "PageFormatError", "RefusedRecord", "Tombstone", "problem_type"]
