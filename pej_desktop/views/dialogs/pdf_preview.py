"""The in-app preview of a generated PDF, then the system print dialog or "Enregistrer en PDF".

What is previewed is the real document (Qt's PDF module reads the very bytes that will
be printed or saved), loaded from memory: no temporary file is written, so none can be
left behind. Printing renders each page at up to 300 dpi onto the chosen printer.

Printing a summary must be recorded (who, when, for whom, document hash): the dialog
emits ``printed(hash)`` and ``saved(hash, path)``; the caller, who knows the young
person and the adviser, writes the record (see ``reports.digest.PrintRecord``).

    show_pdf_preview(pdf, title="Récapitulatif de Léa MARTIN", file_name="recapitulatif.pdf",
                     parent=self, on_printed=record_print)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from pej_desktop.domain.describe import os_reason
from pej_desktop.ops.documents import document_hash, save_pdf
from pej_desktop.views.dialog_buttons import DialogButtons
from pej_desktop.views.screen_fit import fit_to_screen

log = logging.getLogger(__name__)
MAX_PRINT_DPI = 300
ZOOM_STEP = 1.25
# The preview's own keys, by action: its actions are built from here, and Aide › Raccourcis
# clavier lists them from here too.
PREVIEW_KEYS: dict[str, QKeySequence.StandardKey | str] = {
    "Zoom +": QKeySequence.StandardKey.ZoomIn, "Zoom −": QKeySequence.StandardKey.ZoomOut,
    "Pleine largeur": "Ctrl+0", "Imprimer": QKeySequence.StandardKey.Print,
    "Enregistrer": QKeySequence.StandardKey.Save,
}


class PdfPreviewDialog(QDialog):
    printed = Signal(str)  # document hash, once the pages went to the printer
    saved = Signal(str, str)  # document hash, path written

    def __init__(self, pdf: bytes, *, title: str, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = pdf
        self.document_hash = document_hash(pdf)
        self.file_name = file_name
        self.setWindowTitle(f"Aperçu — {title}")
        self.setObjectName("pdf_preview")
        self.setAccessibleName(f"Aperçu avant impression : {title}")
        fit_to_screen(self, 900, 1000)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self._build()

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setAccessibleName("Pages du document")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("page_label")
        self.view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        self._show_page_number(0)
        layout = QVBoxLayout(self)
        layout.addWidget(self._toolbar())
        layout.addWidget(self.view, 1)
        layout.addWidget(self._buttons())

    def _toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        bar.setAccessibleName("Zoom et pages")
        self.zoom_in_action = self._action("Zoom +", lambda: self._zoom(ZOOM_STEP))
        self.zoom_out_action = self._action("Zoom −", lambda: self._zoom(1 / ZOOM_STEP))
        self.fit_action = self._action("Pleine largeur", self._fit_width)
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addWidget(self.page_label)
        return bar

    def _buttons(self) -> DialogButtons:
        """Imprimer is the accept button (Enter) but leaves the preview open; Enregistrer sits beside it."""
        row = DialogButtons(self, accept="&Imprimer…", cancel="&Fermer", on_accept=self.ask_print,
                            accept_name="print_button")
        self.print_button, self.close_button = row.accept_button, row.cancel_button
        self.close_button.setObjectName("close_button")
        self.save_button = QPushButton("&Enregistrer en PDF…", self, objectName="save_button")
        self.save_button.clicked.connect(self.ask_save)
        row.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in (self.print_button, self.close_button, self.save_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        self.addAction(self._action("Imprimer", self.ask_print))
        self.addAction(self._action("Enregistrer", self.ask_save))
        return row

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(PREVIEW_KEYS[text]))
        action.triggered.connect(slot)
        return action

    # -- navigation ----------------------------------------------------------------------
    def page_count(self) -> int:
        return self.document.pageCount()

    def _show_page_number(self, page: int) -> None:
        self.page_label.setText(f"  Page {page + 1} / {self.page_count()}")

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, self.view.zoomFactor() * factor)))

    def _fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # -- printing ------------------------------------------------------------------------
    def ask_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        printer.setFromTo(1, self.page_count())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Imprimer")
        dialog.setMinMax(1, self.page_count())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Render the chosen pages onto ``printer``; returns how many were printed."""
        first, last = printer.fromPage() or 1, printer.toPage() or self.page_count()
        pages = range(max(1, first) - 1, min(last, self.page_count()))
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "Impression impossible",
                                "L'imprimante n'a pas pu être ouverte. Vérifiez qu'elle est allumée et "
                                "connectée, ou enregistrez le document en PDF.")
            return 0
        try:
            for count, page in enumerate(pages):
                if count:
                    printer.newPage()
                self._paint_page(painter, printer, page)
        finally:
            painter.end()
        log.info("document printed (%s pages)", len(pages))
        self.printed.emit(self.document_hash)
        return len(pages)

    def _paint_page(self, painter: QPainter, printer: QPrinter, page: int) -> None:
        target = printer.pageLayout().paintRectPixels(printer.resolution())
        points = self.document.pagePointSize(page)
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        image = self.document.render(page, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi)))
        scale = min(target.width() / image.width(), target.height() / image.height())
        size = QSize(round(image.width() * scale), round(image.height() * scale))
        origin = QPointF((target.width() - size.width()) / 2, (target.height() - size.height()) / 2)
        painter.drawImage(QRectF(origin, size.toSizeF()), image)

    # -- saving --------------------------------------------------------------------------
    def ask_save(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(self, "Enregistrer en PDF", str(Path(folder) / self.file_name),
                                              "Documents PDF (*.pdf)")
        if path:
            self.save_to(Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf"))

    def save_to(self, path: Path) -> bool:
        """Write the exact bytes previewed, whole or not at all."""
        try:
            save_pdf(path, self.pdf)
        except OSError as error:
            QMessageBox.warning(self, "Enregistrement impossible",
                                f"Le document n'a pas pu être enregistré dans {path} : {os_reason(error)}.")
            return False
        self.saved.emit(self.document_hash, str(path))
        return True


def show_pdf_preview(pdf: bytes, *, title: str, file_name: str, parent: QWidget | None = None,
                     on_printed: Callable[[str], object] | None = None,
                     on_saved: Callable[[str, str], object] | None = None) -> PdfPreviewDialog:
    """Open the preview (non-blocking) and return it; the dialog deletes itself when closed."""
    dialog = PdfPreviewDialog(pdf, title=title, file_name=file_name, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_printed is not None:
        dialog.printed.connect(on_printed)
    if on_saved is not None:
        dialog.saved.connect(on_saved)
    dialog.open()
    return dialog
