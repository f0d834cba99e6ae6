"""The full-sync staging area: pages kept with their cursor, compare-and-set, discard."""

from __future__ import annotations

import pytest

from sync.staging import FullSyncStaging, StagingConflict


def test_pages_are_kept_in_order_with_the_next_cursor(tmp_path) -> None:
    path = tmp_path / "catalogue.sqlite3.full-sync"
    staging = FullSyncStaging.begin(path, "https://api.pej.gouv.fr")
    assert staging.cursor is None and staging.page_count() == 0
    staging.append(None, "c1", b'{"page": 1}')
    staging.append("c1", "c2", b'{"page": 2}')
    staging.close()
    again = FullSyncStaging.existing(path)
    assert again is not None and again.api == "https://api.pej.gouv.fr"
    assert again.cursor == "c2" and list(again.bodies()) == [b'{"page": 1}', b'{"page": 2}']
    assert list(again.bodies(before=1)) == [b'{"page": 1}']
    again.discard()
    assert FullSyncStaging.existing(path) is None


def test_a_page_for_another_cursor_is_refused_and_changes_nothing(tmp_path) -> None:
    staging = FullSyncStaging.begin(tmp_path / "s", "https://api.pej.gouv.fr")
    staging.append(None, "c1", b"1")
    with pytest.raises(StagingConflict):
        staging.append(None, "c1", b"1 again")
    assert staging.cursor == "c1" and staging.page_count() == 1
    staging.discard()


def test_beginning_again_drops_an_older_staging_area(tmp_path) -> None:
    path = tmp_path / "s"
    first = FullSyncStaging.begin(path, "https://a.example")
    first.append(None, "c1", b"1")
    first_id = first.id
    first.close()
    second = FullSyncStaging.begin(path, "https://b.example")
    assert second.page_count() == 0 and second.id != first_id and second.api == "https://b.example"
    second.discard()


def test_an_unreadable_staging_file_is_dropped(tmp_path) -> None:
    path = tmp_path / "s"
    path.write_bytes(b"ceci n'est pas une base SQLite" * 100)
    assert FullSyncStaging.existing(path) is None and not path.exists()
