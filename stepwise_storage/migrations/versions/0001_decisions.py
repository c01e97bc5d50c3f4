"""The decisions table as it was before migrations (the baseline an existing database is stamped with).

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("conversation", sa.String(64), nullable=False),
        sa.Column("area", sa.String(32)),
        sa.Column("route", sa.String(120)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("facts", sa.Text, nullable=False),
        sa.Column("documents", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("decisions")
