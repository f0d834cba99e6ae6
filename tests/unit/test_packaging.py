"""Packaging, checked without building: the bundle's lists cover what the app loads at
run time, the platform metadata is well formed and consistent with the version, and
``pej-desktop self-check`` passes from the source tree. (``make package`` builds the
real bundle and runs the same self-check inside it.)
"""

from __future__ import annotations

import ast
import codecs
import configparser
import importlib
import os
import pkgutil
import plistlib
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path, PurePath

import pytest

from tests.conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "packaging"))
import bundle_contents as contents
import make_portable

PACKAGING = REPO_ROOT / "packaging"
DESKTOP_FILE = PACKAGING / "linux" / f"{contents.BUNDLE_NAME}.desktop"
METAINFO = PACKAGING / "linux" / f"{contents.BUNDLE_ID}.metainfo.xml"
ISS = PACKAGING / "windows" / "pej-desktop.iss"
SPEC = PACKAGING / "pej-desktop.spec"
VERSION = contents.app_version()


def shipped() -> dict[str, set[str]]:
    """Destination folder in the bundle -> names of the files shipped there."""
    found: dict[str, set[str]] = {}
    for source, dest in contents.data_files():
        found.setdefault(PurePath(dest).as_posix(), set()).add(Path(source).name)
    return found


def migration_specs():  # type: ignore[no-untyped-def]
    """Every MigrationSpec the store defines, found by walking the store package."""
    from pej_desktop import store
    from pej_desktop.store.migrate import MigrationSpec

    specs = []
    for module in pkgutil.iter_modules(store.__path__, "pej_desktop.store."):
        loaded = importlib.import_module(module.name)
        specs += [value for value in vars(loaded).values() if isinstance(value, MigrationSpec)]
    return {spec.script_location: spec for spec in specs}.values()


# -- what the bundle carries ---------------------------------------------------------------
def test_app_version_is_read_from_the_package() -> None:
    import pej_desktop

    assert pej_desktop.__version__ == VERSION
    assert contents.version_tuple("1.12.3rc1") == (1, 12, 3, 0)


def test_every_resource_file_ships_under_resources_dir() -> None:
    from pej_desktop.config import resources_dir

    assert resources_dir() == REPO_ROOT / "resources"  # frozen: sys._MEIPASS / "resources"
    files = shipped()
    on_disk = [p for p in resources_dir().rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert {p.parent.name for p in on_disk} >= {"demo", "fonts", "icons"}
    for path in on_disk:
        dest = PurePath("resources", path.parent.relative_to(resources_dir())).as_posix()
        assert path.name in files.get(dest, set()), f"{path} is not in the bundle"


def test_migration_scripts_ship_where_alembic_looks_for_them() -> None:
    specs = list(migration_specs())
    assert {spec.script_location.name for spec in specs} >= {"catalogue", "personal"}
    files = shipped()
    for spec in specs:
        # Frozen, the store modules live at _MEIPASS/pej_desktop/store/: same relative place.
        folder = spec.script_location.relative_to(REPO_ROOT).as_posix()
        assert "env.py" in files[folder], spec.label
        versions = {p.name for p in (spec.script_location / "versions").glob("*.py")}
        assert versions and versions <= files[f"{folder}/versions"], spec.label
        assert any(spec.head in name for name in versions), f"head {spec.head} has no script"


def test_no_bytecode_caches_are_shipped_as_data() -> None:
    assert not [src for src, _ in contents.data_files() if "__pycache__" in src or src.endswith(".pyc")]


def test_qt_french_translations_are_found_and_others_dropped() -> None:
    for source, dest in contents.qt_translation_files():
        assert Path(source).is_file(), source
        assert contents.keep_data(f"{dest}/{Path(source).name}")
    assert not contents.keep_data("PySide6/Qt/translations/qtbase_de.qm")


def test_unused_qt_plugins_are_dropped_and_needed_ones_kept() -> None:
    assert not contents.keep_binary("PySide6/Qt/plugins/sqldrivers/libqsqlite.so")
    assert not contents.keep_binary("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    for needed in ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                   "imageformats/libqjpeg.so", "platforms/qwindows.dll", "platforms/libqcocoa.dylib"):
        assert contents.keep_binary(f"PySide6/Qt/plugins/{needed}"), needed
    assert contents.keep_binary("PySide6/Qt/lib/libQt6Pdf.so.6")


def test_command_modules_and_runtime_imports_are_hidden_imports() -> None:
    from pej_desktop.cli import COMMAND_MODULES

    for module in COMMAND_MODULES:  # imported by name with importlib
        assert module.split(".")[0] in contents.HIDDEN_PACKAGES, module
    assert "keyring.backends" in contents.HIDDEN_PACKAGES
    assert {"sqlcipher3", "PySide6.QtPdf"} <= set(contents.HIDDEN_MODULES)
    assert "pej_desktop.cli.selfcheck_cmd" in COMMAND_MODULES


def test_reference_server_is_excluded_and_not_imported_by_the_desktop_app() -> None:
    for name in ("sync.server", "sync.server.main", "fastapi", "uvicorn.main", "starlette.routing"):
        assert contents.is_excluded(name), name
    assert not contents.is_excluded("sync") and not contents.is_excluded("sync.client")
    assert contents.server_modules_in(["sync.engine", "sync.server.cli", "fastapi"]) == ["fastapi", "sync.server.cli"]
    offenders = []
    desktop_sources = [*(REPO_ROOT / "pej_desktop").rglob("*.py"),
                       *(p for p in (REPO_ROOT / "sync").rglob("*.py") if "server" not in p.parts)]
    assert len(desktop_sources) > 20
    for path in desktop_sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {n}" for n in names if contents.is_excluded(n)]
    assert offenders == [], "the desktop app imports modules the bundle leaves out"


def test_spec_is_one_folder_and_uses_the_shared_lists() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    calls = {node.func.id: node for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= set(calls)
    exe_keywords = {k.arg: k.value for k in calls["EXE"].keywords}
    assert isinstance(exe_keywords["exclude_binaries"], ast.Constant) and exe_keywords["exclude_binaries"].value
    analysis = ast.unparse(calls["Analysis"])
    for used in ("data_files()", "qt_translation_files()", "hidden_imports(", "EXCLUDED_MODULES"):
        assert used in analysis, used
    bundle = {k.arg: ast.unparse(k.value) for k in calls["BUNDLE"].keywords}
    assert bundle["bundle_identifier"] == "contents.BUNDLE_ID"
    assert "macos_info_plist(VERSION)" in bundle["info_plist"]


# -- platform metadata -------------------------------------------------------------------------
def test_desktop_entry_is_well_formed_french_and_valid() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP_FILE, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Exec"] == contents.BUNDLE_NAME
    assert entry["Name"] == contents.DISPLAY_NAME
    assert "Office" in entry["Categories"].split(";")
    assert "éligibilité" in entry["Comment"] and entry["Comment[fr]"] == entry["Comment"]
    assert (REPO_ROOT / "resources" / "icons" / f"{entry['Icon']}.svg").is_file()
    result = subprocess.run(["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_appstream_metadata_is_valid_and_matches_the_version() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == contents.BUNDLE_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert root.find("description/p") is not None and root.findtext("summary")
    assert root.find("releases/release").get("version") == VERSION  # type: ignore[union-attr]
    assert root.findtext("provides/binary") == contents.BUNDLE_NAME
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_windows_version_resource_carries_the_app_version() -> None:
    text = contents.windows_version_text(VERSION)
    tree = ast.parse(text, mode="exec")
    call = tree.body[0].value  # type: ignore[attr-defined]
    assert call.func.id == "VSVersionInfo"
    ffi = next(k.value for k in call.keywords if k.arg == "ffi")
    filevers = next(k.value for k in ffi.keywords if k.arg == "filevers")
    assert ast.literal_eval(filevers) == contents.version_tuple(VERSION)
    strings = dict(re.findall(r"StringStruct\('(\w+)', '([^']*)'\)", text))
    assert strings["ProductVersion"] == VERSION and strings["OriginalFilename"] == "pej-desktop.exe"
    assert "0x040C" in text  # French (France)


def test_inno_setup_script_is_per_user_french_and_versioned_from_the_exe() -> None:
    iss = ISS.read_text(encoding="utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert 'MessagesFile: "compiler:Languages\\French.isl"' in iss
    assert f'#define AppExe "{contents.BUNDLE_NAME}.exe"' in iss
    assert 'GetStringFileInfo(BundleDir + "\\" + AppExe, "ProductVersion")' in iss
    assert "{autoprograms}" in iss
    icon = re.search(r"^SetupIconFile=(.+)$", iss, re.M).group(1)  # type: ignore[union-attr]
    assert (ISS.parent / PurePath(icon.replace("\\", "/"))).resolve().is_file()


def test_macos_info_plist_is_french_and_versioned() -> None:
    info = plistlib.loads(plistlib.dumps(contents.macos_info_plist(VERSION)))
    assert info["CFBundleIdentifier"] == contents.BUNDLE_ID
    assert info["CFBundleDevelopmentRegion"] == "fr"
    assert info["CFBundleShortVersionString"] == VERSION


def test_icons_exist_in_every_size_and_read_back(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage, QImageReader

    icons = REPO_ROOT / "resources" / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256):
        image = QImage(str(icons / f"pej-desktop-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
    for name, count in (("pej-desktop.ico", 7), ("pej-desktop.icns", 7)):
        reader = QImageReader(str(icons / name))
        assert reader.imageCount() == count, name
        assert not reader.read().isNull(), name


def test_portable_layout_switches_the_frozen_app_to_portable_mode(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pej_desktop import config

    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / contents.BUNDLE_NAME).write_bytes(b"")
    folder = make_portable.lay_out(bundle, tmp_path / "out", version=VERSION, platform="win32")
    raw = (folder / "LISEZMOI.txt").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and b"\r\n" in raw  # Notepad-friendly
    assert "pej-desktop-console.exe self-check" in raw.decode("utf-8-sig")
    assert (folder / make_portable.MARKER).is_file()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / contents.BUNDLE_NAME))
    monkeypatch.delenv("PEJ_DATA_DIR", raising=False)
    assert config.portable_data_dir() == folder.resolve() / "data"
    assert config.resolve_paths().data_dir == folder.resolve() / "data"


# -- the self-check itself -------------------------------------------------------------------
def test_self_check_passes_from_the_source_tree_without_touching_the_data(data_dir: Path) -> None:
    executable = Path(sys.executable).parent / "pej-desktop"
    assert executable.is_file(), "the venv's pej-desktop entry point is missing (pip install -e .)"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([str(executable), "self-check"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Auto-contrôle réussi" in result.stdout
    assert "[échec]" not in result.stdout
    from pej_desktop.cli.selfcheck_cmd import STEPS

    assert result.stdout.count("[ok]") == len(STEPS) >= 10
    assert list(data_dir.iterdir()) == []  # the adviser's data directory was not touched


def test_self_check_names_the_failing_step_in_french(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from pej_desktop.cli.selfcheck_cmd import CheckState, run_steps
    from pej_desktop.config import Paths

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    assert run_steps(CheckState(paths=Paths(data_dir=blocker, log_dir=tmp_path))) is True
    captured = capsys.readouterr()
    assert "[échec] Migrations du catalogue" in captured.out
    assert "Auto-contrôle échoué à l'étape « Migrations du catalogue »" in captured.err


@pytest.mark.parametrize("tool", ["desktop-file-validate", "appstreamcli"])
def test_metadata_validators_are_installed_by_system_deps(tool: str) -> None:
    assert shutil.which(tool), f"{tool} missing: run `make system-deps` (packaging/linux/system-deps.sh)"
    assert tool in (PACKAGING / "linux" / "system-deps.sh").read_text(encoding="utf-8")


def test_self_check_never_writes_to_the_advisers_secret_store(qapp, memory_keyring, data_dir, capsys) -> None:  # type: ignore[no-untyped-def]
    import keyring

    from pej_desktop.cli import main

    assert main(["self-check", "--offscreen"]) == 0
    assert "Auto-contrôle réussi" in capsys.readouterr().out
    assert memory_keyring.secrets == {}  # the window's new key went to a throw-away store
    assert keyring.get_keyring() is memory_keyring
    assert list(data_dir.iterdir()) == []
