"""Scannable codes: CODE128 for in-store voucher codes, QR codes for online links.

Both are encoded by reportlab's own ``graphics.barcode`` modules and drawn as vectors,
with quiet zones kept so a till scanner or a phone camera reads them from paper.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from itertools import groupby

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.platypus import Flowable


def can_barcode(code: str) -> bool:
    """CODE128 encodes printable ASCII only; other codes are printed as text alone."""
    return bool(code) and len(code) <= 48 and all(32 <= ord(c) < 127 for c in code)


def code128(code: str, *, max_width: float, bar_height: float = 14 * mm) -> Flowable:
    """A CODE128 barcode narrowed to fit ``max_width``; the code itself prints beside it."""
    bar_width = 0.36 * mm  # wide enough for a till scanner reading an office print-out
    barcode = Code128(code, barWidth=bar_width, barHeight=bar_height, humanReadable=False)
    if barcode.width > max_width:
        bar_width *= max_width / barcode.width
        barcode = Code128(code, barWidth=bar_width, barHeight=bar_height, humanReadable=False,
                          lquiet=10 * bar_width, rquiet=10 * bar_width)
    return barcode


QUIET_MODULES = 4


@lru_cache(maxsize=2048)
def qr_modules(link: str) -> tuple[tuple[bool, ...], ...]:
    """The QR matrix of ``link``: reportlab's encoder, error correction M, best mask.

    The mask is the one reportlab's ``getBestMaskPattern`` picks, scored by
    ``mask_penalty`` — the same score, computed with byte strings instead of Python
    loops (reportlab's own scoring took ~8 ms a code: 4 s for 500 offer sheets).
    Cached: the preview rebuilds the same document, and listings repeat links.
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(link)
    code.version = code.calculate_version()
    scores = []
    for mask in range(8):
        code.makeImpl(True, mask)
        scores.append((mask_penalty(code.modules), mask))
    code.makeImpl(False, min(scores)[1])
    return tuple(map(tuple, code.modules))


_RUNS = re.compile(rb"0{5,}|1{5,}")
_FINDER_LIKE = b"10111010000"
_AS_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def mask_penalty(modules: list[list[bool]]) -> int:
    """reportlab's ``QRUtil.getLostPoint`` score of a masked matrix, quirks included.

    Rule 1: each run of 5+ same-colour modules in a row or column costs its length − 2.
    Rule 2: each 2×2 same-colour block costs 3. Rule 3: each finder-like pattern in a
    row costs 40 (reportlab only finds them in rows, and not at the very last position).
    Rule 4: 10 per 5 % of imbalance between dark and light modules.
    """
    rows = [bytes(row).translate(_AS_DIGITS) for row in modules]
    columns = [bytes(column).translate(_AS_DIGITS) for column in zip(*modules)]
    size = len(rows)
    score = sum(m.end() - m.start() - 2 for line in rows + columns for m in _RUNS.finditer(line))
    score += 40 * sum(line[:-1].count(_FINDER_LIKE) for line in rows)
    bits = [int(line, 2) for line in rows]
    inner = (1 << (size - 1)) - 1
    for upper, lower in itertools.pairwise(bits):
        same_vertical = ~(upper ^ lower)
        same_horizontal = ~(upper ^ (upper >> 1))
        score += 3 * (same_vertical & (same_vertical >> 1) & same_horizontal & inner).bit_count()
    dark = sum(line.count(b"1") for line in rows)
    return score + 10 * (abs(100 * dark // (size * size) - 50) // 5)


class QrCode(Flowable):
    """A QR code drawn as one filled path: one rectangle per horizontal run of dark modules.

    reportlab's ``QrCodeWidget`` builds a validated shape object per run and encodes
    the data twice; for 500 offer sheets that alone took several seconds.
    """

    def __init__(self, link: str, size: float) -> None:
        super().__init__()
        self.link = link
        self.width = self.height = size
        self.modules = qr_modules(link)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        """Module units via the transform, so the path is written with small integers."""
        count = len(self.modules)
        box = self.width / (count + 2 * QUIET_MODULES)
        canvas = self.canv
        canvas.saveState()
        canvas.translate(QUIET_MODULES * box, self.height - QUIET_MODULES * box)
        canvas.scale(box, -box)  # row r, column c is the unit square at (c, r)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.addLiteral(" ".join(self._runs()) + " f")
        canvas.restoreState()

    def _runs(self) -> list[str]:
        """One ``re`` operator per horizontal run of dark modules."""
        ops = []
        for r, row in enumerate(self.modules):
            c = 0
            for dark, run in groupby(row):
                length = len(list(run))
                if dark:
                    ops.append(f"{c} {r} {length} 1 re")
                c += length
        return ops


def qr_code(link: str, *, size: float = 28 * mm) -> QrCode:
    """A QR code of ``link``, ``size`` points square including its 4-module quiet zone."""
    return QrCode(link, size)
