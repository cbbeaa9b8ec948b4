"""d1b2c3_drop"""
from alembic import op
import sqlalchemy as sa

revision = "d1b2c3"
down_revision = "000000"


def upgrade():
    op.drop_column("users", "legacy")


def downgrade():
    op.add_column("users", sa.Column("legacy", sa.Text()))

