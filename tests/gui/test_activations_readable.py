"""« Offres activées » and the « Suivi » tab at 1366×768: every activation read in full, without
scrolling sideways.

The demo catalogue's longest titles, activated for one young person (demo codes, today's date), in
the real window at a laptop's size: no shown cell of either list is elided (its text fits its cell,
wrapped where the column wraps), the code is whole, and the keyboard reaches every activation with
all it says (state, date, saving) in the line under the list.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionSpinBox, QTableWidget

from pej_desktop.ops.activations import activate_offers, activation_choices
from pej_desktop.ops.changes import ACTIVATIONS, announce
from pej_desktop.views.young_people.activations_panel import ActivationsPanel
from tests.gui.test_activations_gui import _panel, _prepared

ITEM_PADDING = 3  # the stylesheet's ``QTableView::item { padding: 3px }``


def _hidden_text(table: QTableWidget, row: int, column: int) -> str | None:
    """The part of a shown cell's text that does not fit in it, or None when it is all in sight."""
    item = table.item(row, column)
    assert item is not None
    rect = table.visualItemRect(item)
    margin = ITEM_PADDING + table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    room = rect.adjusted(margin, ITEM_PADDING, -margin, -ITEM_PADDING)
    flags = Qt.TextFlag.TextWordWrap if table.wordWrap() else Qt.TextFlag.TextSingleLine
    needed = table.fontMetrics().boundingRect(QRect(0, 0, room.width(), 100_000), flags, item.text())
    if needed.width() <= room.width() and needed.height() <= room.height():
        return None
    return f"{item.text()!r} needs {needed.width()}×{needed.height()} in {room.width()}×{room.height()}"


def _activate_longest(window, person_id: int, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    """The ``count`` open offers with the longest titles, activated; their titles."""
    people, catalogue = window.session.personal, window.session.catalogue
    offers = sorted(activation_choices(people, catalogue, person_id).offers, key=lambda o: -len(o.title))[:count]
    activate_offers(people, catalogue, person_id, [offer.offer_id for offer in offers], accept_to_verify=True)
    return [offer.title for offer in offers]


def _laptop_with_activations(qtbot, open_main_window, paths, count: int):  # type: ignore[no-untyped-def]
    """The real window at 1366×768, one young person selected, ``count`` long titles activated and
    announced: the window, the « Offres activées » panel, the titles."""
    person_id = _prepared(paths)
    window = open_main_window()
    window.resize(1366, 768)
    panel: ActivationsPanel = _panel(qtbot, window, person_id)
    titles = _activate_longest(window, person_id, count)
    announce(ACTIVATIONS)
    qtbot.waitUntil(lambda: panel.table.rowCount() == count, timeout=5000)
    return window, panel, titles


def test_every_activation_is_read_in_full_at_1366_by_768(qtbot, open_main_window, paths) -> None:
    window, panel, titles = _laptop_with_activations(qtbot, open_main_window, paths, 4)
    assert min(len(title) for title in titles) > 40  # long titles: the ones an elided column cuts
    table = panel.table
    qtbot.waitUntil(lambda: table.rowCount() == len(titles), timeout=5000)
    qtbot.wait(50)
    assert window.width() <= 1366 and window.height() <= 768
    assert _all_in_sight(table) == []
    offer_cells = [table.item(row, 0).text() for row in range(table.rowCount())]  # type: ignore[union-attr]
    assert sorted(cell.split("\n")[0] for cell in offer_cells) == sorted(titles)
    assert all("activée\N{NO-BREAK SPACE}le" in cell for cell in offer_cells)  # the state and the date, in sight

    table.setFocus()
    for row in range(table.rowCount()):  # the keyboard reaches each one, with all it says
        table.setCurrentCell(row, 0) if row == 0 else qtbot.keyClick(table, Qt.Key.Key_Down)
        view = panel.views[row]
        details = panel.details_label.text()
        assert panel.details_label.isVisible() and table.currentRow() == row
        assert view.code_label in details and view.saving_label in details
        assert f"{view.activated_at:%d/%m/%Y}" in details


def _all_in_sight(table: QTableWidget) -> list[str]:
    """What is cut in ``table``: its shown cells' hidden text, or a horizontal scrollbar."""
    shown = [column for column in range(table.columnCount()) if not table.isColumnHidden(column)]
    cut = [hidden for row in range(table.rowCount()) for column in shown
           if (hidden := _hidden_text(table, row, column))]
    last = table.columnViewportPosition(shown[-1]) + table.columnWidth(shown[-1])
    if table.horizontalScrollBar().maximum() > 0 or last > table.viewport().width():
        cut.append(f"wider than its viewport: {last} > {table.viewport().width()}")
    return cut


def test_the_follow_up_tab_reads_every_activation_in_full_at_1366_by_768(qtbot, open_main_window,
                                                                          paths) -> None:
    window, _activations, titles = _laptop_with_activations(qtbot, open_main_window, paths, 4)
    interview = window.interview_panel
    history = interview.followup.history
    qtbot.waitUntil(lambda: history.rowCount() == len(titles), timeout=10_000)
    interview.tabs.setCurrentIndex(1)
    qtbot.waitUntil(history.isVisible, timeout=5000)
    qtbot.wait(50)
    offers = [history.item(row, 0).text() for row in range(history.rowCount())]  # type: ignore[union-attr]
    assert sorted(offers) == sorted(titles)
    assert _all_in_sight(history) == []
    # The tab fits without scrolling: the history took all its height and the two lists, below, had none.
    area = interview.tabs.currentWidget()
    assert area.verticalScrollBar().maximum() == 0
    row = interview.followup.fontMetrics().lineSpacing()
    for listed in (interview.followup.expiring, interview.followup.news):
        assert listed.isVisible() and listed.height() >= 3 * row
        assert listed.mapTo(area, listed.rect().bottomLeft()).y() <= area.viewport().height()


def test_a_larger_text_still_reads_in_full(qtbot, open_main_window, paths) -> None:
    """Affichage › Agrandir le texte changes the list's font: the rows grow with it, nothing is cut."""
    _window, panel, _titles = _laptop_with_activations(qtbot, open_main_window, paths, 3)
    table = panel.table
    before = [table.rowHeight(row) for row in range(table.rowCount())]
    font = table.font()
    font.setPointSizeF(font.pointSizeF() * 1.45)  # the largest step of the text size
    table.setFont(font)
    qtbot.wait(50)
    assert all(table.rowHeight(row) > before[row] for row in range(table.rowCount()))
    assert _all_in_sight(table) == []


def test_the_keyboard_reads_a_recommendation_in_full_under_the_list(qtbot, open_main_window, paths) -> None:
    """The recommendations stay one line each (titles elided at 1366×768); the current one is said in full
    under the list, as the mouse reads it in the tooltip."""
    person_id = _prepared(paths)
    window = open_main_window()
    window.resize(1366, 768)
    _panel(qtbot, window, person_id)
    recommendations = window.interview_panel.recommendations
    window.interview_panel.checklist.boxes["food"].setChecked(True)
    rows = recommendations.list
    qtbot.waitUntil(lambda: rows.topLevelItemCount() > 1, timeout=10_000)
    assert not recommendations.details.isVisible()  # no row chosen yet: no line
    rows.setFocus()  # Tab into the list: its first row becomes the current one
    qtbot.waitUntil(lambda: rows.currentItem() is not None, timeout=2000)
    for row in range(2):
        if row:
            qtbot.keyClick(rows, Qt.Key.Key_Down)
        item = rows.currentItem()
        assert item is not None and rows.indexOfTopLevelItem(item) == row  # the arrows go down the list
        current = recommendations.shown()[row]
        details = recommendations.details.text()
        assert recommendations.details.isVisible() and details == item.toolTip(0)
        assert current.title in details and current.reason in details


def test_the_uses_spin_box_shows_its_arrows(qtbot, open_main_window, paths) -> None:
    """« Utilisations par mois convenues »: the stylesheet's padding once squeezed its buttons so that
    Qt drew no arrow in them; each button now shows one (dark pixels inside it, border aside)."""
    window = open_main_window()
    window.resize(1366, 768)
    uses = window.interview_panel.recommendations.uses
    window.tabs.setCurrentWidget(window.young_people_page)
    qtbot.waitUntil(uses.isVisible, timeout=5000)
    option = QStyleOptionSpinBox()
    uses.initStyleOption(option)
    picture = uses.grab().toImage()
    for control in (QStyle.SubControl.SC_SpinBoxUp, QStyle.SubControl.SC_SpinBoxDown):
        inside = uses.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, option, control, uses) \
            .adjusted(3, 3, -3, -3)
        arrow = [(x, y) for x in range(inside.left(), inside.right() + 1)
                 for y in range(inside.top(), inside.bottom() + 1) if picture.pixelColor(x, y).value() < 140]
        assert arrow, (control, inside)
