"""An index on decisions.recorded_at: the purge and the report select by time.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_decisions_recorded_at", "decisions", ["recorded_at"])


def downgrade() -> None:
    op.drop_index("ix_decisions_recorded_at", table_name="decisions")
