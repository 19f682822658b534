"""event.channel: how a referral was sent

Revision ID: 0003
Revises: 0002

`cada log REF cada-sent --channel CH` records how the referral went to the CADA (e-mail by
default, its usual route); the estimate of the CADA's registration date follows it when the
registration itself is not recorded. NULL on older rows and on other events.

Frozen: this file imports no code of the program.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event") as batch:
        batch.drop_column("channel")
