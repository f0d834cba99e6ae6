"""Turning stored data into the documents' inputs — the one place that decides what is printed.

``summary_input_for`` takes the young person's whole file (with the date of birth and
the external reference) and keeps only the first and last name and the CEJ dates; the
date of birth is used once, to tell a minor from an adult for the allocation, and goes
no further. Functions taking a ``Connection`` read the catalogue and run on a worker.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import Connection

from pej_desktop.domain import eligibility as rules
from pej_desktop.domain.allocation import AllocationCase, Household, allocation_case
from pej_desktop.domain.errors import UserError
from pej_desktop.domain.people import Adviser, YoungPerson, age_on
from pej_desktop.domain.savings import SavingItem, estimate_offer
from pej_desktop.reports.model import (
    ActivatedOffer,
    AdviserInfo,
    CatalogueStamp,
    CejDates,
    OfferEntry,
    OfferSheetsInput,
    SheetLayout,
    StructureInfo,
    SummaryInput,
    YoungPersonName,
)
from pej_desktop.store import audit, personal
from pej_desktop.store.catalogue import (
    META_LAST_SYNC,
    META_VERSION,
    CatalogueStore,
    get_meta,
    is_demo,
    meta_instant,
)
from pej_desktop.store.personal import PersonalStore
from pej_desktop.store.search import (
    SearchFilters,
    list_categories,
    load_offer_detail,
    load_offer_records,
    offer_pk_by_id,
    search_offer_pks,
)

MAX_SHEET_OFFERS = 1000  # about 10 s of work; beyond, the adviser narrows the list
SUGGESTIONS = 5
ADULT_AGE = 18


class SelectionError(UserError, ValueError):
    """The requested offers cannot be printed; the message is in French."""


# -- catalogue ------------------------------------------------------------------------------
def catalogue_stamp(meta: Mapping[str, str]) -> CatalogueStamp:
    """From ``catalogue_meta``: the demo, or the last sync converted to local time."""
    if is_demo(meta):
        return CatalogueStamp(demo=True, version=meta.get(META_VERSION, ""))
    synced = meta_instant(meta, META_LAST_SYNC)
    if synced is not None:
        synced = synced.astimezone().replace(tzinfo=None)
    return CatalogueStamp(demo=False, synced_at=synced, version=meta.get(META_VERSION, ""))


def load_entries(conn: Connection, pks: Iterable[int]) -> list[OfferEntry]:
    """Offers with their partner and category names, in the order given (missing keys skipped)."""
    entries = []
    for pk in pks:
        detail = load_offer_detail(conn, pk)
        if detail is not None:
            entries.append(OfferEntry(detail.record, detail.partner, detail.category_names))
    return entries


def sheet_pks(conn: Connection, *, filters: SearchFilters | None = None,
              offer_ids: Sequence[str] = ()) -> list[int]:
    """Keys of the offers to print: the ids given (in that order), else the filtered list."""
    if offer_ids:
        pks = []
        for offer_id in offer_ids:
            pk = offer_pk_by_id(conn, offer_id)
            if pk is None:
                raise SelectionError(f"offre « {offer_id} » introuvable dans le catalogue local")
            pks.append(pk)
        return list(dict.fromkeys(pks))
    return list(search_offer_pks(conn, filters or SearchFilters()))


def sheets_input_for(conn: Connection, pks: Sequence[int], *, label: str, layout: SheetLayout,
                     meta: Mapping[str, str], generated_on: dt.date, adviser: Adviser | None = None,
                     include_expired: bool = False, with_sheets: bool = False) -> OfferSheetsInput:
    if len(pks) > MAX_SHEET_OFFERS:
        raise SelectionError(f"{len(pks)} offres sélectionnées : c'est plus que les {MAX_SHEET_OFFERS} qu'un "
                             "document peut contenir. Affinez la recherche (catégorie, département…).")
    return OfferSheetsInput(
        offers=tuple(load_entries(conn, pks)), catalogue=catalogue_stamp(meta), generated_on=generated_on,
        layout=layout, selection_label=label, structure=structure_of(adviser) if adviser else None,
        include_expired=include_expired, with_sheets=with_sheets,
    )


def selection_label(conn: Connection, filters: SearchFilters | None = None, *, offer_count: int | None = None,
                    by_ids: bool = False) -> str:
    """"Catégorie : Mobilité · Département 69", "Sélection de 3 offres", "Tout le catalogue"."""
    if by_ids:
        return "Offre sélectionnée" if offer_count == 1 else f"Sélection de {offer_count} offres"
    filters = filters or SearchFilters()
    parts = []
    if filters.query.strip():
        parts.append(f"Recherche « {filters.query.strip()} »")
    if filters.category:
        names = {c.slug: c.name for c in list_categories(conn)}
        parts.append(f"Catégorie : {names.get(filters.category, filters.category)}")
    if filters.departement:
        parts.append(f"Département {filters.departement}")
    if filters.channel:
        parts.append("En magasin" if filters.channel == "in_store" else "En ligne")
    return " · ".join(parts) or "Tout le catalogue"


# -- people -------------------------------------------------------------------------------------
def structure_of(adviser: Adviser) -> StructureInfo:
    agency = adviser.agency_name.strip()
    return StructureInfo(kind=adviser.structure, name=adviser.structure_name, agency_name=agency,
                         agency_code=adviser.agency_code)


def adviser_info(adviser: Adviser | None, *, phone: str = "", email: str = "") -> AdviserInfo:
    """The adviser as printed, professional contact from the profile; a non-empty argument overrides it."""
    if adviser is None:
        return AdviserInfo(first_name="", last_name="", phone=phone, email=email)
    return AdviserInfo(first_name=adviser.first_name, last_name=adviser.last_name,
                       phone=phone or adviser.phone, email=email or adviser.email)


def allocation_case_for(person: YoungPerson, on: dt.date, household: Household) -> AllocationCase | None:
    """Minor or adult on ``on``; None (no comparison printed) without a date of birth."""
    if person.birth_date is None:
        return None
    return allocation_case(minor=age_on(person.birth_date, on) < ADULT_AGE, household=household)


def last_eligible_date(checks: Iterable[object]) -> dt.date | None:
    """Reference date of the latest check that found the young person eligible."""
    dates = [c.reference_date for c in checks  # type: ignore[attr-defined]
             if getattr(c, "result", None) == rules.Status.ELIGIBLE.value]
    return max(dates, default=None)


def summary_input_for(
    person: YoungPerson, adviser: Adviser | None, *, reference_date: dt.date, catalogue: CatalogueStamp,
    activations: Sequence[ActivatedOffer] = (), suggestions: Sequence[OfferEntry] = (),
    eligibility_date: dt.date | None = None, household: Household = Household.NON_TAXABLE,
    adviser_phone: str = "", adviser_email: str = "",
) -> SummaryInput:
    fallback = StructureInfo(kind="", name="", agency_name="", agency_code="")
    return SummaryInput(
        structure=structure_of(adviser) if adviser else fallback,
        adviser=adviser_info(adviser, phone=adviser_phone, email=adviser_email),
        young_person=YoungPersonName(first_name=person.first_name, last_name=person.last_name),
        cej=CejDates(start=person.cej_start, planned_end=person.cej_planned_end, real_end=person.cej_real_end),
        eligibility_date=eligibility_date, activations=tuple(activations), catalogue=catalogue,
        reference_date=reference_date, allocation_case=allocation_case_for(person, reference_date, household),
        suggestions=tuple(suggestions),
    )


def suggested_entries(conn: Connection, person: YoungPerson, on: dt.date, *, limit: int = SUGGESTIONS,
                      exclude: Iterable[str] = ()) -> list[OfferEntry]:
    """Offers open to this person on ``on`` (offer rules of the eligibility engine), best saving first."""
    excluded = set(exclude)
    records = load_offer_records(conn, search_offer_pks(conn, SearchFilters(valid_on=on)))
    offer_rules_only = rules.EligibilityResult.from_reasons([])  # the programme is checked elsewhere
    scored = []
    for pk, record in records.items():
        if record.id in excluded:
            continue
        result = rules.check_offer(person, record, on, programme=offer_rules_only)
        if result.status is rules.Status.ELIGIBLE:
            scored.append((-_typical_monthly(record, on), record.title, pk))
    return load_entries(conn, [pk for *_, pk in sorted(scored)[:limit]])


def _typical_monthly(record, on: dt.date) -> int:  # type: ignore[no-untyped-def]
    """Ranking value of a suggestion: a renewable offer used once a month, a one-time offer once."""
    saving = estimate_offer(SavingItem(key=record.id, discount=record.discount, renewable=record.renewable),
                            reference=on, cej_end=None)
    return saving.per_month_cents if saving.per_month_cents is not None else saving.per_use_cents


# -- from the stores (run on a worker) ------------------------------------------------------------
def find_person_id(conn: Connection, ident: str) -> int | None:
    """A file by its dossier number (i-milo or France Travail) first, else by its internal id."""
    wanted = re.sub(r"[\s.\-]", "", ident).upper()
    for person in personal.list_people(conn):
        if person.external_ref and person.external_ref.upper() == wanted:
            return person.id
    if wanted.isdigit() and personal.get_person(conn, int(wanted)) is not None:
        return int(wanted)
    return None


def summary_input_from_stores(
    people: PersonalStore, catalogue: CatalogueStore, person_id: int, *, on: dt.date,
    activations: Sequence[ActivatedOffer] = (), household: Household = Household.NON_TAXABLE,
    adviser_phone: str = "", adviser_email: str = "",
) -> SummaryInput:
    """Everything the summary prints about this file; suggestions when nothing is activated."""
    with people.write() as conn:
        person = personal.get_person(conn, person_id)
        adviser = personal.current_adviser(conn)
        checks = personal.list_checks(conn, person_id)
        if person is not None:
            audit.record(conn, "summary", person_id=person_id)  # a read of personal data, on record
    if person is None:
        raise SelectionError("ce dossier n'existe pas (ou plus)")
    with catalogue.read() as conn:
        stamp = catalogue_stamp(get_meta(conn))
        suggestions = [] if activations else suggested_entries(conn, person, on)
    return summary_input_for(
        person, adviser, reference_date=on, catalogue=stamp, activations=activations, suggestions=suggestions,
        eligibility_date=last_eligible_date(checks), household=household,
        adviser_phone=adviser_phone, adviser_email=adviser_email,
    )
