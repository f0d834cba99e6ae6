"""The Qt application: app-wide signals, start-up, French translations."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from pej_desktop import APP_NAME, __version__
from pej_desktop.config import APP_AUTHOR, APP_SLUG, Paths, resolve_paths, resources_dir

if TYPE_CHECKING:
    from pej_desktop.session import Session

log = logging.getLogger(__name__)
# Not needed to list offers: imported once they are (the personal file: SQLAlchemy's ORM, the
# key in the keyring), or when first used (PDFs, the sync client and its wire models, migrations).
LOADED_AFTER_LISTING = ("sqlalchemy.orm", "keyring", "pej_desktop.store.personal", "reportlab", "requests",
                        "pydantic", "alembic")


class PejApplication(QApplication):
    """The application object; writes announce their changes through ``ops.changes``."""


def app_settings(paths: Paths) -> QSettings:
    """Window and device state, kept inside the data directory (portable, testable)."""
    return QSettings(str(paths.data_dir / "settings.ini"), QSettings.Format.IniFormat)


def install_french_translations(app: QApplication) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_fr", "qt_fr"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            app.setProperty(f"translator_{name}", translator)


def application_icon() -> QIcon:
    """The PEJ mark in every shipped size (PNG: no SVG plugin needed), sharp everywhere."""
    icon = QIcon()
    for png in sorted((resources_dir() / "icons").glob("pej-desktop-*.png")):
        icon.addFile(str(png))
    return icon


def make_application(argv: list[str] | None = None) -> PejApplication:
    # Tests (pytest-qt) create the application first; it is a PejApplication there too.
    app = cast("PejApplication", QApplication.instance() or PejApplication(argv if argv is not None else sys.argv))
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_AUTHOR)
    app.setWindowIcon(application_icon())
    app.setDesktopFileName(APP_SLUG)  # Wayland matches the window to pej-desktop.desktop
    install_french_translations(app)
    from pej_desktop.views.descriptions import install_descriptions
    from pej_desktop.views.look import install_look

    install_look(app)  # the one stylesheet, at the system's text size (the window applies the adviser's)
    install_descriptions(app)
    return app


def open_session(paths: Paths) -> Session:
    """Open the catalogue; raises SchemaTooNewError for a file from a newer version.

    A catalogue that does not even open is set aside and started afresh (the window
    says so: ``Session.take_catalogue_recovery``); see ``pej_desktop.ops.integrity``.
    The personal store opens later, once its key is known (``Session.open_personal``).
    """
    from pej_desktop.ops.integrity import open_catalogue
    from pej_desktop.session import Session

    catalogue, recovery = open_catalogue(paths)
    return Session(paths=paths, catalogue=catalogue, settings=app_settings(paths), catalogue_recovery=recovery)


def run_gui(args: argparse.Namespace) -> int:
    from pej_desktop.logging_setup import setup_logging
    from pej_desktop.store.migrate import SchemaTooNewError
    from pej_desktop.views.errors import install_excepthook, set_data_dir, set_log_path

    paths = resolve_paths(getattr(args, "data_dir", None)).ensure()
    set_log_path(str(setup_logging(paths.log_dir)))
    set_data_dir(str(paths.data_dir))
    app = make_application()
    install_excepthook()
    try:
        session = open_session(paths)
    except SchemaTooNewError as error:
        QMessageBox.critical(None, "Catalogue trop récent", str(error))
        return 3
    from pej_desktop.views.main_window import MainWindow

    window = MainWindow(session, catalogue_first=True)
    window.screens_ready.connect(lambda: _first_run(window))
    window.show()
    window.start()
    if os.environ.get("PEJ_QUIT_WHEN_READY"):
        _quit_when_ready(window)
    code = app.exec()
    window.shutdown()
    return code


def _first_run(window: Any) -> None:
    """The assistant, once every screen is there (it reads the personal store: imported late)."""
    from pej_desktop.views.dialogs.first_run import maybe_show_first_run

    maybe_show_first_run(window)


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's ``ru_maxrss`` survives ``exec``: a child of
    a benchmark that held a 50 000-offer catalogue in memory would report the parent's peak,
    so the kernel's own high-water mark of this program (``VmHWM``) is read first."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:  # Windows
        return -1.0


def _quit_when_ready(window: Any) -> None:
    """Start-up probe for the benchmarks: once the first results are listed, print the
    resident memory and which modules meant for later were already imported, and quit
    (the benchmark measures the wall time itself)."""

    def ready(_count: int) -> None:
        rss_mb = _peak_rss_mb()
        loaded = ",".join(name for name in LOADED_AFTER_LISTING if name in sys.modules) or "-"
        print(f"PEJ_READY rss_mb={rss_mb:.1f} loaded_too_early={loaded}", flush=True)
        QApplication.instance().quit()

    window.catalogue_page.results_shown.connect(ready)
