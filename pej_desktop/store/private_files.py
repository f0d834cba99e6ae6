"""Files that may hold personal data: readable by their owner only, written whole or not at all.

Every file the application writes (the personal database and its backups, right-of-access
exports, outbox exports, PDFs naming a young person, CSV exports) goes through here:

- ``write_private`` writes a temporary file next to the target, created with mode 0600
  from its first byte (never a moment readable by others), flushes it to disk, then
  renames it over the target: a reader sees the old file or the new one, never half;
  a full disk leaves the old file untouched and no temporary file behind.
- ``make_private`` narrows an existing file (a database SQLite created) to 0600, with
  its ``-wal``/``-shm`` companions.
- ``private_umask`` makes every file the process creates private (the command line and
  the window call it first), so SQLite's own files, logs and folders are too.

On Windows, files in the user's profile are already the user's only; ``chmod`` there
only toggles read-only, so nothing else is done.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PRIVATE_MODE = 0o600
PRIVATE_UMASK = 0o077
_POSIX = os.name == "posix"


def private_umask() -> None:
    """Files and folders created from now on are the owner's only (0600 / 0700)."""
    if _POSIX:
        os.umask(PRIVATE_UMASK)


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, mode 0600; OSError (disk full, no permission) leaves nothing."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:  # mkstemp creates the file 0600
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_private_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    write_private(path, text.encode(encoding))


def make_private(path: Path) -> None:
    """Narrow ``path`` and its SQLite companions (``-wal``, ``-shm``, ``-journal``) to 0600."""
    if not _POSIX:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = Path(f"{path}{suffix}")
        try:
            if part.exists() and (part.stat().st_mode & 0o777) != PRIVATE_MODE:
                os.chmod(part, PRIVATE_MODE)
        except OSError:
            pass  # another user's file or a read-only folder: the open that follows says so
