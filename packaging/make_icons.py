"""Render the application icon from its SVG: PNGs, a Windows .ico and a macOS .icns.

Run it after changing resources/icons/pej-desktop.svg and commit what it writes:
``.venv/bin/python packaging/make_icons.py``. Rendering uses Qt's SVG renderer, so
the files come out the same on every platform, and the build needs no image tools.

ICO and ICNS are written by hand (both are a small directory of PNG images): Qt's own
writers store a single size, and Windows and macOS pick the size they need from a list.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ICONS_DIR = REPO_ROOT / "resources" / "icons"
SVG = ICONS_DIR / "pej-desktop.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09", 1024: b"ic10"}


def png_name(size: int) -> str:
    return f"pej-desktop-{size}.png"


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn on a transparent square of ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon file with one PNG-compressed entry per size (Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(images))
        images += data
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon file: the 'icns' header then one PNG element per size."""
    body = b"".join(
        ICNS_TYPES[size] + struct.pack(">I", 8 + len(data)) + data for size, data in sorted(pngs.items())
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    rendered = {size: render_png(SVG, size) for size in sorted(set(PNG_SIZES) | set(ICNS_TYPES))}
    for size in PNG_SIZES:
        (ICONS_DIR / png_name(size)).write_bytes(rendered[size])
    (ICONS_DIR / "pej-desktop.ico").write_bytes(ico_bytes({s: rendered[s] for s in ICO_SIZES}))
    (ICONS_DIR / "pej-desktop.icns").write_bytes(icns_bytes({s: rendered[s] for s in ICNS_TYPES}))
    print(f"Icons written to {ICONS_DIR.relative_to(REPO_ROOT)}: "
          f"{', '.join(png_name(s) for s in PNG_SIZES)}, pej-desktop.ico, pej-desktop.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
