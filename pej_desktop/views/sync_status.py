"""The sync indicator, always visible in the status bar: online or not, catalogue date, progress."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from pej_desktop.ops.catalogue import CatalogueFreshness
from pej_desktop.views.look import set_tone


class SyncStatusWidget(QWidget):
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("sync_connection")
        self.catalogue_label = QLabel(self)
        self.catalogue_label.setObjectName("sync_catalogue_date")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sync_progress")
        self.progress.setAccessibleName("Progression de la synchronisation")
        self.progress.setMaximumWidth(160)
        self.cancel_button = QPushButton("Annuler", self)
        self.cancel_button.setObjectName("sync_cancel")
        self.cancel_button.setAccessibleName("Annuler la synchronisation")
        self.cancel_button.clicked.connect(self.cancel_requested)
        for widget in (self.connection_label, self.catalogue_label, self.progress, self.cancel_button):
            layout.addWidget(widget)
        self.show_idle()
        self.show_connection(None, configured=False)

    def show_connection(self, online: bool | None, *, configured: bool, detail: str = "",
                        problem: str | None = None, demo: bool = True) -> None:
        if problem and configured:
            text, tip = f"⚠ {problem}", detail
        elif not configured:
            text = "Mode démonstration" if demo else "Synchronisation non configurée"
            tip = "Configurez l'API nationale dans Fichier › Paramètres de synchronisation."
        elif online is None:
            text, tip = "○ Connexion non vérifiée", "Aucune synchronisation n'a encore été tentée."
        elif online:
            text, tip = "● En ligne", "La dernière synchronisation a réussi."
        else:
            text, tip = "○ Hors ligne", detail or "Le serveur national n'a pas pu être joint."
        self.connection_label.setText(text)
        self.connection_label.setToolTip(tip)
        self.connection_label.setAccessibleName(f"Connexion : {text.lstrip('●○⚠ ')}")

    def show_freshness(self, freshness: CatalogueFreshness, *, demo: bool = False) -> None:
        """The date of the catalogue; hidden for the demo, which « Mode démonstration » already names."""
        self.catalogue_label.setVisible(not demo)
        self.catalogue_label.setText(freshness.text)
        self.catalogue_label.setToolTip(freshness.tooltip)
        set_tone(self.catalogue_label, "warning" if freshness.stale else None)
        self.catalogue_label.setAccessibleName(freshness.text.lstrip("⚠ "))

    def show_progress(self, *, done: int, total: int | None, message: str) -> None:
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)  # busy indicator
        self.progress.setToolTip(message)
        self.progress.setFormat(message if not total else "%p %")

    def show_cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.progress.setToolTip("Annulation en cours…")

    def show_idle(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
