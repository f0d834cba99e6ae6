"""Writing a finished document to disk: whole or not at all, readable by its owner only.

Kept for the callers of ``write_atomically``; the one implementation is
``pej_desktop.store.private_files.write_private``.
"""

from __future__ import annotations

from pathlib import Path

from pej_desktop.store.private_files import write_private


def write_atomically(path: Path, data: bytes) -> None:
    """A private temporary file next to ``path``, renamed once complete; removed if anything fails.

    Raises OSError (folder missing, disk full, no permission) with nothing left behind.
    """
    write_private(path, data)
