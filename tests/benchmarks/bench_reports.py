"""PDF documents benchmark: the personalised summary and the offer sheets.

    .venv/bin/python tests/benchmarks/bench_reports.py

Figures: a summary with 10 activated offers (CODE128 barcodes, QR codes, chart) built
warm, in this process (median, p95 of 30 builds); the same summary built first thing in
a fresh interpreter, imports included (median of 5 processes); 500 offer sheets, one per
page and as a listing; reading those 500 offers from a catalogue file.
Offers come from the deterministic catalogue generator (sync/generator.py).
"""

from __future__ import annotations

import datetime as dt
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, scaled, summary_ms, table, timed

SUMMARY_RUNS = scaled(30, 2)
COLD_RUNS = scaled(5, 1)
SHEETS = scaled(500, 10)
TODAY = dt.date(2026, 11, 28)

_COLD_PROBE = """
import pickle, sys, time
start = time.perf_counter()
from pej_desktop.reports.summary import build_summary
data = pickle.load(open(sys.argv[1], "rb"))
pdf = build_summary(data)
print(f"{time.perf_counter() - start:.6f} {len(pdf)}")
"""


def generated(count: int):  # type: ignore[no-untyped-def]
    from pej_desktop.reports.model import OfferEntry
    from sync.generator import generate_catalogue

    document = generate_catalogue(offers=count, partners=max(10, count // 5), seed=11)
    partners = {p.id: p for p in document.partners}
    names = {c.slug: c.name for c in document.categories}
    entries = [OfferEntry(o, partners.get(o.partner_id), tuple(names.get(c, c) for c in o.categories))
               for o in document.offers]
    return document, entries


def summary_input(entries):  # type: ignore[no-untyped-def]
    from pej_desktop.domain.allocation import AllocationCase
    from pej_desktop.reports.model import (
        ActivatedOffer,
        AdviserInfo,
        CatalogueStamp,
        CejDates,
        StructureInfo,
        SummaryInput,
        YoungPersonName,
    )

    activations = tuple(ActivatedOffer(entry, code=f"PEJ-{i:04d}-{entry.offer.id[-4:]}", activated_on=TODAY)
                        for i, entry in enumerate(entries[:10]))
    return SummaryInput(
        structure=StructureInfo("MISSION_LOCALE", "Mission Locale de Lyon", "Lyon 3e", "69003"),
        adviser=AdviserInfo("Karim", "Benali", "04 72 00 00 00", "k.benali@ml-lyon.example.org"),
        young_person=YoungPersonName("Léa", "Martin"), cej=CejDates(dt.date(2026, 6, 1), dt.date(2027, 5, 31)),
        eligibility_date=TODAY, activations=activations,
        catalogue=CatalogueStamp(synced_at=dt.datetime(2026, 11, 27, 14, 5)), reference_date=TODAY,
        allocation_case=AllocationCase.ADULT_NON_TAXABLE,
    )


def measure_summary(data, *, fresh_qr: bool) -> tuple[tuple[float, float], int, int]:  # type: ignore[no-untyped-def]
    """Warm: modules imported, fonts registered. ``fresh_qr``: QR codes encoded again each time
    (another young person's summary with other offers) rather than taken from the cache."""
    from pej_desktop.reports.codes import qr_modules
    from pej_desktop.reports.summary import build_summary
    from tests.support.pdf_reading import reader

    pdf = build_summary(data)
    for _ in range(2):
        build_summary(data)

    def build() -> None:
        if fresh_qr:
            qr_modules.cache_clear()
        build_summary(data)
    times = [timed(build) for _ in range(SUMMARY_RUNS)]
    return summary_ms(times), len(reader(pdf).pages), len(pdf)


def measure_cold(data) -> list[float]:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "summary.pickle"
        path.write_bytes(pickle.dumps(data))
        times = []
        for _ in range(COLD_RUNS):
            proc = subprocess.run([sys.executable, "-c", _COLD_PROBE, str(path)], cwd=REPO, capture_output=True,
                                  text=True, timeout=120)
            if proc.returncode != 0:
                raise SystemExit(f"cold probe failed:\n{proc.stderr[-2000:]}")
            times.append(float(proc.stdout.split()[0]))
    return times


def measure_sheets(entries, layout: str) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    from pej_desktop.reports.codes import qr_modules
    from pej_desktop.reports.model import CatalogueStamp, OfferSheetsInput
    from pej_desktop.reports.sheets import build_offer_sheets
    from tests.support.pdf_reading import reader

    data = OfferSheetsInput(offers=tuple(entries), catalogue=CatalogueStamp(demo=False), generated_on=TODAY,
                            layout=layout, selection_label="Banc d'essai",  # type: ignore[arg-type]
                            include_expired=True)  # every generated offer, whatever its dates
    qr_modules.cache_clear()  # every QR code encoded during the measure
    start = time.perf_counter()
    pdf = build_offer_sheets(data)
    return time.perf_counter() - start, len(reader(pdf).pages), len(pdf)


def measure_loading(document) -> float:  # type: ignore[no-untyped-def]
    from pej_desktop.reports.inputs import sheet_pks, sheets_input_for
    from pej_desktop.store.catalogue import CatalogueStore, get_meta
    from pej_desktop.store.demo import load_document

    with tempfile.TemporaryDirectory() as folder:
        store = CatalogueStore.open(Path(folder) / "catalogue.sqlite3")
        load_document(store, document, source="generated")
        try:
            with store.read() as conn:
                pks = sheet_pks(conn)
                return timed(lambda: sheets_input_for(conn, pks, label="x", layout="pages", meta=get_meta(conn),
                                                      generated_on=TODAY))
        finally:
            store.close()


def main() -> None:
    document, entries = generated(SHEETS)
    data = summary_input(entries)
    (warm_median, warm_p95), summary_pages, summary_bytes = measure_summary(data, fresh_qr=True)
    (cached_median, cached_p95), _, _ = measure_summary(data, fresh_qr=False)
    cold = sorted(measure_cold(data))
    pages_s, pages_count, pages_bytes = measure_sheets(entries, "pages")
    listing_s, listing_count, _listing_bytes = measure_sheets(entries, "listing")
    loading_s = measure_loading(document)
    print(f"### Documents PDF (récapitulatif de 10 offres : {summary_pages} pages, {summary_bytes // 1024} Ko ; "
          f"{SHEETS} fiches : {pages_bytes // 1024} Ko)\n")
    print(table([
        (f"Récapitulatif, 10 offres, à chaud, QR codes encodés à chaque fois — médiane / p95 "
         f"({SUMMARY_RUNS} constructions)", f"{warm_median:.0f} / {warm_p95:.0f} ms", "≤ 150 ms"),
        ("Récapitulatif, même document reconstruit (QR codes en cache, ex. nouvel aperçu) — médiane / p95",
         f"{cached_median:.0f} / {cached_p95:.0f} ms", ""),
        (f"Récapitulatif, 10 offres, premier document d'un nouveau processus, imports compris — médiane "
         f"(min–max, {COLD_RUNS} processus)",
         f"{statistics.median(cold) * 1000:.0f} ms ({cold[0] * 1000:.0f}–{cold[-1] * 1000:.0f})", "≤ 500 ms"),
        (f"{SHEETS} fiches offres, une par page ({pages_count} pages)", f"{pages_s:.2f} s", "≤ 10 s"),
        (f"{SHEETS} offres en tableau, une ligne par offre ({listing_count} pages)", f"{listing_s:.2f} s", ""),
        (f"Lecture des {SHEETS} offres dans le catalogue (SQLite) pour les fiches", f"{loading_s * 1000:.0f} ms", ""),
    ]))


if __name__ == "__main__":
    main()
