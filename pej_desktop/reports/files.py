"""Writing a finished document to disk: whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """A temporary file next to ``path``, renamed once complete; removed if anything fails.

    Raises OSError (folder missing, disk full, no permission) with nothing left behind.
    """
    handle, temporary = tempfile.mkstemp(prefix=".pej-", suffix=".pdf.part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
