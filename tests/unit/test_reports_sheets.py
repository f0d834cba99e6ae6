"""Offer sheets from the real demo catalogue, read back; the ``sheets`` command."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab import rl_config

from pej_desktop.cli import main
from pej_desktop.reports.inputs import (
    MAX_SHEET_OFFERS,
    SelectionError,
    catalogue_stamp,
    selection_label,
    sheet_pks,
    sheets_input_for,
)
from pej_desktop.reports.plain_french import long_date
from pej_desktop.reports.sheets import build_offer_sheets
from pej_desktop.store.catalogue import get_meta
from pej_desktop.store.search import SearchFilters, load_offer_records
from tests.support.pdf_reading import all_text, page_texts, reader, scanned_codes, text_spans

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def invariant_pdf() -> Iterator[None]:
    previous = rl_config.invariant
    rl_config.invariant = 1
    yield
    rl_config.invariant = previous


def sheets(catalogue, filters: SearchFilters | None = None, *, layout: str = "pages",  # type: ignore[no-untyped-def]
           offer_ids: tuple[str, ...] = (), **options):
    """The input and the records it holds, valid or not on TODAY."""
    with catalogue.read() as conn:
        pks = sheet_pks(conn, filters=filters, offer_ids=offer_ids)
        label = selection_label(conn, filters, offer_count=len(pks), by_ids=bool(offer_ids))
        data = sheets_input_for(conn, pks, label=label, layout=layout, meta=get_meta(conn), generated_on=TODAY)
        records = load_offer_records(conn, pks)
    return dataclasses.replace(data, **options), [records[pk] for pk in pks]


def valid_today(record) -> bool:  # type: ignore[no-untyped-def]
    return (record.valid_from is None or record.valid_from <= TODAY) and (
        record.valid_to is None or record.valid_to >= TODAY
    )


def test_one_offer_per_page_only_valid_ones_with_their_how_to_use_and_qr_code(catalogue) -> None:
    data, records = sheets(catalogue, SearchFilters(category="mobilite"))
    valid = [r for r in records if valid_today(r)]
    assert len(valid) < len(records)  # the demo has mobility offers not valid on TODAY
    pdf = build_offer_sheets(data)
    pages = page_texts(pdf)
    assert len(pages) == len(valid) > 3
    for page, record in zip(pages, valid):
        assert record.title in page and "Comment faire" in page
        assert "Catégorie : Mobilité" in page and "Catalogue de démonstration" in page
    text = all_text(pdf)
    for record in records:
        if not valid_today(record):
            assert record.title not in text, record.title
    assert "Offre expirée" not in text and "À partir du" not in text
    codes = scanned_codes(pdf, last=3)
    for found, record in zip(codes, valid[:3]):
        assert record.url and ("QRCode", record.url) in found


def test_include_expired_marks_the_others_in_large_type(catalogue) -> None:
    data, records = sheets(catalogue, SearchFilters(category="mobilite"), include_expired=True)
    pdf = build_offer_sheets(data)
    pages = page_texts(pdf)
    assert len(pages) == len(records)
    spans = text_spans(pdf)
    for number, (page, record) in enumerate(zip(pages, records), start=1):
        if valid_today(record):
            assert "Offre expirée" not in page and "À partir du" not in page
            continue
        expected = (
            "Offre expirée"
            if record.valid_to and record.valid_to < TODAY
            else f"À partir du {long_date(record.valid_from)}"
        )
        assert page.startswith(f"Pass Engagement Jeune Fiches offres · Catégorie : Mobilité {expected}"), page[:120]
        banner = next(s for s in spans if s.page == number and s.text.strip() == expected)
        assert banner.size >= 18


def test_the_listing_is_one_line_per_offer_and_the_demo_fits_four_pages(catalogue) -> None:
    data, records = sheets(catalogue, layout="listing", include_expired=True)
    assert len(records) > 80
    pdf = build_offer_sheets(data)
    pages = page_texts(pdf)
    assert len(pages) <= 4
    assert "Comment faire" not in all_text(pdf)  # no full sheet unless asked
    lines = [line for page in reader(pdf).pages for line in (page.extract_text() or "").splitlines()]
    for record in records:
        starts = [line for line in lines if line.startswith(record.title[:25])]
        assert len(starts) >= 1, record.title
    assert sum(page.count("Offre Partenaire Réduction Validité Lien") for page in pages) == len(pages)


def test_listing_of_a_departement_keeps_national_and_local_offers(catalogue) -> None:
    data, records = sheets(
        catalogue, SearchFilters(departement="2A", category="mobilite"), layout="listing", with_sheets=True
    )
    valid = [r for r in records if valid_today(r)]
    pdf = build_offer_sheets(data)
    text = all_text(pdf)
    assert data.selection_label == "Catégorie : Mobilité · Département 2A"
    assert all(record.title in text for record in valid)
    assert any(r.territory.scope == "local" for r in valid) and any(r.territory.scope == "national" for r in valid)
    pages = page_texts(pdf)
    assert len(pages) == 1 + len(valid)  # the listing, then one sheet per offer
    found = {code for page in scanned_codes(pdf, first=2) for code in page}
    assert found == {("QRCode", r.url) for r in valid if r.url}  # every offer's link, nothing else


def test_sheets_carry_no_personal_data_and_example_savings(catalogue) -> None:
    data, records = sheets(catalogue, offer_ids=("demo-ali-001",))
    text = all_text(build_offer_sheets(data))
    assert data.selection_label == "Offre sélectionnée"
    assert "Ton code" not in text and "code à venir" not in text
    assert "Le code-barres personnel est remis par le conseiller" in text or records[0].kind != "voucher"
    assert "Exemple d'économie" in text and "Document d'information sans donnée personnelle" in text


def test_an_empty_selection_gives_a_page_that_says_so(catalogue) -> None:
    data, _ = sheets(catalogue, SearchFilters(query="zzzzqqq"))
    pdf = build_offer_sheets(data)
    assert len(reader(pdf).pages) == 1
    assert "Aucune offre ne correspond à cette sélection" in all_text(pdf)


def test_unknown_offer_and_too_many_offers_are_refused_in_french(catalogue) -> None:
    with catalogue.read() as conn, pytest.raises(SelectionError, match="introuvable"):
        sheet_pks(conn, offer_ids=("nope",))
    with catalogue.read() as conn, pytest.raises(SelectionError, match="Affinez la recherche"):
        sheets_input_for(
            conn, list(range(MAX_SHEET_OFFERS + 1)), label="x", layout="pages", meta={}, generated_on=TODAY
        )


def test_catalogue_stamp_from_meta() -> None:
    assert catalogue_stamp({"source": "demo"}).label == "Catalogue de démonstration"
    synced = catalogue_stamp({"source": "https://api.example.org", "last_sync_at": "2026-11-27T13:05:00+00:00"})
    assert synced.synced_at == dt.datetime(2026, 11, 27, 13, 5, tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    assert synced.label.startswith("Catalogue synchronisé le 27/11/2026 à ")
    assert (
        catalogue_stamp({"source": "https://api.example.org"}).label == "Catalogue : date de synchronisation inconnue"
    )


# -- the command ------------------------------------------------------------------------------


def test_sheets_command_writes_the_category(data_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "mobilite.pdf"
    assert main(["sheets", "--category", "mobilite", "-o", str(out)]) == 0
    pages = page_texts(out.read_bytes())
    assert len(pages) > 3 and all("Catégorie : Mobilité" in p for p in pages)
    assert "offre(s) — Catégorie : Mobilité" in capsys.readouterr().out


def test_sheets_command_selection_in_the_given_order(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "selection.pdf"
    assert main(["sheets", "--offer", "demo-mob-001", "--offer", "demo-ali-001", "--listing", "-o", str(out)]) == 0
    text = all_text(out.read_bytes())
    assert "Sélection de 2 offres" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--category", "inconnue"], "catégorie « inconnue » inconnue"),
        (["--departement", "999"], "département « 999 » invalide"),
        (["--offer", "nope"], "offre « nope » introuvable"),
    ],
)
def test_sheets_command_refuses_bad_arguments(data_dir: Path, tmp_path: Path, capsys, args, message) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "x.pdf"
    assert main(["sheets", *args, "-o", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".pej-*"))


def test_sheets_command_refuses_a_missing_folder_or_a_non_pdf_name(data_dir: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["sheets", "-o", str(tmp_path / "absent" / "x.pdf")]) == 2
    assert "dossier introuvable" in capsys.readouterr().err
    assert main(["sheets", "-o", str(tmp_path / "x.txt")]) == 2
    assert "doit finir par .pdf" in capsys.readouterr().err


def test_sheets_command_leaves_out_offers_not_valid_today_unless_asked(
    data_dir: Path,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    capsys,
) -> None:
    expired = "demo-mob-014"  # valid until 27/11/2026, before any run of this test
    out = tmp_path / "expiree.pdf"
    assert main(["sheets", "--offer", expired, "--offer", "demo-ali-001", "-o", str(out)]) == 0
    assert "1 offre(s) expirée(s) ou pas encore valable(s) non imprimée(s)" in capsys.readouterr().out
    text = all_text(out.read_bytes())
    assert "Carnet de 10 tickets" not in text and "Offre expirée" not in text
    assert main(["sheets", "--offer", expired, "--listing", "--with-sheets", "--include-expired", "-o", str(out)]) == 0
    pages = page_texts(out.read_bytes())
    assert len(pages) == 2  # the listing, then the sheet
    assert "Carnet de 10 tickets" in pages[0] and "Expirée" in pages[0]
    assert "Offre expirée" in pages[1] and "Comment faire" in pages[1]


def test_a_selection_with_nothing_valid_today_says_what_to_do(catalogue) -> None:  # type: ignore[no-untyped-def]
    data, _records = sheets(catalogue, offer_ids=("demo-mob-014",))
    text = all_text(build_offer_sheets(data))
    assert "Aucune offre de cette sélection n'est valable aujourd'hui" in text and "--include-expired" in text


def test_the_dialog_request_reaches_the_document(catalogue) -> None:  # type: ignore[no-untyped-def]
    from pej_desktop.ops.documents import SCOPE_LIST, SheetsRequest, build_sheets

    filters = SearchFilters(category="mobilite")
    _data, records = sheets(catalogue, filters)
    request = SheetsRequest(scope=SCOPE_LIST, layout="listing", with_sheets=True, include_expired=True)
    built = build_sheets(catalogue, request, filters=filters, selected_pk=None, today=TODAY)
    pages = page_texts(built.pdf)
    assert built.offer_count == len(records) and len(pages) == 1 + len(records)
    assert "Expirée" in pages[0] and any("Offre expirée" in page for page in pages[1:])
    default = build_sheets(
        catalogue, SheetsRequest(scope=SCOPE_LIST, layout="listing"), filters=filters, selected_pk=None, today=TODAY
    )
    assert default.offer_count == sum(valid_today(r) for r in records)
    assert len(page_texts(default.pdf)) == 1 and "Expirée" not in all_text(default.pdf)
