"""« Imprimer le récapitulatif » of a young person: build on the worker, preview, print, log.

The summary holds the person's activations (codes included); printing it or saving it
as PDF is recorded in the personal file — who, when, for whom, and the document's
SHA-256 (``ops.documents.record_summary_output``), never the PDF itself.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pej_desktop.ops import documents
from pej_desktop.ops.background import QueryOp

if TYPE_CHECKING:
    from pej_desktop.reports.digest import OutputKind
    from pej_desktop.store.catalogue import CatalogueStore
    from pej_desktop.store.personal import PersonalStore
    from pej_desktop.views.young_people.activations_panel import ActivationsPanel


def open_summary_preview(parent: ActivationsPanel, *, store: PersonalStore, catalogue: CatalogueStore, person_id: int,
                         on: dt.date) -> None:
    def show(built: documents.BuiltSummary) -> None:
        from pej_desktop.views.dialogs.pdf_preview import show_pdf_preview

        def log(output: OutputKind, document_hash: str) -> None:
            QueryOp(parent=None, op=lambda: documents.record_summary_output(
                store, output=output, pdf_hash=document_hash, person_id=person_id,
                adviser_label=built.adviser_label)).run()

        dialog = show_pdf_preview(built.pdf, title=f"Récapitulatif de {built.person_name}",
                                  file_name=documents.summary_file_name(built.person_name), parent=parent,
                                  on_printed=lambda h: log("print", h), on_saved=lambda h, _path: log("pdf", h))
        parent.dialog = dialog

    QueryOp(parent=parent, op=lambda: documents.build_person_summary(store, catalogue, person_id, on=on)) \
        .success(show).run()
