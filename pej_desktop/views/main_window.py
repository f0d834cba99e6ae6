"""The main window: pages in tabs (catalogue first), French menus, status bar.

Every menu and action is declared once, in ``MENUS`` below (Qt's own model, as in
Picard's MainWindow): text with its mnemonic, object name, shortcut and the slot it
runs. Screens build their own panels and expose slots; none of them touches a menu.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from pej_desktop import APP_NAME
from pej_desktop.ops.background import shutdown_executors
from pej_desktop.views.clean_exit import exited_cleanly
from pej_desktop.views.listening import ChangesListener
from pej_desktop.views.look import NORMAL_STEP, TEXT_SCALES, apply_text_step, change_text_step, saved_step

if TYPE_CHECKING:
    from pej_desktop.session import Session
    from pej_desktop.views.catalogue.page import CataloguePage
    from pej_desktop.views.dashboard.page import DashboardPage
    from pej_desktop.views.data_safety import DataSafety
    from pej_desktop.views.dialogs.help import HelpDialog
    from pej_desktop.views.dialogs.pdf_preview import PdfPreviewDialog
    from pej_desktop.views.interview.panel import InterviewPanel
    from pej_desktop.views.interview.unmet_searches import UnmetSearchCounter
    from pej_desktop.views.sync_controller import SyncController
    from pej_desktop.views.young_people.activation_center import ActivationCenter
    from pej_desktop.views.young_people.page import YoungPeoplePage

log = logging.getLogger(__name__)
Shortcut = QKeySequence.StandardKey | str


@dataclass(frozen=True)
class Item:
    """One action: its slot is looked up on the window when triggered (screens exist by then)."""

    text: str
    name: str
    slot: Callable[[MainWindow], Any]
    shortcut: Shortcut | None = None
    role: QAction.MenuRole | None = None
    also: tuple[str, ...] = ()  # other keys for the same action (Ctrl+= where + needs Shift)


@dataclass(frozen=True)
class Submenu:
    title: str
    name: str
    items: tuple[Item, ...]


SEPARATOR = None
LATER_SCREENS_MS = 2_000  # the other screens are built by then even if the first listing has not come
Entry = Item | Submenu | None


def _export_access(window: MainWindow, name: str) -> None:
    """Imported when asked: the right of access reads the personal store (not needed to list offers)."""
    from pej_desktop.ops import right_of_access

    window.data_safety.duties.export_selected(getattr(right_of_access, name))


MENUS: tuple[tuple[str, tuple[Entry, ...]], ...] = (
    ("&Fichier", (
        Item("&Importer des jeunes…", "action_import_young_people", lambda w: w.young_people_page.choose_import_file()),
        Item("&Profil du conseiller…", "action_adviser_profile", lambda w: w.young_people_page.edit_adviser()),
        SEPARATOR,
        Item("Imprimer le &récapitulatif du jeune…", "action_print_summary", lambda w: w.activations.print_summary(),
             "Ctrl+P"),
        Item("Fiches &offres…", "action_offer_sheets", lambda w: w.open_offer_sheets(), "Ctrl+Shift+P"),
        SEPARATOR,
        Item("Synchroniser le &catalogue", "action_sync", lambda w: w.sync_controller.sync_now(), "F9"),
        Item("Paramètres de s&ynchronisation…", "action_sync_settings", lambda w: w.sync_controller.open_settings()),
        Item("&Activations en attente et refus…", "action_pending_activations",
             lambda w: w.activations.open_pending()),
        Item("E&xporter les activations en attente…", "action_export_outbox", lambda w: w.activations.export_pending()),
        Item("Importer des ac&tivations en attente…", "action_import_outbox", lambda w: w.activations.import_pending()),
        SEPARATOR,
        Item("Sauve&gardes…", "action_backups", lambda w: w.data_safety.open_backups()),
        Item("R&estaurer une sauvegarde…", "action_restore_backup", lambda w: w.data_safety.open_backups()),
        Submenu("&Données personnelles", "menu_personal_data", (
            Item("Exporter les données du jeune sélectionné (&JSON)…", "action_access_json",
                 lambda w: _export_access(w, "JSON")),
            Item("Exporter les données du jeune sélectionné (&PDF)…", "action_access_pdf",
                 lambda w: _export_access(w, "PDF")),
            Item("&Conservation : dossiers anciens…", "action_retention",
                 lambda w: w.data_safety.duties.open_retention()),
            Item("Journal des &accès…", "action_audit_log", lambda w: w.data_safety.duties.open_audit()),
        )),
        SEPARATOR,
        Item("&Quitter", "action_quit", lambda w: w.close(), QKeySequence.StandardKey.Quit, QAction.MenuRole.QuitRole),
    )),
    ("&Édition", (
        Item("&Rechercher une offre", "action_find", lambda w: w.focus_catalogue_search(),
             QKeySequence.StandardKey.Find),
    )),
    ("Affic&hage", (
        Item("&Catalogue", "action_show_catalogue", lambda w: w.show_page(w.catalogue_page), "Ctrl+1"),
        Item("&Jeunes", "action_show_young_people", lambda w: w.show_page(w.young_people_page), "Ctrl+2"),
        Item("&Tableau de bord", "action_show_dashboard", lambda w: w.show_page(w.dashboard_page), "Ctrl+3"),
        SEPARATOR,
        Item("&Plein écran", "action_full_screen", lambda w: w.toggle_full_screen(),
             QKeySequence.StandardKey.FullScreen),
        SEPARATOR,
        Item("&Agrandir le texte", "action_text_larger", lambda w: w.change_text_size(+1), "Ctrl++", also=("Ctrl+=",)),
        Item("&Réduire le texte", "action_text_smaller", lambda w: w.change_text_size(-1), "Ctrl+-"),
        Item("Taille &normale du texte", "action_text_normal", lambda w: w.change_text_size(None), "Ctrl+0"),
    )),
    ("A&ide", (
        Item("&Guide du conseiller…", "action_guide", lambda w: w.open_help("guide"),
             QKeySequence.StandardKey.HelpContents),
        Item("Raccourcis &clavier…", "action_shortcuts", lambda w: w.open_help("shortcuts"), "Ctrl+F1"),
        SEPARATOR,
        Item("Ouvrir le dossier des &journaux", "action_open_logs", lambda w: w.data_safety.open_logs_folder()),
        Item("Assistant de &démarrage…", "action_first_run", lambda w: w.open_first_run()),
        SEPARATOR,
        Item("À &propos de PEJ Desktop", "action_about", lambda w: w.show_about(), role=QAction.MenuRole.AboutRole),
    )),
)


class MainWindow(QMainWindow):
    # The screens, made by _build_screens (imported late: the window shows sooner).
    catalogue_page: CataloguePage
    young_people_page: YoungPeoplePage
    sync_controller: SyncController
    data_safety: DataSafety
    activations: ActivationCenter
    interview_panel: InterviewPanel
    unmet_search_counter: UnmetSearchCounter
    dashboard_page: DashboardPage

    screens_ready = Signal()  # every screen is built and started

    def __init__(self, session: Session, *, catalogue_first: bool = False) -> None:
        """``catalogue_first`` (``pej-desktop``'s start): after a clean exit, only the catalogue is
        built before the window shows; the other screens, and with them the personal file, its
        key (keyring) and SQLAlchemy's ORM, come once the first offers are listed. After a crash
        (or at the first start) everything is built at once: the catalogue is checked first."""
        super().__init__()
        self.session = session
        self.setWindowTitle(APP_NAME)
        self.setObjectName("main_window")
        self.resize(1200, 760)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("pages")
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._menus: dict[str, QMenu] = {}
        # Dialogs kept alive while open (Qt would collect a parentless Python wrapper), and
        # named so that keyboard users' scripts and the tests can reach them.
        self.about_box: QMessageBox | None = None
        self.offer_sheets_preview: PdfPreviewDialog | None = None
        self.help_dialog: HelpDialog | None = None
        self.source_label = QLabel(self)
        self.source_label.setObjectName("catalogue_source")
        self.statusBar().addPermanentWidget(self.source_label)
        self._later = catalogue_first and exited_cleanly(session.settings)  # screens still to build
        self._started = False
        self._build_catalogue(session)
        if not self._later:
            self._build_screens(session)
        self._build_menus()
        self._restore_state()

    def _build_catalogue(self, session: Session) -> None:
        from pej_desktop.views.catalogue.page import CataloguePage

        self.catalogue_page = CataloguePage(session, parent=self)
        self.add_page(self.catalogue_page, "&Catalogue")
        self.catalogue_page.source_changed.connect(self.source_label.setText)

    def _build_screens(self, session: Session) -> None:
        from pej_desktop.views.data_safety import DataSafety
        from pej_desktop.views.interview.panel import install_companion
        from pej_desktop.views.sync_controller import install_sync
        from pej_desktop.views.young_people.activation_center import install_activations
        from pej_desktop.views.young_people.page import install_young_people

        self.young_people_page = install_young_people(self)
        self.sync_controller = install_sync(self)
        self.data_safety = DataSafety(self)
        self.activations = install_activations(self)
        self.interview_panel, self.unmet_search_counter, self.dashboard_page = install_companion(self)

    # -- menus: built once from MENUS ---------------------------------------------------------
    def _build_menus(self) -> None:
        for title, entries in MENUS:
            self._fill(self.menu(title), entries)

    def _fill(self, menu: QMenu, entries: tuple[Entry, ...]) -> None:
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            elif isinstance(entry, Submenu):
                submenu = QMenu(entry.title, self)
                submenu.setObjectName(entry.name)
                self._fill(submenu, tuple(entry.items))
                menu.addMenu(submenu)
            else:
                menu.addAction(self._action(entry))

    def _action(self, item: Item) -> QAction:
        action = QAction(item.text, self)
        action.setObjectName(item.name)
        if item.shortcut is not None:
            action.setShortcuts([QKeySequence(item.shortcut), *map(QKeySequence, item.also)])
        if item.role is not None:
            action.setMenuRole(item.role)
        action.triggered.connect(lambda _checked=False, slot=item.slot: self._run_slot(slot))
        return action

    def _run_slot(self, slot: Callable[[MainWindow], Any]) -> None:
        self.build_remaining_screens()  # a shortcut pressed before the first offers were listed
        slot(self)

    def menu(self, title: str) -> QMenu:
        """The menu with this title (tests and keyboard scripts reach menus by their title)."""
        if title not in self._menus:
            menu = QMenu(title, self)
            self.menuBar().addMenu(menu)
            self._menus[title] = menu
        return self._menus[title]

    # -- slots of the menus --------------------------------------------------------------------
    def add_page(self, widget: QWidget, title: str) -> int:
        return self.tabs.addTab(widget, title)

    def show_page(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(page)

    def focus_catalogue_search(self) -> None:
        self.tabs.setCurrentWidget(self.catalogue_page)
        self.catalogue_page.focus_search()

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def open_offer_sheets(self) -> None:
        from pej_desktop.views.catalogue.offer_sheets_dialog import open_offer_sheets

        open_offer_sheets(self)

    def open_first_run(self) -> None:
        from pej_desktop.views.dialogs.first_run import open_first_run

        open_first_run(self)

    def change_text_size(self, delta: int | None) -> None:
        """One step larger or smaller for the whole application, or back to the system's size."""
        step = change_text_step(self.session.settings, delta)
        self.statusBar().showMessage(f"Taille du texte : {round(TEXT_SCALES[step] * 100)} %", 4000)

    def open_help(self, page: str) -> None:
        from pej_desktop.views.dialogs.help import open_help

        open_help(self, page)

    def show_about(self) -> None:
        from pej_desktop.views.dialogs.about import show_about

        show_about(self)

    # -- life cycle ------------------------------------------------------------------------
    def start(self) -> None:
        """Called once the window is shown: background loading starts here."""
        self._started = True
        if self._later:
            self.catalogue_page.results_shown.connect(self._first_listing)
            QTimer.singleShot(LATER_SCREENS_MS, self.build_remaining_screens)  # the listing failed or is slow
            self.catalogue_page.start()
            return
        self.data_safety.start()  # first: the catalogue is checked before the pages read it
        self.catalogue_page.start()
        self._start_others()

    def _start_others(self) -> None:
        from pej_desktop.views.catalogue.warmer import CatalogueWarmer

        self.young_people_page.start()
        self.sync_controller.start()
        self.activations.start()
        CatalogueWarmer(self.session, self).warm()  # after the first listing: the start does not wait for it
        self.screens_ready.emit()

    def _first_listing(self, _count: int) -> None:
        """The first offers are listed: the other screens are built once they are painted."""
        self.catalogue_page.results_shown.disconnect(self._first_listing)
        QTimer.singleShot(0, self.build_remaining_screens)

    def build_remaining_screens(self) -> None:
        """The screens a ``catalogue_first`` window left for after the first listing; the check
        of the catalogue then runs beside the pages, as after any clean exit."""
        if not self._later:
            return
        self._later = False
        self._build_screens(self.session)
        if self._started:  # else start() starts them all
            self.data_safety.start()
            self._start_others()

    def _fill_small_screen(self) -> None:
        """First start on a laptop screen (1366×768 and the like): the interview needs all of it."""
        screen = self.screen()
        area = screen.availableGeometry() if screen is not None else None
        if area is not None and 1200 <= area.width() <= 1440:
            self.setGeometry(area)
            self.setWindowState(Qt.WindowState.WindowMaximized)

    def _restore_state(self) -> None:
        settings = self.session.settings
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self._fill_small_screen()
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        step = saved_step(settings)
        if step != NORMAL_STEP and isinstance(app := QApplication.instance(), QApplication):
            apply_text_step(app, step)

    def save_state(self) -> None:
        settings = self.session.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        self.catalogue_page.save_state()
        settings.sync()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.save_state()
        super().closeEvent(event)

    def shutdown(self) -> None:
        if self._later:  # closed before the other screens were built: nothing of theirs runs, nor will
            self._later = False
        else:
            self.sync_controller.stop()
            self.data_safety.stop()
        self._stop_listening()
        shutdown_executors(wait=True)
        self.session.end()

    def _stop_listening(self) -> None:
        """The stores close now: no screen may react to announced changes any more (another
        window of the same process — the self-check's, the tests' — would wake them up)."""
        for receiver in (self, *self.findChildren(QObject)):
            if isinstance(receiver, ChangesListener):
                receiver.stop_listening()
