"""Scannable codes, the savings chart and the embedded fonts."""

from __future__ import annotations

import random

import pytest
from reportlab.graphics.barcode import qrencoder
from reportlab.pdfbase.ttfonts import TTFont

from pej_desktop.reports.chart import fit_label, savings_chart
from pej_desktop.reports.codes import can_barcode, mask_penalty, qr_modules
from pej_desktop.reports.fonts import fonts_dir, register_fonts

FRENCH = "œŒ€«»\u202f\u00a0’éèêëàâçÇîïôûùüÿÉÈÀ…–—"


def random_links(count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789/-_?=&é"
    return ["https://partenaire.example.org/" + "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 400)))
            for _ in range(count)]


def test_mask_penalty_is_reportlabs_score() -> None:
    for link in random_links(15):
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(link)
        code.version = code.calculate_version()
        for mask in range(8):
            code.makeImpl(True, mask)
            assert mask_penalty(code.modules) == qrencoder.QRUtil.getLostPoint(code), (link, mask)


def test_qr_matrix_is_the_one_reportlab_makes() -> None:
    for link in random_links(10, seed=9):
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(link)
        code.make()
        assert qr_modules(link) == tuple(map(tuple, code.modules))


@pytest.mark.parametrize(("code", "ok"), [("EPI-2026-000123", True), ("", False), ("CAFÉ-1", False),
                                          ("A" * 49, False), ("a b~c", True)])
def test_only_printable_ascii_codes_get_a_barcode(code: str, ok: bool) -> None:
    assert can_barcode(code) is ok


def test_chart_cuts_long_labels_and_groups_small_categories() -> None:
    register_fonts()
    assert fit_label("Catégorie " * 20, 60).endswith("…")
    assert fit_label("Mobilité", 200) == "Mobilité"
    rows = [(f"Catégorie {i}", 1000 - i) for i in range(14)]
    drawing = savings_chart(rows, width=400)
    labels = [node.text for node in drawing.contents if hasattr(node, "text")]
    assert "Autres catégories" in labels and len([t for t in labels if t.startswith("Catégorie")]) == 9
    assert labels.count("Autres catégories") == 1


def test_shipped_fonts_cover_french_and_carry_their_licence() -> None:
    folder = fonts_dir()
    licence = (folder / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence and "Arev" in licence
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        glyphs = TTFont("check", str(folder / name)).face.charToGlyph
        missing = [hex(ord(c)) for c in FRENCH if ord(c) not in glyphs]
        assert not missing, (name, missing)
