"""The eligibility result's counts (« 3 à vérifier, 1 déjà activée(s)… ») are made on the database worker.

Counting where every offer stands reads the whole catalogue (22 ms with 50 000 offers): the GUI
thread only writes the sentence. Every run of ``CatalogueMarks.kinds`` is recorded with the thread
that ran it, as ``tests/integration/test_writer_thread.py`` records writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import Counter

import pytest
from PySide6.QtGui import QTextDocument, QTextListFormat

from pej_desktop.domain.catalogue_check import CatalogueMarks
from pej_desktop.domain.eligibility import Confirmations
from pej_desktop.ops.activations import activate_offers
from tests.gui.test_activations_gui import GROCERY, _panel, _prepared


def _bullets(document: QTextDocument) -> list[str]:
    """The lines of ``document`` drawn with a list's bullet or number."""
    lines, block = [], document.begin()
    while block.isValid():
        listed = block.textList()
        if listed is not None and listed.format().style() != QTextListFormat.Style.ListStyleUndefined:
            lines.append(block.text())
        block = block.next()
    return lines


@pytest.fixture
def counting_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads that count the marks' states, as they do it (the count itself unchanged)."""
    names: list[str] = []
    count = CatalogueMarks.kinds

    def recorded(marks: CatalogueMarks) -> Counter[str]:
        names.append(threading.current_thread().name)
        return count(marks)

    monkeypatch.setattr(CatalogueMarks, "kinds", recorded)
    return names


def test_a_check_counts_the_offers_states_on_the_database_worker(qtbot, open_main_window, paths,
                                                                  counting_threads) -> None:
    person_id = _prepared(paths)
    window = open_main_window()
    _panel(qtbot, window, person_id)
    page = window.young_people_page
    activate_offers(window.session.personal, window.session.catalogue, person_id, [GROCERY])
    counting_threads.clear()
    page.eligibility.run_check(window.session.personal, person_id,
                               Confirmations(not_student=True, not_in_training=True), dt.date.today())
    qtbot.waitUntil(lambda: page.eligibility.checked_person_id == person_id, timeout=10_000)

    assert "1 déjà activée(s)" in page.result.toPlainText()  # the count reached the screen
    assert _bullets(page.result.document()) == []  # each reason has its mark (✔ ⚠ ✖), no bullet before it
    assert counting_threads and {name.split("_")[0] for name in counting_threads} == {"pej-db"}
    assert threading.main_thread().name not in counting_threads


def test_a_condition_to_verify_says_what_to_do_next_on_the_page(qtbot, open_main_window, paths) -> None:
    """« ⚠ CEJ : date de début non renseignée » said nothing more: the next step the rules give
    (« Renseignez-la (Modifier…) ») was stored with the check but never shown."""
    from pej_desktop.ops import people as ops
    from pej_desktop.store.catalogue import CatalogueStore
    from tests.support.activation_setup import prepare_person, young_person

    store = ops.open_personal_store(paths).store
    catalogue = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    undated = dataclasses.replace(young_person(), cej_start=None, cej_planned_end=None)
    person_id = prepare_person(store, catalogue, undated, check=False).id
    store.close()
    catalogue.close()
    window = open_main_window()
    _panel(qtbot, window, person_id)
    page = window.young_people_page
    page.eligibility.run_check(window.session.personal, person_id,
                               Confirmations(not_student=True, not_in_training=True), dt.date.today())
    qtbot.waitUntil(lambda: page.eligibility.checked_person_id == person_id, timeout=10_000)
    shown = page.result.toPlainText()
    assert "date de début non renseignée" in shown
    assert "→ Renseignez-la (Modifier…), puis vérifiez à nouveau." in shown
