""""Fiches offres…" from the catalogue: choose the offers and the layout, build, preview.

The adviser picks the offer selected in the catalogue or the whole list currently shown
(with its search and filters), and one offer per page or a compact listing (with the full
sheets after it when asked). Offers not valid today are left out unless asked for; then
they are marked « Offre expirée » or « À partir du … ». The PDF is built on the database
worker (``QueryOp``), never on the GUI thread, then previewed.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QGroupBox,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.ops import documents
from pej_desktop.ops.background import QueryOp
from pej_desktop.ops.documents import SCOPE_LIST, SCOPE_SELECTED, SheetsRequest
from pej_desktop.views.dialog_buttons import DialogButtons


class OfferSheetsDialog(QDialog):
    def __init__(self, *, has_selection: bool, list_count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Fiches offres")
        self.setObjectName("offer_sheets_dialog")
        self.setAccessibleName("Fiches offres : choix des offres et de la présentation")
        self.selected_radio = self._radio("L'offre &sélectionnée", "selected_radio")
        self.list_radio = self._radio(f"Les &offres de la liste affichée ({list_count})", "list_radio")
        self.pages_radio = self._radio("Une offre par &page", "pages_radio")
        self.listing_radio = self._radio("Un &tableau d'une ligne par offre", "listing_radio")
        self.with_sheets_check = self._check("Joindre les &fiches complètes après le tableau", "with_sheets_check")
        self.include_expired_check = self._check("Inclure les offres e&xpirées ou pas encore valables",
                                                 "include_expired_check")
        scope = self._group("Offres à imprimer", self.selected_radio, self.list_radio)
        layout_box = self._group("Présentation", self.pages_radio, self.listing_radio)
        layout_box.layout().addWidget(self.with_sheets_check)
        scope.layout().addWidget(self.include_expired_check)
        self.with_sheets_check.setEnabled(False)
        self.listing_radio.toggled.connect(self.with_sheets_check.setEnabled)
        # Checked once grouped: sibling radio buttons would otherwise uncheck each other.
        self.selected_radio.setEnabled(has_selection)
        self.list_radio.setEnabled(list_count > 0)
        (self.selected_radio if has_selection else self.list_radio).setChecked(True)
        self.pages_radio.setChecked(True)
        self.buttons = DialogButtons(self, accept="&Aperçu…", cancel="A&nnuler",
                                     valid=lambda: has_selection or list_count > 0)
        layout = QVBoxLayout(self)
        layout.addWidget(scope)
        layout.addWidget(layout_box)
        layout.addWidget(self.buttons)

    def _radio(self, text: str, name: str) -> QRadioButton:
        radio = QRadioButton(text, self)
        radio.setObjectName(name)
        radio.setAccessibleName(text.replace("&", ""))
        return radio

    def _check(self, text: str, name: str) -> QCheckBox:
        check = QCheckBox(text, self)
        check.setObjectName(name)
        check.setAccessibleName(text.replace("&", ""))
        return check

    def _group(self, title: str, *radios: QRadioButton) -> QGroupBox:
        box = QGroupBox(title, self)
        box.setAccessibleName(title)
        group = QButtonGroup(box)
        column = QVBoxLayout(box)
        for radio in radios:
            radio.setParent(box)
            group.addButton(radio)
            column.addWidget(radio)
        return box

    def request(self) -> SheetsRequest:
        scope = SCOPE_SELECTED if self.selected_radio.isChecked() else SCOPE_LIST
        listing = self.listing_radio.isChecked()
        return SheetsRequest(scope=scope, layout="listing" if listing else "pages",
                             with_sheets=listing and self.with_sheets_check.isChecked(),
                             include_expired=self.include_expired_check.isChecked())


def open_offer_sheets(window) -> None:  # type: ignore[no-untyped-def]
    """The "Fiches offres…" action of the main window."""
    page = window.catalogue_page
    filters, selected = page.current_filters(), page.selected_offer_pk()
    dialog = OfferSheetsDialog(has_selection=selected is not None, list_count=page.model.rowCount(), parent=window)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    request = dialog.request()
    dialog.deleteLater()  # one dialog per use, not one more child of the window each time
    if not accepted:
        return
    window.statusBar().showMessage("Préparation des fiches offres…")
    QueryOp(parent=window, op=lambda: documents.build_sheets(window.session.catalogue, request, filters=filters,
                                                             selected_pk=selected, today=dt.date.today())) \
        .success(lambda built: _preview(window, built)) \
        .failure(lambda error: _failed(window, error)) \
        .run()


def _preview(window, built: documents.BuiltSheets) -> None:  # type: ignore[no-untyped-def]
    from pej_desktop.views.dialogs.pdf_preview import show_pdf_preview

    window.statusBar().showMessage(f"{built.offer_count} fiche(s) prête(s).", 5000)
    window.offer_sheets_preview = show_pdf_preview(built.pdf, title=f"Fiches offres — {built.label}",
                                                   file_name="fiches-offres.pdf", parent=window)


def _failed(window, error: BaseException) -> None:  # type: ignore[no-untyped-def]
    from pej_desktop.ops.documents import SelectionError
    from pej_desktop.views.errors import show_unexpected_error

    window.statusBar().clearMessage()
    if isinstance(error, SelectionError):
        QMessageBox.information(window, "Fiches offres", str(error))
    else:
        show_unexpected_error(error, parent=window)
