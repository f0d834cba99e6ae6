"""The embedded TTF fonts (DejaVu Sans, resources/fonts/): registered once per process.

The PDF base fonts only cover WinAnsi; DejaVu Sans covers every character French text
and ``format_cents`` produce (œ, Œ, €, « », U+00A0, U+202F). Fonts are subset and
embedded in each document by reportlab.
"""

from __future__ import annotations

import threading
from pathlib import Path

from pej_desktop.config import resources_dir

REGULAR = "PejSans"
BOLD = "PejSans-Bold"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()
_registered = False


class FontMissingError(RuntimeError):
    """The shipped fonts are not where they should be (broken installation)."""


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register_fonts() -> None:
    """Register the family with reportlab (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab import rl_config
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, filename in _FILES.items():
            path = fonts_dir() / filename
            if not path.is_file():
                raise FontMissingError(f"Police introuvable : {path}. Réinstallez PEJ Desktop.")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        for bold, italic in ((0, 0), (0, 1), (1, 0), (1, 1)):
            addMapping(REGULAR, bold, italic, BOLD if bold else REGULAR)
        # Process-wide reportlab settings, for our documents only (nothing else uses reportlab):
        # graphics (the chart) start in our font, not Helvetica, which would be referenced
        # unembedded; binary (Flate only) streams are smaller and skip an ASCII85 pass.
        rl_config.defaultGraphicsFontName = REGULAR
        rl_config.useA85 = 0
        _registered = True
