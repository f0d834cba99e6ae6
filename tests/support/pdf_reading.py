"""Reading generated PDFs back: text (whitespace normalised), text positions, scanned codes.

Codes are checked the way a phone or a till would: the page is rendered to pixels by
poppler's ``pdftoppm`` and decoded by zxing-cpp.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Every Unicode space (U+00A0, U+202F, line breaks…) as one plain space."""
    return _SPACES.sub(" ", text.replace("\u202f", " ").replace("\u00a0", " ")).strip()


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [normalise(page.extract_text() or "") for page in reader(pdf).pages]


def all_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


@dataclass(frozen=True)
class Span:
    page: int
    x: float
    y: float
    text: str
    font: str
    size: float


def text_spans(pdf: bytes) -> list[Span]:
    """Each text-showing operation with its start position in page space."""
    spans: list[Span] = []
    for number, page in enumerate(reader(pdf).pages, start=1):
        def visit(text, cm, tm, font, size, number=number):  # type: ignore[no-untyped-def]
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font.get("/BaseFont", "")) if font else ""
            spans.append(Span(number, x, y, text, name, size * (tm[0] or 1) * (cm[0] or 1)))
        page.extract_text(visitor_text=visit)
    return spans


def render_pages(pdf: bytes, folder: Path, *, dpi: int = 150, first: int = 1, last: int | None = None) -> list[Path]:
    source = folder / "document.pdf"
    source.write_bytes(pdf)
    command = ["pdftoppm", "-r", str(dpi), "-f", str(first), "-png", str(source), str(folder / "page")]
    if last is not None:
        command[5:5] = ["-l", str(last)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return sorted(folder.glob("page-*.png"))


def scanned_codes(
    pdf: bytes, *, dpi: int = 150, first: int = 1, last: int | None = None
) -> list[list[tuple[str, str]]]:
    """Per rendered page, the (format, text) of every code zxing-cpp reads."""
    import zxingcpp
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        pages = render_pages(pdf, Path(folder), dpi=dpi, first=first, last=last)
        found = []
        for path in pages:
            with Image.open(path) as image:
                found.append([(r.format.name, r.text) for r in zxingcpp.read_barcodes(image.convert("L"))])
        return found


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """Base font name → whether its program is embedded (FontFile2 for TrueType)."""
    fonts: dict[str, bool] = {}
    for page in reader(pdf).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded
    return fonts
