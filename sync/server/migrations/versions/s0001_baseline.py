"""The national API's tables as the reference server had them before migrations (baseline).

Revision ID: s0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('offer_id', sa.String(length=80), nullable=False),
    sa.Column('beneficiary', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('adviser', sa.Text(), nullable=False),
    sa.Column('owner', sa.Text(), server_default='', nullable=False),
    sa.Column('activated_at', sa.String(length=32), nullable=False),
    sa.Column('received_at', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=128), nullable=True),
    sa.Column('code_source', sa.String(length=16), nullable=True),
    sa.Column('used_at', sa.String(length=32), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_activations_code', 'activations', ['offer_id', 'code'], unique=False)
    op.create_index('ix_activations_history', 'activations', ['beneficiary', 'offer_id'], unique=False)
    op.create_table('change_log',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sqlite_autoincrement=True
    )
    op.create_table('code_leases',
    sa.Column('offer_id', sa.String(length=80), nullable=False),
    sa.Column('code', sa.String(length=128), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('adviser', sa.Text(), nullable=False),
    sa.Column('leased_at', sa.String(length=32), nullable=False),
    sa.Column('expires_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('offer_id', 'code')
    )
    op.create_index('ix_code_leases_device', 'code_leases', ['device_id'], unique=False)
    op.create_table('devices',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('owner', sa.Text(), nullable=False),
    sa.Column('registered_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_devices_owner', 'devices', ['owner'], unique=False)
    op.create_table('offer_codes',
    sa.Column('offer_id', sa.String(length=80), nullable=False),
    sa.Column('code', sa.String(length=128), nullable=False),
    sa.Column('imported_at', sa.String(length=32), nullable=False),
    sa.Column('assigned_at', sa.String(length=32), nullable=True),
    sa.Column('assigned_to', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('offer_id', 'code')
    )
    op.create_table('offer_reports',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('offer_id', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('activation_id', sa.String(length=64), nullable=True),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('adviser', sa.Text(), nullable=False),
    sa.Column('owner', sa.Text(), server_default='', nullable=False),
    sa.Column('reported_at', sa.String(length=32), nullable=False),
    sa.Column('received_at', sa.String(length=32), nullable=False),
    sa.Column('http_status', sa.Integer(), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_offer_reports_offer', 'offer_reports', ['offer_id', 'kind'], unique=False)
    op.create_table('records',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=True),
    sa.Column('gone', sa.String(length=16), nullable=True),
    sa.Column('changed_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'id')
    )
    op.create_index('ix_records_seq', 'records', ['seq'], unique=True)
    op.create_table('server_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('adviser', sa.Text(), nullable=False),
    sa.Column('structure', sa.Text(), server_default='', nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('revoked_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_table('unmet_search_batches',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.String(length=32), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('unmet_searches',
    sa.Column('query', sa.String(length=80), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.String(length=10), nullable=False),
    sa.Column('last_day', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('query')
    )
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_table('unmet_searches')
    op.drop_table('unmet_search_batches')
    op.drop_table('tokens')
    op.drop_table('server_meta')
    op.drop_table('records')
    op.drop_table('offer_reports')
    op.drop_table('offer_codes')
    op.drop_table('devices')
    op.drop_table('code_leases')
    op.drop_table('change_log')
    op.drop_table('activations')
