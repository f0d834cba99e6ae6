"""``pej-desktop self-check``: start the application's parts in a throw-away folder.

Run by the packaging build on the *bundled* executable, and by support on an adviser's
PC: it proves that what the frozen bundle needs at run time is really inside it
(resources, migration scripts, Qt plugins and translations, SQLCipher, QtPdf,
reportlab) without touching the adviser's own data or secrets.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pej_desktop import APP_NAME, __version__
from pej_desktop.ops import self_check
from pej_desktop.ops.self_check import CheckFailed

WINDOW_TIMEOUT_MS = 20_000


@dataclass
class CheckState:
    """What the steps share: the throw-away data folder and what earlier steps opened."""

    paths: Any
    store: Any = None
    demo: Any = None
    offer_pk: int = 0
    pdf: bytes = b""
    app: Any = None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "self-check", help="vérifier que l'application est complète et démarre (sans toucher à vos données)")
    parser.add_argument("--offscreen", action="store_true",
                        help="ne rien afficher à l'écran (automatique s'il n'y a pas d'écran)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.offscreen or _no_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pej_desktop.config import resolve_paths

    print(f"{APP_NAME} {__version__} — auto-contrôle ({'application installée' if _frozen() else 'sources'})")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pej-self-check-", ignore_cleanup_errors=True) as folder:
        state = CheckState(paths=resolve_paths(folder).ensure())
        try:
            failed = run_steps(state)
        finally:
            if state.store is not None:
                state.store.close()
    if failed:
        return 1
    elapsed = f"{time.monotonic() - started:.1f}".replace(".", ",")
    print(f"Auto-contrôle réussi ({elapsed} s).")
    return 0


def run_steps(state: CheckState) -> bool:
    """True when a step failed (after saying which one and why)."""
    for label, step in STEPS:
        try:
            detail = step(state)
        except Exception as error:
            reason = str(error) if isinstance(error, CheckFailed) else f"{type(error).__name__} : {error}"
            print(f"  [échec] {label} : {reason}")
            print(f"Auto-contrôle échoué à l'étape « {label} ».", file=sys.stderr)
            return True
        print(f"  [ok]    {label} : {detail}")
    return False


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def _no_display() -> bool:
    return sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


# -- the steps, in order -------------------------------------------------------------------
def check_resources(state: CheckState) -> str:
    from pej_desktop.config import resources_dir

    root = resources_dir()
    wanted = {"catalogue de démonstration": root / "demo" / "catalogue.json",
              "icône": root / "icons" / "pej-desktop-256.png"}
    missing = [name for name, path in wanted.items() if not path.is_file()]
    fonts = sorted((root / "fonts").glob("*.ttf"))
    if not fonts:
        missing.append("polices des documents PDF")
    if missing:
        raise CheckFailed(f"absent(s) de {root} : {', '.join(missing)}")
    return f"{root} ({len(fonts)} polices)"


def check_migrations(state: CheckState) -> str:
    state.store, detail = self_check.open_new_catalogue(state.paths)
    return detail


def check_demo(state: CheckState) -> str:
    state.demo = self_check.load_demo(state.store)
    return state.demo.detail


def check_search(state: CheckState) -> str:
    state.offer_pk, detail = self_check.search_demo(state.store, state.demo)
    return detail


def check_encryption(state: CheckState) -> str:
    return self_check.check_encryption(state.paths)


def check_pdf(state: CheckState) -> str:
    state.pdf, detail = self_check.offer_sheet(state.store, state.offer_pk)
    return detail


def check_qt(state: CheckState) -> str:
    from PySide6.QtGui import QFontDatabase

    from pej_desktop.app import make_application

    state.app = make_application([sys.argv[0]])
    if state.app.property("translator_qtbase_fr") is None:
        raise CheckFailed("traduction française de Qt (qtbase_fr.qm) introuvable")
    if state.app.windowIcon().isNull():
        raise CheckFailed("icône de l'application introuvable")
    families = QFontDatabase.families()
    if not families:
        raise CheckFailed("aucune police de caractères disponible pour l'affichage")
    return f"plateforme {state.app.platformName()}, traduction française, {len(families)} polices"


def check_pdf_viewer(state: CheckState) -> str:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(state.pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() != 1:
        raise CheckFailed(f"QtPdf n'a pas pu lire le document ({document.error()})")
    return "QtPdf lit le document produit"


def check_main_window(state: CheckState) -> str:
    """The real window on the throw-away folder, with a throw-away secret store too."""
    with self_check.throwaway_secret_store():
        shown = _show_main_window(state)
    if shown is None:
        raise CheckFailed(f"le catalogue ne s'est pas affiché en {WINDOW_TIMEOUT_MS // 1000} s")
    return f"fenêtre ouverte puis fermée, {shown} offre(s) affichée(s)"


def _show_main_window(state: CheckState) -> int | None:
    from PySide6.QtCore import QEventLoop, QTimer

    from pej_desktop.app import open_session
    from pej_desktop.views.main_window import MainWindow

    window = MainWindow(open_session(state.paths))
    shown: list[int] = []
    loop = QEventLoop()
    window.catalogue_page.results_shown.connect(lambda count: (shown.append(count), loop.quit()))
    QTimer.singleShot(WINDOW_TIMEOUT_MS, loop.quit)
    window.show()
    window.start()
    loop.exec()
    window.close()
    window.shutdown()
    return shown[0] if shown else None


def check_secret_store(state: CheckState) -> str:
    """keyring finds its backends through package metadata, easily lost by a bundler."""
    from importlib.metadata import entry_points

    from pej_desktop.ops.sync_settings import secret_store_name

    backends = list(entry_points(group="keyring.backends"))
    if not backends:
        raise CheckFailed("aucun module de coffre-fort (keyring) n'est installé")
    for backend in backends:
        backend.load()
    return f"{secret_store_name()} — {len(backends)} types de coffre-fort connus, rien n'a été écrit"


STEPS: tuple[tuple[str, Callable[[CheckState], str]], ...] = (
    ("Ressources", check_resources),
    ("Migrations du catalogue", check_migrations),
    ("Catalogue de démonstration", check_demo),
    ("Recherche", check_search),
    ("Chiffrement des données personnelles", check_encryption),
    ("Documents PDF", check_pdf),
    ("Interface Qt", check_qt),
    ("Lecteur PDF", check_pdf_viewer),
    ("Coffre-fort de secrets", check_secret_store),
    ("Fenêtre principale", check_main_window),
)
