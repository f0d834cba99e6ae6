"""What goes into the desktop bundle, in one place.

Read by the PyInstaller spec (``pej-desktop.spec``) and by the packaging tests, so that
the tests check the very lists the build uses. Plain Python: importing it needs neither
PyInstaller nor Qt.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLE_NAME = "pej-desktop"  # folder in dist/, executable name, .desktop file name
CONSOLE_NAME = "pej-desktop-console"  # Windows only: the command-line twin of the windowed .exe
DISPLAY_NAME = "PEJ Desktop"
BUNDLE_ID = "fr.pej.PejDesktop"  # macOS bundle id and AppStream component id
PUBLISHER = "PEJ Desktop"
ICONS = REPO_ROOT / "resources" / "icons"

# Folders the application reads at run time, copied whole: (source in the repo, place in
# the bundle). The place mirrors the source tree because the code finds them relative to
# ``resources_dir()`` (``sys._MEIPASS/resources``) and to the store package's ``__file__``
# (Alembic loads the migration scripts, plain .py files, by path).
DATA_TREES = (
    ("resources", "resources"),
    ("pej_desktop/store/migrations", "pej_desktop/store/migrations"),
)
# Qt's French translations (``install_french_translations``). qt_fr.qm is a meta catalogue
# naming qtbase_fr and qtmultimedia_fr; qtbase_fr.qm carries every string our widgets use.
QT_TRANSLATIONS = ("qtbase_fr.qm", "qt_fr.qm")

# Packages imported by name at run time (CLI sub-commands via importlib, keyring backends
# via entry points, modules only the migration scripts import, reportlab's barcode
# widgets loaded by name for CODE128 and QR codes), collected whole.
HIDDEN_PACKAGES = ("pej_desktop", "sync", "keyring.backends", "alembic", "reportlab.graphics.barcode")
# Modules the application needs that static analysis may not see yet.
HIDDEN_MODULES = ("sqlcipher3", "sqlcipher3.dbapi2", "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtSvg")

# The reference national API server (sync/server, FastAPI, uvicorn) is for tests and
# demonstrations: it must never ship in the desktop bundle. pydantic ships: the client
# validates every record with the wire protocol's models (sync/protocol).
SERVER_MODULES = ("sync.server", "fastapi", "uvicorn", "starlette", "httpx")
EXCLUDED_MODULES = SERVER_MODULES + (
    "alembic.testing", "sqlalchemy.testing", "pytest", "_pytest", "pytestqt", "hypothesis", "pypdf",
    "zxingcpp", "tkinter", "_tkinter", "IPython", "numpy", "pydoc_data",
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2",
    "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp",
    "PySide6.QtMultimedia", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.Qt3DCore",
)
# Qt plugins the desktop app has no use for: databases, QML tooling, TLS for QtNetwork
# (requests does HTTP), embedded-device platforms (eglfs, linuxfb, vnc). The GTK 3 theme
# is left out on purpose: next to the system's GTK, the glib/pango it drags into the
# bundle are a known cause of crashes; Qt's own dialogs (in French) are used instead.
EXCLUDED_QT_PLUGIN_DIRS = ("sqldrivers", "qmltooling", "designer", "tls", "networkinformation",
                           "egldeviceintegrations")
EXCLUDED_QT_PLUGINS = ("qgtk3", "qeglfs", "qlinuxfb", "qvnc", "qvkkhrdisplay", "qminimalegl")


def app_version(root: Path = REPO_ROOT) -> str:
    """``pej_desktop.__version__``, read without importing the package."""
    tree = ast.parse((root / "pej_desktop" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            return str(ast.literal_eval(node.value))
    raise LookupError("pej_desktop.__version__ not found")


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """The four numbers Windows wants: "1.2.3rc1" -> (1, 2, 3, 0)."""
    numbers = [int(match.group()) for part in version.split(".")[:4] if (match := re.match(r"\d+", part))]
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def data_files(root: Path = REPO_ROOT) -> list[tuple[str, str]]:
    """(source file, destination folder) for every file of the ``DATA_TREES``."""
    found = []
    for source, target in DATA_TREES:
        base = root / source
        for path in sorted(base.rglob("*")):
            if path.is_file() and _shippable(path):
                found.append((str(path), str(PurePath(target) / path.parent.relative_to(base))))
    return found


def _shippable(path: Path) -> bool:
    return "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}


def qt_translation_files() -> list[tuple[str, str]]:
    """Qt's French catalogues, at the place PySide6 looks for them in the bundle."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise LookupError("PySide6 is not installed")
    package = Path(next(iter(spec.submodule_search_locations)))
    folder = package / "translations" if sys.platform == "win32" else package / "Qt" / "translations"
    return [(str(folder / name), str(PurePath("PySide6") / folder.relative_to(package))) for name in QT_TRANSLATIONS]


def hidden_imports(collect_submodules: Callable[..., list[str]]) -> list[str]:
    """Every module to force into the bundle; ``collect_submodules`` is PyInstaller's."""
    names: list[str] = []
    for package in HIDDEN_PACKAGES:
        names += collect_submodules(package, filter=lambda name: not is_excluded(name))
    return names + list(HIDDEN_MODULES)


def is_excluded(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in EXCLUDED_MODULES)


def keep_data(dest: str) -> bool:
    """Filter for the data files the hooks collect: only French Qt translations."""
    path = PurePath(dest)
    if path.suffix == ".qm" and "translations" in path.parts:
        return path.name in QT_TRANSLATIONS
    return not _in_excluded_plugin_dir(path)


def keep_binary(dest: str) -> bool:
    return not _in_excluded_plugin_dir(PurePath(dest))


def _in_excluded_plugin_dir(path: PurePath) -> bool:
    parts = path.parts
    if "plugins" not in parts[:-1]:
        return False
    folder = parts[parts.index("plugins") + 1]
    plugin = path.stem.removeprefix("lib")
    return folder in EXCLUDED_QT_PLUGIN_DIRS or plugin in EXCLUDED_QT_PLUGINS


def server_modules_in(module_names: Iterable[str]) -> list[str]:
    """Modules of the reference server that slipped into the bundle (must be empty)."""
    return sorted(name for name in module_names if any(
        name == server or name.startswith(server + ".") for server in SERVER_MODULES))


def windows_version_text(version: str) -> str:
    """PyInstaller's version-resource file (``VSVersionInfo`` text), French (France)."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": f"{DISPLAY_NAME} — catalogue du Pass Engagement Jeune",
        "FileVersion": version,
        "InternalName": BUNDLE_NAME,
        "LegalCopyright": "Licence EUPL-1.2",
        "OriginalFilename": f"{BUNDLE_NAME}.exe",
        "ProductName": DISPLAY_NAME,
        "ProductVersion": version,
    }
    table = ",\n".join(f"          StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return (
        "# UTF-8\n# Generated by packaging/bundle_contents.py from pej_desktop.__version__.\n"
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0,\n"
        "    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        "  kids=[\n"
        "    StringFileInfo([\n"
        "      StringTable('040C04B0', [\n"
        f"{table}])]),\n"
        "    VarFileInfo([VarStruct('Translation', [0x040C, 1200])])\n"
        "  ]\n"
        ")\n"
    )


def macos_info_plist(version: str) -> dict[str, object]:
    """Keys of the .app's Info.plist (PyInstaller adds the executable and icon keys)."""
    return {
        "CFBundleName": DISPLAY_NAME,
        "CFBundleDisplayName": DISPLAY_NAME,
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleDevelopmentRegion": "fr",
        "CFBundleLocalizations": ["fr"],
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSApplicationCategoryType": "public.app-category.productivity",
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,
        "NSHumanReadableCopyright": "Licence EUPL-1.2",
    }
