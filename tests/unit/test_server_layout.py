"""The reference server's layout keeps its promises: no import cycle, tables only in db.py."""

from __future__ import annotations

import ast
from pathlib import Path

from pej_desktop.domain.followup import FEEDBACK_KINDS
from sync.protocol.exchanges import ReportIn

SERVER = Path(__file__).resolve().parents[2] / "sync" / "server"


def _imports() -> dict[str, set[str]]:
    """sync.server module → the sync.server modules it imports (at any depth of the file)."""
    graph: dict[str, set[str]] = {}
    for path in SERVER.rglob("*.py"):
        name = ".".join(path.relative_to(SERVER.parents[1]).with_suffix("").parts).removesuffix(".__init__")
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sync.server"):
                found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        graph[name] = {target for target in found if target != name}
    modules = set(graph)
    return {name: {t for t in targets if t in modules} for name, targets in graph.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_between_the_app_and_its_routes() -> None:
    graph = _imports()
    assert "sync.server.main" in graph and "sync.server.routers.activations" in graph
    assert _cycle(graph) is None, _cycle(graph)
    routes = [name for name in graph if name.startswith(("sync.server.routers", "sync.server.dependencies"))]
    assert not any("sync.server.main" in graph[name] for name in routes)


def test_tables_are_defined_only_in_db() -> None:
    for path in SERVER.rglob("*.py"):
        if path.name != "db.py":
            assert "Table(" not in path.read_text(encoding="utf-8"), path
            assert "create_all" not in path.read_text(encoding="utf-8"), path


def test_report_kinds_are_the_feedback_kinds() -> None:
    assert tuple(ReportIn.model_json_schema()["properties"]["kind"]["enum"]) == tuple(FEEDBACK_KINDS)
