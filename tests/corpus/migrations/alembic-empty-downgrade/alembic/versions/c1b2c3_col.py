"""c1b2c3_col"""
from alembic import op
import sqlalchemy as sa

revision = "c1b2c3"
down_revision = "000000"


def upgrade():
    op.add_column("users", sa.Column("plan", sa.Text(), nullable=True))


def downgrade():
    pass

