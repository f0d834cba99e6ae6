"""Runs every benchmark script (tests/benchmarks/bench_*.py) and prints their tables.

    make bench            # all of them
    make bench ONLY=search
    PEJ_BENCH_SMOKE=1 …   # small sizes: does each still run? (the suite checks it)

Benchmarks are measurements, not pass/fail tests: copy the figures into
docs/performance.md together with this command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    only = os.environ.get("ONLY", "")
    scripts = sorted(p for p in HERE.glob("bench_*.py") if only in p.stem)
    if os.environ.get("PEJ_BENCH_SMOKE") == "1":
        print("Mode d'essai (PEJ_BENCH_SMOKE=1) : petites tailles, pour vérifier que chaque banc tourne ; "
              "ces chiffres ne mesurent rien.", flush=True)
    failures = 0
    for script in scripts:
        print(f"\n## {script.name}\n", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parents[1])
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
