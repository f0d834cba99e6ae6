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

WINDOW_TIMEOUT_MS = 20_000
HOSTILE_QUERY = '"*) OR 1=1 -- NEAR('


class CheckFailed(Exception):
    """A step found something wrong; the message says what, in French."""


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
    from pej_desktop.store.catalogue import CATALOGUE_MIGRATIONS, CatalogueStore

    paths = state.paths
    state.store = CatalogueStore.open(paths.catalogue_db, backup_dir=paths.backups_dir)
    revision = state.store.schema_revision()
    if revision != CATALOGUE_MIGRATIONS.head:
        raise CheckFailed(f"schéma {revision} au lieu de {CATALOGUE_MIGRATIONS.head}")
    return f"catalogue créé au schéma {revision}"


def check_demo(state: CheckState) -> str:
    from pej_desktop.store.demo import ensure_demo_loaded, read_demo_catalogue

    state.demo = read_demo_catalogue()
    if not ensure_demo_loaded(state.store) or state.store.is_empty():
        raise CheckFailed("le catalogue de démonstration n'a pas été chargé")
    return f"{len(state.demo.offers)} offres, version {state.demo.version}"


def check_search(state: CheckState) -> str:
    from pej_desktop.store.search import SearchFilters, fetch_summaries, search_offer_pks

    offer = state.demo.offers[0]
    word = max(offer.title.split(), key=len)
    with state.store.read() as conn:
        found = {row.id: row.pk for row in fetch_summaries(conn, search_offer_pks(conn, SearchFilters(query=word)))}
        search_offer_pks(conn, SearchFilters(query=HOSTILE_QUERY))  # must not raise
    if offer.id not in found:
        raise CheckFailed(f"« {word} » ne trouve pas l'offre {offer.id}")
    state.offer_pk = found[offer.id]
    return f"« {word} » : {len(found)} offre(s)"


def check_encryption(state: CheckState) -> str:
    """The real encrypted store (SQLCipher, its migrations), opened with a passphrase so
    that no key is asked of the keyring; in a sub-folder the window will not look at."""
    from pej_desktop.store.personal import PERSONAL_MIGRATIONS, PersonalStore, PersonalStoreLocked
    from pej_desktop.store.personal_key import passphrase_key

    path = state.paths.data_dir / "chiffrement" / state.paths.personal_db.name
    PersonalStore.open(path, passphrase_key("auto-contrôle"), backup_dir=path.parent).close()
    if path.read_bytes()[:16] == b"SQLite format 3\0":
        raise CheckFailed("le fichier des jeunes n'est pas chiffré")
    try:
        PersonalStore.open(path, passphrase_key("mauvaise phrase"), backup_dir=path.parent).close()
    except PersonalStoreLocked:
        return f"fichier des jeunes chiffré (SQLCipher), schéma {PERSONAL_MIGRATIONS.head}"
    raise CheckFailed("le fichier des jeunes s'ouvre avec une mauvaise phrase de passe")


def check_pdf(state: CheckState) -> str:
    """A real offer sheet: embedded fonts, QR code, the whole reportlab chain."""
    import datetime as dt

    from pej_desktop.reports.inputs import sheets_input_for
    from pej_desktop.reports.sheets import build_offer_sheets
    from pej_desktop.store.catalogue import get_meta

    with state.store.read() as conn:
        data = sheets_input_for(conn, [state.offer_pk], label="Auto-contrôle", layout="pages",
                                meta=get_meta(conn), generated_on=dt.date.today())
    state.pdf = build_offer_sheets(data)
    if not state.pdf.startswith(b"%PDF"):
        raise CheckFailed("le document produit n'est pas un PDF")
    return f"fiche d'offre de {len(state.pdf)} octets"


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
    import keyring

    from pej_desktop.store.secrets import in_memory_keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(in_memory_keyring())
    try:
        shown = _show_main_window(state)
    finally:
        keyring.set_keyring(previous)
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

    from pej_desktop.store.secrets import backend_description

    backends = list(entry_points(group="keyring.backends"))
    if not backends:
        raise CheckFailed("aucun module de coffre-fort (keyring) n'est installé")
    for backend in backends:
        backend.load()
    return f"{backend_description()} — {len(backends)} types de coffre-fort connus, rien n'a été écrit"


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
