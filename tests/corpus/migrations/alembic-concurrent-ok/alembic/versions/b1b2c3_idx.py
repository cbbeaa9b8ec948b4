"""b1b2c3_idx"""
from alembic import op
import sqlalchemy as sa

revision = "b1b2c3"
down_revision = "000000"


def upgrade():
    with op.get_context().autocommit_block():
        op.create_index("ix_users_plan", "users", ["plan"], postgresql_concurrently=True)


def downgrade():
    with op.get_context().autocommit_block():
        op.drop_index("ix_users_plan", table_name="users", postgresql_concurrently=True)

