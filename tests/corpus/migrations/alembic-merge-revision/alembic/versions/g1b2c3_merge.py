"""g1b2c3_merge"""
from alembic import op
import sqlalchemy as sa

revision = "g1b2c3"
down_revision = "000000"


def upgrade():
    pass


def downgrade():
    pass

