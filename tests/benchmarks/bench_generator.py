"""Catalogue generator benchmark: a national-size catalogue (50 000 offers, 2 000 partners).

    .venv/bin/python tests/benchmarks/bench_generator.py

Figures: time to generate the records in memory (median of 3 runs), time to write
them as JSON, with and without code pools, and the size of the file.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from _common import scaled, table, timed

OFFERS, PARTNERS, ROUNDS = scaled(50_000, 1_000), scaled(2_000, 40), scaled(3, 1)


def main() -> None:
    from sync.generator import generate_catalogue, write_catalogue_json

    plain = [timed(lambda: generate_catalogue(OFFERS, PARTNERS, seed=1)) for _ in range(ROUNDS)]
    with_codes = [timed(lambda: generate_catalogue(OFFERS, PARTNERS, seed=1, codes_per_offer=5))
                  for _ in range(ROUNDS)]
    document = generate_catalogue(OFFERS, PARTNERS, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalogue.json"
        writes = [timed(lambda: write_catalogue_json(document, path)) for _ in range(ROUNDS)]
        size_mb = path.stat().st_size / 1e6
    size = f"{OFFERS:,} offres / {PARTNERS:,} partenaires".replace(",", " ")
    print(table([
        (f"Génération {size} (médiane)", f"{statistics.median(plain):.2f} s", "≤ 5 s"),
        ("Même chose avec 5 codes par offre à code", f"{statistics.median(with_codes):.2f} s", "≤ 5 s"),
        ("Écriture JSON (médiane)", f"{statistics.median(writes):.2f} s", "≤ 5 s"),
        ("Taille du fichier JSON", f"{size_mb:.0f} Mo", "—"),
    ]))


if __name__ == "__main__":
    main()
