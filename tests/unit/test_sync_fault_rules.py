"""Fault rules: when they fire, how they are described."""

from __future__ import annotations

import json

import pytest

from sync.protocol import CHANGES_PATH
from sync.server.faults import FaultBook, FaultRule, parse_fault_spec


def test_after_and_times_select_which_requests_fail() -> None:
    book = FaultBook()
    book.replace([{"kind": "status", "after": 2, "times": 2}])
    fired = [book.take(CHANGES_PATH, ("status",)) is not None for _ in range(6)]
    assert fired == [False, False, True, True, False, False]


def test_rules_only_match_their_path_and_kind() -> None:
    book = FaultBook()
    book.replace([{"kind": "delay", "seconds": 1, "times": None}])
    assert book.take("/v1/status", ("delay",)) is None
    assert book.take(CHANGES_PATH, ("truncate",)) is None
    assert book.take(CHANGES_PATH, ("delay",)).seconds == 1


def test_probability_is_drawn_from_a_seeded_generator() -> None:
    def draws(seed: int) -> list[bool]:
        book = FaultBook(seed=seed)
        book.replace([{"kind": "truncate", "probability": 0.5, "times": None}])
        return [book.take(CHANGES_PATH, ("truncate",)) is not None for _ in range(40)]

    assert draws(7) == draws(7) and 5 < sum(draws(7)) < 35


def test_specs_from_a_preset_json_or_a_file(tmp_path) -> None:
    assert parse_fault_spec("demo")
    assert parse_fault_spec('{"kind": "reorder"}') == [{"kind": "reorder"}]
    spec = tmp_path / "pannes.json"
    spec.write_text(json.dumps([{"kind": "restart", "seconds": 1}]), encoding="utf-8")
    assert parse_fault_spec(f"@{spec}")[0]["kind"] == "restart"


@pytest.mark.parametrize("rule", [{"kind": "tremblement"}, {"kind": "status", "status": 404},
                                  {"kind": "delay", "probability": 2}, "delay", {"kind": "delay", "seconds": "x"},
                                  {"kind": "truncate", "times": 0}, {"kind": "status", "retry_after": -1}])
def test_bad_rules_are_refused_in_french(rule: object) -> None:
    with pytest.raises(ValueError, match="panne"):
        FaultRule.from_dict(rule)
