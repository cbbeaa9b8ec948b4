"""a1b2c3_idx"""
from alembic import op
import sqlalchemy as sa

revision = "a1b2c3"
down_revision = "000000"


def upgrade():
    op.create_index("ix_users_email", "users", ["email"])


def downgrade():
    op.drop_index("ix_users_email", table_name="users")

