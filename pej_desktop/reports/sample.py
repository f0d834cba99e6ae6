"""Sample documents from the demo catalogue, for the documentation's page images.

    .venv/bin/python -m pej_desktop.reports.sample docs/images

writes ``summary-page1.png`` and ``sheets-page1.png`` (page 1 rendered by poppler's
``pdftoppm``) and the two PDFs beside them in a temporary folder. The young person is
fictional; nothing is read from or written to the adviser's data.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from pej_desktop.domain.allocation import AllocationCase
from pej_desktop.reports.inputs import load_entries, selection_label, sheet_pks, sheets_input_for
from pej_desktop.reports.model import (
    ActivatedOffer, AdviserInfo, CatalogueStamp, CejDates, StructureInfo, SummaryInput, YoungPersonName,
)
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


def sample_documents(folder: Path) -> tuple[bytes, bytes]:
    from pej_desktop.reports.sheets import build_offer_sheets
    from pej_desktop.reports.summary import build_summary
    from pej_desktop.store.catalogue import get_meta

    store = CatalogueStore.open(folder / "catalogue.sqlite3")
    try:
        ensure_demo_loaded(store)
        summary = build_summary(sample_summary_input(store))
        with store.read() as conn:
            filters = SearchFilters(category="mobilite")
            data = sheets_input_for(conn, sheet_pks(conn, filters=filters), label=selection_label(conn, filters),
                                    layout="pages", meta=get_meta(conn), generated_on=SAMPLE_DAY)
    finally:
        store.close()
    return summary, build_offer_sheets(data)


def main(argv: list[str] | None = None) -> int:
    target = Path((argv or sys.argv[1:] or ["docs/images"])[0])
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, pdf in zip(("summary", "sheets"), sample_documents(folder)):
            source = folder / f"{name}.pdf"
            source.write_bytes(pdf)
            subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-singlefile", "-png", str(source),
                            str(target / f"{name}-page1")], check=True)
            print(target / f"{name}-page1.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
