"""The window asks before a re-import changes who a file is about (name or date of birth)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pej_desktop.ops import people as ops
from tests.gui.test_young_people import _fill_adviser, _show_page

HEADER = "prénom;nom;date de naissance;code postal;n° dossier\n"


def _import(qtbot, page, source: Path, text: str) -> None:  # type: ignore[no-untyped-def]
    source.write_text(HEADER + text, encoding="utf-8")
    page.last_import = None
    page.import_file(source)
    qtbot.waitUntil(lambda: page.last_import is not None and page.dialog is not None, timeout=5000)


def _button(box: QMessageBox, text: str):  # type: ignore[no-untyped-def]
    return next(b for b in box.buttons() if b.text().replace("&", "") == text)


def test_a_changed_name_waits_for_the_advisers_confirmation(qtbot, open_main_window, tmp_path: Path) -> None:
    page = _show_page(qtbot, open_main_window())
    _fill_adviser(qtbot, page)
    source = tmp_path / "portefeuille.csv"
    _import(qtbot, page, source, "Léa;Martin;14/03/2005;69003;1234567\n")
    page.dialog.accept()
    qtbot.waitUntil(lambda: page.dialog is None, timeout=5000)

    _import(qtbot, page, source, "Inès;Martin;14/03/2005;69003;1234567\nLéa;Petit;01/01/2004;69003;1234567\n")
    assert "même numéro de dossier" in page.dialog.detailedText()  # twins in the file: both refused, no question
    page.dialog.accept()
    qtbot.waitUntil(lambda: page.dialog is None, timeout=5000)

    _import(qtbot, page, source, "Inès;Martin;14/03/2005;69007;1234567\n")
    box = page.dialog
    assert "changeraient le nom ou la date de naissance" in box.informativeText()
    assert "« Léa Martin, né(e) le 14/03/2005 » deviendrait « Inès Martin" in box.detailedText()
    assert box.defaultButton() is _button(box, "Ne rien changer")  # Enter changes nothing
    qtbot.mouseClick(_button(box, "Ne rien changer"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.dialog is None, timeout=5000)
    assert [p.first_name for p in ops.load_people(page.store)] == ["Léa"]

    _import(qtbot, page, source, "Inès;Martin;14/03/2005;69007;1234567\n")
    page.last_import = None
    qtbot.mouseClick(_button(page.dialog, "Appliquer les changements"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_import is not None and page.last_import.updated == 1, timeout=5000)
    people = ops.load_people(page.store)
    assert [(p.first_name, p.postal_code) for p in people] == [("Inès", "69007")]
    qtbot.waitUntil(lambda: page.dialog is not None, timeout=5000)
    page.dialog.accept()
