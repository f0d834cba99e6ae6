"""Schema migrations of the catalogue: upgrade with a backup, refuse a newer schema."""

from __future__ import annotations

import shutil
import sqlite3
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pej_desktop.store.catalogue import CATALOGUE_MIGRATIONS, CatalogueStore
from pej_desktop.store.catalogue_models import CATALOGUE_METADATA
from pej_desktop.store.db import read_user_version, sqlite_engine
from pej_desktop.store.demo import ensure_demo_loaded
from pej_desktop.store.migrate import SchemaTooNewError, ensure_schema, head_revision


def test_declared_head_is_the_scripts_head() -> None:
    assert head_revision(CATALOGUE_MIGRATIONS) == CATALOGUE_MIGRATIONS.head


def test_migrations_produce_exactly_the_models(tmp_path: Path) -> None:
    store = CatalogueStore.open(tmp_path / "c.sqlite3")
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), CATALOGUE_METADATA)
    store.close()
    # The FTS5 virtual table and its shadow tables are created by raw SQL on purpose.
    unexpected = [d for d in diff if not (d[0] == "remove_table" and d[1].name.startswith("offer_fts"))]
    assert unexpected == []


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    CatalogueStore.open(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'c9999'")
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="version plus récente"):
        CatalogueStore.open(path, backup_dir=tmp_path / "backups")
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def _spec_with_extra_revision(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The real migration scripts plus one more revision, as a future release would ship."""
    scripts = tmp_path / "scripts"
    shutil.copytree(CATALOGUE_MIGRATIONS.script_location, scripts,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "c9001_note.py").write_text(textwrap.dedent(f'''
        import sqlalchemy as sa
        from alembic import op

        revision = "c9001"
        down_revision = "{CATALOGUE_MIGRATIONS.head}"
        branch_labels = None
        depends_on = None

        def upgrade():
            op.add_column("partners", sa.Column("note", sa.Text()))

        def downgrade():
            op.drop_column("partners", "note")
    '''))
    return replace(CATALOGUE_MIGRATIONS, script_location=scripts, head="c9001")


def test_old_schema_is_upgraded_after_a_backup(tmp_path: Path) -> None:
    path, backups = tmp_path / "c.sqlite3", tmp_path / "backups"
    store = CatalogueStore.open(path)
    ensure_demo_loaded(store)
    offers = store.meta()
    store.close()
    spec = _spec_with_extra_revision(tmp_path)
    engine = sqlite_engine(path)
    outcome = ensure_schema(engine, path, spec, backups, read_user_version(path))
    engine.dispose()
    head = CATALOGUE_MIGRATIONS.head
    assert outcome is not None and outcome.from_revision == head and outcome.to_revision == "c9001"
    assert outcome.backup is not None and outcome.backup.exists()
    assert read_user_version(outcome.backup) == head
    with sqlite3.connect(outcome.backup) as old:
        assert old.execute("SELECT COUNT(*) FROM offers").fetchone()[0] > 0
    with sqlite3.connect(path) as new:
        columns = {row[1] for row in new.execute("PRAGMA table_info(partners)")}
        assert "note" in columns
        assert dict(new.execute("SELECT key, value FROM catalogue_meta").fetchall()) == offers
    assert read_user_version(path) == "c9001"


def test_the_search_index_gains_the_places_of_local_offers(tmp_path: Path) -> None:
    """c0002 rebuilds the full-text index with each local offer's départements, as the writers do."""
    from alembic import command
    from alembic.config import Config

    path = tmp_path / "c.sqlite3"
    store = CatalogueStore.open(path)
    ensure_demo_loaded(store)
    with store.read() as conn:
        written = conn.exec_driver_sql("SELECT rowid, title, tags, places FROM offer_fts ORDER BY rowid").all()
    store.close()
    assert any(places for *_text, places in written) and any(not places for *_text, places in written)
    engine = sqlite_engine(path)
    config = Config()
    config.set_main_option("script_location", str(CATALOGUE_MIGRATIONS.script_location))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "c0001")
    engine.dispose()
    with sqlite3.connect(path) as old:
        assert "places" not in {row[1] for row in old.execute("PRAGMA table_info(offer_fts)")}
    store = CatalogueStore.open(path, backup_dir=tmp_path / "backups")
    with store.read() as conn:
        upgraded = conn.exec_driver_sql("SELECT rowid, title, tags, places FROM offer_fts ORDER BY rowid").all()
    store.close()
    assert upgraded == written


def test_file_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    CatalogueStore.open(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
