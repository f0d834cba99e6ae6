"""Sample documents from the demo catalogue, for the documentation's page images.

    make document-images        # or: .venv/bin/python -m pej_desktop.reports.sample docs/images

writes ``summary-page1.png``, ``sheets-page1.png``, ``listing-page1.png`` and
``access-page1.png`` (page 1 rendered at 80 dpi by poppler's ``pdftoppm``) from PDFs
built in a temporary folder. The young person is fictional; nothing is read from or
written to the adviser's data.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from pej_desktop.domain.allocation import AllocationCase
from pej_desktop.reports.inputs import load_entries, selection_label, sheet_pks, sheets_input_for
from pej_desktop.reports.model import (
    ActivatedOffer,
    AdviserInfo,
    CatalogueStamp,
    CejDates,
    StructureInfo,
    SummaryInput,
    YoungPersonName,
)
from pej_desktop.reports.right_of_access_content import AccessExport
from pej_desktop.store.catalogue import CatalogueStore
from pej_desktop.store.demo import ensure_demo_loaded
from pej_desktop.store.search import SearchFilters, search_offer_pks

SAMPLE_DAY = dt.date(2026, 11, 28)
_KINDS = ("voucher", "code", "gift_card", "voucher_pass")


def sample_summary_input(store: CatalogueStore) -> SummaryInput:
    """Léa MARTIN (fictional) with one offer of each kind activated, one without its code yet."""
    with store.read() as conn:
        entries = load_entries(conn, search_offer_pks(conn, SearchFilters(valid_on=SAMPLE_DAY)))
    national = [e for e in entries if e.offer.territory.scope == "national"]
    chosen = [next(e for e in national if e.offer.kind == kind) for kind in _KINDS]
    codes = ("EPI-2026-000123", "VELO-7Q2P", None, None)
    uses = (1, 2, 1, 1)  # uses per month agreed with the young person (renewable offers)
    activations = tuple(ActivatedOffer(entry, code=code, activated_on=dt.date(2026, 11, 20), uses_per_month=count)
                        for entry, code, count in zip(chosen, codes, uses))
    return SummaryInput(
        structure=StructureInfo("MISSION_LOCALE", "Mission Locale de Lyon", "Lyon 3e", "69003"),
        adviser=AdviserInfo("Karim", "Benali", "04 72 00 00 00", "k.benali@ml-lyon.example.org"),
        young_person=YoungPersonName("Léa", "Martin"), cej=CejDates(dt.date(2026, 6, 1), dt.date(2027, 5, 31)),
        eligibility_date=dt.date(2026, 11, 20), activations=activations, catalogue=CatalogueStamp(demo=True),
        reference_date=SAMPLE_DAY, allocation_case=AllocationCase.ADULT_NON_TAXABLE,
    )


def demo_activations(store: CatalogueStore, count: int = 10) -> tuple[ActivatedOffer, ...]:
    """``count`` valid demo offers, the five kinds in turn, with codes where the kind has one."""
    with store.read() as conn:
        entries = load_entries(conn, search_offer_pks(conn, SearchFilters(valid_on=SAMPLE_DAY)))
    kinds = ("voucher", "code", "gift_card", "voucher_pass", "code_space")
    by_kind = {kind: [e for e in entries if e.offer.kind == kind] for kind in kinds}
    chosen = [by_kind[kinds[i % len(kinds)]][i // len(kinds)] for i in range(count)]
    return tuple(ActivatedOffer(entry, code=f"PEJ-{i:04d}-7Q" if entry.offer.kind in ("voucher", "code") else None,
                                activated_on=SAMPLE_DAY) for i, entry in enumerate(chosen))


def sample_access_export() -> AccessExport:
    """Léa MARTIN's whole file (fictional), as the right-of-access export would gather it."""
    from pej_desktop.domain.people import Adviser, YoungPerson
    from pej_desktop.store.audit import AuditEntry
    from pej_desktop.store.personal import CheckRecord

    person = YoungPerson(first_name="Léa", last_name="Martin", birth_date=dt.date(2004, 5, 1), postal_code="69003",
                         external_ref_kind="IMILO", external_ref="4815162342", cej_start=dt.date(2026, 6, 1),
                         cej_planned_end=dt.date(2027, 5, 31), last_contact=dt.date(2026, 11, 20), id=7)
    adviser = Adviser("Karim", "Benali", "MISSION_LOCALE", "Mission Locale de Lyon", "69003")
    uid = "0b7f6a52-3c1e-4f0e-9a57-6d1c2b8e4f10"
    check = CheckRecord(
        person_id=7,
        adviser_id=1,
        adviser_label="Karim Benali (Mission Locale de Lyon)",
        reference_date=dt.date(2026, 11, 20),
        rules_version="2026.1",
        result="eligible",
        reasons=("CEJ en cours", "condition d'âge vérifiée par le conseiller"),
        not_student=True,
        not_in_training=True,
        offers_eligible=61,
        offers_total=92,
        checked_at=dt.datetime(2026, 11, 20, 9, 12, tzinfo=dt.UTC),
    )
    audit = [
        AuditEntry(n, dt.datetime.fromisoformat(at), "Karim Benali", action, 7, uid, detail)
        for n, (at, action, detail) in enumerate(
            (
                ("2026-06-01T08:30:00+00:00", "create", ""),
                ("2026-11-20T09:12:00+00:00", "check", "eligible"),
                ("2026-11-20T09:15:00+00:00", "activation", "demo-ali-001"),
                ("2026-11-28T10:00:00+00:00", "access_export", ""),
            ),
            start=1,
        )
    ]
    activation = {
        "uid": "5d2c9e1a-8f3b-4c6d-a1e2-7b9f0c3d4e5a",
        "person_id": 7,
        "offer_id": "demo-ali-001",
        "offer_title": "20 % sur vos courses du quotidien",
        "activated_at": "2026-11-20T09:15:00+00:00",
        "adviser_label": "Karim Benali",
        "code": "EPI-2026-000123",
        "saving_per_use_cents": 1200,
        "saving_per_month_cents": 4800,
        "saving_basis": "20 % d'une dépense type de 60,00 € = 12,00 € par utilisation, 4 fois par mois",
        "state": "demo",
    }
    return AccessExport(
        generated_at=dt.datetime(2026, 11, 28, 10, 0),
        person=person,
        uid=uid,
        created_at=dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.UTC),
        updated_at=dt.datetime(2026, 11, 20, 9, 12, tzinfo=dt.UTC),
        adviser=adviser,
        checks=[check],
        audit=audit,
        other={"activations": [activation]},
    )


def sample_documents(folder: Path) -> dict[str, bytes]:
    """Every document the project prints, from the demo catalogue and a fictional young person."""
    from pej_desktop.reports.right_of_access import build_access_pdf
    from pej_desktop.reports.sheets import build_offer_sheets
    from pej_desktop.reports.summary import build_summary
    from pej_desktop.store.catalogue import get_meta

    store = CatalogueStore.open(folder / "catalogue.sqlite3")
    try:
        ensure_demo_loaded(store)
        summary = build_summary(
            dataclasses.replace(sample_summary_input(store), activations=demo_activations(store, 10))
        )
        with store.read() as conn:
            filters = SearchFilters(category="mobilite")
            sheets = sheets_input_for(
                conn,
                sheet_pks(conn, filters=filters),
                label=selection_label(conn, filters),
                layout="pages",
                meta=get_meta(conn),
                generated_on=SAMPLE_DAY,
            )
            everything = sheets_input_for(
                conn,
                sheet_pks(conn),
                label=selection_label(conn),
                layout="listing",
                meta=get_meta(conn),
                generated_on=SAMPLE_DAY,
            )
    finally:
        store.close()
    return {
        "summary": summary,
        "sheets": build_offer_sheets(sheets),
        "listing": build_offer_sheets(everything),
        "access": build_access_pdf(sample_access_export()),
    }


def main(argv: list[str] | None = None) -> int:
    """Render page 1 of every document to ``<folder>/<name>-page1.png`` (poppler's pdftoppm)."""
    target = Path((argv or sys.argv[1:] or ["docs/images"])[0])
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, pdf in sample_documents(folder).items():
            source = folder / f"{name}.pdf"
            source.write_bytes(pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "80",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    "-png",
                    str(source),
                    str(target / f"{name}-page1"),
                ],
                check=True,
            )
            print(target / f"{name}-page1.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
