"""The PDF preview (QtPdf) with printing and saving, and "Fiches offres…" from the main window."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from pej_desktop.reports.inputs import selection_label, sheet_pks, sheets_input_for
from pej_desktop.reports.sheets import build_offer_sheets
from pej_desktop.store.catalogue import get_meta
from pej_desktop.store.search import SearchFilters, fetch_summaries, load_offer_records
from pej_desktop.views.dialogs.pdf_preview import PdfPreviewDialog
from tests.support.pdf_reading import all_text, reader


@pytest.fixture
def mobility_pdf(catalogue) -> bytes:  # type: ignore[no-untyped-def]
    with catalogue.read() as conn:
        filters = SearchFilters(category="mobilite")
        pks = sheet_pks(conn, filters=filters)[:3]
        data = sheets_input_for(conn, pks, label=selection_label(conn, filters), layout="pages",
                                meta=get_meta(conn), generated_on=dt.date(2026, 11, 28))
    return build_offer_sheets(data)


@pytest.fixture
def preview(qtbot, mobility_pdf: bytes) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    dialog = PdfPreviewDialog(mobility_pdf, title="Fiches offres", file_name="fiches-offres.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def when_modal(callback: Callable[[QDialog], None], *, kind: type = QDialog) -> None:
    """Act on the next modal dialog of ``kind`` as soon as it is shown (a user would click)."""
    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            callback(widget)
        else:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(20, poll)


def test_the_preview_shows_the_real_document(preview: PdfPreviewDialog, mobility_pdf: bytes) -> None:
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.page_count() == len(reader(mobility_pdf).pages) == 3
    assert preview.page_label.text().strip() == "Page 1 / 3"
    assert preview.document_hash == "sha256:" + hashlib.sha256(mobility_pdf).hexdigest()
    assert preview.print_button.accessibleName() == "Imprimer" and preview.print_button.isDefault()
    preview.zoom_in_action.trigger()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom and preview.view.zoomFactor() > 1
    preview.fit_action.trigger()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


def test_printing_renders_every_page_and_reports_the_hash(qtbot, preview: PdfPreviewDialog, tmp_path: Path) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "imprime.pdf"))
    with qtbot.waitSignal(preview.printed, timeout=20_000) as signal:
        assert preview.print_to(printer) == 3
    assert signal.args == [preview.document_hash]
    assert len(reader((tmp_path / "imprime.pdf").read_bytes()).pages) == 3


def test_printing_a_page_range(preview: PdfPreviewDialog, tmp_path: Path) -> None:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "page2.pdf"))
    printer.setFromTo(2, 2)
    assert preview.print_to(printer) == 1
    assert len(reader((tmp_path / "page2.pdf").read_bytes()).pages) == 1


def test_cancelling_the_print_dialog_prints_nothing(qtbot, preview: PdfPreviewDialog) -> None:
    seen: list[str] = []
    shown: list[str] = []
    preview.printed.connect(seen.append)
    when_modal(lambda dialog: (shown.append(dialog.windowTitle()), dialog.reject()), kind=QPrintDialog)
    qtbot.mouseClick(preview.print_button, qtbot_button())
    assert shown == ["Imprimer"] and seen == []


def test_saving_writes_the_exact_bytes_and_no_temporary_file(qtbot, preview: PdfPreviewDialog, mobility_pdf: bytes,
                                                               tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "documents"
    folder.mkdir()
    target = folder / "fiches"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(preview.saved) as signal:
        qtbot.mouseClick(preview.save_button, qtbot_button())
    saved = target.with_suffix(".pdf")
    assert saved.read_bytes() == mobility_pdf
    assert signal.args == [preview.document_hash, str(saved)]
    assert sorted(p.name for p in folder.iterdir()) == ["fiches.pdf"]


def test_saving_into_a_missing_folder_explains_and_keeps_the_preview(qtbot, preview: PdfPreviewDialog,
                                                                     tmp_path: Path) -> None:
    texts: list[str] = []
    when_modal(lambda box: (texts.append(box.text()), box.accept()), kind=QMessageBox)
    assert preview.save_to(tmp_path / "absent" / "x.pdf") is False
    assert texts and "n'a pas pu être enregistré" in texts[0]
    assert preview.isVisible()


def test_preview_print_and_save_leave_no_temporary_file(qtbot, mobility_pdf: bytes, tmp_path: Path,
                                                        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    dialog = PdfPreviewDialog(mobility_pdf, title="Fiches offres", file_name="fiches.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    dialog.print_to(printer)
    dialog.save_to(tmp_path / "saved.pdf")
    dialog.close()
    assert list(scratch.iterdir()) == []


# -- from the main window ----------------------------------------------------------------------

def test_sheets_dialog_offers_only_what_exists(qtbot) -> None:  # type: ignore[no-untyped-def]
    from pej_desktop.ops.documents import SCOPE_LIST, SCOPE_SELECTED
    from pej_desktop.views.catalogue.offer_sheets_dialog import OfferSheetsDialog

    with_selection = OfferSheetsDialog(has_selection=True, list_count=12)
    qtbot.addWidget(with_selection)
    assert with_selection.request().scope == SCOPE_SELECTED and with_selection.request().layout == "pages"
    assert not with_selection.with_sheets_check.isEnabled()  # full sheets only go after a listing
    with_selection.listing_radio.setChecked(True)
    assert with_selection.request().layout == "listing" and with_selection.selected_radio.isChecked()
    assert with_selection.with_sheets_check.isEnabled() and not with_selection.request().with_sheets
    with_selection.with_sheets_check.setChecked(True)
    with_selection.include_expired_check.setChecked(True)
    assert with_selection.request().with_sheets and with_selection.request().include_expired
    with_selection.pages_radio.setChecked(True)
    assert not with_selection.request().with_sheets
    without = OfferSheetsDialog(has_selection=False, list_count=12)
    qtbot.addWidget(without)
    assert not without.selected_radio.isEnabled() and without.request().scope == SCOPE_LIST
    assert "(12)" in without.list_radio.text()
    nothing = OfferSheetsDialog(has_selection=False, list_count=0)
    qtbot.addWidget(nothing)
    assert not nothing.buttons.accept_button.isEnabled()


def test_offer_sheets_of_the_selected_offer(qtbot, open_main_window) -> None:  # type: ignore[no-untyped-def]
    window = open_main_window()
    page = window.catalogue_page
    page.result_view.setFocus()
    page.result_view.setCurrentIndex(page.model.index(0))
    with page.session.catalogue.read() as conn:
        first = fetch_summaries(conn, [page.model.pk_at(0)])[0]
    qtbot.waitUntil(lambda: first.title in page.detail.toPlainText(), timeout=5000)
    assert page.selected_offer_pk() == first.pk
    when_modal(lambda dialog: dialog.accept(), kind=QDialog)
    window.findChild(QAction, "action_offer_sheets").trigger()
    qtbot.waitUntil(lambda: getattr(window, "offer_sheets_preview", None) is not None, timeout=20_000)
    preview = window.offer_sheets_preview
    assert preview.page_count() == 1
    assert first.title in all_text(preview.pdf) and "Offre sélectionnée" in all_text(preview.pdf)
    preview.close()


def test_offer_sheets_of_the_list_shown_as_a_listing(qtbot, open_main_window) -> None:  # type: ignore[no-untyped-def]
    window = open_main_window()
    page = window.catalogue_page
    before = page.model.rowCount()
    qtbot.keyClicks(page.search_edit, "velo")
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < before, timeout=5000)
    today = dt.date.today()
    with page.session.catalogue.read() as conn:
        records = list(load_offer_records(conn, list(page.model.pks())).values())
    valid = [r.title for r in records if (r.valid_from or today) <= today <= (r.valid_to or today)]
    others = [r.title for r in records if r.title not in valid]

    def choose_list(dialog: QDialog) -> None:
        dialog.list_radio.setChecked(True)
        dialog.listing_radio.setChecked(True)
        dialog.accept()

    when_modal(choose_list, kind=QDialog)
    window.findChild(QAction, "action_offer_sheets").trigger()
    qtbot.waitUntil(lambda: getattr(window, "offer_sheets_preview", None) is not None, timeout=20_000)
    text = all_text(window.offer_sheets_preview.pdf)
    assert "Recherche « velo »" in text and "Offre Partenaire Réduction Validité Lien" in text
    assert valid and all(title[:20] in text for title in valid)  # one line each, cut with "…" if need be
    assert not any(title[:20] in text for title in others)  # not valid today: left out by default
    assert "Comment faire" not in text  # no full sheet unless asked
    window.offer_sheets_preview.close()


def qtbot_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
