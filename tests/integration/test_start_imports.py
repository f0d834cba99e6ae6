"""The window's cold start lists offers before it imports what only later screens need.

The real ``pej-desktop`` is started in a subprocess (offscreen Qt) with the benchmark's
probe: once the first offers are listed it prints which of the modules meant for later
(``pej_desktop.app.LOADED_AFTER_LISTING``: SQLAlchemy's ORM, keyring, the personal store,
reportlab, requests, pydantic, alembic) were already imported, and quits.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pej_desktop.app import LOADED_AFTER_LISTING


def _start(data: Path) -> set[str]:
    """One cold start to the first listing; the later modules already in ``sys.modules``."""
    env = dict(os.environ, PEJ_QUIT_WHEN_READY="1", QT_QPA_PLATFORM="offscreen",
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")  # never the machine's keyring
    proc = subprocess.run([sys.executable, "-m", "pej_desktop", "--data-dir", str(data)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (line,) = [out for out in proc.stdout.splitlines() if out.startswith("PEJ_READY")]
    loaded = line.split("loaded_too_early=")[1]
    return set() if loaded == "-" else set(loaded.split(","))


def test_after_a_clean_exit_offers_are_listed_before_the_personal_store_and_keyring(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # The first start (no clean exit yet) builds every screen at once, after checking the catalogue.
    assert {"sqlalchemy.orm", "keyring", "pej_desktop.store.personal"} <= _start(data)
    assert _start(data) == set()
    assert set(LOADED_AFTER_LISTING) >= {"sqlalchemy.orm", "keyring", "reportlab", "requests", "pydantic", "alembic"}


def test_the_catalogue_side_is_imported_before_qt(tmp_path: Path) -> None:
    """PySide6's import hook reads the source of every module imported after it: SQLAlchemy and the
    catalogue's operations come first (``cli._import_before_qt``)."""
    data = tmp_path / "data"
    _start(data)  # prepares the folder (first start)
    env = dict(os.environ, PEJ_QUIT_WHEN_READY="1", QT_QPA_PLATFORM="offscreen",
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "pej_desktop", "--data-dir", str(data)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    done = [line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")]
    assert done.index("pej_desktop.ops.catalogue") < done.index("PySide6.QtCore")
    assert done.index("sqlalchemy") < done.index("PySide6.QtCore")
