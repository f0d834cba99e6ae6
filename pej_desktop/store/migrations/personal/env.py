"""Alembic environment of the personal-data file: runs on the connection ``migrate.py`` hands over."""

from alembic import context

from pej_desktop.store.personal_models import PersonalBase

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=PersonalBase.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
