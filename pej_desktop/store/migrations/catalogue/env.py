"""Alembic environment: migrations run on the connection handed over by ``migrate.py``."""

from alembic import context

from pej_desktop.store.catalogue_models import CATALOGUE_METADATA

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=CATALOGUE_METADATA, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
