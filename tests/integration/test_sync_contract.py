"""The catalogue sync against the real reference server: full sync, deltas, 304, 410, auth."""

from __future__ import annotations

import datetime as dt

import pytest
import requests

from pej_desktop.store.catalogue import META_LAST_SYNC, META_SOURCE, META_VERSION
from pej_desktop.store.search import SearchFilters, search_offer_pks
from sync.engine import META_CURSOR, META_ETAG, sync_catalogue
from sync.errors import AuthenticationError, ForbiddenError
from sync.protocol.pages import parse_record
from tests.integration.conftest import assert_same_catalogue, offer_payload, small_catalogue


@pytest.fixture
def synced(national_api, catalogue):  # type: ignore[no-untyped-def]
    """A local catalogue already synced once with the reference server."""
    with national_api.client() as client:
        sync_catalogue(catalogue, client, page_size=7)
    return catalogue


def test_first_sync_replaces_the_demo_catalogue_whole(national_api, catalogue) -> None:
    national_api.load(small_catalogue(offers=60))
    demo_ids = {"demo-ali-001"}
    progress = []
    with national_api.client() as client:
        result = sync_catalogue(catalogue, client, page_size=9, on_progress=progress.append)
    assert result.outcome == "replaced"
    assert result.pages >= 7
    assert_same_catalogue(catalogue, national_api)
    meta = catalogue.meta()
    assert meta[META_SOURCE] == national_api.url
    assert meta[META_VERSION] == result.version and meta[META_LAST_SYNC] and meta[META_CURSOR]
    with catalogue.read() as conn:
        ids = set(conn.exec_driver_sql("SELECT id FROM offers").scalars())
    assert not ids & demo_ids
    downloads = [p for p in progress if p.stage == "telechargement"]
    assert downloads and downloads[-1].done == downloads[-1].total
    assert [p.done for p in downloads] == sorted(p.done for p in downloads)


def test_deltas_add_edit_unpublish_delete(national_api, synced) -> None:
    api = national_api
    first, second, third = api.offer_ids()[:3]
    new_offer = {**offer_payload(api, first), "id": "nouvelle-offre-1", "title": "Ciné à 4 € pour les CEJ"}
    api.catalogue.add_offer(new_offer)
    api.catalogue.edit_offer(first, {"title": "Titre corrigé par l'équipe nationale"})
    api.catalogue.unpublish_offer(second)
    api.catalogue.delete_offer(third)
    with api.client() as client:
        result = sync_catalogue(synced, client, page_size=2)
    assert result.outcome == "updated"
    assert result.applied == 2 and result.deleted == 2
    assert_same_catalogue(synced, api)
    with synced.read() as conn:
        assert len(search_offer_pks(conn, SearchFilters(query="ciné CEJ"))) == 1
        ids = set(conn.exec_driver_sql("SELECT id FROM offers").scalars())
    assert second not in ids and third not in ids and "nouvelle-offre-1" in ids

    api.catalogue.publish_offer(second)
    with api.client() as client:
        sync_catalogue(synced, client)
    assert_same_catalogue(synced, api)


def test_partner_rename_reaches_the_search_index(national_api, synced) -> None:
    partner = next(iter(national_api.expected()["partner"].values()))
    national_api.catalogue.put_partner(parse_record("partners", {**partner, "name": "Zébulon Solidaire"}))
    with national_api.client() as client:
        sync_catalogue(synced, client)
    assert_same_catalogue(synced, national_api)
    with synced.read() as conn:
        assert len(search_offer_pks(conn, SearchFilters(query="zebulon"))) > 0


def test_a_record_changed_many_times_is_sent_once_at_its_latest_state(national_api) -> None:
    api = national_api
    headers = {"Authorization": f"Bearer {api.token}"}
    start = requests.get(api.url + "/v1/catalogue/changes", params={"limit": 5000}, headers=headers).json()
    offer_id = api.offer_ids()[0]
    for n in range(4):
        api.catalogue.edit_offer(offer_id, {"title": f"Version {n}"})
    page = requests.get(api.url + "/v1/catalogue/changes", params={"since": start["next_cursor"]},
                        headers=headers).json()
    assert [o["id"] for o in page["offers"]] == [offer_id]
    assert page["offers"][0]["title"] == "Version 3"


def test_no_change_sync_is_one_304(national_api, synced) -> None:
    before = synced.meta()
    with national_api.client() as client:
        result = sync_catalogue(synced, client)
    assert result.outcome == "unchanged"
    assert result.traffic.requests == 1 and result.traffic.statuses == [304]
    assert result.traffic.bytes_received < 400
    after = synced.meta()
    assert after[META_CURSOR] == before[META_CURSOR] and after[META_ETAG] == before[META_ETAG]
    assert after[META_LAST_SYNC] >= before[META_LAST_SYNC]


def test_empty_page_still_carries_next_cursor(national_api, synced) -> None:
    cursor = synced.meta()[META_CURSOR]
    response = requests.get(national_api.url + "/v1/catalogue/changes", params={"since": cursor},
                            headers={"Authorization": f"Bearer {national_api.token}"})
    page = response.json()
    assert response.status_code == 200 and page["since"] == cursor
    assert page["next_cursor"] and page["has_more"] is False
    assert page["offers"] == page["tombstones"] == []


def test_rebuilt_catalogue_answers_410_and_the_client_resyncs_in_one_swap(national_api, synced) -> None:
    national_api.load(small_catalogue(offers=25, seed=9))
    with national_api.client() as client:
        result = sync_catalogue(synced, client, page_size=10)
    assert result.outcome == "replaced"
    assert result.traffic.statuses[0] == 410
    assert_same_catalogue(synced, national_api)


def test_cursor_older_than_purged_tombstones_answers_410(national_api, synced) -> None:
    api = national_api
    api.catalogue.delete_offer(api.offer_ids()[0])
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=91)
    assert api.catalogue.purge_tombstones(now=later) == 1
    with api.client() as client:
        result = sync_catalogue(synced, client)
    assert result.traffic.statuses[0] == 410 and result.outcome == "replaced"
    assert_same_catalogue(synced, api)


def test_unknown_token_is_401_and_changes_nothing(national_api, catalogue) -> None:
    before = catalogue.meta()
    with national_api.client(token="pas-le-bon-jeton") as client, pytest.raises(AuthenticationError) as caught:
        sync_catalogue(catalogue, client)
    assert "401" in caught.value.message and "jeton" in caught.value.message.lower()
    assert catalogue.meta() == before
    bare = requests.get(national_api.url + "/v1/catalogue/changes")
    assert bare.status_code == 401
    assert bare.headers["Content-Type"] == "application/problem+json"
    assert bare.headers["WWW-Authenticate"].startswith("Bearer")
    assert bare.json()["title"] == "Authentification requise"


def test_revoked_token_is_403_distinct_from_401(national_api, catalogue) -> None:
    national_api.catalogue.revoke_token(national_api.token)
    with national_api.client() as client, pytest.raises(ForbiddenError) as caught:
        sync_catalogue(catalogue, client)
    assert "403" in caught.value.message and "révoqué" in caught.value.message
    assert not isinstance(caught.value, AuthenticationError)
    reader = national_api.catalogue.issue_token("Autre conseiller")
    admin = requests.get(national_api.url + "/admin/faults", headers={"Authorization": f"Bearer {reader}"})
    assert admin.status_code == 403 and admin.json()["title"] == "Droits insuffisants"


def test_errors_are_problem_json_in_french(national_api) -> None:
    headers = {"Authorization": f"Bearer {national_api.token}"}
    garbled = requests.get(national_api.url + "/v1/catalogue/changes", params={"since": "n'importe quoi"},
                           headers=headers)
    too_big = requests.get(national_api.url + "/v1/catalogue/changes", params={"limit": 10**6}, headers=headers)
    missing = requests.get(national_api.url + "/v1/nulle-part", headers=headers)
    for response, status in ((garbled, 400), (too_big, 400), (missing, 404)):
        assert response.status_code == status
        assert response.headers["Content-Type"] == "application/problem+json"
        body = response.json()
        assert body["status"] == status and body["type"].startswith("urn:pej:probleme:") and body["detail"]
    assert garbled.json()["title"] == "Paramètre invalide" and "« since »" in garbled.json()["detail"]
    unknown = requests.get(national_api.url + "/v1/catalogue/changes", params={"since": "QUJDREVGRw"},
                           headers=headers)  # well formed, but no cursor of this server: a full sync is needed
    assert unknown.status_code == 410 and unknown.json()["title"] == "Curseur expiré"


def test_large_pages_are_gzipped(national_api) -> None:
    response = requests.get(national_api.url + "/v1/catalogue/changes", params={"limit": 500},
                            headers={"Authorization": f"Bearer {national_api.token}", "Accept-Encoding": "gzip"},
                            stream=True)
    wire = response.raw.read(decode_content=False)
    assert response.headers["Content-Encoding"] == "gzip"
    import gzip

    assert len(wire) * 3 < len(gzip.decompress(wire))


def test_served_openapi_matches_the_committed_copy(national_api) -> None:
    import json

    from tests.conftest import REPO_ROOT

    served = requests.get(national_api.url + "/v1/openapi.json").json()
    committed = json.loads((REPO_ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert served == committed
    assert "/v1/catalogue/changes" in served["paths"]
