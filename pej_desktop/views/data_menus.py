"""Plug data safety and personal-data duties into the main window's menus.

Fichier: Sauvegardes…, Restaurer une sauvegarde…, Données personnelles ▸ (access
export JSON/PDF, retention, audit log) — all before « Quitter ». Aide: Ouvrir le
dossier des journaux, Assistant de démarrage… — before « À propos ».
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from pej_desktop.ops.access import JSON, PDF
from pej_desktop.views.data_safety import DataSafety
from pej_desktop.views.personal_data import PersonalDataDuties


def install_data_safety(window: Any) -> DataSafety:
    """Needs ``window.young_people_page``; returns the controller (``.duties`` for the duties)."""
    safety = DataSafety(window)
    safety.duties = PersonalDataDuties(window)  # type: ignore[attr-defined]
    file_menu = window.menu("&Fichier")
    quit_action = window.findChild(QAction, "action_quit")
    actions = [
        window.add_action("&Fichier", "Sauve&gardes…", safety.open_backups, name="action_backups"),
        window.add_action("&Fichier", "&Restaurer une sauvegarde…", safety.open_backups,
                          name="action_restore_backup"),
    ]
    submenu = _personal_data_menu(window, safety.duties)  # type: ignore[attr-defined]
    for action in actions:
        file_menu.removeAction(action)
    if quit_action is not None and quit_action in file_menu.actions():
        file_menu.insertSeparator(quit_action)
        file_menu.insertActions(quit_action, actions)
        file_menu.insertMenu(quit_action, submenu)
        file_menu.insertSeparator(quit_action)
    else:
        file_menu.addActions(actions)
        file_menu.addMenu(submenu)
    _help_actions(window, safety)
    return safety


def _personal_data_menu(window: Any, duties: PersonalDataDuties) -> QMenu:
    menu = QMenu("&Données personnelles", window)
    menu.setObjectName("menu_personal_data")
    for text, slot, name in (
        ("Exporter les données du jeune sélectionné (&JSON)…", lambda: duties.export_selected(JSON),
         "action_access_json"),
        ("Exporter les données du jeune sélectionné (&PDF)…", lambda: duties.export_selected(PDF),
         "action_access_pdf"),
        ("&Conservation : dossiers anciens…", lambda: duties.open_retention(), "action_retention"),
        ("&Journal des accès…", duties.open_audit, "action_audit_log"),
    ):
        action = QAction(text, window)
        action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)
    return menu


def _help_actions(window: Any, safety: DataSafety) -> None:
    from pej_desktop.views.first_run import open_first_run

    help_menu = window.menu("&Aide")
    about = window.findChild(QAction, "action_about")
    actions = [
        window.add_action("&Aide", "Ouvrir le dossier des &journaux", safety.open_logs_folder,
                          name="action_open_logs"),
        window.add_action("&Aide", "Assistant de &démarrage…", lambda: open_first_run(window),
                          name="action_first_run"),
    ]
    if about is not None and about in help_menu.actions():
        for action in actions:
            help_menu.removeAction(action)
        help_menu.insertActions(about, actions)
        help_menu.insertSeparator(about)
