"""The OpenAPI document, as served at /v1/openapi.json and committed in docs/openapi.json."""

from __future__ import annotations

from typing import Any

from sync.server.faults import FaultBook


def openapi_document() -> dict[str, Any]:
    """Built from the routes alone: no database is opened."""
    from sync.server.main import build_api

    return build_api(None, FaultBook()).openapi()  # type: ignore[arg-type]
