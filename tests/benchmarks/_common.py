"""Helpers shared by the benchmark scripts: timing statistics and a cached big catalogue."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".benchmarks"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
# ``PEJ_BENCH_SMOKE=1``: every benchmark runs on small sizes, to check that it still runs (the suite
# does, ``tests/integration/test_benchmarks_run.py``); its figures then mean nothing.
SMOKE = os.environ.get("PEJ_BENCH_SMOKE") == "1"


def scaled(size: int, smoke: int) -> int:
    """``size``, or ``smoke`` when the benchmarks only check that they run."""
    return smoke if SMOKE else size


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(fn: Callable[[], object]) -> float:
    """Seconds taken by one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def summary_ms(values: list[float]) -> tuple[float, float]:
    """(median, p95) in milliseconds of a list of seconds."""
    return statistics.median(values) * 1000, percentile(values, 0.95) * 1000


def big_catalogue(offers: int = scaled(50_000, 1_500), partners: int = scaled(2_000, 60), seed: int = 1) -> Path:
    """A catalogue file with a generated national-size catalogue, built once and cached."""
    from pej_desktop.store.catalogue import CatalogueStore
    from pej_desktop.store.demo import load_document
    from pej_desktop.store.migrate import checkpoint
    from sync.generator import generate_catalogue

    path = CACHE / f"catalogue-{offers}-{partners}-{seed}.sqlite3"
    if path.exists():
        return path
    CACHE.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in CACHE.glob(partial.name + "*"):
        leftover.unlink()
    store = CatalogueStore.open(partial)
    load_document(store, generate_catalogue(offers=offers, partners=partners, seed=seed), source="generated")
    checkpoint(store.engine)
    store.close()
    partial.rename(path)
    return path


def table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| Mesure | Résultat | Objectif |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)
