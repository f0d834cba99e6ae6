"""Every command ends with a French sentence: odd files, damaged catalogues, full and read-only disks.

All through real ``pej-desktop`` processes, as an adviser (or a script) meets them.
The personal file is opened with a passphrase (``PEJ_PASSPHRASE``, no keyring), the
catalogue is the demo. A full disk and a read-only folder are small tmpfs mounts:
they need root and ``mount``, else those tests are skipped with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PASSPHRASE = "phrase de passe du test"
HEADER = "prénom;nom;date de naissance;code postal;n° dossier\n"
PORTFOLIO = HEADER + "Zéphyrin;Aubertot;14/03/2005;69003;1234567\nOcéane;Delbarre;30/01/2004;69001;7654321\n"


def run_cli(data_dir: Path, *args: str, timeout: int = 180, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PEJ_PASSPHRASE": PASSPHRASE,
           **extra_env}
    env.pop("PEJ_DATA_DIR", None)
    return subprocess.run([sys.executable, "-m", "pej_desktop", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env, timeout=timeout)


def assert_french_end(result: subprocess.CompletedProcess[str], exit_code: int, *words: str) -> str:
    """The process ended with ``exit_code`` and one French sentence, no traceback; the sentence."""
    assert result.returncode == exit_code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Erreur : "), result.stderr
    for word in words:
        assert word in last, last
    return last


def import_portfolio(data_dir: Path, tmp_path: Path, text: str = PORTFOLIO, *extra: str):  # type: ignore[no-untyped-def]
    source = tmp_path / f"portefeuille-{uuid.uuid4().hex[:6]}.csv"
    source.write_text(text, encoding="utf-8")
    return run_cli(data_dir, "import-young-people", str(source), *extra)


def people_listed(data_dir: Path) -> list[str]:
    """The files' internal numbers and names, read back through a real process (``outbox list`` needs none)."""
    from pej_desktop.config import resolve_paths
    from pej_desktop.ops import people as ops
    from pej_desktop.store.personal_key import passphrase_key

    opened = ops.open_personal_store(resolve_paths(data_dir), passphrase_key(PASSPHRASE)).store
    assert opened is not None
    try:
        return sorted(f"{p.first_name} {p.last_name}" for p in ops.load_people(opened))
    finally:
        opened.close()


# -- CSV ----------------------------------------------------------------------------------------------------------
def test_twin_lines_and_identity_changes_through_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    twins = import_portfolio(data, tmp_path, PORTFOLIO + "Zoé;Santoni;02/12/2003;20200;123 45 67\n")
    assert twins.returncode == 4, twins.stderr
    assert "ligne 2 : même numéro de dossier que la ligne 4" in twins.stdout
    assert "ligne 4 : même numéro de dossier que la ligne 2" in twins.stdout
    assert people_listed(data) == ["Océane Delbarre"]

    assert import_portfolio(data, tmp_path).returncode == 0
    renamed = PORTFOLIO.replace("Zéphyrin;Aubertot;14/03/2005", "Zéphyrine;Aubertot;15/03/2005")
    conflict = import_portfolio(data, tmp_path, renamed)
    assert conflict.returncode == 4
    assert "« Zéphyrin Aubertot, né(e) le 14/03/2005 » deviendrait « Zéphyrine Aubertot, né(e) le 15/03/2005 »" \
        in conflict.stdout and "--update" in conflict.stdout
    assert people_listed(data) == ["Océane Delbarre", "Zéphyrin Aubertot"]
    applied = import_portfolio(data, tmp_path, renamed, "--update")
    assert applied.returncode == 0 and "1 mis à jour" in applied.stdout
    assert people_listed(data) == ["Océane Delbarre", "Zéphyrine Aubertot"]


ODD_FILES = {
    "huge cell": HEADER.encode() + b"Z" * 300_000 + b";Aubertot;14/03/2005;69003;1\n",
    "NUL bytes": HEADER.encode() + b"Z\x00ephyrin;Aubertot;14/03/2005;69003;1\n",
    "UTF-16 without BOM": PORTFOLIO.encode("utf-16-le"),
    "unterminated quote": HEADER.encode() + b'"Zephyrin;Aubertot;14/03/2005;69003;1\n',
    "100 000 columns": HEADER.rstrip("\n").encode() + b";x" * 100_000 + b"\n",  # header only: no line to import
    "empty": b"",
    "binary junk": bytes(range(256)) * 40,
}


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_odd_files_end_with_one_french_line_and_exit_code_2(tmp_path: Path, name: str) -> None:
    source = tmp_path / "bizarre.csv"
    source.write_bytes(ODD_FILES[name])
    result = run_cli(tmp_path / "data", "import-young-people", str(source))
    if name == "100 000 columns":
        assert result.returncode == 0 and "0 dossier(s) créé(s)" in result.stdout, result.stderr
        return
    assert_french_end(result, 2)
    assert len([line for line in result.stderr.splitlines() if line.startswith("Erreur")]) == 1


# -- damaged catalogue ---------------------------------------------------------------------------------------------
def _damage(path: Path, kind: str) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        if kind == "header scribbled":
            handle.write(os.urandom(100))
        elif kind == "cut short":
            handle.truncate(size // 3)
        else:  # a page in the middle overwritten
            handle.seek(4096 * 3)
            handle.write(os.urandom(4096))


@pytest.mark.parametrize("kind", ["header scribbled", "cut short", "page overwritten"])
def test_a_damaged_catalogue_is_set_aside_and_rebuilt_by_the_command_line(tmp_path: Path, kind: str) -> None:
    data = tmp_path / "data"
    assert run_cli(data, "search", "vélo").returncode == 0
    _damage(data / "catalogue.sqlite3", kind)
    result = run_cli(data, "search", "vélo")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "demo-mob-001" in result.stdout
    assert "Le catalogue local était endommagé" in result.stderr and "démonstration" in result.stderr
    assert [p.name for p in (data / "backups").glob("catalogue-endommage-*.sqlite3")]
    again = run_cli(data, "search", "vélo")
    assert again.returncode == 0 and again.stderr == "" and "demo-mob-001" in again.stdout


def test_a_catalogue_damaged_after_a_sync_comes_back_whole_with_the_next_sync(tmp_path: Path, national_api) -> None:
    from pej_desktop.store.catalogue import CatalogueStore
    from tests.integration.conftest import assert_same_catalogue

    data = tmp_path / "data"
    first = run_cli(data, "sync", "--api", national_api.url, PEJ_API_TOKEN=national_api.token)
    assert first.returncode == 0, first.stderr
    _damage(data / "catalogue.sqlite3", "page overwritten")
    again = run_cli(data, "sync", "--api", national_api.url, PEJ_API_TOKEN=national_api.token)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert "Le catalogue local était endommagé" in again.stderr and "Catalogue remplacé" in again.stdout
    store = CatalogueStore.open(data / "catalogue.sqlite3")
    try:
        assert_same_catalogue(store, national_api)  # the whole national catalogue, not the demo
    finally:
        store.close()


# -- out-of-range values -----------------------------------------------------------------------------------------
def test_out_of_range_dates_and_nested_files_are_refused_in_french(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert import_portfolio(data, tmp_path).returncode == 0
    for dates in (["--from", "0001-01-01"], ["--from", "2026-01-01", "--to", "9999-12-31"]):
        result = run_cli(data, "dashboard", "-o", str(tmp_path / "tableau.csv"), *dates)
        assert_french_end(result, 2, "hors limites")
    nested = tmp_path / "imbrique.json"
    nested.write_text("[" * 200_000 + "]" * 200_000)
    assert_french_end(run_cli(data, "outbox", "import", str(nested)), 2, "imbriquée")
    far = tmp_path / "an-9999.json"
    far.write_text(json.dumps({"format": "pej-outbox", "version": 1, "entries": [
        _entry("9999-12-31T23:59:59+00:00"), _entry("9999-12-31T23:59:59-05:00"), _entry("0001-01-01T00:00:00+05:00"),
        _entry("2026-11-30T10:00:00+01:00", created_at="9999-12-31T00:00:00+00:00")]}))
    result = run_cli(data, "outbox", "import", str(far))
    assert result.returncode == 4 and "Traceback" not in result.stderr
    for position in (1, 2, 3):  # outside the protocol's 1900–2200, or pushed past year 1 by its offset
        assert re.search(rf"activation n° {position} : (champ « activated_at » : valeur|date) hors limites",
                         result.stderr), result.stderr
    assert "1 activation(s) ajoutée(s)" in result.stdout  # the fourth, its stray created_at replaced
    assert people_listed(data) == ["Océane Delbarre", "Zéphyrin Aubertot"]


def _entry(activated_at: str, *, created_at: str | None = None) -> dict[str, object]:
    uid = f"act-{uuid.uuid4().hex[:16]}"
    payload = {"id": uid, "offer_id": "demo-ali-001", "beneficiary": f"ben-{uuid.uuid4().hex[:12]}",
               "activated_at": activated_at, "device_id": "device-0001", "code": None}
    return {"activation_uid": uid, "api": "http://127.0.0.1:9/", "payload": payload, "title": "Offre",
            "created_at": created_at or activated_at}


# -- full disk, read-only folder ----------------------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs of our own, unmounted afterwards; skipped where the test cannot mount one."""
    point = tmp_path / "disque"
    point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full disk needs a tmpfs mount: run the tests as root (e.g. in the CI container)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m,mode=0700", "tmpfs", str(point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()})")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def _fill(disk: Path) -> Path:
    filler = disk / "remplissage.bin"
    with open(filler, "wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return filler


def _letters(number: int) -> str:
    return "".join(chr(97 + int(digit)) for digit in str(number))


def test_a_full_disk_ends_in_french_loses_nothing_and_the_next_run_works(small_disk: Path, tmp_path: Path) -> None:
    data = small_disk / "data"
    assert import_portfolio(data, tmp_path).returncode == 0
    assert run_cli(data, "search", "vélo").returncode == 0
    assert run_cli(data, "dashboard", "-o", str(small_disk / "tableau.csv")).returncode == 0
    previous_export = (small_disk / "tableau.csv").read_bytes()
    many = HEADER + "".join(f"Zéphyrin;Aubertot-{_letters(i)};14/03/2005;69003;{1000000 + i}\n"
                            for i in range(2000))
    filler = _fill(small_disk)
    full = import_portfolio(data, tmp_path, many)
    assert_french_end(full, 5, "disque est plein", "Rien de ce qui était déjà enregistré n'a été perdu")
    written = run_cli(data, "dashboard", "-o", str(small_disk / "tableau.csv"))
    assert written.returncode != 0 and "Traceback" not in written.stderr
    assert "disque plein" in written.stderr or "disque est plein" in written.stderr
    assert not list(small_disk.glob(".tableau.csv.*"))  # no temporary file left behind
    assert (small_disk / "tableau.csv").read_bytes() == previous_export  # the previous export is whole
    filler.unlink()
    assert people_listed(data) == ["Océane Delbarre", "Zéphyrin Aubertot"]  # nothing lost, nothing half-applied
    after = import_portfolio(data, tmp_path, many)
    assert after.returncode == 0 and "2000 dossier(s) créé(s)" in after.stdout, after.stderr
    assert run_cli(data, "dashboard", "-o", str(small_disk / "tableau.csv")).returncode == 0


def test_a_read_only_data_folder_ends_in_french_and_works_once_writable(small_disk: Path, tmp_path: Path) -> None:
    data = small_disk / "data"
    assert import_portfolio(data, tmp_path).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        refused = import_portfolio(data, tmp_path, PORTFOLIO + "Zoé;Santoni;02/12/2003;20200;2233445\n")
        assert_french_end(refused, 6, "n'est pas accessible en écriture", str(data))
        for command in (["search", "vélo"], ["backup"], ["outbox", "list"]):
            result = run_cli(data, *command)
            assert "Traceback" not in result.stderr + result.stdout, command
            assert result.returncode == 0 or result.stderr.strip().splitlines()[-1].startswith("Erreur : "), command
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    again = import_portfolio(data, tmp_path, PORTFOLIO + "Zoé;Santoni;02/12/2003;20200;2233445\n")
    assert again.returncode == 0, again.stderr
    assert people_listed(data) == ["Océane Delbarre", "Zoé Santoni", "Zéphyrin Aubertot"]
