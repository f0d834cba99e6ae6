"""Property-based contract testing of the reference server with a real peer tool: schemathesis.

schemathesis reads the server's own OpenAPI document (generated from the protocol's
models) and sends requests it derives from it, with a valid token, to the real server
on 127.0.0.1. Bounded: a few hundred examples in all, well under a minute. It must find
no server error, no status the document does not list, no answer off its schema, and
no schema-valid request refused as invalid (400/422).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from sync.activation_protocol import IDEMPOTENCY_HEADER
from tests.integration.conftest import ReferenceApi


@pytest.fixture
def national_api(national_api_any_db: ReferenceApi) -> ReferenceApi:
    """Every test of this file runs on SQLite and on PostgreSQL."""
    return national_api_any_db

EXAMPLES_PER_OPERATION = 25  # about ten operations: 250 requests
# A valid request may still get a documented business answer: 404 (not this adviser's), 409
# (a refusal, too many devices), 410 (a cursor this server does not know: full sync), 422 (a
# stored business refusal: a code not of this offer, a date in the future). A request the
# contract's models refuse is a 400, which ``_business`` below never excuses.
CONFIG = schemathesis.Config.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2XX", "3XX", "401", "403", "404", "409", "410", "422", "429"]}}})


def test_the_server_keeps_its_contract(national_api: ReferenceApi) -> None:
    schema = schemathesis.openapi.from_url(national_api.url + "/v1/openapi.json", config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    tested = [op for op in operations if not op.path.startswith("/admin")]
    assert len(tested) >= 6
    for operation in tested:
        _exercise(operation, national_api)


def _exercise(operation: Any, api: ReferenceApi) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: schemathesis.Case) -> None:
        _check(case, api)

    run()


def _check(case: schemathesis.Case, api: ReferenceApi) -> None:
    headers = {**(case.headers or {}), "Authorization": f"Bearer {api.token}"}
    if isinstance(case.body, dict) and IDEMPOTENCY_HEADER in headers:
        headers[IDEMPOTENCY_HEADER] = str(case.body.get("id"))  # the contract: the key is the body's id
    response = case.call(base_url=api.url, headers=headers, timeout=10)
    case.validate_response(response)
    assert response.status_code not in (400, 422) or _business(response), (case.as_curl_command(), response.text)


def _business(response: Any) -> bool:
    """A stored business refusal (422 date-invalide, code-inconnu…) is an answer, not a validation failure."""
    try:
        kind = str(response.json().get("type", ""))
    except ValueError:
        return False
    return not kind.endswith(("parametre-invalide", "requete-invalide", "cle-differente"))
