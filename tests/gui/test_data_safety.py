"""Data safety in the real window: damaged files at start, daily backup, restore, duties, About, logs."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSize, Qt, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMessageBox

from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import backup as backups
from pej_desktop.ops import people as ops
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.demo import ensure_demo_loaded
from pej_desktop.views.dialogs.audit_dialog import AuditDialog
from pej_desktop.views.dialogs.backups_dialog import BackupsDialog
from pej_desktop.views.dialogs.retention_dialog import RetentionDialog
from tests.gui.conftest import close_window

TODAY = dt.date.today()
ADVISER = Adviser(first_name="Camille", last_name="Durand", structure="MISSION_LOCALE",
                  agency_name="Mission Locale de Lyon", agency_code="69001")
YVAINE = YoungPerson(first_name="Yvaine", last_name="Castagnède", birth_date=dt.date(2003, 2, 11),
                     postal_code="69003", last_contact=TODAY - dt.timedelta(days=900))
ZACHARIE = YoungPerson(first_name="Zacharie", last_name="Morvandiau", birth_date=dt.date(2004, 7, 2),
                       postal_code="69003", last_contact=TODAY - dt.timedelta(days=20))


def _prepare(paths, *people: YoungPerson, backup_at: dt.datetime | None = None) -> None:  # type: ignore[no-untyped-def]
    store = ops.open_personal_store(paths).store
    ops.save_adviser(store, ADVISER)
    for person in people:
        assert ops.save_young_person(store, person, today=TODAY).saved is not None
    if backup_at is not None:
        backups.backup_now(store, paths, keep=14, now=backup_at)
    store.close()


def _page_ready(qtbot, window, rows: int) -> None:  # type: ignore[no-untyped-def]
    page = window.young_people_page
    qtbot.waitUntil(lambda: page.store is not None and page.model.rowCount() == rows, timeout=10_000)


def _box(qtbot, controller, name: str) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: controller.dialog is not None and controller.dialog.objectName() == name, timeout=10_000)
    return controller.dialog


def _click(qtbot, box: QMessageBox, text_start: str) -> None:  # type: ignore[no-untyped-def]
    (button,) = [b for b in box.buttons() if b.text().replace("&", "").startswith(text_start)]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _scribble_people_table(paths) -> None:  # type: ignore[no-untyped-def]
    store = ops.open_personal_store(paths).store
    with store.read() as conn:
        root = int(conn.exec_driver_sql("SELECT rootpage FROM sqlite_master WHERE name = 'young_people'").scalar())
    store.close()
    with open(paths.personal_db, "r+b") as handle:
        handle.seek((root - 1) * 4096)
        handle.write(os.urandom(4096))


# -- damaged files at start -------------------------------------------------------------------------
def test_a_damaged_personal_file_is_restored_only_after_asking(qtbot, open_main_window, paths) -> None:
    _prepare(paths, YVAINE, backup_at=dt.datetime.now() - dt.timedelta(hours=5))
    reopened = ops.open_personal_store(paths).store
    ops.save_young_person(reopened, ZACHARIE, today=TODAY)  # typed after the backup: will be lost
    reopened.close()
    _scribble_people_table(paths)
    window = open_main_window()
    safety = window.data_safety
    box = _box(qtbot, safety, "personal_damaged_box")
    assert "sera perdu" in box.text() and "1 dossier(s)" in box.text()
    assert "endommagé" in window.young_people_page.banner.text()
    assert not list(paths.backups_dir.glob("*endommage*"))  # nothing done before the answer
    _click(qtbot, box, "Restaurer la sauvegarde du")
    _page_ready(qtbot, window, 1)
    assert window.young_people_page.model.person_at(0).first_name == "Yvaine"
    restored = _box(qtbot, safety, "restored_box")
    assert "1 dossier(s)" in restored.text()
    assert len(list(paths.backups_dir.glob("personal-endommage-*"))) == 1


def test_later_leaves_the_file_alone_and_the_menu_can_restore_it(qtbot, open_main_window, paths) -> None:
    _prepare(paths, YVAINE, backup_at=dt.datetime.now() - dt.timedelta(hours=1))
    _scribble_people_table(paths)
    window = open_main_window()
    safety = window.data_safety
    _click(qtbot, _box(qtbot, safety, "personal_damaged_box"), "Plus tard")
    assert window.young_people_page.store is None and paths.personal_db.exists()
    window.findChild(QAction, "action_restore_backup").trigger()
    qtbot.waitUntil(lambda: isinstance(safety.dialog, BackupsDialog), timeout=5000)
    dialog = safety.dialog
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=5000)
    assert not dialog.backup_button.isEnabled()  # nothing open to back up
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    confirmation = _box(qtbot, safety, "restore_confirmation")
    assert "sera perdu" in confirmation.text()
    _click(qtbot, confirmation, "Restaurer")
    _page_ready(qtbot, window, 1)


def test_a_catalogue_damaged_inside_is_rebuilt_before_it_is_read(qtbot, open_main_window, paths) -> None:
    store = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    ensure_demo_loaded(store)
    with store.read() as conn:
        root = conn.exec_driver_sql("SELECT rootpage FROM sqlite_master WHERE name = 'offers'").scalar()
        size = conn.exec_driver_sql("PRAGMA page_size").scalar()
    store.close()
    with open(paths.catalogue_db, "r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(os.urandom(size))
    window = open_main_window()  # waits for the catalogue's first results: they come from the rebuilt file
    box = _box(qtbot, window.data_safety, "catalogue_recovered_box")
    assert "prochaine synchronisation" in box.text()
    assert len(list(paths.backups_dir.glob("catalogue-endommage-*"))) == 1


def test_after_a_clean_exit_the_check_runs_beside_the_first_query(qtbot, open_main_window, paths) -> None:
    """A normal start is not delayed by the check; damage it finds is still repaired."""
    first = open_main_window()
    close_window(first)  # a clean exit
    store = CatalogueStore.open(paths.catalogue_db)
    with store.read() as conn:  # an index the first listing does not read
        root = conn.exec_driver_sql("SELECT rootpage FROM sqlite_master WHERE name = 'ix_offers_partner_id'").scalar()
    store.close()
    with open(paths.catalogue_db, "r+b") as handle:
        handle.seek((root - 1) * 4096)
        handle.write(os.urandom(4096))
    window = open_main_window()
    box = _box(qtbot, window.data_safety, "catalogue_recovered_box")
    assert "démonstration" in box.text()
    from pej_desktop.ops.background import _executors

    assert "integrity" in _executors  # the check had a worker of its own
    assert len(list(paths.backups_dir.glob("catalogue-endommage-*"))) == 1
    close_window(window)
    assert str(window.session.settings.value("session/clean_exit")).lower() == "true"


def test_a_catalogue_that_does_not_open_is_replaced_by_the_demo(qtbot, open_main_window, paths) -> None:
    paths.catalogue_db.write_bytes(b"ceci n'est pas une base SQLite" * 200)
    window = open_main_window()
    _box(qtbot, window.data_safety, "catalogue_recovered_box")
    assert window.catalogue_page.model.rowCount() > 0


# -- backups ----------------------------------------------------------------------------------------
def test_daily_backup_when_the_file_opens_then_restore_from_the_menu(qtbot, open_main_window, paths) -> None:
    _prepare(paths, YVAINE)
    window = open_main_window()
    safety = window.data_safety
    with qtbot.waitSignal(safety.backed_up, timeout=10_000):
        pass
    _page_ready(qtbot, window, 1)
    assert len(backups.list_backups(paths)) == 1
    page = window.young_people_page
    ops.save_young_person(page.store, ZACHARIE, today=TODAY)
    page.reload()
    _page_ready(qtbot, window, 2)
    safety.ensure_daily_backup()  # once a day only
    assert len(backups.list_backups(paths)) == 1

    window.findChild(QAction, "action_backups").trigger()
    qtbot.waitUntil(lambda: isinstance(safety.dialog, BackupsDialog), timeout=5000)
    dialog = safety.dialog
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=5000)
    dialog.keep_spin.setValue(5)
    assert backups.backups_to_keep(window.session.settings) == 5
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    _click(qtbot, _box(qtbot, safety, "restore_confirmation"), "Restaurer")
    _page_ready(qtbot, window, 1)


# -- personal-data duties ---------------------------------------------------------------------------
def test_retention_purge_after_confirmation(qtbot, open_main_window, paths) -> None:
    _prepare(paths, YVAINE, ZACHARIE)
    window = open_main_window()
    _page_ready(qtbot, window, 2)
    duties = window.data_safety.duties
    duties.open_retention(today=TODAY + dt.timedelta(days=365 * 2 - 100))  # Zacharie's turn has not come
    qtbot.waitUntil(lambda: isinstance(duties.dialog, RetentionDialog), timeout=5000)
    dialog = duties.dialog
    assert dialog.expired_table.rowCount() == 1 and dialog.expired_table.item(0, 1).text() == "Yvaine Castagnède"
    dialog.set_ticked(set())
    assert not dialog.delete_button.isEnabled()
    dialog.set_ticked({dialog.ticked_ids() or dialog.report.expired[0].person_id})
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(dialog, "confirmation", None) is not None, timeout=5000)
    with qtbot.waitSignal(duties.purged, timeout=10_000) as purged:
        _click(qtbot, dialog.confirmation, "Supprimer")
    assert len(purged.args[0].deleted) == 1
    _page_ready(qtbot, window, 1)


def test_access_export_and_audit_log_from_the_menu(qtbot, open_main_window, paths, tmp_path: Path) -> None:
    from tests.support.pdf_reading import all_text

    _prepare(paths, YVAINE)
    window = open_main_window()
    _page_ready(qtbot, window, 1)
    duties = window.data_safety.duties
    window.findChild(QAction, "action_access_pdf").trigger()  # nobody selected yet
    assert duties.dialog is not None and duties.dialog.objectName() == "select_person_box"
    duties.dialog.close()
    person = window.young_people_page.model.person_at(0)
    with qtbot.waitSignal(duties.exported, timeout=10_000):
        duties.export_person(person.id, tmp_path / "acces.pdf", "pdf")
    assert "Yvaine Castagnède" in all_text((tmp_path / "acces.pdf").read_bytes())

    window.findChild(QAction, "action_audit_log").trigger()
    qtbot.waitUntil(lambda: isinstance(duties.dialog, AuditDialog), timeout=5000)
    dialog = duties.dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=5000)
    actions = {dialog.table.item(row, 2).text() for row in range(dialog.table.rowCount())}
    assert {"Création du dossier", "Export des données d'un jeune (droit d'accès)"} <= actions
    with qtbot.waitSignal(duties.audit_exported, timeout=10_000):
        duties.export_audit(tmp_path / "journal.csv", dialog)
    assert "entrée(s) exportée(s)" in dialog.status.text()
    assert "Yvaine" not in (tmp_path / "journal.csv").read_text(encoding="utf-8-sig")


# -- menus, About, logs, geometry ----------------------------------------------------------------------
def test_about_shows_the_app_catalogue_and_database_versions(qtbot, open_main_window) -> None:
    window = open_main_window()
    _page_ready(qtbot, window, 0)
    window.findChild(QAction, "action_about").trigger()
    qtbot.waitUntil(lambda: getattr(window, "about_box", None) is not None, timeout=5000)
    text = window.about_box.text()
    from pej_desktop.store.catalogue import CATALOGUE_MIGRATIONS
    from pej_desktop.store.personal import PERSONAL_MIGRATIONS

    assert f"Base du catalogue : version {CATALOGUE_MIGRATIONS.head}" in text
    assert f"Fichier des jeunes (chiffré) : version {PERSONAL_MIGRATIONS.head}" in text and "démonstration" in text


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_help_opens_the_logs_folder_and_menus_keep_quit_last(open_main_window, paths) -> None:
    window = open_main_window()
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        window.findChild(QAction, "action_open_logs").trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in catcher.urls] == [paths.log_dir]
    file_menu = window.menu("&Fichier")
    names = [a.objectName() for a in file_menu.actions() if not a.isSeparator()]
    assert names[-1] == "action_quit" and "action_restore_backup" in names
    help_names = [a.objectName() for a in window.menu("A&ide").actions() if not a.isSeparator()]
    assert help_names[-1] == "action_about" and "action_open_logs" in help_names


def test_window_geometry_is_remembered(qtbot, open_main_window, paths) -> None:
    window = open_main_window()
    window.resize(QSize(720, 520))
    close_window(window)
    again = open_main_window()
    assert again.size() == QSize(720, 520)


@pytest.mark.expects_unexpected_error
def test_an_unexpected_error_shows_where_the_log_is_and_the_app_goes_on(qtbot, open_main_window, paths) -> None:
    from pej_desktop.ops.background import QueryOp
    from pej_desktop.views import errors

    while errors.open_error_box() is not None:  # left open by an earlier test of this process
        errors.open_error_box().done(0)
    window = open_main_window()
    errors.set_log_path(str(paths.log_dir / "pej-desktop.log"))

    def broken() -> None:
        raise RuntimeError("panne simulée")

    QueryOp(parent=window, op=broken).run()  # no failure callback: the dialog is the default
    QueryOp(parent=window, op=broken).run()  # the same error again: one dialog, not two
    qtbot.waitUntil(lambda: errors.open_error_box() is not None, timeout=5000)
    box = errors.open_error_box()
    assert "continuer" in box.text() and str(paths.log_dir) in box.informativeText()
    assert "panne simulée" in box.detailedText()
    answered = []
    QueryOp(parent=window, op=lambda: "encore là").success(answered.append).run()
    qtbot.waitUntil(lambda: answered == ["encore là"], timeout=5000)  # the app kept running
    from PySide6.QtWidgets import QApplication

    shown = [w for w in QApplication.topLevelWidgets() if w.objectName() == "unexpected_error_box" and w.isVisible()]
    assert shown == [box]  # the repeated error did not stack a second dialog
    box.close()
    qtbot.waitUntil(lambda: errors.open_error_box() is None, timeout=5000)


def test_a_closed_window_no_longer_touches_its_files(qtbot, open_main_window, paths, capsys, tmp_path,
                                                      monkeypatch) -> None:
    """The self-check's window (its folder deleted since) must not wake up when another window
    says the catalogue changed, nor when its personal file's opening lands late (it made a daily
    backup in the deleted folder); the no_unexpected_error fixture fails the test if it does."""
    import tempfile

    from pej_desktop.cli import main
    from pej_desktop.ops.changes import Changes, announce

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    assert main(["self-check", "--offscreen"]) == 0
    capsys.readouterr()
    window = open_main_window()
    answered = []
    window.catalogue_page.results_shown.connect(answered.append)
    announce(Changes(catalogue=True))
    qtbot.wait(300)
    window.catalogue_page.refresh()
    qtbot.waitUntil(lambda: bool(answered), timeout=5000)
    qtbot.wait(300)
    assert list(temporary.iterdir()) == []  # the self-check's folder is gone and stays gone
