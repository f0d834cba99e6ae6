"""The bare PySide6 baseline of the start-up benchmark: a plain QListWidget of the first
100 titles of the same catalogue file, read with sqlite3, started the same way.

    .venv/bin/python tests/benchmarks/_bare_start.py CATALOGUE.sqlite3

Prints ``PEJ_READY rss_mb=…`` once the list is shown, then quits, like the app's probe.
"""

from __future__ import annotations

import resource
import sqlite3
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QListWidget


def main(db: str) -> int:
    def _peak_rss_mb() -> float:  # as the app's probe: VmHWM, since ru_maxrss survives exec
        with open("/proc/self/status", encoding="ascii") as status:
            hwm = next((line for line in status if line.startswith("VmHWM:")), None)
        return int(hwm.split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    app = QApplication(sys.argv[:1])
    conn = sqlite3.connect(db)
    titles = [t for (t,) in conn.execute("SELECT title FROM offers WHERE published = 1 ORDER BY sort_key LIMIT 100")]
    conn.close()
    window = QListWidget()
    window.addItems(titles)
    window.resize(1100, 700)
    window.show()

    def ready() -> None:
        print(f"PEJ_READY rss_mb={_peak_rss_mb():.1f}", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
