"""Adviser's professional phone and e-mail; uses per month agreed for an activated offer.

The summary prints the adviser's professional contact: it now comes from the profile
instead of being typed at each print. ``uses_per_month`` is how many times a month the
young person expects to use a renewable offer (agreed in the interview, 1 by default):
the honest basis of its monthly saving. Existing activations keep NULL (read as 1).

Plain ALTER TABLE ADD COLUMN: existing rows and constraints are kept as they are.

Revision ID: p0005
Revises: p0004
"""

from alembic import op

revision = "p0005"
down_revision = "p0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE advisers ADD COLUMN phone TEXT NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE advisers ADD COLUMN email TEXT NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE activations ADD COLUMN uses_per_month INTEGER")


def downgrade() -> None:
    with op.batch_alter_table("activations") as batch:
        batch.drop_column("uses_per_month")
    with op.batch_alter_table("advisers") as batch:
        batch.drop_column("email")
        batch.drop_column("phone")
