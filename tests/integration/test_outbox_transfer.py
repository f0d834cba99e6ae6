"""Pending activations exported from one computer, imported on another: sent once, never duplicated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pej_desktop.cli import main
from pej_desktop.ops import outbox_file
from pej_desktop.ops.activations import activate_offers
from pej_desktop.store import activations as rows
from pej_desktop.store import audit
from sync.device_sync import finish_exchange, push_pending
from tests.integration.conftest import ReferenceApi
from tests.support.devices import Device, new_device


def pending(device: Device) -> int:
    with device.people.read() as conn:
        return rows.pending_count(conn)


def sync(device: Device) -> None:
    with device.client() as client:
        finish_exchange(push_pending(device.people, client), device.people, device.catalogue, client)


def server_count(api: ReferenceApi) -> int:
    with api.catalogue.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM activations").scalar_one())


@pytest.fixture
def machines(national_api: ReferenceApi, tmp_path: Path):  # type: ignore[no-untyped-def]
    first, second = new_device(tmp_path / "a", national_api), new_device(tmp_path / "b", national_api)
    yield first, second
    first.close()
    second.close()


def test_export_import_then_both_send_and_the_national_side_counts_each_once(
        machines: tuple[Device, Device], national_api: ReferenceApi, tmp_path: Path) -> None:
    first, second = machines
    lea, ilan = first.person("Léa", "Martin"), first.person("Ilan", "Bordier")
    national_api.stop()  # the interview happened offline
    activate_offers(first.people, first.catalogue, lea.id, ["demo-ali-001", "demo-mob-002"])
    activate_offers(first.people, first.catalogue, ilan.id, ["demo-mob-006"])
    target = tmp_path / "activations-en-attente.json"
    assert outbox_file.export_outbox(first.people, target).count == 3
    text = target.read_text(encoding="utf-8")
    assert "Léa" not in text and "Martin" not in text and "2004-05-01" not in text  # no name, no birth date

    assert outbox_file.import_outbox(second.people, target).added == 3
    again = outbox_file.import_outbox(second.people, target)
    assert (again.added, again.already) == (0, 3) and pending(second) == 3
    assert outbox_file.import_outbox(first.people, target).added == 0  # its own export: all known

    national_api.start()
    sync(second)
    assert pending(second) == 0 and server_count(national_api) == 3
    sync(first)  # the original computer sends too: the national side answers with the first outcome
    assert pending(first) == 0 and server_count(national_api) == 3
    with first.people.read() as conn:
        states = {a.offer_id: (a.state, a.code) for a in rows.person_activations(conn, lea.id)}
        actions = [e.action for e in audit.list_entries(conn)]
    assert states["demo-ali-001"][0] == "accepted" and states["demo-ali-001"][1]
    assert "outbox_export" in actions and "outbox_import" in actions


def test_unreadable_files_are_refused_in_french(machines: tuple[Device, Device], tmp_path: Path) -> None:
    _first, second = machines
    cases = {"pas-json.json": "pas du JSON", "autre.json": json.dumps({"format": "autre"}),
             "futur.json": json.dumps({"format": "pej-outbox", "version": 99, "entries": []})}
    messages = []
    for name, content in cases.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
        with pytest.raises(outbox_file.OutboxFileError) as error:
            outbox_file.import_outbox(second.people, tmp_path / name)
        messages.append(str(error.value))
    assert "JSON illisible" in messages[0] and "n'est pas un export" in messages[1] and "plus récente" in messages[2]
    with pytest.raises(outbox_file.OutboxFileError, match="introuvable"):
        outbox_file.import_outbox(second.people, tmp_path / "absent.json")
    assert pending(second) == 0


def test_a_tampered_entry_is_left_out_the_others_imported(machines: tuple[Device, Device], tmp_path: Path) -> None:
    first, second = machines
    person = first.person()
    activate_offers(first.people, first.catalogue, person.id, ["demo-ali-001", "demo-mob-002"])
    target = tmp_path / "export.json"
    outbox_file.export_outbox(first.people, target)
    document = json.loads(target.read_text(encoding="utf-8"))
    document["entries"][0]["activation_uid"] = "0" * 36  # the key no longer matches the payload
    target.write_text(json.dumps(document), encoding="utf-8")
    outcome = outbox_file.import_outbox(second.people, target)
    assert outcome.added == 1 and len(outcome.refused) == 1 and "la clé ne correspond pas" in outcome.refused[0]


def test_outbox_commands(machines: tuple[Device, Device], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    first, second = machines
    person = first.person()
    activate_offers(first.people, first.catalogue, person.id, ["demo-ali-001"])
    first.close()
    second.close()
    target = tmp_path / "transfert.json"
    assert main(["--data-dir", str(first.paths.data_dir), "outbox", "list"]) == 0
    assert "1 activation(s) en attente d'envoi" in capsys.readouterr().out
    assert main(["--data-dir", str(first.paths.data_dir), "outbox", "export", "-o", str(target)]) == 0
    assert "1 activation(s) en attente écrite(s)" in capsys.readouterr().out
    for expected in ("1 activation(s) ajoutée(s)", "0 activation(s) ajoutée(s) à l'envoi, 1 déjà connue(s)"):
        assert main(["--data-dir", str(second.paths.data_dir), "outbox", "import", str(target)]) == 0
        assert expected in capsys.readouterr().out
    assert main(["--data-dir", str(second.paths.data_dir), "outbox", "import", str(tmp_path / "nope.json")]) == 2
    assert "introuvable" in capsys.readouterr().err
    first.open()
    second.open()
