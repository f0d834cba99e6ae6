"""The catalogue browser driven like an adviser would, on the real demo catalogue."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from pej_desktop.store.search import SearchFilters, fetch_summaries, search_offer_pks
from tests.gui.conftest import close_window


def wait_for_search(qtbot, page) -> list[int]:  # type: ignore[no-untyped-def]
    """Wait until the list shows exactly the result of the page's current filters."""
    with page.session.catalogue.read() as conn:
        expected = list(search_offer_pks(conn, page.current_filters()))
    qtbot.waitUntil(lambda: not page._debounce.isActive() and list(page.model.pks()) == expected, timeout=5000)
    return expected


def _listed_titles(page) -> list[str]:  # type: ignore[no-untyped-def]
    with page.session.catalogue.read() as conn:
        return [row.title for row in fetch_summaries(conn, list(page.model.pks()))]


def test_typing_narrows_the_list(qtbot, open_main_window) -> None:
    window = open_main_window()
    page = window.catalogue_page
    before = page.model.rowCount()
    qtbot.keyClicks(page.search_edit, "velo")  # typed without the accent: still found
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < before, timeout=5000)
    assert any("vélo" in title.lower() for title in _listed_titles(page))
    with page.session.catalogue.read() as conn:
        expected = list(search_offer_pks(conn, page.current_filters()))
    assert list(page.model.pks()) == expected
    page.search_edit.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == before, timeout=5000)


def test_hostile_text_shows_no_result_and_no_error(qtbot, open_main_window) -> None:
    page = open_main_window().catalogue_page
    qtbot.keyClicks(page.search_edit, 'NEAR("*-')
    qtbot.waitUntil(lambda: page.result_count_label.text() == "Aucune offre ne correspond.", timeout=5000)
    assert page.model.rowCount() == 0


def test_category_filter_and_counts(qtbot, open_main_window) -> None:
    page = open_main_window().catalogue_page
    mobility_row = next(i for i in range(page.category_list.count())
                        if page.category_list.item(i).data(Qt.ItemDataRole.UserRole) == "mobilite")
    item = page.category_list.item(mobility_row)
    qtbot.waitUntil(lambda: "(" in item.text(), timeout=5000)
    announced = int(item.text().rsplit("(", 1)[1].rstrip(")"))
    page.category_list.setCurrentRow(mobility_row)
    qtbot.waitUntil(lambda: page.model.rowCount() == announced, timeout=5000)
    with page.session.catalogue.read() as conn:
        rows = fetch_summaries(conn, list(page.model.pks()))
        mobility = set(
            search_offer_pks(conn, SearchFilters(category="mobilite", valid_on=page.current_filters().valid_on))
        )
    assert rows and {row.pk for row in rows} == mobility


def test_opening_an_offer_shows_its_detail(qtbot, open_main_window) -> None:
    page = open_main_window().catalogue_page
    page.result_view.setFocus()
    page.result_view.setCurrentIndex(page.model.index(0))
    with page.session.catalogue.read() as conn:
        first = fetch_summaries(conn, [page.model.pk_at(0)])[0]
    qtbot.waitUntil(lambda: first.title in page.detail.toPlainText(), timeout=5000)
    text = page.detail.toPlainText()
    assert "Réduction" in text and "Validité" in text and first.partner in text


def test_ctrl_f_focuses_search_and_down_moves_to_results(qtbot, open_main_window) -> None:
    window = open_main_window()
    page = window.catalogue_page
    page.result_view.setFocus()
    action = window.findChild(type(window.menuBar().actions()[0]), "action_find")
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    action.trigger()
    assert page.search_edit.hasFocus()
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    assert page.result_view.hasFocus() and page.result_view.currentIndex().row() == 0


def test_state_survives_a_restart(qtbot, open_main_window) -> None:
    window = open_main_window()
    page = window.catalogue_page
    with page.session.catalogue.read() as conn:
        word = fetch_summaries(conn, [page.model.pk_at(0)])[0].partner.split()[0][:4]
    page.valid_today_check.setChecked(False)
    page.search_edit.setText(word)
    assert wait_for_search(qtbot, page)
    page.result_view.setCurrentIndex(page.model.index(page.model.rowCount() - 1))
    chosen = page.selected_offer_pk()
    close_window(window)

    again = open_main_window().catalogue_page
    assert again.search_edit.text() == word
    assert not again.valid_today_check.isChecked()
    qtbot.waitUntil(lambda: again.selected_offer_pk() == chosen, timeout=5000)


def test_a_long_count_wraps_instead_of_widening_the_list(qtbot, open_main_window) -> None:
    """« 2 020 offres affichées sur 49 490 au catalogue — précisez… » pushed the splitter at 1366×768:
    the panes moved as the adviser typed two letters."""
    from pej_desktop.views.catalogue.page import source_text

    window = open_main_window()
    window.resize(1366, 768)
    page = window.catalogue_page
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=5000)
    qtbot.wait(100)
    sizes = page.splitter.sizes()
    page.result_count_label.setText("2\u202f020 offres affichées sur 49\u202f490 au catalogue — précisez la recherche "
                                    "pour les classer par pertinence")
    qtbot.wait(50)
    assert page.splitter.sizes() == sizes
    assert page.result_count_label.minimumSizeHint().width() < sizes[1]
    assert source_text({"source": "https://api.pej.gouv.fr"}, 49490) == "49\u202f490 offres au catalogue"
