"""What the documents are built from: plain, frozen dataclasses, nothing live.

The summary's input type holds exactly what may be printed about a young person —
first and last name, CEJ dates, eligibility date — and nothing else: no date of birth,
no external reference, no address. What is not in the input cannot leak into the PDF.
The minor/adult question the allocation needs is answered upstream and arrives as an
``AllocationCase``.

Nothing here imports SQLAlchemy or Qt: a report can be built in any thread or process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pej_desktop.domain.activation import POOL_KINDS
from pej_desktop.domain.allocation import AllocationCase
from pej_desktop.domain.describe import format_date
from pej_desktop.domain.records import OfferRecord, PartnerRecord

DASH = "--"
CODE_PENDING = "code à venir"
CODE_KINDS = POOL_KINDS  # offer kinds that hand out a personal code from the offer's pool (not gift cards)
STRUCTURE_LABELS = {"MISSION_LOCALE": "Mission Locale", "FRANCE_TRAVAIL": "France Travail"}


@dataclass(frozen=True)
class StructureInfo:
    """The structure that follows the young person; it is the data controller."""

    kind: str  # "MISSION_LOCALE" | "FRANCE_TRAVAIL"
    name: str = ""  # "Mission Locale de Lyon"
    agency_name: str = ""
    agency_code: str = ""

    @property
    def display_name(self) -> str:
        return self.name or STRUCTURE_LABELS.get(self.kind, self.kind) or DASH

    @property
    def agency_line(self) -> str:
        parts = [p for p in (self.agency_name, f"({self.agency_code})" if self.agency_code else "") if p]
        return " ".join(parts) or DASH

    @property
    def heading(self) -> str:
        """"Mission Locale de Lyon — Lyon 3e (69003)", without repeating a name used twice."""
        if self.agency_name and self.agency_name == self.name:
            return self.agency_line
        return f"{self.display_name} — {self.agency_line}"


@dataclass(frozen=True)
class AdviserInfo:
    first_name: str
    last_name: str
    phone: str = ""  # professional only
    email: str = ""  # professional only

    @property
    def display_name(self) -> str:
        return person_name(self.first_name, self.last_name)



@dataclass(frozen=True)
class YoungPersonName:
    """The only identity printed: "Prénom NOM"."""

    first_name: str
    last_name: str

    @property
    def display_name(self) -> str:
        return person_name(self.first_name, self.last_name)


@dataclass(frozen=True)
class CejDates:
    start: dt.date | None = None
    planned_end: dt.date | None = None
    real_end: dt.date | None = None

    @property
    def end(self) -> dt.date | None:
        """The real end when known, else the planned one."""
        return self.real_end or self.planned_end

    def describe(self) -> str:
        end_label = "fin réelle" if self.real_end else "fin prévue"
        return f"du {format_date(self.start)} au {format_date(self.end)} ({end_label})"


@dataclass(frozen=True)
class OfferEntry:
    """An offer with what a document prints around it (no personal data)."""

    offer: OfferRecord
    partner: PartnerRecord | None = None
    category_names: tuple[str, ...] = ()

    @property
    def partner_name(self) -> str:
        return self.partner.name if self.partner else DASH

    @property
    def category(self) -> str:
        return self.category_names[0] if self.category_names else "Autres"

    @property
    def link(self) -> str | None:
        return self.offer.url or (self.partner.url if self.partner else None)


@dataclass(frozen=True)
class ActivatedOffer:
    """An offer the young person activated, with the code handed out (None: not yet)."""

    entry: OfferEntry
    code: str | None = None
    activated_on: dt.date | None = None
    uses_per_month: int = 1  # agreed with the young person: the basis of a renewable offer's saving


@dataclass(frozen=True)
class CatalogueStamp:
    """Where the offers printed come from, and how fresh they are."""

    demo: bool = False
    synced_at: dt.datetime | None = None  # local time
    version: str = ""

    @property
    def label(self) -> str:
        if self.demo:
            return "Catalogue de démonstration"
        if self.synced_at is None:
            return "Catalogue : date de synchronisation inconnue"
        return f"Catalogue synchronisé le {self.synced_at:%d/%m/%Y à %H:%M}"


@dataclass(frozen=True)
class SummaryInput:
    structure: StructureInfo
    adviser: AdviserInfo
    young_person: YoungPersonName
    cej: CejDates
    eligibility_date: dt.date | None
    activations: tuple[ActivatedOffer, ...]
    catalogue: CatalogueStamp
    reference_date: dt.date
    allocation_case: AllocationCase | None = AllocationCase.ADULT_NON_TAXABLE
    suggestions: tuple[OfferEntry, ...] = ()  # shown when nothing is activated


SheetLayout = Literal["pages", "listing"]


@dataclass(frozen=True)
class OfferSheetsInput:
    offers: tuple[OfferEntry, ...]
    catalogue: CatalogueStamp
    generated_on: dt.date
    layout: SheetLayout = "pages"
    selection_label: str = "Sélection d'offres"  # "Catégorie : Mobilité", "Département 69"…
    structure: StructureInfo | None = None
    include_expired: bool = False  # also print offers not valid on ``generated_on``, marked as such
    with_sheets: bool = False  # a listing followed by one full sheet per offer


def person_name(first_name: str, last_name: str) -> str:
    """"Léa MARTIN": first name as typed, last name in capitals; "--" when both are empty."""
    text = " ".join(p for p in (first_name.strip(), last_name.strip().upper()) if p)
    return text or DASH
