"""Names vulture cannot see used: each is read by a framework, not by our code.

Run by `make test` through ``vulture`` (settings in pyproject.toml).
"""

# logging reads the masked message back from the record (logging_setup.PersonalDataFilter).
_.msg  # type: ignore[name-defined]  # noqa: F821, B018
# reportlab reads its own settings module (reports/fonts.py).
_.defaultGraphicsFontName  # type: ignore[name-defined]  # noqa: F821, B018
_.useA85  # type: ignore[name-defined]  # noqa: F821, B018
# sqlite3 connections: autocommit off is an attribute the driver reads (store/db.py).
_.isolation_level  # type: ignore[name-defined]  # noqa: F821, B018
# OutboxEntry is built from the whole outbox row (OutboxEntry(**row)): it must name every column.
_.exported_at  # type: ignore[name-defined]  # noqa: F821, B018
# requests reads the body it is handed back from here (sync/client.py: bounded read).
_._content  # type: ignore[name-defined]  # noqa: F821, B018
# A field of a protocol model: pydantic reads and writes it (sync/protocol/).
_.report_id  # type: ignore[name-defined]  # noqa: F821, B018
# Fields of the protocol's answers: pydantic fills them and writes them on the wire.
_.api_version  # type: ignore[name-defined]  # noqa: F821, B018
_.server_time  # type: ignore[name-defined]  # noqa: F821, B018
_.received_at  # type: ignore[name-defined]  # noqa: F821, B018
# A counter of the sync's Traffic, read by whoever inspects a sync result (debugging, benchmarks).
_.not_modified  # type: ignore[name-defined]  # noqa: F821, B018
# packaging/pej-desktop.spec (PyInstaller, not a .py file) reads these.
_.ICONS  # type: ignore[name-defined]  # noqa: F821, B018
_.hidden_imports  # type: ignore[name-defined]  # noqa: F821, B018
# urllib3 reads the connection class of a pool and the pools of an adapter (sync/watchdog.py).
_.ConnectionCls  # type: ignore[name-defined]  # noqa: F821, B018
_.pool_classes_by_scheme  # type: ignore[name-defined]  # noqa: F821, B018
# Python calls a module's __getattr__ for a name it lacks (sync/protocol/__init__.py: the pages, imported lazily).
_.__getattr__  # type: ignore[name-defined]  # noqa: F821, B018
