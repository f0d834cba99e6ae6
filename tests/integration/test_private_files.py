"""Files holding personal data are the adviser's only (0600) and written whole, or not at all.

The data folder is filled the way an adviser fills it — real ``pej-desktop`` processes
for the catalogue, backups and every export — then every file under it and every
export is checked. POSIX only: on Windows the user's profile is already private.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from pathlib import Path

import pytest

from pej_desktop.config import resolve_paths
from pej_desktop.domain.eligibility import Confirmations
from pej_desktop.domain.people import Adviser, YoungPerson
from pej_desktop.ops import audit as audit_ops
from pej_desktop.ops import people as ops
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.personal_key import passphrase_key
from pej_desktop.store.private_files import write_private
from tests.integration.test_cli_trust import PASSPHRASE, run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows profiles are private")
TODAY = dt.date.today()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _portfolio(data: Path) -> None:
    """An adviser and one young person with a conclusive check, through the passphrase the CLI uses."""
    paths = resolve_paths(data)
    store = ops.open_personal_store(paths, passphrase_key(PASSPHRASE)).store
    catalogue = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    try:
        ops.save_adviser(store, Adviser("Camille", "Durand", "MISSION_LOCALE", "Mission Locale de Lyon", "69001"))
        person = ops.save_young_person(store, YoungPerson(
            "Zéphyrin", "Aubertot", dt.date(2004, 5, 1), "69003", external_ref_kind="IMILO",
            external_ref="4815162342", cej_start=TODAY - dt.timedelta(days=30),
            cej_planned_end=TODAY + dt.timedelta(days=300)), today=TODAY).saved
        assert person is not None
        ops.run_eligibility_check(store, catalogue, person.id, Confirmations(True, True), on=TODAY)
        audit_ops.export_audit_csv(store, data.parent / "exports" / "journal.csv")
    finally:
        catalogue.close()
        store.close()


def test_every_file_under_the_data_folder_and_every_export_is_private(tmp_path: Path) -> None:
    data, exports = tmp_path / "data", tmp_path / "exports"
    exports.mkdir()
    assert run_cli(data, "search", "vélo").returncode == 0  # catalogue, logs
    _portfolio(data)
    commands = [
        ["backup"],
        ["restore", "--yes"],  # the replaced file is kept aside, the backup copied into place
        ["backup"],
        ["export-person", "4815162342", "--format", "json", "-o", str(exports / "acces.json")],
        ["export-person", "4815162342", "--format", "pdf", "-o", str(exports / "acces.pdf")],
        ["summary", "--young-person", "4815162342", "-o", str(exports / "recapitulatif.pdf")],
        ["activate", "--young-person", "4815162342", "--offer", "demo-ali-001", "--verifie"],
        ["outbox", "export", "-o", str(exports / "en-attente.json")],
        ["dashboard", "-o", str(exports / "tableau.csv")],
        ["dashboard", "-o", str(exports / "tableau.pdf")],
        ["sheets", "--category", "mobilite", "-o", str(exports / "fiches.pdf")],
    ]
    for command in commands:
        result = run_cli(data, *command)
        assert result.returncode in (0, 4), (command, result.stderr)
    written = sorted(p for p in exports.iterdir())
    assert {p.name for p in written} >= {"acces.json", "acces.pdf", "recapitulatif.pdf", "en-attente.json",
                                         "tableau.csv", "tableau.pdf", "fiches.pdf", "journal.csv"}
    files = sorted(p for p in data.rglob("*") if p.is_file())
    assert (data / "personal.sqlite3") in files
    assert {"sauvegarde", "avant-restauration"} <= {kind for p in files for kind in ("sauvegarde", "avant-restauration")
                                                    if f"personal-{kind}-" in p.name}
    loose = [(str(p.relative_to(tmp_path)), oct(_mode(p))) for p in [*files, *written] if _mode(p) != 0o600]
    assert loose == []
    assert not [p for p in [*files, *written] if p.name.endswith(".part")]  # no temporary file left


def test_the_personal_file_is_narrowed_even_when_created_with_a_loose_umask(paths) -> None:
    previous = os.umask(0o022)
    try:
        store = ops.open_personal_store(paths).store
        ops.save_adviser(store, Adviser("Camille", "Durand", "MISSION_LOCALE", "Mission Locale de Lyon", "69001"))
        store.close()
    finally:
        os.umask(previous)
    personal = [p for p in paths.data_dir.glob("personal.sqlite3*")]
    assert personal and all(_mode(p) == 0o600 for p in personal)


def test_a_private_write_that_fails_leaves_the_previous_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "acces.json"
    write_private(target, b"ancien contenu")
    os.chmod(target, 0o644)  # a loose mode from before: the new file is private anyway
    write_private(target, b"nouveau contenu")
    assert target.read_bytes() == b"nouveau contenu" and _mode(target) == 0o600

    def disk_full(_fd: int) -> None:  # the OS boundary: the data does not reach the disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError) as failed:
        write_private(target, b"contenu perdu")
    assert failed.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"nouveau contenu"
    assert [p.name for p in tmp_path.iterdir()] == ["acces.json"]
