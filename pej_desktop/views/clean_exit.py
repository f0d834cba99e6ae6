"""Whether the previous run of the window ended cleanly: a flag in the settings.

``DataSafety`` sets it false while the window runs and true at a clean exit; still false
at start means the app crashed (or never ran), and the catalogue is then checked before
anything reads it. Kept apart so that the window can ask it before importing the screens.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

CLEAN_EXIT_KEY = "session/clean_exit"  # false while the app runs: still false at start means it crashed


def exited_cleanly(settings: QSettings) -> bool:
    """The flag as the previous run left it (read only: ``DataSafety.start`` resets it)."""
    return str(settings.value(CLEAN_EXIT_KEY, "false")).lower() in ("true", "1")
