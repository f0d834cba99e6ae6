"""A database written by the reference server before authorisation gets its new columns."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sync.server.db import open_server_db


def test_an_older_server_database_gains_the_owner_and_structure_columns(tmp_path: Path) -> None:
    path = tmp_path / "national.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE tokens (id INTEGER PRIMARY KEY, adviser TEXT NOT NULL, token_hash VARCHAR(64) "
                     "NOT NULL UNIQUE, scope VARCHAR(32) NOT NULL, created_at VARCHAR(32) NOT NULL, "
                     "revoked_at VARCHAR(32))")
        conn.execute("INSERT INTO tokens (adviser, token_hash, scope, created_at) VALUES ('Camille', 'h', 'r', 'x')")
    engine = open_server_db(path)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(tokens)")}
        owners = {row[1] for row in conn.execute("PRAGMA table_info(activations)")}
        assert "structure" in columns and "owner" in owners
        assert conn.execute("SELECT adviser, structure FROM tokens").fetchall() == [("Camille", "")]


def test_the_fast_path_knows_the_newest_migration() -> None:
    """``migrate`` skips Alembic when a database is at ``SCHEMA_HEAD``: it must be the real head."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from sync.server import db

    config = Config()
    config.set_main_option("script_location", str(Path(db.__file__).with_name("migrations")))
    assert ScriptDirectory.from_config(config).get_heads() == [db.SCHEMA_HEAD]


def test_a_new_database_is_stamped_at_the_head(tmp_path: Path) -> None:
    from sync.server.db import SCHEMA_HEAD

    path = tmp_path / "national.sqlite3"
    open_server_db(path).dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_HEAD,)]
