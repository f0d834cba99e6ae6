"""The reference server's own database (SQLAlchemy Core): a SQLite file, or PostgreSQL.

``records`` holds one row per category, partner and offer at its latest state, with
the number of its latest change (``seq``). ``change_log`` numbers every change in
commit order: writers take the database lock first (BEGIN IMMEDIATE on SQLite, an
advisory lock on PostgreSQL, see ``server_engine``), so a number is allocated and
committed before the next writer can allocate one. A record deleted or
unpublished keeps its row as a tombstone (``gone`` set) until the purge, at least
90 days later. ``offer_codes`` is the pool of single-use codes per offer,
``code_leases`` the codes lent to devices, ``activations`` every activation received
(see ``sync.server.activations``), ``offer_reports`` and the unmet-search tables what
the desktops report, ``devices`` which adviser registered each device. Every table is
defined here and created by the server's Alembic migrations
(``sync/server/migrations``), never by a route.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
)

metadata = MetaData()

server_meta = Table(
    "server_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

records = Table(
    "records", metadata,
    Column("kind", String(16), nullable=False),  # "category" | "partner" | "offer"
    Column("id", String(80), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("payload", Text),  # normalised JSON; kept while unpublished, NULL once deleted
    Column("gone", String(16)),  # NULL when live, else "deleted" | "unpublished"
    Column("changed_at", String(32), nullable=False),  # ISO 8601 UTC, for the purge only
    PrimaryKeyConstraint("kind", "id"),
)
Index("ix_records_seq", records.c.seq, unique=True)

change_log = Table(
    "change_log", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("id", String(80), nullable=False),
    Column("action", String(16), nullable=False),
    Column("at", String(32), nullable=False),
    sqlite_autoincrement=True,
)

tokens = Table(
    "tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("adviser", Text, nullable=False),
    Column("structure", Text, nullable=False, server_default=""),  # the adviser's structure (agency)
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("scope", String(32), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
)

offer_codes = Table(
    "offer_codes", metadata,
    Column("offer_id", String(80), nullable=False),
    Column("code", String(128), nullable=False),
    Column("imported_at", String(32), nullable=False),
    Column("assigned_at", String(32)),
    Column("assigned_to", Text),  # the activation (its client id) the code was handed to
    PrimaryKeyConstraint("offer_id", "code"),
)

# A code lent to a device for offline activations; the code is free again once the
# lease has expired (rows are purged lazily by every write that looks at codes).
code_leases = Table(
    "code_leases", metadata,
    Column("offer_id", String(80), nullable=False),
    Column("code", String(128), nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("adviser", Text, nullable=False),
    Column("leased_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    PrimaryKeyConstraint("offer_id", "code"),
)
Index("ix_code_leases_device", code_leases.c.device_id)

# One row per Idempotency-Key, kept forever: a replay answers with the stored outcome.
activations = Table(
    "activations", metadata,
    Column("id", String(64), primary_key=True),
    Column("fingerprint", String(64), nullable=False),  # SHA-256 of the request body as understood
    Column("offer_id", String(80), nullable=False),
    Column("beneficiary", String(64), nullable=False),  # the young person's pseudonymous id
    Column("device_id", String(64), nullable=False),
    Column("adviser", Text, nullable=False),
    Column("owner", Text, nullable=False, server_default=""),  # ``Adviser.owner``: who may replay or look up
    Column("activated_at", String(32), nullable=False),
    Column("received_at", String(32), nullable=False),
    Column("status", String(16), nullable=False),  # "accepted" | "rejected"
    Column("code", String(128)),
    Column("code_source", String(16)),  # "lease" | "pool" | NULL (no code)
    Column("used_at", String(32)),
    Column("http_status", Integer, nullable=False),
    Column("response", Text, nullable=False),
)
Index("ix_activations_history", activations.c.beneficiary, activations.c.offer_id)
Index("ix_activations_code", activations.c.offer_id, activations.c.code)


# Reports on offers, one row per Idempotency-Key (kept forever, like activations).
offer_reports = Table(
    "offer_reports", metadata,
    Column("id", String(64), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("offer_id", String(80), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("activation_id", String(64)),
    Column("device_id", String(64), nullable=False),
    Column("adviser", Text, nullable=False),
    Column("owner", Text, nullable=False, server_default=""),
    Column("reported_at", String(32), nullable=False),
    Column("received_at", String(32), nullable=False),
    Column("http_status", Integer, nullable=False),
    Column("response", Text, nullable=False),
)
Index("ix_offer_reports_offer", offer_reports.c.offer_id, offer_reports.c.kind)

# Unmet-search batches name nobody: only the id, the fingerprint and the answer are kept.
unmet_batches = Table(
    "unmet_search_batches", metadata,
    Column("id", String(64), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("received_at", String(32), nullable=False),
    Column("response", Text, nullable=False),
)
unmet_searches = Table(
    "unmet_searches", metadata,
    Column("query", String(80), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("first_day", String(10), nullable=False),
    Column("last_day", String(10), nullable=False),
)

# Devices, registered by the first adviser whose token uses them: nobody else may lease
# codes for them or send activations in their name.
devices = Table(
    "devices", metadata,
    Column("id", String(64), primary_key=True),
    Column("owner", Text, nullable=False),
    Column("registered_at", String(32), nullable=False),
)
Index("ix_devices_owner", devices.c.owner)

_ADDED_COLUMNS = {"tokens": ("structure", "TEXT NOT NULL DEFAULT ''"),
                  "activations": ("owner", "TEXT NOT NULL DEFAULT ''"),
                  "offer_reports": ("owner", "TEXT NOT NULL DEFAULT ''")}

SCHEMA_HEAD = "s0001"  # the newest revision under sync/server/migrations/versions
WRITER_LOCK = 0x50454A  # "PEJ": the advisory lock every PostgreSQL write transaction holds


def is_url(target: str | Path) -> bool:
    """A SQLAlchemy URL (``postgresql+psycopg://…``, ``sqlite:///…``) rather than a file path."""
    return "://" in str(target)


def server_engine(target: str | Path) -> Engine:
    """An engine on the server database: a file path (SQLite) or a SQLAlchemy URL.

    SQLite serialises writers with BEGIN IMMEDIATE; on PostgreSQL every writer takes one
    transaction-scoped advisory lock first (``WRITER_LOCK``), the same guarantee across
    any number of worker processes: change numbers are allocated and committed in one
    order, an Idempotency-Key is looked up and stored by one writer at a time, and a
    code is lent or handed out by one writer at a time. Readers run in REPEATABLE READ,
    so one feed page sees one snapshot, which always holds a prefix of the changes.
    """
    text = str(target)
    if not is_url(text):
        return sqlite_engine(Path(text))
    if text.startswith("sqlite:///"):
        return sqlite_engine(Path(text.removeprefix("sqlite:///")))
    if not text.startswith("postgresql"):
        raise ValueError(f"base « {text} » non prise en charge : un fichier SQLite ou une URL postgresql+psycopg://")
    engine = create_engine(text, pool_pre_ping=True, pool_size=8, max_overflow=8)
    event.listen(engine, "begin", _begin_postgresql)
    return engine


def sqlite_engine(path: Path) -> Engine:
    """An engine on a SQLite file, shared between the server's threads.

    The server's own set-up (it imports nothing of the desktop app): WAL, foreign keys,
    a generous busy timeout; SQLAlchemy, not the sqlite3 module, decides when a
    transaction begins, and writers (``execution_options(pej_write=True)``) begin with
    ``BEGIN IMMEDIATE`` so concurrent writers wait instead of failing on an upgrade.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 10})
    event.listen(engine, "connect", _tune_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _begin_sqlite(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("pej_write", False) else "BEGIN")


def _begin_postgresql(conn: Connection) -> None:
    """Writers wait for the writer lock; readers take one snapshot for the whole transaction.

    Writers stay in READ COMMITTED on purpose: each statement after the lock sees every
    write committed before it (a REPEATABLE READ snapshot would date from before the wait).
    """
    if conn.get_execution_options().get("pej_write", False):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
    else:
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def open_server_db(target: str | Path) -> Engine:
    """Engine on the server database, its schema brought to the head by the server's migrations."""
    engine = server_engine(target)
    migrate(engine)
    return engine


def migrate(engine: Engine) -> None:
    """Alembic upgrade to the head, under the writer lock (workers starting together migrate once).

    A SQLite file written before the migrations existed gets the columns added since, then
    is stamped at the baseline. A database already at the head costs one query.
    """
    with engine.connect().execution_options(pej_write=True) as conn, conn.begin():
        names = set(inspect(conn).get_table_names())
        if "alembic_version" in names and conn.exec_driver_sql(
                "SELECT version_num FROM alembic_version").scalar() == SCHEMA_HEAD:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
        config.attributes["connection"] = conn
        if "alembic_version" not in names and names & set(metadata.tables):
            metadata.create_all(conn)  # the baseline is exactly today's tables
            _add_missing_columns(conn)
            command.stamp(config, "s0001")
        command.upgrade(config, "head")


def _add_missing_columns(conn: Connection) -> None:
    """A SQLite file written by an older reference server gets the columns added since."""
    for table, (column, ddl) in _ADDED_COLUMNS.items():
        present = {row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})")}
        if column not in present:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}")
