"""Where PEJ Desktop keeps its files, and the few settings that are not per-window.

Resolution order for the data directory: ``--data-dir``, then ``PEJ_DATA_DIR``,
then portable mode (a ``portable.txt`` file next to the executable: data lives in
``data/`` beside it, for locked-down PCs), then the platform's user data dir.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_SLUG = "pej-desktop"
APP_AUTHOR = "PEJ"
DATA_DIR_ENV = "PEJ_DATA_DIR"


@dataclass(frozen=True)
class Paths:
    """Every file location the application uses, derived from one data directory."""

    data_dir: Path
    log_dir: Path

    @property
    def catalogue_db(self) -> Path:
        return self.data_dir / "catalogue.sqlite3"

    @property
    def personal_db(self) -> Path:
        return self.data_dir / "personal.sqlite3"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    def ensure(self) -> Paths:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        return self


def executable_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def portable_data_dir() -> Path | None:
    """Data directory of a portable install, or None when not portable."""
    base = executable_dir()
    return base / "data" if (base / "portable.txt").exists() else None


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    chosen = data_dir or os.environ.get(DATA_DIR_ENV) or portable_data_dir()
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return Paths(data_dir=root, log_dir=root / "logs")
    import platformdirs

    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_SLUG, APP_AUTHOR)),
        log_dir=Path(platformdirs.user_log_dir(APP_SLUG, APP_AUTHOR)),
    )


def resources_dir() -> Path:
    """The shipped resources (demo catalogue, fonts, icons), frozen or not."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", executable_dir())) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
