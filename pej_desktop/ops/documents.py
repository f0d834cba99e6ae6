"""The PDF documents of the catalogue and of a young person, for the window and the command line.

``build_sheets`` reads the offers to print (the one selected, the ids given, or the
filtered list) and lays them out; ``build_person_summary`` gathers a young person's
file, activations and codes into the summary. Both run on a worker and return bytes
with what the caller says about them; printing or saving a summary is recorded with
``activation_status.record_print`` (its hash, never the PDF).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pej_desktop.domain.allocation import Household
from pej_desktop.domain.clock import utc_now
from pej_desktop.domain.text import fold
from pej_desktop.ops.activation_status import record_print, summary_activations
from pej_desktop.reports.digest import OutputKind, PrintRecord
from pej_desktop.reports.digest import document_hash as document_hash  # the screens and commands name it here
from pej_desktop.reports.files import write_atomically
from pej_desktop.reports.inputs import SelectionError as SelectionError  # French, shown as it is
from pej_desktop.reports.inputs import (
    selection_label,
    sheet_pks,
    sheets_input_for,
    summary_input_from_stores,
)
from pej_desktop.reports.model import SheetLayout
from pej_desktop.reports.sheets import build_offer_sheets, printable_offers
from pej_desktop.reports.summary import build_summary
from pej_desktop.store.catalogue import CatalogueStore, get_meta
from pej_desktop.store.personal import PersonalStore
from pej_desktop.store.search import SearchFilters

SCOPE_SELECTED, SCOPE_LIST = "selected", "list"


@dataclass(frozen=True)
class SheetsRequest:
    scope: str = SCOPE_LIST  # SCOPE_SELECTED: the offer selected in the catalogue
    layout: SheetLayout = "pages"
    with_sheets: bool = False
    include_expired: bool = False


@dataclass(frozen=True)
class BuiltSheets:
    pdf: bytes
    label: str
    offer_count: int  # printed
    selected_count: int  # asked for; the difference is expired or not yet valid


def build_sheets(catalogue: CatalogueStore, request: SheetsRequest, *, filters: SearchFilters | None = None,
                 selected_pk: int | None = None, offer_ids: Sequence[str] = (), today: dt.date) -> BuiltSheets:
    """The selected offer, else the ids given, else the filtered list. Raises SelectionError (French)."""
    with catalogue.read() as conn:
        if request.scope == SCOPE_SELECTED and selected_pk is not None:
            pks, label = [selected_pk], selection_label(conn, offer_count=1, by_ids=True)
        else:
            pks = sheet_pks(conn, filters=filters, offer_ids=offer_ids)
            label = selection_label(conn, filters, offer_count=len(pks), by_ids=bool(offer_ids))
        data = sheets_input_for(conn, pks, label=label, layout=request.layout, meta=get_meta(conn),
                                generated_on=today, include_expired=request.include_expired,
                                with_sheets=request.with_sheets)
    return BuiltSheets(build_offer_sheets(data), label, len(printable_offers(data)), len(data.offers))


@dataclass(frozen=True)
class BuiltSummary:
    pdf: bytes
    person_name: str
    adviser_label: str


def build_person_summary(people: PersonalStore, catalogue: CatalogueStore, person_id: int, *, on: dt.date,
                         household: Household = Household.NON_TAXABLE, adviser_phone: str = "",
                         adviser_email: str = "") -> BuiltSummary:
    """The summary with the person's activations and codes, as PDF bytes."""
    data = summary_input_from_stores(people, catalogue, person_id, on=on,
                                     activations=summary_activations(people, catalogue, person_id),
                                     household=household, adviser_phone=adviser_phone, adviser_email=adviser_email)
    return BuiltSummary(build_summary(data), data.young_person.display_name, data.adviser.display_name)


def summary_file_name(person_name: str) -> str:
    """« recapitulatif-lea-martin.pdf »: what the save dialog proposes."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(person_name)).strip("-")
    return f"recapitulatif-{slug or 'jeune'}.pdf"


def save_pdf(path: Path, pdf: bytes) -> None:
    """Write the PDF whole or not at all (a temporary file renamed), readable by its owner only."""
    write_atomically(path, pdf)


def record_summary_output(people: PersonalStore, *, output: OutputKind, pdf_hash: str, person_id: int,
                          adviser_label: str) -> None:
    """A summary printed or saved: who, when, for whom and its SHA-256 go to the print log, never the PDF."""
    record_print(people, PrintRecord(kind="summary", output=output, document_hash=pdf_hash,
                                     adviser_label=adviser_label, person_id=person_id,
                                     at=utc_now()))
