"""What the routers share: problem responses in the OpenAPI document, the clock."""

from __future__ import annotations

from typing import Any

from sync.protocol import PROBLEM_MEDIA_TYPE
from sync.protocol.exchanges import Problem

PROBLEM: dict[str, Any] = {"model": Problem, "content": {PROBLEM_MEDIA_TYPE: {}}}
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {**PROBLEM, "description": "Jeton absent ou inconnu (`WWW-Authenticate: Bearer`), avant toute lecture "
                                    "du corps."},
    403: {**PROBLEM, "description": "Jeton révoqué, ou sans le droit demandé."},
}
INVALID = {**PROBLEM, "description": "Corps ou paramètre invalide (le champ est nommé, en français)."}

