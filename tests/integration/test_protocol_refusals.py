"""A record the protocol refuses is left out alone: the rest of the page applies, the app works on.

The real reference server alters the first offer of each page (fault mode ``corrupt``)
with a value no honest peer sends: an integer of 2^70, NaN, infinity, the year 9999, a
lone surrogate. The real client refuses that offer alone, counts it and says why; the
other records are in the catalogue, and the commands an adviser uses next all work.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from pej_desktop.cli import main
from sync.engine import sync_catalogue
from tests.integration.conftest import ReferenceApi, local_payloads
from tests.support.devices import new_device

PAGE = 20
BAD_VALUES: list[tuple[str, Any, str]] = [
    ("stores_count", 2**70, "hors limites"),
    ("usage", {"count": math.nan, "period": "month"}, "nombre fini"),
    ("discount", {"type": "fixed", "amount_cents": math.inf}, "nombre entier attendu"),
    ("valid_to", "9999-12-31", "hors limites"),
    ("title", "Offre \ud800 cassée", "Unicode invalide"),
    ("subtitle", "bip\x07bip", "caractères de contrôle"),
]


@pytest.mark.parametrize(("field", "value", "reason"), BAD_VALUES, ids=[b[0] for b in BAD_VALUES])
def test_a_bad_record_is_refused_alone_and_the_rest_applies(national_api: ReferenceApi, catalogue, field: str,
                                                            value: Any, reason: str, caplog) -> None:  # type: ignore[no-untyped-def]
    national_api.server.faults.replace([{"kind": "corrupt", "record": "offers", "field": field, "value": value,
                                         "after": 3, "times": 1}])  # in process: NaN and surrogates are not JSON
    with national_api.client() as client:
        result = sync_catalogue(catalogue, client, page_size=PAGE)
    assert result.refused == 1, result.refusals
    (why,) = result.refusals
    refused_id = why.split("« ")[1].split(" »")[0]
    assert why.startswith(f"offre « {refused_id} » : champ « {field}") and reason in why
    assert f"record refused by the protocol: offers {refused_id}" in caplog.text  # logged by id, nothing else
    local, expected = local_payloads(catalogue), national_api.expected()
    assert sorted(local["offer"]) == sorted(set(expected["offer"]) - {refused_id})
    assert all(local["offer"][i] == expected["offer"][i] for i in local["offer"])
    assert local["partner"] == expected["partner"] and local["category"] == expected["category"]
    national_api.catalogue.edit_offer(refused_id, {"subtitle": "Corrigée"})  # fixed upstream: it comes back
    with national_api.client() as client:
        assert sync_catalogue(catalogue, client, page_size=PAGE).refused == 0
    assert refused_id in local_payloads(catalogue)["offer"]


def test_after_refusals_the_sync_says_so_and_search_sheets_summary_activate_work(
        national_api: ReferenceApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    device = new_device(tmp_path / "poste", national_api, synced=False)
    device.person(reference="4815162342")
    device.close()
    national_api.set_faults({"kind": "corrupt", "record": "offers", "field": "stores_count", "value": 2**70,
                             "times": None})
    monkeypatch.setenv("PEJ_API_TOKEN", national_api.token)
    data = ["--data-dir", str(device.paths.data_dir)]
    assert main([*data, "sync", "--api", national_api.url, "--full"]) == 0
    out = capsys.readouterr().out
    assert "1 enregistrement(s) refusé(s) car invalides" in out, out
    assert "champ « stores_count » : valeur hors limites" in out
    assert main([*data, "search", "courses", "--json"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert found and all(offer["id"] for offer in found)
    sheets = tmp_path / "fiches.pdf"
    assert main([*data, "sheets", "--category", "mobilite", "-o", str(sheets)]) == 0
    assert sheets.read_bytes().startswith(b"%PDF")
    assert main([*data, "activate", "--young-person", "4815162342", "--offer", "demo-mob-002"]) == 0
    summary = tmp_path / "synthese.pdf"
    assert main([*data, "summary", "--young-person", "4815162342", "-o", str(summary)]) == 0
    assert summary.read_bytes().startswith(b"%PDF")
