"""The interview companion driven like an adviser would: checklist, one-click activation, feedback,
the dashboard's figures on a known data set with its CSV and PDF exports, unmet searches."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from pej_desktop.domain.dashboard import month_label
from pej_desktop.domain.needs import NeedEntry, NeedsChecklist
from pej_desktop.ops import activations as activation_ops
from pej_desktop.ops import offer_feedback
from pej_desktop.store import activations as activation_store
from pej_desktop.store import interview as interview_rows
from pej_desktop.store import offer_feedback as feedback_rows
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.demo import ensure_demo_loaded
from pej_desktop.views.interview.offer_feedback_dialog import FeedbackDialog
from pej_desktop.views.young_people.activation_dialog import ActivationDialog
from tests.support.companion_data import TODAY, open_store, ready_person, young_person
from tests.support.pdf_reading import all_text, reader

NBSP = "\u202f"


def _prepare(paths, build):  # type: ignore[no-untyped-def]
    """Files written through the app's operations before the window opens (then closed)."""
    catalogue = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    ensure_demo_loaded(catalogue)
    store = open_store(paths)
    try:
        return build(store, catalogue)
    finally:
        store.close()
        catalogue.close()


def _open_file(qtbot, window, person_row: int = 0):  # type: ignore[no-untyped-def]
    page = window.young_people_page
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() > person_row, timeout=10_000)
    page.table.selectRow(person_row)
    panel = window.interview_panel
    qtbot.waitUntil(lambda: panel.interview is not None, timeout=10_000)
    return page, panel


def _read_store(window, read):  # type: ignore[no-untyped-def]
    with window.young_people_page.store.read() as conn:
        return read(conn)


def test_checklist_then_one_click_activation_then_feedback(qtbot, open_main_window, paths) -> None:
    person_id = _prepare(paths, lambda store, catalogue: ready_person(store, catalogue))
    window = open_main_window()
    _page, panel = _open_file(qtbot, window)
    checklist, recommendations = panel.checklist, panel.recommendations
    activations = window.activations.panel
    assert recommendations.summary.text().startswith("Cochez les besoins")

    # No save button: an unreadable amount is explained next to its field, nothing is saved.
    checklist.boxes["transport"].setChecked(True)
    qtbot.keyClicks(checklist.amounts["transport"], "soixante")
    qtbot.waitUntil(lambda: "Montant illisible" in checklist.errors["transport"].text(), timeout=5000)
    assert "seront enregistrés dès qu'il sera lisible" in checklist.status.text()
    assert _read_store(window, lambda c: interview_rows.load_needs(c, person_id).saved_at) is None

    # Typing is enough: the needs are saved and the ranked offers follow, without a button.
    checklist.amounts["transport"].clear()
    with qtbot.waitSignal(panel.interview_shown, timeout=10_000):
        qtbot.keyClicks(checklist.amounts["transport"], "60")
        checklist.boxes["food"].setChecked(True)
    qtbot.waitUntil(lambda: len(panel.interview.needs.entries) == 2, timeout=10_000)
    saved = _read_store(window, lambda c: interview_rows.load_needs(c, person_id).checklist)
    assert saved == NeedsChecklist.of([NeedEntry("food"), NeedEntry("transport", 6000)])
    assert checklist.status.text() == "Besoins enregistrés."

    # Recommendations: best saving first, one row each (title, partner, saving, need), the best one per need
    # checked on this first look; the uses assumed are said in words above the figures.
    rows = [recommendations.row_text(i) for i in range(recommendations.list.topLevelItemCount())]
    assert any(f"environ 43{NBSP}€ par mois — transport" in row for row in rows)
    assert "économies des offres renouvelables si tu l'utilises 1 fois par mois" in recommendations.summary.text()
    top = [r.offer_id for r in panel.interview.recommendations if r.top]
    assert len(top) == 2 and len(recommendations.checked_keys()) == 2
    assert activations.activate_button.text() == "&Activer des offres… (2 cochées)"
    # Twice a month, agreed with the young person: the bus pass (43 € a use) is capped by their 60 € of transport.
    recommendations.uses.setValue(2)
    rows = [recommendations.row_text(i) for i in range(recommendations.list.topLevelItemCount())]
    assert any(f"environ 60{NBSP}€ par mois — transport" in row for row in rows)
    assert "si tu l'utilises 2 fois par mois" in recommendations.summary.text()

    # The action bar's « Activer des offres… » opens with the ticked recommendations ticked.
    qtbot.mouseClick(activations.activate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(activations.dialog, ActivationDialog), timeout=10_000)
    dialog = activations.dialog
    assert sorted(item.data(Qt.ItemDataRole.UserRole) for item in dialog.checked_items()) == sorted(top)
    listed_first = [dialog.offer_list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(len(top))]
    assert sorted(listed_first) == sorted(top)  # in sight at the top of the list, not somewhere in 50 offers
    qtbot.mouseClick(dialog.activate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    shown = dialog.result_view.toPlainText()
    assert shown.count("✔") == 2 and shown.count("Code à remettre au jeune") + shown.count("À utiliser") == 2
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    # The next offers wait for the adviser's choice: nothing is ticked behind their back after an activation.
    qtbot.waitUntil(lambda: panel.interview is not None and len(panel.interview.lines) == 2, timeout=10_000)
    assert recommendations.checked_keys() == []
    assert activations.activate_button.text() == "&Activer des offres…"
    held = _read_store(window, lambda c: activation_store.person_activations(c, person_id))
    assert sorted(a.offer_id for a in held) == sorted(top)
    assert {a.uses_per_month for a in held if a.renewable} == {2}  # the agreed uses go with the activation
    # A later reload (another need ticked) does not tick them again either.
    with qtbot.waitSignal(panel.interview_shown, timeout=10_000):
        checklist.boxes["hygiene"].setChecked(True)
    qtbot.waitUntil(lambda: "hygiene" in panel.interview.needs.keys, timeout=10_000)
    assert recommendations.checked_keys() == []

    # Follow-up: both activations, their state; the feedback recorded on one of them.
    qtbot.waitUntil(lambda: panel.followup.history.rowCount() == 2, timeout=10_000)
    panel.tabs.setCurrentIndex(1)
    assert panel.followup.summary.text() == "2 activations : 2 codes non utilisés"
    panel.followup.history.selectRow(0)
    chosen = panel.followup.selected_line()
    for _ in range(3):  # offscreen, activation comes a moment after it is asked for
        window.activateWindow()
        qtbot.waitActive(window)
        qtbot.wait(100)
    panel.followup.history.setFocus()
    qtbot.keyClick(panel.followup.history, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # « Retour &du jeune… »
    qtbot.waitUntil(lambda: isinstance(panel.dialog, FeedbackDialog), timeout=5000)
    panel.dialog.radios["code_failed"].setChecked(True)
    with qtbot.waitSignal(panel.interview_shown, timeout=10_000):
        panel.dialog.buttons.accept_button.click()
    assert _read_store(window, lambda c: feedback_rows.feedback_by_activation(c, person_id)) == {
        chosen.activation_id: "code_failed"}
    row = [panel.followup.history.item(r, 0).text() for r in range(2)].index(chosen.title)
    assert panel.followup.history.item(row, 4).text() == "Le code ou le lien n'a pas marché"
    assert panel.notice.text() == "Retour du jeune enregistré."  # demo catalogue: nothing to send


def test_needs_being_typed_are_saved_when_switching_person_or_closing(qtbot, open_main_window, paths) -> None:
    first, second = _prepare(paths, lambda store, catalogue: [
        ready_person(store, catalogue, young_person(name, "Testeur")) for name in ("Alix", "Bérénice")])
    window = open_main_window()
    page, panel = _open_file(qtbot, window)
    panel.typing_delay_ms = 60_000  # an amount typed is never saved by the timer here: only the flushes save
    shown = page.selected_person_id()
    other = second if shown == first else first
    panel.checklist.boxes["food"].setChecked(True)
    qtbot.keyClicks(panel.checklist.amounts["food"], "85")
    assert panel.save_timer.isActive()
    with qtbot.waitSignal(panel.needs_saved, timeout=10_000):
        page.select_person(other)  # switching flushes the previous person's needs first
    assert _read_store(window, lambda c: interview_rows.load_needs(c, shown).checklist) == \
        NeedsChecklist.of([NeedEntry("food", 8500)])
    qtbot.waitUntil(lambda: panel.interview is not None and panel.interview.person_id == other, timeout=10_000)
    assert not panel.checklist.boxes["food"].isChecked()  # the other person's own (empty) checklist

    panel.checklist.boxes["transport"].setChecked(True)
    qtbot.keyClicks(panel.checklist.amounts["transport"], "trente")  # unreadable when the window closes
    assert panel.save_timer.isActive()
    window.close()
    window.shutdown()
    store = open_store(paths)
    try:
        with store.read() as conn:
            kept = interview_rows.load_needs(conn, other).checklist
    finally:
        store.close()
    assert kept == NeedsChecklist.of([NeedEntry("transport")])  # the need kept, the unreadable amount left out


def _known_activations(store, catalogue) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Three young people, four activations on known days, one refused upstream, one feedback."""
    first, second, third = (ready_person(store, catalogue, young_person(f, "Testeur")) for f in
                            ("Alix", "Bérénice", "Côme"))
    early = dt.datetime.combine(TODAY - dt.timedelta(days=40), dt.time(12), tzinfo=dt.UTC)
    late = dt.datetime.combine(TODAY, dt.time(0, 30), tzinfo=dt.UTC)
    for person, offer, when in ((first, "demo-ali-001", early), (second, "demo-mob-005", early),
                                (first, "demo-mob-003", late), (second, "demo-equ-002", late),
                                (third, "demo-mob-005", late)):
        report = activation_ops.activate_offers(store, catalogue, person, [offer], now=when,
                                                uses_per_month={"demo-ali-001": 4})
        assert report.activated, report
    with store.write() as conn:  # the national side refused the last one at sync
        conn.exec_driver_sql("UPDATE activations SET state = 'rejected', refusal_title = 'Quota de l''offre atteint' "
                             "WHERE person_id = ?", (third,))
        [mob3] = [a for a in activation_store.person_activations(conn, first) if a.offer_id == "demo-mob-003"]
    offer_feedback.record_feedback(store, first, mob3.uid, "too_small", now=late)
    return {"early": early.date(), "late": late.date()}


def test_dashboard_figures_and_exports_on_a_known_data_set(qtbot, open_main_window, paths, tmp_path: Path) -> None:
    days = _prepare(paths, _known_activations)
    window = open_main_window()
    page = window.dashboard_page
    qtbot.waitUntil(lambda: window.young_people_page.store is not None, timeout=10_000)
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        window.tabs.setCurrentWidget(page)
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.select_period("all")
    # 5 activations, 1 refused: 4 counted, 2 young people. Per month (renewable offers, uses agreed):
    # groceries 12 € × 4 + bus pass 43 € × 1 + train 13,50 € × 1 = 104,50 €; once: the phone, 70 €.
    assert (page.activations_value.text(), page.people_value.text(), page.monthly_value.text(),
            page.once_value.text(), page.rejected_value.text()) == (
        "4", "2", f"104,50{NBSP}€ par mois", f"70,00{NBSP}€ en une fois", "1")
    assert page.findChild(QLabel, "legend_monthly").text().startswith("Économies par mois : offres renouvelables")
    early, late = month_label(days["early"].replace(day=1)), month_label(days["late"].replace(day=1))
    months = dict(item.split(" : ") for item in page.month_chart.accessibleDescription().split("; "))
    assert months[early] == "2" and months[late] == "2" and sum(map(int, months.values())) == 4
    assert page.category_chart.accessibleDescription() == (
        f"Mobilité : 2 · 56,50{NBSP}€ par mois · 0{NBSP}€ en une fois; "
        f"Alimentation et hygiène : 1 · 48{NBSP}€ par mois · 0{NBSP}€ en une fois; "
        f"Équipement : 1 · 0{NBSP}€ par mois · 70{NBSP}€ en une fois")
    failing = [[page.failing_table.item(r, c).text() for c in range(4)] for r in range(page.failing_table.rowCount())]
    assert failing == [
        ["30 % sur les billets de train", "1", "1", "réduction trop faible : 1"],
        ["Abonnement transports en commun à 25 € au lieu de 68 €", "1", "1", "refusées par l'API nationale : 1"]]
    top = [page.top_table.item(r, 1).text() for r in range(page.top_table.rowCount())]
    assert top == ["1", "1", "1", "1"]
    assert [page.adviser_combo.itemText(i) for i in range(page.adviser_combo.count())] == [
        "Tous les conseillers", "Camille Durand"]

    with qtbot.waitSignal(page.exported, timeout=10_000):
        page.export("csv", tmp_path / "tableau.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "tableau.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert ["total", "activations", "4", "104,50", "70,00", "1",
            "échecs : activations refusées par l'API nationale"] in rows
    assert ["total", "jeunes accompagnés", "2", "", "", "", ""] in rows
    assert ["par catégorie", "Mobilité", "2", "56,50", "0,00", "", ""] in rows
    with qtbot.waitSignal(page.exported, timeout=10_000):
        page.export("pdf", tmp_path / "tableau.pdf")
    pdf = (tmp_path / "tableau.pdf").read_bytes()
    assert len(reader(pdf).pages) == 1
    text = all_text(pdf)
    for expected in ("Mission Locale de Lyon (69001)", "toute la période", "104,50 € par mois", "70,00 € en une fois",
                     "Mobilité 2 · 56,50 € par mois · 0 € en une fois", "réduction trop faible : 1"):
        assert expected in text, expected
    for name in ("Alix", "Bérénice", "Côme", "Testeur"):
        assert name not in text and name not in (tmp_path / "tableau.csv").read_text(encoding="utf-8-sig")

    # A period with nothing in it.
    with qtbot.waitSignal(page.figures_shown, timeout=10_000):
        page.select_period("last_year")
    months = [item.split(" : ")[1] for item in page.month_chart.accessibleDescription().split("; ")]
    assert page.activations_value.text() == "0" and months == ["0"] * 12


def test_searches_that_found_nothing_are_counted_once_without_names(qtbot, open_main_window, paths) -> None:
    _prepare(paths, lambda store, catalogue: ready_person(store, catalogue, young_person("Zéphyrine", "Quarbonnel")))
    window = open_main_window()
    qtbot.waitUntil(lambda: window.young_people_page.store is not None, timeout=10_000)
    counter, search = window.unmet_search_counter, window.catalogue_page.search_edit
    counter._timer.setInterval(50)
    with qtbot.waitSignal(counter.counted, timeout=10_000) as counted:
        qtbot.keyClicks(search, "velo logement quarbonnel")  # reduced to the catalogue's words
    assert counted.args == ["velo logement"]
    search.clear()
    with qtbot.waitSignal(counter.counted, timeout=10_000) as counted:
        qtbot.keyClicks(search, "quarbonnel")  # a name on file: never counted
    assert counted.args == [None]
    with window.young_people_page.store.read() as conn:
        assert conn.exec_driver_sql("SELECT query, count FROM unmet_searches").all() == [("velo logement", 1)]
