"""Activations in the real window (pytest-qt, offscreen) against the real reference API.

Offline with the server stopped: the code is handed out at once and the status bar
counts it « en attente d'envoi »; the server comes back, a sync, and it is acknowledged.
Refusals of the national side reach the adviser in French, with what to do, and stay
until the adviser says the young person was told.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid

import pytest
import requests
from PySide6.QtCore import Qt

from pej_desktop.app import app_settings
from pej_desktop.ops import people as ops
from pej_desktop.ops.sync_settings import SyncPreferences, store_token, write_preferences
from pej_desktop.store import activations as rows
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.views.young_people.activation_center import PendingDialog
from pej_desktop.views.young_people.activation_dialog import ActivationDialog
from sync.server import codes
from tests.gui.conftest import open_main_window  # noqa: F401 — the real window fixture
from tests.integration.conftest import ReferenceApi
from tests.support.activation_setup import prepare_person, young_person
from tests.support.devices import new_device

GROCERY, PHONE, WITHDRAWN = "demo-ali-001", "demo-mob-006", "demo-ali-004"
LEASE_SECONDS = 3


@pytest.fixture
def configured(national_api: ReferenceApi, paths):  # type: ignore[no-untyped-def]
    """A computer whose catalogue and code reserve come from the reference API, token in the keyring."""
    device = new_device(paths.data_dir, national_api)
    device.close()
    write_preferences(app_settings(paths), SyncPreferences(api_url=national_api.url, interval_minutes=60, auto=False))
    store_token(national_api.token)
    return paths


def _people(paths, names: list[tuple[str, str]]) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """Files (id, uid) checked eligible, written before the window opens."""
    store = ops.open_personal_store(paths).store
    catalogue = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    made = []
    for first, last in names:
        person = prepare_person(store, catalogue, young_person(first, last, reference=None))
        with store.read() as conn:
            made.append((person.id, conn.exec_driver_sql("SELECT uid FROM young_people WHERE id = ?",
                                                         (person.id,)).scalar_one()))
    store.close()
    catalogue.close()
    return made


def _select(qtbot, window, person_id: int):  # type: ignore[no-untyped-def]
    page = window.young_people_page
    qtbot.waitUntil(lambda: page.store is not None and page.model.rowCount() > 0, timeout=10_000)
    window.tabs.setCurrentWidget(page)
    assert page.select_person(person_id)
    panel = window.activations.panel
    qtbot.waitUntil(lambda: panel.shown_person_id == person_id and panel.activate_button.isEnabled(), timeout=5000)
    return panel


def _activate(qtbot, panel, offer_id: str) -> str:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(panel.activate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ActivationDialog), timeout=10_000)
    dialog = panel.dialog
    assert dialog.check_offer(offer_id)
    qtbot.mouseClick(dialog.activate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 1, timeout=10_000)
    text = dialog.result_view.toPlainText()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=5000)
    return text


def _state(panel, row: int = 0) -> str:  # type: ignore[no-untyped-def]
    return panel.table.item(row, 2).text()


def _server_count(api: ReferenceApi) -> int:
    with api.catalogue.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM activations").scalar_one())


def test_offline_activation_then_sync_acknowledges_it(qtbot, open_main_window, configured,
                                                      national_api: ReferenceApi) -> None:
    ((person_id, _uid),) = _people(configured, [("Léa", "Martin")])
    national_api.stop()
    window = open_main_window()
    panel = _select(qtbot, window, person_id)
    result = _activate(qtbot, panel, GROCERY)
    assert "Code à remettre au jeune : COEUR-" in result and "en attente d'envoi" in result
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5000)
    code = panel.table.item(0, 1).text()
    assert code.startswith("COEUR-") and _state(panel) == "En attente d'envoi"
    status = window.activations.status_button
    qtbot.waitUntil(lambda: status.isVisible() and status.text() == "1 activation en attente d'envoi", timeout=10_000)
    # right after the activation the window tried to send it once: offline, it says so and waits
    qtbot.waitUntil(lambda: "Dernier essai : Impossible de joindre le serveur national" in status.toolTip(),
                    timeout=10_000)

    national_api.start()
    controller = window.sync_controller
    with qtbot.waitSignal(controller.activations_synced, timeout=30_000,
                          check_params_cb=lambda exchange: not exchange.push.offline) as synced:
        controller.sync_now()
    assert synced.args[0].push.accepted == 1
    qtbot.waitUntil(lambda: _state(panel) == "Transmise", timeout=10_000)
    qtbot.waitUntil(lambda: not status.isVisible(), timeout=10_000)
    assert panel.table.item(0, 1).text() == code and _server_count(national_api) == 1


def test_refusals_reach_the_adviser_and_stay_until_acknowledged(qtbot, open_main_window, configured,
                                                               national_api: ReferenceApi) -> None:
    (lea, _), (ilan, _), (nora, nora_uid) = _people(configured, [("Léa", "Martin"), ("Ilan", "Bordier"),
                                                                 ("Nora", "Petit")])
    # Nora's file is also on another computer, where her grocery code was used two hours ago.
    headers = {"Authorization": f"Bearer {national_api.token}"}
    elsewhere = {"id": str(uuid.uuid4()), "offer_id": GROCERY, "beneficiary": nora_uid, "device_id": "autre-poste-01",
                 "activated_at": (dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)).isoformat()}
    answer = requests.post(national_api.url + "/v1/activations", json=elsewhere,
                           headers={**headers, "Idempotency-Key": elsewhere["id"]}, timeout=10).json()
    used = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).isoformat()
    national_api.admin("POST", "/admin/codes/used", json={"offer_id": GROCERY, "code": answer["code"], "used_at": used})
    with national_api.catalogue.engine.begin() as conn:
        codes.set_lease_seconds(conn, LEASE_SECONDS)
    window = open_main_window()
    controller = window.sync_controller
    # The reserve is renewed only for an open personal file: wait until it is open and no sync
    # started before it (the automatic one at start) is still running, so this one does the renewal.
    qtbot.waitUntil(lambda: window.young_people_page.store is not None and not controller.running, timeout=30_000)
    # A quick push (no lease renewal) may report first; wait for the full sync's exchange.
    with qtbot.waitSignal(controller.activations_synced, timeout=30_000,
                          check_params_cb=lambda exchange: exchange.leases is not None or exchange.error is not None
                          ) as renewed:
        controller.sync_now()  # the reserve is lent for a few seconds only
    lent_at = time.monotonic()
    assert renewed.args[0].leases is not None and renewed.args[0].error is None, renewed.args[0]
    national_api.stop()  # the interviews happen offline
    handed = {}
    for person_id, offer_id in ((ilan, PHONE), (lea, WITHDRAWN), (nora, GROCERY)):
        result = _activate(qtbot, _select(qtbot, window, person_id), offer_id)
        assert "✔" in result
        handed[person_id] = result.split("Code à remettre au jeune : ", 1)[1].split()[0]
    ilan_code = handed[ilan]
    assert ilan_code != "code", "a real code from the reserve, not « code à venir »"
    store = window.young_people_page.store

    def tried_offline() -> bool:
        """The quick send after each activation failed (offline, it stops at the oldest entry): none in flight."""
        with store.read() as conn:
            entries = rows.outbox_entries(conn)
        return len(entries) == 3 and entries[0].attempts == 3

    qtbot.waitUntil(tried_offline, timeout=10_000)
    time.sleep(max(0.0, LEASE_SECONDS + 0.2 - (time.monotonic() - lent_at)))  # the lease runs out offline
    national_api.start()
    national_api.catalogue.unpublish_offer(WITHDRAWN)
    taken = {"id": str(uuid.uuid4()), "offer_id": PHONE, "beneficiary": str(uuid.uuid4()),
             "device_id": "autre-poste-02", "activated_at": dt.datetime.now(dt.UTC).isoformat(),
             "code": ilan_code}
    response = requests.post(national_api.url + "/v1/activations", json=taken,
                             headers={**headers, "Idempotency-Key": taken["id"]}, timeout=10)
    assert response.status_code == 201, response.text

    with qtbot.waitSignal(controller.activations_synced, timeout=30_000,
                          check_params_cb=lambda exchange: not exchange.push.offline):
        controller.sync_now()  # (the quick tries made offline after each activation may report first)
    status = window.activations.status_button
    qtbot.waitUntil(lambda: status.text() == "⚠ 3 refus à lire", timeout=10_000)

    qtbot.mouseClick(status, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(window.activations.dialog, PendingDialog), timeout=5000)
    dialog = window.activations.dialog
    qtbot.waitUntil(lambda: dialog.refusals_table.rowCount() == 3, timeout=5000)
    texts = "\n".join(dialog.refusals_table.item(r, c).text() for r in range(3) for c in range(4))
    for expected in ("Offre retirée", "n'a pas été enregistrée", "proposez-lui une autre offre",
                     "Code déjà utilisé", "attribué à un autre jeune", "activez à nouveau l'offre",
                     "Renouvellement trop tôt", "24 h après l'utilisation du précédent", "Ilan Bordier"):
        assert expected in texts, expected
    dialog.accept()

    panel = _select(qtbot, window, ilan)
    qtbot.waitUntil(lambda: panel.refusal_label.isVisible(), timeout=5000)
    assert "Code déjà utilisé" in panel.refusal_label.text() and "Que faire" in panel.refusal_label.text()
    assert _state(panel).startswith("⚠ Refusée")
    qtbot.mouseClick(panel.acknowledge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.text() == "⚠ 2 refus à lire", timeout=10_000)
    qtbot.waitUntil(lambda: _state(panel) == "Refusée", timeout=5000)  # still listed, no longer flagged
    assert "le jeune a été prévenu" in panel.refusal_label.text() and not panel.acknowledge_button.isVisible()
