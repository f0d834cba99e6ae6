"""The reference server's catalogue: numbered changes, validation, tombstones, codes, tokens."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from pej_desktop.store.demo import read_demo_catalogue
from sync.server.catalogue import CatalogueError, ServerCatalogue, hash_token
from sync.server.db import change_log, open_server_db, records, tokens


@pytest.fixture
def national(tmp_path):  # type: ignore[no-untyped-def]
    catalogue = ServerCatalogue(open_server_db(tmp_path / "national.sqlite3"))
    assert catalogue.is_new()
    catalogue.load_document(read_demo_catalogue())
    yield catalogue
    catalogue.engine.dispose()


def _seq(catalogue: ServerCatalogue, kind: str, ident: str) -> int:
    with catalogue.read() as conn:
        return conn.execute(select(records.c.seq).where(records.c.kind == kind, records.c.id == ident)).scalar_one()


def test_every_change_gets_the_next_number(national) -> None:
    first, second = sorted(national.live_payloads()["offer"])[:2]
    with national.read() as conn:
        before = national.feed_state(conn).max_seq
    national.edit_offer(first, {"title": "Un"})
    national.edit_offer(second, {"title": "Deux"})
    national.delete_offer(first)
    assert (_seq(national, "offer", second), _seq(national, "offer", first)) == (before + 2, before + 3)
    with national.read() as conn:
        actions = conn.execute(select(change_log.c.action).order_by(change_log.c.seq.desc()).limit(3)).scalars().all()
        assert national.feed_state(conn).max_seq == before + 3
    assert actions == ["delete", "put", "put"]
    assert not national.is_new()


def test_rebuilding_the_catalogue_changes_the_generation(national) -> None:
    with national.read() as conn:
        before = national.feed_state(conn)
    national.load_document(read_demo_catalogue())
    with national.read() as conn:
        after = national.feed_state(conn)
    assert after.generation != before.generation and after.max_seq > before.max_seq


def test_edits_are_validated_with_french_messages(national) -> None:
    offer_id = sorted(national.live_payloads()["offer"])[0]
    with pytest.raises(CatalogueError, match="champ « discount » : objet attendu"):
        national.edit_offer(offer_id, {"discount": "beaucoup"})
    with pytest.raises(CatalogueError, match="ne peut pas changer"):
        national.edit_offer(offer_id, {"id": "autre"})
    with pytest.raises(CatalogueError, match="existe déjà"):
        national.add_offer(national.offer_payload(offer_id))
    with pytest.raises(CatalogueError, match="partenaire « inconnu » inconnu"):
        national.add_offer({**national.offer_payload(offer_id), "id": "neuve", "partner_id": "inconnu"})
    with pytest.raises(CatalogueError, match="introuvable"):
        national.delete_offer("fantome")


def test_unpublished_offers_keep_their_payload_and_can_come_back(national) -> None:
    offer_id = sorted(national.live_payloads()["offer"])[0]
    national.unpublish_offer(offer_id)
    assert offer_id not in national.live_payloads()["offer"]
    assert national.offer_payload(offer_id)["published"] is False
    national.publish_offer(offer_id)
    assert national.live_payloads()["offer"][offer_id]["published"] is True
    national.delete_offer(offer_id)
    with pytest.raises(CatalogueError):
        national.publish_offer(offer_id)


def test_tombstones_are_kept_at_least_90_days(national) -> None:
    offer_id = sorted(national.live_payloads()["offer"])[0]
    national.delete_offer(offer_id)
    seq = _seq(national, "offer", offer_id)
    with pytest.raises(CatalogueError, match="au moins 90 jours"):
        national.purge_tombstones(retention_days=30)
    now = dt.datetime.now(dt.UTC)
    assert national.purge_tombstones(now=now + dt.timedelta(days=89)) == 0
    assert national.purge_tombstones(now=now + dt.timedelta(days=91)) == 1
    with national.read() as conn:
        state = national.feed_state(conn)
    assert state.purged_through == seq and state.max_seq >= seq


def test_a_partner_with_published_offers_cannot_be_deleted(national) -> None:
    offer = national.offer_payload(sorted(national.live_payloads()["offer"])[0])
    with pytest.raises(CatalogueError, match="offre\\(s\\) publiée\\(s\\)"):
        national.delete_partner(offer["partner_id"])


def test_codes_are_imported_once_each(national) -> None:
    offer_id = sorted(national.live_payloads()["offer"])[0]
    before = national.code_count(offer_id)
    assert national.import_codes(offer_id, ["A-1", "A-2", " ", "A-1"]) == 2
    assert national.import_codes(offer_id, ["A-2", "A-3"]) == 1
    assert national.code_count(offer_id) == before + 3


def test_tokens_are_stored_hashed_and_can_be_revoked(national) -> None:
    token = national.issue_token("Camille")
    with national.read() as conn:
        stored = conn.execute(select(tokens.c.token_hash, tokens.c.revoked_at)).all()
    assert (hash_token(token), None) in stored and token not in str(stored)
    assert national.revoke_token(token) is True
    assert national.revoke_token(token) is False
    with pytest.raises(CatalogueError):
        national.issue_token("  ")
