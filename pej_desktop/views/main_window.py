"""The main window: pages in tabs (catalogue first), French menus, status bar."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from pej_desktop import APP_NAME
from pej_desktop.ops.background import shutdown_executors
from pej_desktop.views.listening import ChangesListener

if TYPE_CHECKING:
    from pej_desktop.views.pdf_preview import PdfPreviewDialog
from pej_desktop.session import Session

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
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
        self.source_label = QLabel(self)
        self.source_label.setObjectName("catalogue_source")
        self.statusBar().addPermanentWidget(self.source_label)
        self._build_menus()
        from pej_desktop.views.catalogue_page import CataloguePage

        self.catalogue_page = CataloguePage(session, parent=self)
        self.add_page(self.catalogue_page, "&Catalogue")
        self.catalogue_page.source_changed.connect(self.source_label.setText)
        from pej_desktop.views.young_people_page import install_young_people

        self.young_people_page = install_young_people(self)
        from pej_desktop.views.offer_sheets_dialog import install_offer_sheets

        install_offer_sheets(self)
        from pej_desktop.views.sync_controller import install_sync

        self.sync_controller = install_sync(self)
        from pej_desktop.views.data_menus import install_data_safety

        self.data_safety = install_data_safety(self)
        from pej_desktop.views.activation_center import install_activations

        self.activations = install_activations(self)
        from pej_desktop.views.needs_interview import install_companion

        self.interview_panel, self.unmet_search_counter, self.dashboard_page = install_companion(self)
        self.add_action("&Édition", "&Rechercher une offre", self.focus_catalogue_search,
                        shortcut=QKeySequence.StandardKey.Find, name="action_find")
        self._restore_state()

    def focus_catalogue_search(self) -> None:
        self.tabs.setCurrentWidget(self.catalogue_page)
        self.catalogue_page.focus_search()

    # -- pages and menus, for every feature to plug into ---------------------------------
    def add_page(self, widget: QWidget, title: str) -> int:
        return self.tabs.addTab(widget, title)

    def menu(self, title: str) -> QMenu:
        """The menu with this title, created before "Aide" if it does not exist yet."""
        if title not in self._menus:
            menu = QMenu(title, self)
            help_menu = self._menus.get("&Aide")
            if help_menu is not None:
                self.menuBar().insertMenu(help_menu.menuAction(), menu)
            else:
                self.menuBar().addMenu(menu)
            self._menus[title] = menu
        return self._menus[title]

    def add_action(self, menu: str, text: str, slot, *,
                   shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                   name: str | None = None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        self.menu(menu).addAction(action)
        return action

    def _build_menus(self) -> None:
        self.menu("&Fichier")
        self.menu("&Édition")
        self.menu("&Affichage")
        self.menu("&Aide")
        self.add_action("&Aide", "À &propos de PEJ Desktop", self.show_about, name="action_about")
        quit_action = self.add_action("&Fichier", "&Quitter", self.close, shortcut=QKeySequence.StandardKey.Quit,
                                      name="action_quit")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    def show_about(self) -> None:
        from pej_desktop.views.about import show_about

        show_about(self)

    # -- life cycle ------------------------------------------------------------------------
    def start(self) -> None:
        """Called once the window is shown: background loading starts here."""
        self.data_safety.start()  # first: the catalogue is checked before the pages read it
        self.catalogue_page.start()
        self.young_people_page.start()
        self.sync_controller.start()
        self.activations.start()

    def _restore_state(self) -> None:
        settings = self.session.settings
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

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
        self.sync_controller.stop()
        self.data_safety.stop()
        self._stop_listening()
        shutdown_executors(wait=True)
        self.session.catalogue.close()
        self.session.close_personal()

    def _stop_listening(self) -> None:
        """The stores close now: no screen may react to announced changes any more (another
        window of the same process — the self-check's, the tests' — would wake them up)."""
        for receiver in (self, *self.findChildren(QObject)):
            if isinstance(receiver, ChangesListener):
                receiver.stop_listening()
