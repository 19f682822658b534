"""item outcomes, letter origin, request arguments, legal-aid dates

Revision ID: 0004
Revises: 0003

- `item_outcome`: what each document requested became, recorded on the event that decided it
  (`cada log REF reply --items 1,3 --refused-items 2 --grounds ... --not-held-items 4`;
  `cada-opinion --items 1,2`: the items the CADA found communicable). One row per item and
  event; `ground` is the exception the authority invoked for a refused item.
- `letter.origin`: how a frozen letter's text came to be: "rendered" (by cada, on the day it was
  logged), "reconstructed" (rendered later for an event typed in late) or "user" (the text the
  user wrote, `--letter FILE`).
- `request.arguments`: the requester's own arguments, quoted by `saisine-cada` and `recours-ta`
  (`cada letter REF --arguments-file FILE`).
- `request.open_format`: the `demande` asks for an open, reusable format (CRPA L300-4, L311-9;
  `cada new --open-format`), kept so that the copy frozen when it is sent says so too.
- `event.notified_on`, `event.lawyer_designated_on`: on `legal-aid-decided`, the day the
  decision was notified and the day the lawyer was designated (décret 2020-1717 art. 43, 69).

Frozen: this file imports no code of the program.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_outcome",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), sa.ForeignKey("event.id"), nullable=False),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("request_item.id"), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("ground", sa.String(), nullable=True),
    )
    op.create_index("ix_item_outcome_event_id", "item_outcome", ["event_id"])
    op.create_index("ix_item_outcome_item_id", "item_outcome", ["item_id"])
    # Plain ADD COLUMN (SQLite and PostgreSQL alike): a batch copy would drop and recreate
    # tables that other tables' foreign keys point to.
    op.add_column("letter", sa.Column("origin", sa.String(length=20), nullable=False,
                                      server_default="rendered"))
    op.add_column("request", sa.Column("arguments", sa.String(), nullable=True))
    op.add_column("request", sa.Column("open_format", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    op.add_column("event", sa.Column("notified_on", sa.Date(), nullable=True))
    op.add_column("event", sa.Column("lawyer_designated_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch copy would drop and recreate
    # tables that other tables' foreign keys point to.
    for table, column in (("event", "lawyer_designated_on"), ("event", "notified_on"),
                          ("request", "arguments"), ("request", "open_format"),
                          ("letter", "origin")):
        op.drop_column(table, column)
    op.drop_index("ix_item_outcome_item_id", table_name="item_outcome")
    op.drop_index("ix_item_outcome_event_id", table_name="item_outcome")
    op.drop_table("item_outcome")
