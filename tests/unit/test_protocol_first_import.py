"""The protocol's validation (pydantic) is imported once, one thread at a time, even when
many threads ask for it at once with PySide6's import hook installed, as in the app."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_many_threads_asking_at_once_all_get_the_validation() -> None:
    script = textwrap.dedent("""
        import threading
        from PySide6.QtWidgets import QApplication  # installs shiboken's import hook
        from sync.protocol import load_validation
        app = QApplication([])
        failures = []
        def ask():
            try:
                load_validation()
                from sync.protocol.pages import parse_record
                parse_record("categories", {"slug": "alimentation", "name": "Alimentation", "position": 1})
            except Exception as error:
                failures.append(repr(error))
        threads = [threading.Thread(target=ask) for _ in range(8)]
        threads.append(threading.Thread(target=__import__, args=("keyring",)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print("failures:", failures)
        assert not failures
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "failures: []" in done.stdout
