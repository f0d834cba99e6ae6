"""Write operations and the one error model (ops.background.WriteOp, domain.errors.UserError)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pej_desktop.app import make_application
from pej_desktop.domain.errors import UserError
from pej_desktop.ops.background import QueryOp, WriteOp, shutdown_executors
from pej_desktop.ops.changes import PEOPLE, Changes, Written, announce
from pej_desktop.views.listening import ChangesListener


class Screen(ChangesListener, QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list[Changes] = []
        self.listen_to_changes()

    def _on_changes(self, changes: Changes) -> None:
        self.heard.append(changes)


@pytest.fixture
def app(qtbot):  # type: ignore[no-untyped-def]
    make_application([])
    yield QApplication.instance()
    shutdown_executors()


def test_a_write_announces_its_changes_from_its_screen_then_hands_back_its_value(qtbot, app) -> None:
    writer, other = Screen(), Screen()
    qtbot.addWidget(writer)
    qtbot.addWidget(other)
    results: list[str] = []
    WriteOp(parent=writer, op=lambda: Written("saved", PEOPLE)).success(results.append).run()
    qtbot.waitUntil(lambda: results == ["saved"], timeout=5_000)
    assert other.heard == [Changes(people=True, source=writer)] and writer.heard == other.heard


def test_a_failed_write_announces_nothing(qtbot, app) -> None:
    other = Screen()
    qtbot.addWidget(other)
    failures: list[BaseException] = []

    def refused() -> Changes:
        raise UserError("Ce dossier n'existe plus : rechargez la liste des jeunes.")

    WriteOp(parent=other, op=refused).failure(failures.append).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=5_000)
    assert other.heard == []


def test_a_screen_stops_listening_when_destroyed_or_asked(qtbot, app) -> None:
    gone, quiet, kept = Screen(), Screen(), Screen()
    qtbot.addWidget(kept)
    heard_by_gone = gone.heard
    gone.deleteLater()
    qtbot.waitUntil(lambda: not _alive(gone), timeout=5_000)
    quiet.stop_listening()
    announce(Changes(catalogue=True))
    assert heard_by_gone == [] and quiet.heard == [] and kept.heard == [Changes(catalogue=True)]
    quiet.deleteLater()


def test_what_the_user_can_fix_is_shown_in_their_words_not_as_a_bug(qtbot, app) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def refused() -> None:
        raise UserError("Le fichier des jeunes est verrouillé : déverrouillez-le depuis la page Jeunes.")

    QueryOp(parent=parent, op=refused).run()  # no failure callback: the default handler answers
    qtbot.waitUntil(lambda: _box(parent) is not None, timeout=5_000)
    box = _box(parent)
    assert box is not None and box.text().startswith("Le fichier des jeunes est verrouillé")
    assert box.windowTitle() == "Action impossible"
    box.close()


@pytest.mark.expects_unexpected_error
def test_anything_else_is_a_bug_and_says_erreur_inattendue(qtbot, app, no_unexpected_error) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def broken() -> None:
        raise KeyError("missing")

    QueryOp(parent=parent, op=broken).run()
    qtbot.waitUntil(lambda: bool(no_unexpected_error), timeout=5_000)
    assert isinstance(no_unexpected_error[0], KeyError) and _box(parent) is None


def test_a_full_disk_met_by_a_write_says_what_to_do_not_erreur_inattendue(qtbot, app, no_unexpected_error) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def write_on_a_full_disk() -> Changes:
        with open("/dev/full", "w", encoding="utf-8") as full:  # the kernel's always-full device: ENOSPC
            full.write("x" * 10_000)
            full.flush()
        return Changes(people=True)

    WriteOp(parent=parent, op=write_on_a_full_disk).run()
    qtbot.waitUntil(lambda: _box(parent) is not None, timeout=5_000)
    box = _box(parent)
    assert box is not None and box.windowTitle() == "Action interrompue"
    assert box.text().startswith("Le disque est plein : libérez de la place, puis recommencez.")
    assert "n'a été perdu" in box.text() and "--data-dir" not in box.text()
    box.close()


def test_a_read_only_database_says_so_in_french(qtbot, app, no_unexpected_error, tmp_path) -> None:
    import sqlite3

    path = tmp_path / "lecture-seule.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    parent = QWidget()
    qtbot.addWidget(parent)

    def write_read_only() -> Changes:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("INSERT INTO t VALUES (1)")  # sqlite3.OperationalError: readonly database
        finally:
            conn.close()
        return Changes(people=True)

    WriteOp(parent=parent, op=write_read_only).run()
    qtbot.waitUntil(lambda: _box(parent) is not None, timeout=5_000)
    box = _box(parent)
    assert box is not None and "n'est pas accessible en écriture" in box.text() and "recommencez" in box.text()
    box.close()


def _box(parent: QWidget) -> QMessageBox | None:
    return parent.findChild(QMessageBox, "user_error_box")


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
