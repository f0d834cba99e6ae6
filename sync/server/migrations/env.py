"""Alembic environment of the national API's database: runs on the connection ``db.migrate`` hands over."""

from alembic import context

from sync.server.db import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
