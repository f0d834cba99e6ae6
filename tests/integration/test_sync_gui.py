"""The sync in the window (pytest-qt, offscreen): settings dialog, background sync, status bar."""

from __future__ import annotations

import keyring
import pytest
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMessageBox

from pej_desktop.ops.sync_settings import TOKEN_SECRET, SyncPreferences, read_preferences
from pej_desktop.store import secrets
from sync.errors import SyncCancelled
from tests.integration.conftest import assert_same_catalogue, small_catalogue
from tests.support.memory_keyring import BrokenKeyring


@pytest.fixture
def host(qtbot, paths, catalogue):  # type: ignore[no-untyped-def]
    """A window hosting the sync controller, on a fresh data directory with the demo catalogue."""
    from pej_desktop.app import app_settings
    from pej_desktop.session import Session
    from pej_desktop.views.sync_controller import SyncController

    window = QMainWindow()
    qtbot.addWidget(window)
    session = Session(paths=paths, catalogue=catalogue, settings=app_settings(paths))
    controller = SyncController(session, window=window)
    window.statusBar().addPermanentWidget(controller.status)
    window.show()
    yield controller
    controller.stop()
    if controller.running:
        qtbot.waitUntil(lambda: not controller.running, timeout=10_000)


def _dialog(qtbot, **kwargs):  # type: ignore[no-untyped-def]
    from pej_desktop.views.dialogs.sync_settings_dialog import SettingsDialog

    dialog = SettingsDialog(preferences=SyncPreferences(), **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_settings_dialog_tests_the_connection_and_keeps_the_token_in_the_keyring(qtbot, national_api,
                                                                                  memory_keyring) -> None:
    dialog = _dialog(qtbot)
    assert secrets.backend_description() in dialog.secret_label.text()
    qtbot.keyClicks(dialog.url_edit, national_api.url)
    qtbot.keyClicks(dialog.token_edit, "jeton-faux")
    qtbot.mouseClick(dialog.test_button, qtbot_button())
    qtbot.waitUntil(lambda: "401" in dialog.test_label.text(), timeout=10_000)
    dialog.token_edit.clear()
    qtbot.keyClicks(dialog.token_edit, national_api.token)
    qtbot.mouseClick(dialog.test_button, qtbot_button())
    qtbot.waitUntil(lambda: dialog.test_label.text().startswith("Connexion réussie"), timeout=10_000)
    assert "Camille Conseillère" in dialog.test_label.text()
    dialog.interval_spin.setValue(30)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.preferences == SyncPreferences(api_url=national_api.url, interval_minutes=30, auto=True)
    assert memory_keyring.secrets[(secrets.SERVICE, TOKEN_SECRET)] == national_api.token
    assert dialog.session_token is None


def test_settings_dialog_refuses_plain_http_to_a_remote_host(qtbot) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.url_edit, "http://api.exemple.fr")
    dialog.accept()
    assert dialog.isVisible() and "https://" in dialog.test_label.text()


def test_without_keyring_the_dialog_says_so_and_keeps_the_token_in_memory(qtbot) -> None:
    keyring.set_keyring(BrokenKeyring())
    dialog = _dialog(qtbot)
    assert "Aucun coffre-fort" in dialog.secret_label.text()
    dialog.url_edit.setText("https://api.pej.example")
    qtbot.keyClicks(dialog.token_edit, "jeton-de-session")
    dialog.accept()
    assert dialog.session_token == "jeton-de-session"


def test_background_sync_shows_progress_then_the_catalogue_date(qtbot, host, national_api, memory_keyring) -> None:
    national_api.load(small_catalogue(offers=2300, partners=20))
    national_api.set_faults({"kind": "delay", "seconds": 0.25, "times": None})
    secrets.set_secret(TOKEN_SECRET, national_api.token)
    assert host.status.connection_label.text() == "Mode démonstration"
    seen: list[tuple[int, int]] = []
    host.status.progress.valueChanged.connect(lambda value: seen.append((value, host.status.progress.maximum())))
    with qtbot.waitSignal(host.finished, timeout=30_000) as finished:
        host.apply_settings(SyncPreferences(api_url=national_api.url, interval_minutes=15), None)
        qtbot.waitUntil(lambda: host.status.cancel_button.isVisible(), timeout=5_000)
        assert host.status.progress.isVisible()
    assert finished.args[0].outcome == "replaced"
    assert any(0 < value < maximum for value, maximum in seen)
    assert not host.status.progress.isVisible() and not host.status.cancel_button.isVisible()
    assert host.status.connection_label.text() == "● En ligne"
    qtbot.waitUntil(lambda: host.status.catalogue_label.text().startswith("Catalogue du "), timeout=5_000)
    assert host.status.catalogue_label.isVisible()
    assert host.timer.isActive() and host.timer.interval() == 15 * 60_000
    assert read_preferences(host.session.settings).api_url == national_api.url
    assert_same_catalogue(host.session.catalogue, national_api)


def test_annuler_stops_the_sync_and_keeps_the_catalogue_usable(qtbot, host, national_api, memory_keyring) -> None:
    national_api.load(small_catalogue(offers=2300, partners=20))
    national_api.set_faults({"kind": "delay", "seconds": 0.3, "times": None})
    secrets.set_secret(TOKEN_SECRET, national_api.token)
    host.apply_settings(SyncPreferences(api_url=national_api.url, auto=False), None)
    with qtbot.waitSignal(host.finished, timeout=30_000) as finished:
        host.sync_now()
        qtbot.waitUntil(lambda: host.status.cancel_button.isVisible(), timeout=5_000)
        qtbot.mouseClick(host.status.cancel_button, qtbot_button())
    assert isinstance(finished.args[0], SyncCancelled)
    assert not host.status.cancel_button.isVisible()
    assert host.session.catalogue.meta()["source"] == "demo"
    national_api.clear_faults()
    with qtbot.waitSignal(host.finished, timeout=30_000) as finished:
        host.sync_now()
    assert finished.args[0].outcome == "replaced"


def test_without_keyring_the_token_is_asked_for_the_session(qtbot, host, national_api) -> None:
    keyring.set_keyring(BrokenKeyring())
    host.apply_settings(SyncPreferences(api_url=national_api.url, auto=False), None)
    host.sync_now()
    qtbot.waitUntil(lambda: _visible(host.window, QInputDialog) is not None, timeout=10_000)
    ask = _visible(host.window, QInputDialog)
    assert "Aucun coffre-fort" in ask.labelText()
    with qtbot.waitSignal(host.finished, timeout=30_000) as finished:
        ask.setTextValue(national_api.token)
        ask.accept()
    assert finished.args[0].outcome == "replaced"
    assert host.session_token == national_api.token


def test_a_refused_token_is_explained_when_the_adviser_asked(qtbot, host, national_api, memory_keyring) -> None:
    secrets.set_secret(TOKEN_SECRET, "jeton-inconnu")
    with qtbot.waitSignal(host.finished, timeout=30_000):
        host.apply_settings(SyncPreferences(api_url=national_api.url, auto=False), None)  # syncs at once
    assert host.status.connection_label.text() == "⚠ Jeton refusé"
    assert _visible(host.window, QMessageBox) is None  # automatic: the status bar says it, no pop-up
    with qtbot.waitSignal(host.finished, timeout=30_000):
        host.sync_now()
    box = _visible(host.window, QMessageBox)
    assert box is not None and "401" in box.text()
    box.close()


def test_records_the_protocol_refused_are_told_in_the_window(qtbot, host, national_api, memory_keyring) -> None:
    """As ``pej-desktop sync`` prints them: the status bar always, a box when the adviser asked."""
    secrets.set_secret(TOKEN_SECRET, national_api.token)
    national_api.server.faults.replace([{"kind": "corrupt", "record": "offers", "field": "stores_count",
                                         "value": 2**70, "after": 0, "times": 1}])
    with qtbot.waitSignal(host.finished, timeout=30_000) as finished:
        host.apply_settings(SyncPreferences(api_url=national_api.url, auto=False), None)  # automatic: no box
    assert finished.args[0].refused == 1
    assert host.window.statusBar().currentMessage() == \
        "Attention : 1 enregistrement(s) refusé(s) car invalides."
    assert host.window.findChild(QMessageBox, "sync_refusals_box") is None
    national_api.server.faults.replace([{"kind": "corrupt", "record": "offers", "field": "stores_count",
                                         "value": 2**70, "after": 0, "times": 1}])
    with qtbot.waitSignal(host.finished, timeout=30_000) as finished:
        host.sync_now(full=True)  # asked by the adviser
    assert finished.args[0].refused == 1
    box = host.window.findChild(QMessageBox, "sync_refusals_box")
    assert box is not None and box.isVisible() and box.windowTitle() == "Synchronisation terminée avec des refus"
    assert "1 enregistrement(s) refusé(s)" in box.text() and "champ « stores_count »" in box.text()
    assert "signalez-le à l'équipe nationale" in box.text()
    box.close()


def test_a_sync_run_before_the_personal_file_opened_renews_the_reserve_once_it_opens(
        qtbot, host, national_api, memory_keyring, paths) -> None:  # type: ignore[no-untyped-def]
    """At start the automatic sync may run before the file is unlocked: the code reserve it could
    not renew is renewed as soon as the file opens, not at the next sync."""
    from pej_desktop.ops import people as people_ops
    from pej_desktop.store.personal_key import key_from_keyring
    from tests.support.devices import ADVISER

    made = people_ops.open_personal_store(paths).store
    people_ops.save_adviser(made, ADVISER)  # leases follow the agency's département
    made.close()
    secrets.set_secret(TOKEN_SECRET, national_api.token)
    assert host.session.personal is None
    with qtbot.waitSignal(host.finished, timeout=30_000) as finished:
        host.apply_settings(SyncPreferences(api_url=national_api.url, auto=False), None)
    assert finished.args[0].outcome == "replaced"
    with qtbot.waitSignal(host.activations_synced, timeout=30_000) as renewed:
        host.session.open_personal(key_from_keyring(paths.personal_db), parent=host, done=lambda _o: None,
                                   failed=lambda error: pytest.fail(repr(error)))
    exchange = renewed.args[0]
    assert exchange.error is None and exchange.leases is not None and exchange.leases.reserve > 0
    store = host.session.personal
    assert store is not None
    host.session.close_personal()


def test_demo_mode_never_touches_the_network(qtbot, host) -> None:
    host.start()
    assert not host.timer.isActive()
    host.sync_now(automatic=True)
    assert not host.running
    assert host.status.connection_label.text() == "Mode démonstration"
    qtbot.waitUntil(lambda: host.status.catalogue_label.text() == "Catalogue de démonstration", timeout=5_000)
    assert host.status.catalogue_label.isHidden()  # « Mode démonstration » already says it


def _visible(window, kind):  # type: ignore[no-untyped-def]
    found = [w for w in window.findChildren(kind) if w.isVisible()]
    return found[-1] if found else None


def qtbot_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_catalogue_older_than_seven_days_is_flagged(qtbot, host) -> None:
    import datetime as dt

    from pej_desktop.store.catalogue import META_LAST_SYNC, META_SOURCE, set_meta

    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=10)).isoformat()
    with host.session.catalogue.write() as conn:
        set_meta(conn, **{META_SOURCE: "https://api.pej.gouv.fr", META_LAST_SYNC: old})
    host.refresh_status()
    qtbot.waitUntil(lambda: host.status.catalogue_label.text().startswith("⚠ Catalogue du "), timeout=5_000)
    assert "il y a 10 jours" in host.status.catalogue_label.text()
    assert "plus de 7 jours" in host.status.catalogue_label.toolTip()
    assert host.status.catalogue_label.property("tone") == "warning"  # coloured by the app's stylesheet
