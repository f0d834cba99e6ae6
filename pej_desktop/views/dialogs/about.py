"""« À propos » : the application's version, the catalogue's, and both database schemas."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pej_desktop import APP_NAME, __version__
from pej_desktop.ops.background import QueryOp
from pej_desktop.ops.integrity import Versions, read_versions


def about_html(versions: Versions) -> str:
    demo = " (démonstration)" if versions.catalogue_demo else ""
    personal = versions.personal_schema or f"non ouvert (version attendue : {versions.personal_expected})"
    return (f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>L'outil des conseillers Mission Locale et France Travail pour le "
            "Pass Engagement Jeune (Contrat d'Engagement Jeune).</p>"
            f"<p>Catalogue : {versions.catalogue}{demo}<br>"
            f"Base du catalogue : version {versions.catalogue_schema}<br>"
            f"Fichier des jeunes (chiffré) : version {personal}</p>")


def show_about(window: Any) -> None:
    catalogue, personal = window.session.catalogue, window.session.personal

    def show(versions: Versions) -> None:
        box = QMessageBox(QMessageBox.Icon.NoIcon, f"À propos de {APP_NAME}", about_html(versions),
                          QMessageBox.StandardButton.Ok, window)
        box.setObjectName("about_box")
        box.setIconPixmap(window.windowIcon().pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.about_box = box
        box.open()

    QueryOp(parent=window, op=lambda: read_versions(catalogue, personal)).success(show).run()
