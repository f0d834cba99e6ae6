"""``pej-desktop search`` and the global options, run as an adviser's script would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pej_desktop import __version__
from pej_desktop.cli import main


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_json_output_has_one_object_per_offer(paths, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--data-dir", str(paths.data_dir), "search", "velo", "--json"]) == 0
    offers = _json_lines(capsys.readouterr().out)
    assert offers and all({"id", "title", "partner", "category"} <= set(o) for o in offers)
    assert any("vélo" in o["title"].lower() for o in offers)


def test_filters_combine_with_the_query(paths, capsys) -> None:  # type: ignore[no-untyped-def]
    base = ["--data-dir", str(paths.data_dir), "search", "--json"]
    assert main(base + ["--category", "mobilite"]) == 0
    mobility = _json_lines(capsys.readouterr().out)
    assert mobility and {o["category"] for o in mobility} == {"Mobilité"}
    assert main(base + ["--departement", "2B", "--valid-today"]) == 0
    corsica = _json_lines(capsys.readouterr().out)
    assert corsica and all(o["valid_to"] is None or o["valid_to"] >= "2026-11-28" for o in corsica)


def test_data_dir_comes_from_the_environment(data_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["search", "coeur"]) == 0  # PEJ_DATA_DIR is set by the fixture
    assert "Cœur" in capsys.readouterr().out
    assert (data_dir / "catalogue.sqlite3").exists()


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "-x", "😀", "x" * 10_000])
def test_hostile_queries_answer_without_error(paths, capsys, query: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["--data-dir", str(paths.data_dir), "search", "--", query]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("args", "message"), [
    (["--departement", "999"], "département « 999 » invalide"),
    (["--category", "inconnue"], "catégorie « inconnue » inconnue"),
])
def test_bad_filters_are_refused_in_french(paths, capsys, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    assert main(["--data-dir", str(paths.data_dir), "search", *args]) == 2
    assert message in capsys.readouterr().err


def test_version_from_the_installed_command(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pej_desktop", "--version"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == f"PEJ Desktop {__version__}"


def test_the_window_and_the_command_share_one_search(catalogue, paths, capsys) -> None:  # type: ignore[no-untyped-def]
    """The browser's first page and ``pej-desktop search`` come from ``ops.catalogue``: same offers, same order."""
    from pej_desktop.ops import catalogue as catalogue_ops

    filters = catalogue_ops.SearchFilters(query="velo")
    shown = catalogue_ops.search_first(catalogue, filters, rows=100)
    found = catalogue_ops.find_offers(catalogue, filters, limit=100)
    assert found.total > 0 and [row.id for row in shown.first_rows] == [row.id for row in found.rows]
    assert catalogue_ops.known_category(catalogue, "mobilite") and not catalogue_ops.known_category(catalogue, "x")
    assert main(["--data-dir", str(paths.data_dir), "search", "velo", "--json", "--limit", "100"]) == 0
    assert [o["id"] for o in _json_lines(capsys.readouterr().out)] == [row.id for row in found.rows]
