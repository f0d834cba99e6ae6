"""« À propos » : the application's version, the catalogue's, and both database schemas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pej_desktop import APP_NAME, __version__
from pej_desktop.ops.background import QueryOp
from pej_desktop.store.catalogue import META_SOURCE, META_VERSION, SOURCE_DEMO, CatalogueStore
from pej_desktop.store.personal import PERSONAL_MIGRATIONS


@dataclass(frozen=True)
class Versions:
    catalogue: str
    catalogue_demo: bool
    catalogue_schema: str
    personal_schema: str | None  # None: the personal file is not open


def read_versions(catalogue: CatalogueStore, personal: Any) -> Versions:
    """On the database worker: catalogue metadata and the stamped schema revisions."""
    from pej_desktop.ops.integrity import personal_schema

    meta = catalogue.meta()
    return Versions(catalogue=meta.get(META_VERSION, "--"), catalogue_demo=meta.get(META_SOURCE) == SOURCE_DEMO,
                    catalogue_schema=catalogue.schema_revision(),
                    personal_schema=personal_schema(personal) if personal is not None else None)


def about_html(versions: Versions) -> str:
    demo = " (démonstration)" if versions.catalogue_demo else ""
    personal = versions.personal_schema or f"non ouvert (version attendue : {PERSONAL_MIGRATIONS.head})"
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
