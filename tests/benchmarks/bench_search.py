"""Catalogue search and start-up benchmark on a generated 50 000-offer catalogue.

    .venv/bin/python tests/benchmarks/bench_search.py

Figures: search latency (median, p95) over a fixed mix of >= 200 realistic 1–3 word
prefix queries including very common terms, its ratio to the raw FTS5 query run with
sqlite3 on the same terms, the cold start of the process to the main window listing
offers (demo catalogue and 50 000 offers) beside a bare PySide6 baseline (a plain
QListWidget of the first 100 titles of the same file, same process start) and their
ratio, and the resident memory with that catalogue open.
"""

from __future__ import annotations

import collections
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import REPO, big_catalogue, scaled, summary_ms, table, timed

QUERY_COUNT = scaled(240, 24)
ROUNDS = scaled(3, 1)
HOME = "69"  # the adviser's département, as the catalogue page passes it (a Lyon agency): its local offers first


def query_mix(db: Path, seed: int = 7) -> list[str]:
    """Prefixes of words as an adviser types them: common, mid-frequency and multi-word."""
    from pej_desktop.domain.text import fold

    conn = sqlite3.connect(db)
    texts = [f"{t} {p}" for t, p in conn.execute(
        "SELECT o.title, p.name FROM offers o JOIN partners p ON p.id = o.partner_id")]
    conn.close()
    counts = collections.Counter(w for text in texts for w in re.findall(r"[^\W_]{3,}", fold(text)))
    ranked = [w for w, _ in counts.most_common()]
    common, middle = ranked[:15], ranked[15:400]
    rng = random.Random(seed)
    queries: list[str] = []
    while len(queries) < QUERY_COUNT:
        kind = len(queries) % 5
        if kind in (0, 1):  # a very common word, as typed so far
            word = rng.choice(common)
            queries.append(word[: rng.randint(2, len(word))])
        elif kind == 2:
            word = rng.choice(middle)
            queries.append(word[: rng.randint(3, len(word))])
        else:  # two or three words, the last one still being typed
            words = rng.sample(middle + common, rng.choice((2, 3)))
            queries.append(" ".join(words[:-1] + [words[-1][: rng.randint(2, len(words[-1]))]]))
    return queries


def measure_search(db: Path, queries: list[str]) -> dict[str, tuple[float, float]]:
    import datetime as dt

    from pej_desktop.domain.text import fts_prefix_query
    from pej_desktop.store.catalogue import CatalogueStore
    from pej_desktop.store.search import (
        SearchFilters,
        category_counts,
        count_offers,
        fetch_summaries,
        search_page,
    )
    from pej_desktop.views.catalogue.offer_model import BLOCK

    store = CatalogueStore.open(db)
    raw = sqlite3.connect(db)
    today = dt.date.today()
    app_times, raw_times, refresh_times, app_cpu = [], [], [], []
    with store.read() as conn:
        def app_search(text: str) -> None:
            """What the browser runs per keystroke before it shows the list."""
            page = search_page(conn, SearchFilters(query=text, valid_on=today, home_departement=HOME))
            fetch_summaries(conn, page.pks[:BLOCK])

        def full_refresh(text: str) -> None:
            filters = SearchFilters(query=text, valid_on=today, home_departement=HOME)
            app_search(text)
            category_counts(conn, filters)
            count_offers(conn, filters)

        def raw_search(text: str) -> None:
            raw.execute("SELECT rowid FROM offer_fts WHERE offer_fts MATCH ? ORDER BY rank LIMIT 50",
                        (fts_prefix_query(text),)).fetchall()

        for text in queries:  # warm the page cache
            app_search(text)
            raw_search(text)
        for _ in range(ROUNDS):
            for text in queries:
                raw_times.append(timed(lambda: raw_search(text)))
                app_times.append(timed(lambda: app_search(text)))
                app_cpu.append(cpu_timed(lambda: app_search(text)))
        for text in queries:
            refresh_times.append(timed(lambda: full_refresh(text)))
    raw.close()
    store.close()
    return {"app": summary_ms(app_times), "raw": summary_ms(raw_times), "refresh": summary_ms(refresh_times),
            "app_cpu": summary_ms(app_cpu)}


def cpu_timed(fn: Callable[[], object]) -> float:
    """CPU seconds of the process for one call: less sensitive than wall time to other work on the cores."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def measure_start(db: Path | None, runs: int = scaled(5, 1)) -> tuple[list[float], float]:
    """Wall time from process spawn to the main window listing offers; peak RSS.

    ``db`` None: the demo catalogue. The data folder is prepared by one uncounted run, so that
    every counted start follows a clean exit, the usual case (the first start of a folder, or
    one after a crash, checks the catalogue before listing it and builds every screen at once).
    The project's modules are compiled to bytecode first, as the install step (``make``) and the
    bundle have them: with ``PYTHONDONTWRITEBYTECODE`` set, as on this machine, Python would
    otherwise compile them at every start (0.15 s), which no adviser's start does.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", "pej_desktop", "sync"], cwd=REPO, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        if db is not None:
            shutil.copy(db, data / "catalogue.sqlite3")
        _probe([sys.executable, "-m", "pej_desktop", "--data-dir", str(data)])
        return _runs([sys.executable, "-m", "pej_desktop", "--data-dir", str(data)], runs)


def measure_bare_start(db: Path, runs: int = scaled(5, 1)) -> tuple[list[float], float]:
    """The same measure for a bare PySide6 window listing the first 100 titles of ``db``."""
    return _runs([sys.executable, str(Path(__file__).with_name("_bare_start.py")), str(db)], runs)


def _runs(command: list[str], runs: int) -> tuple[list[float], float]:
    times, rss = [], 0.0
    for _ in range(runs):
        start = time.perf_counter()
        line = _probe(command)
        times.append(time.perf_counter() - start)
        rss = max(rss, float(line.split("rss_mb=")[1].split()[0]))
    return sorted(times), rss


def _probe(command: list[str]) -> str:
    env = dict(os.environ, PEJ_QUIT_WHEN_READY="1", QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, cwd=REPO)
    line = next((out for out in proc.stdout.splitlines() if out.startswith("PEJ_READY")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"start-up probe failed: {proc.returncode}\n{proc.stderr[-2000:]}")
    return line


def _start_row(label: str, times: list[float], target: str) -> tuple[str, str, str]:
    return (f"{label} — médiane (min–max, {len(times)} lancements)",
            f"{statistics.median(times):.2f} s ({times[0]:.2f}–{times[-1]:.2f})", target)


def main() -> None:
    started = time.perf_counter()
    db = big_catalogue()
    print(f"catalogue ready in {time.perf_counter() - started:.1f} s ({db.name})", file=sys.stderr)
    queries = query_mix(db)
    figures = measure_search(db, queries)
    with_start = "--no-start" not in sys.argv
    starts, rss = measure_start(db) if with_start else ([0.0], 0.0)
    demo_starts, _ = measure_start(None) if with_start else ([0.0], 0.0)
    bare_starts, bare_rss = measure_bare_start(db) if with_start else ([1.0], 0.0)
    ratio = statistics.median(demo_starts) / statistics.median(bare_starts)
    app_median, app_p95 = figures["app"]
    raw_median, raw_p95 = figures["raw"]
    ref_median, ref_p95 = figures["refresh"]
    cpu_median, cpu_p95 = figures["app_cpu"]
    print(f"### Recherche dans le catalogue (50 000 offres, {len(queries)} requêtes × {ROUNDS})\n")
    print(
        table(
            [
                ("Recherche (première page : clés + 100 premières lignes) — médiane", f"{app_median:.2f} ms", ""),
                ("Recherche — p95", f"{app_p95:.2f} ms", "≤ 10 ms"),
                ("Recherche, temps CPU du processus — médiane / p95",
                 f"{cpu_median:.2f} / {cpu_p95:.2f} ms", "≤ 10 ms"),
                (
                    "FTS5 brut (`MATCH … ORDER BY rank LIMIT 50`, sqlite3) — médiane / p95",
                    f"{raw_median:.2f} / {raw_p95:.2f} ms",
                    "",
                ),
                (
                    "Rapport recherche / FTS5 brut (médiane ; p95)",
                    f"{app_median / raw_median:.2f}× ; {app_p95 / raw_p95:.2f}×",
                    "≤ 3×",
                ),
                (
                    "Rafraîchissement complet (avec compteurs par catégorie) — médiane / p95",
                    f"{ref_median:.2f} / {ref_p95:.2f} ms",
                    "",
                ),
                _start_row("Démarrage à froid jusqu'à la fenêtre listant les offres, catalogue de démonstration",
                           demo_starts, "≤ 0,6 s"),
                _start_row("Démarrage à froid, catalogue de 50 000 offres", starts, "≤ 0,8 s"),
                _start_row("Référence : PySide6 nu, QListWidget des 100 premiers titres du même fichier",
                           bare_starts, ""),
                ("Rapport démarrage (démonstration) / PySide6 nu, mêmes lancements", f"{ratio:.1f}×", "≤ 4×"),
                ("Mémoire résidente, catalogue de 50 000 offres ouvert", f"{rss:.0f} Mo", "≤ 200 Mo"),
                ("Référence : mémoire résidente du PySide6 nu", f"{bare_rss:.0f} Mo", ""),
            ]
        )
    )


if __name__ == "__main__":
    main()
