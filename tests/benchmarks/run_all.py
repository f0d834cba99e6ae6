"""Runs every benchmark script (tests/benchmarks/bench_*.py) and prints their tables.

    make bench            # all of them
    make bench ONLY=search

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
    failures = 0
    for script in scripts:
        print(f"\n## {script.name}\n", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parents[1])
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
