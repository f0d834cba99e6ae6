"""Rotating log files in the platform's log directory.

Personal data never goes to the logs: log records name files by their internal id,
never by a person's name or date of birth. ``PersonalDataFilter`` is a last line of
defence that masks dates and registered names if a careless message slips through.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import threading
from pathlib import Path
from typing import ClassVar

LOG_FILE = "pej-desktop.log"
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})\b")


class PersonalDataFilter(logging.Filter):
    """Masks registered sensitive words (names) and dates in every record."""

    _words: ClassVar[set[str]] = set()
    _lock = threading.Lock()

    @classmethod
    def register(cls, *words: str) -> None:
        with cls._lock:
            cls._words.update(w for w in words if w and len(w) >= 2)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = self.mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # A traceback quotes exception messages: masked too (the formatter reuses exc_text).
            record.exc_text = self.mask(logging.Formatter().formatException(record.exc_info))
        return True

    def mask(self, text: str) -> str:
        masked = _DATE.sub("[date]", text)
        with self._lock:
            for word in self._words:
                if word in masked:
                    masked = masked.replace(word, "[masqué]")
        return masked


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    if any(getattr(h, "_pej", False) for h in root.handlers):
        return path
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler._pej = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PersonalDataFilter())
    root.addHandler(handler)
    root.setLevel(level)
    return path
