"""``pej-desktop import-young-people``: in-process with the keyring, and as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pej_desktop.cli import main
from pej_desktop.ops import people as ops
from pej_desktop.store.personal_key import passphrase_key

CSV = ("prénom;nom;date de naissance;code postal;n° dossier\n"
       "Léa;Martin;14/03/2005;69003;1234567\n"
       "Tom;Petit;31/02/2005;75011;\n")


def test_import_with_the_keyring_reports_lines_and_reimports_cleanly(paths, tmp_path: Path, capsys) -> None:
    source = tmp_path / "portefeuille.csv"
    source.write_bytes(CSV.encode("cp1252"))
    assert main(["--data-dir", str(paths.data_dir), "import-young-people", str(source)]) == 4
    out = capsys.readouterr().out
    assert "ligne 3 : date de naissance « 31/02/2005 » n'existe pas" in out
    assert "1 dossier(s) créé(s)" in out and "Windows-1252" in out
    source.write_bytes(CSV.splitlines()[0].encode() + b"\n" + CSV.splitlines()[1].encode() + b"\n")
    assert main(["--data-dir", str(paths.data_dir), "import-young-people", str(source)]) == 0
    assert "0 dossier(s) créé(s), 0 mis à jour, 1 déjà à jour" in capsys.readouterr().out


def test_missing_file_is_a_clear_error(paths, tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(paths.data_dir), "import-young-people", str(tmp_path / "absent.csv")]) == 2
    assert "fichier introuvable" in capsys.readouterr().err


def _run(data_dir: Path, source: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **env}
    environment.pop("PEJ_PASSPHRASE", None)
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "pej_desktop", "--data-dir", str(data_dir),
                           "import-young-people", str(source)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env=environment, timeout=120)


def test_without_keyring_the_passphrase_comes_from_the_environment(paths, tmp_path: Path) -> None:
    source = tmp_path / "p.csv"
    source.write_text(CSV.replace("Tom;Petit;31/02/2005", "Tom;Petit;28/02/2005"), encoding="utf-8-sig")
    no_secret = _run(paths.data_dir, source)
    assert no_secret.returncode == 1 and "PEJ_PASSPHRASE" in no_secret.stderr
    assert "Aucun coffre-fort" in no_secret.stderr
    too_short = _run(paths.data_dir, source, PEJ_PASSPHRASE="court")
    assert too_short.returncode == 1 and "au moins 12 caractères" in too_short.stderr
    created = _run(paths.data_dir, source, PEJ_PASSPHRASE="phrase de passe du test")
    assert created.returncode == 0, created.stderr
    assert "2 dossier(s) créé(s)" in created.stdout
    wrong = _run(paths.data_dir, source, PEJ_PASSPHRASE="mauvaise phrase de passe")
    assert wrong.returncode == 1 and "ne correspond pas" in wrong.stderr
    assert "Traceback" not in wrong.stderr and "mauvaise phrase" not in wrong.stderr
    opened = ops.open_personal_store(paths, passphrase_key("phrase de passe du test")).store
    assert sorted(p.first_name for p in ops.load_people(opened)) == ["Léa", "Tom"]
    opened.close()
