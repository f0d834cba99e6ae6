"""The two command lines: ``pej-national-api`` (server, national team) and ``pej-desktop sync``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from pej_desktop.cli import main as desktop_main
from sync.server.catalogue import ServerCatalogue
from sync.server.cli import main as national_main
from sync.server.db import open_server_db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_token_and_headless_sync_with_exit_codes(tmp_path: Path, data_dir: Path, capsys) -> None:
    db = tmp_path / "national.sqlite3"
    assert national_main(["token", "--db", str(db), "--adviser", "Camille"]) == 0
    token = capsys.readouterr().out.strip()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--db", str(db), "--port", str(port),
                               "--log-level", "warning"], stdout=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        assert "API nationale de référence" in server.stdout.readline()
        _wait_up(url)
        env = {**os.environ, "PEJ_DATA_DIR": str(data_dir), "PEJ_API_TOKEN": token}
        first = _desktop_sync(env, "--api", url)
        assert first.returncode == 0, first.stderr
        assert "Catalogue remplacé" in first.stdout and "Téléchargement" in first.stderr
        again = _desktop_sync(env, "--api", url)
        assert again.returncode == 0 and "déjà à jour" in again.stdout
        refused = _desktop_sync({**env, "PEJ_API_TOKEN": "faux"}, "--api", url)
        assert refused.returncode == 4 and "Jeton refusé" in refused.stderr
    finally:
        server.terminate()
        server.wait(timeout=10)
    offline = _desktop_sync(env, "--api", url, "--attempts", "1")
    assert offline.returncode == 1 and "hors ligne" in offline.stderr


def _wait_up(url: str) -> None:
    for _ in range(200):
        try:
            requests.get(url + "/v1/openapi.json", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.05)
    raise AssertionError("server did not start")


def _desktop_sync(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pej_desktop", "sync", *args], env=env, capture_output=True,
                          text=True, timeout=60)


def test_sync_command_configuration_errors(data_dir: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("PEJ_API_TOKEN", "jeton")
    assert desktop_main(["sync"]) == 2
    assert "aucune API nationale n'est configurée" in capsys.readouterr().err
    assert desktop_main(["sync", "--api", "http://api.exemple.fr"]) == 2
    assert "https://" in capsys.readouterr().err
    monkeypatch.delenv("PEJ_API_TOKEN")
    assert desktop_main(["sync", "--api", "https://api.exemple.fr"]) == 2
    assert "aucun jeton" in capsys.readouterr().err


def test_sync_command_uses_the_keyring_token_and_the_saved_address(national_api, paths, memory_keyring,
                                                                   capsys, monkeypatch) -> None:
    from pej_desktop.app import app_settings
    from pej_desktop.ops.sync_settings import SyncPreferences, store_token, write_preferences

    monkeypatch.delenv("PEJ_API_TOKEN", raising=False)
    settings = app_settings(paths)
    write_preferences(settings, SyncPreferences(api_url=national_api.url))
    settings.sync()
    store_token(national_api.token)
    assert desktop_main(["sync", "--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_national_team_commands(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "national.sqlite3")
    assert national_main(["reset", "--db", db]) == 0
    catalogue = ServerCatalogue(open_server_db(Path(db)))
    first, second, third = sorted(catalogue.live_payloads()["offer"])[:3]
    new = {**catalogue.offer_payload(first), "id": "offre-cli", "title": "Offre ajoutée en ligne de commande"}
    (tmp_path / "offre.json").write_text(json.dumps(new), encoding="utf-8")
    (tmp_path / "codes.txt").write_text("CODE-1\nCODE-2\n", encoding="utf-8")
    assert national_main(["offer", "add", "--db", db, "--json", str(tmp_path / "offre.json")]) == 0
    assert national_main(["offer", "edit", "--db", db, first, "--set", "title=Nouveau titre",
                          "--set", "age_min=18"]) == 0
    assert national_main(["offer", "unpublish", "--db", db, second]) == 0
    assert national_main(["offer", "delete", "--db", db, third]) == 0
    assert national_main(["codes", "import", "--db", db, "offre-cli", str(tmp_path / "codes.txt")]) == 0
    out = capsys.readouterr().out
    assert "ajoutée" in out and "dépubliée" in out and "supprimée" in out and "2 code(s) importé(s)" in out
    live = catalogue.live_payloads()["offer"]
    assert live[first]["title"] == "Nouveau titre" and live[first]["age_min"] == 18
    assert "offre-cli" in live and second not in live and third not in live
    assert national_main(["offer", "edit", "--db", db, first, "--set", "discount=beaucoup"]) == 1
    assert "champ « discount » : objet attendu" in capsys.readouterr().err
    assert national_main(["purge", "--db", db, "--days", "10"]) == 1
    catalogue.engine.dispose()


def test_openapi_command_writes_the_committed_document(tmp_path: Path) -> None:
    from tests.conftest import REPO_ROOT

    target = tmp_path / "openapi.json"
    assert national_main(["openapi", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(
        (REPO_ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
