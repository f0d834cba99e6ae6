"""Activations with the demo catalogue and no server at all: codes from the demo reserve, the summary printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel

from pej_desktop.domain.eligibility import Confirmations
from pej_desktop.ops import people as ops
from pej_desktop.ops.activation_status import print_log
from pej_desktop.reports.digest import document_hash
from pej_desktop.store import audit
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.demo import read_demo_catalogue
from pej_desktop.store.search import offer_pk_by_id
from pej_desktop.views.dialogs.pdf_preview import PdfPreviewDialog
from pej_desktop.views.young_people.activation_dialog import ActivationDialog
from tests.support.activation_setup import prepare_person
from tests.support.pdf_reading import all_text

GROCERY = "demo-ali-001"


def _prepared(paths) -> int:  # type: ignore[no-untyped-def]
    store = ops.open_personal_store(paths).store
    catalogue = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    from pej_desktop.store.demo import ensure_demo_loaded

    ensure_demo_loaded(catalogue)
    person = prepare_person(store, catalogue)
    store.close()
    catalogue.close()
    return person.id


def _panel(qtbot, window, person_id: int):  # type: ignore[no-untyped-def]
    page = window.young_people_page
    qtbot.waitUntil(lambda: page.store is not None and page.model.rowCount() > 0, timeout=10_000)
    window.tabs.setCurrentWidget(page)
    assert page.select_person(person_id)
    panel = window.activations.panel
    qtbot.waitUntil(lambda: panel.shown_person_id == person_id, timeout=5000)
    return panel


def test_demo_activation_hands_a_demo_code_and_the_engine_remembers_it(qtbot, open_main_window, paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    panel = _panel(qtbot, window, person_id)
    qtbot.mouseClick(panel.activate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ActivationDialog), timeout=10_000)
    dialog = panel.dialog
    assert "Catalogue de démonstration : codes fictifs" in dialog.findChild(QLabel, "activation_intro").text()
    assert not dialog.activate_button.isEnabled()  # nothing ticked yet
    qtbot.keyClicks(dialog.filter_edit, "courses du quotidien")
    visible = [dialog.offer_list.item(r) for r in range(dialog.offer_list.count())
               if not dialog.offer_list.item(r).isHidden()]
    assert len(visible) == 1 and "8 code(s) disponible(s)" in visible[0].text()
    visible[0].setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.activate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    text = dialog.result_view.toPlainText()
    demo_codes = read_demo_catalogue().codes[GROCERY]
    assert any(f"Code à remettre au jeune : {code}" in text for code in demo_codes)
    assert "codes fictifs, activation non transmise" in text
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5000)
    assert panel.table.item(0, 2).text() == "Démonstration (non transmise)"
    assert panel.table.item(0, 1).text() in demo_codes and "par mois" in panel.table.item(0, 4).text()
    assert not window.activations.status_button.isVisible()  # nothing is owed to a national API

    qtbot.mouseClick(panel.activate_button, Qt.MouseButton.LeftButton)  # a renewable offer: not again yet
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ActivationDialog) and panel.dialog is not dialog,
                    timeout=10_000)
    again = panel.dialog
    assert not again.check_offer(GROCERY)
    again.reject()


def test_catalogue_button_activates_the_selected_offer_for_the_checked_person(qtbot, open_main_window,
                                                                             paths) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    page = window.young_people_page
    _panel(qtbot, window, person_id)
    center = window.activations
    assert not center.catalogue_button.isVisible()
    catalogue = window.catalogue_page
    store = page.store
    page.eligibility.run_check(store, person_id, Confirmations(not_student=True, not_in_training=True),
                               dt.date.today())
    window.tabs.setCurrentWidget(catalogue)
    qtbot.waitUntil(lambda: catalogue.eligibility_label.isVisible(), timeout=10_000)
    with window.session.catalogue.read() as conn:
        pk = offer_pk_by_id(conn, GROCERY)
    qtbot.waitUntil(lambda: catalogue.model.row_of(pk) is not None, timeout=10_000)
    catalogue.result_view.setCurrentIndex(catalogue.model.index(catalogue.model.row_of(pk)))
    qtbot.waitUntil(lambda: center.catalogue_button.isVisible() and center.catalogue_button.isEnabled(),
                    timeout=5000)
    assert center.catalogue_button.text() == "Activer cette offre pour Léa…"
    qtbot.mouseClick(center.catalogue_button, Qt.MouseButton.LeftButton)
    panel = center.panel
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ActivationDialog), timeout=10_000)
    assert window.tabs.currentWidget() is page
    assert [item.data(Qt.ItemDataRole.UserRole) for item in panel.dialog.checked_items()] == [GROCERY]
    panel.dialog.reject()


def test_ctrl_p_previews_the_summary_with_its_codes_and_logs_the_print(qtbot, open_main_window, paths,
                                                                      tmp_path: Path) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    panel = _panel(qtbot, window, person_id)
    from pej_desktop.ops.activations import activate_offers

    store, catalogue = window.young_people_page.store, window.session.catalogue
    (result,) = activate_offers(store, catalogue, person_id, [GROCERY]).results
    window.findChild(QAction, "action_print_summary").trigger()
    qtbot.waitUntil(lambda: isinstance(getattr(panel, "dialog", None), PdfPreviewDialog), timeout=15_000)
    preview = panel.dialog
    text = all_text(preview.pdf)
    assert "Léa MARTIN" in text and result.code in text and "2004" not in text
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "imprime.pdf"))
    with qtbot.waitSignal(preview.printed, timeout=10_000):
        assert preview.print_to(printer) >= 1
    assert preview.save_to(tmp_path / "recapitulatif.pdf")
    qtbot.waitUntil(lambda: len(print_log(store, person_id)) == 2, timeout=5000)
    logged = print_log(store, person_id)
    assert [(r["output"], r["document_hash"]) for r in logged] == [("print", document_hash(preview.pdf)),
                                                                    ("pdf", document_hash(preview.pdf))]
    assert all("Camille" in r["adviser_label"] for r in logged)
    with store.read() as conn:
        actions = [e.action for e in audit.list_entries(conn)]
    assert actions.count("print") == 2 and "activation" in actions
    preview.reject()
