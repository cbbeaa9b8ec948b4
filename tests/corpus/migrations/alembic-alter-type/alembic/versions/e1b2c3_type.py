"""e1b2c3_type"""
from alembic import op
import sqlalchemy as sa

revision = "e1b2c3"
down_revision = "000000"


def upgrade():
    op.alter_column("users", "id", type_=sa.BigInteger())


def downgrade():
    op.alter_column("users", "id", type_=sa.Integer())

