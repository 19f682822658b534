"""who did what: the person who made each event, document, finding and letter

Revision ID: 0008
Revises: 0007

Issue 14, point 5: when a collective shares one database, each event, document, finding and
letter records who made it, in a nullable text column `made_by`: the name given with the
global option `--as NAME`, else `CADA_USER`, else the system user name. Rows made before this
revision keep NULL: unknown, and shown as such. The requester profile (who signs the letters,
whose residence counts for the deadlines) is unchanged.

Plain ADD COLUMN and DROP COLUMN (SQLite >= 3.35 and PostgreSQL alike): a batch copy would
drop and recreate tables that other tables' foreign keys point to, and on SQLite the stored
timelines' triggers on `event` with them.

Frozen: this file imports no code of the program.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("event", "document", "finding", "letter")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("made_by", sa.String(), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_column(table, "made_by")
