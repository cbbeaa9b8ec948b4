"""f1b2c3_tbl"""
from alembic import op
import sqlalchemy as sa

revision = "f1b2c3"
down_revision = "000000"


def upgrade():
    op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_index("ix_tags_id", "tags", ["id"])


def downgrade():
    op.drop_table("tags")

