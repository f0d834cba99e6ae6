"""The contracts that list ``sync``'s modules one by one (all but the protocol package) list them all:
a module added to ``sync`` is forbidden to the rules and the command line until someone decides otherwise."""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path

import sync

CONTRACTS = ("The rules are plain Python: no Qt, no SQL, no HTTP, no keyring",
             "The command line reaches storage, documents and the wire only through operations")


def test_every_module_of_sync_but_the_protocol_is_forbidden_where_they_are_listed() -> None:
    config = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}
    modules = {f"sync.{m.name}" for m in pkgutil.iter_modules(sync.__path__)} - {"sync.protocol"}
    assert "sync.engine" in modules and "sync.server" in modules
    for name in CONTRACTS:
        forbidden = set(contracts[name]["forbidden_modules"])
        assert modules <= forbidden, (name, sorted(modules - forbidden))
        assert "sync.protocol" not in forbidden and "sync" not in forbidden
