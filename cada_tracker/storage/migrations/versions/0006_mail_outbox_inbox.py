"""mail: the outbox of messages sent from the user's mailbox, and the messages brought back

Revision ID: 0006
Revises: 0005

- `outbox`: one message `cada send` built for a request (issue 12): the letter kind, the event
  it records once the server accepted it, its `Message-ID` (unique: kept with the request, and
  what replies point to in `In-Reply-To`/`References`), recipient and subject, the SHA-256 of
  the whole message in the content store (a rerun sends the same bytes, same Message-ID), its
  status (`pending`, `sending`, `possibly-sent`, `sent`), attempts, the last error, and the
  event it recorded.
- `mail_message`: one message brought back by `cada mail import` (IMAP, Maildir or mbox): its
  Message-ID and content hash (importing twice imports nothing twice), headers read for
  matching and display, its `Date:` header and the server's arrival time, the legal day of
  receipt in Europe/Paris, the request it was matched to and how, the document that holds it,
  its status (`unmatched`, `inbox`, `classified`) and, once classified, the event recorded.
  No foreign keys on `request_id`, `document_id`, `event_id`: a message may outlive an unassign
  or a deleted event, and the program checks the links.

Frozen: this file imports no code of the program.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("request.id"), nullable=False),
        sa.Column("letter_kind", sa.String(length=30), nullable=False),
        sa.Column("event_kind", sa.String(length=30), nullable=False),
        sa.Column("message_id", sa.String(length=250), nullable=False),
        sa.Column("to_addr", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("error", sa.String(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_outbox_message_id", "outbox", ["message_id"], unique=True)
    op.create_index("ix_outbox_request_id", "outbox", ["request_id"])
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("message_id", sa.String(length=250), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("from_addr", sa.String(), nullable=True),
        sa.Column("to_addr", sa.String(), nullable=True),
        sa.Column("subject", sa.String(), nullable=True),
        sa.Column("in_reply_to", sa.String(), nullable=True),
        sa.Column("header_date", sa.DateTime(), nullable=True),
        sa.Column("arrival", sa.DateTime(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("matched_by", sa.String(length=20), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_mail_message_message_id", "mail_message", ["message_id"])
    op.create_index("ix_mail_message_file_sha256", "mail_message", ["file_sha256"], unique=True)
    op.create_index("ix_mail_message_request_id", "mail_message", ["request_id"])


def downgrade() -> None:
    op.drop_index("ix_mail_message_request_id", table_name="mail_message")
    op.drop_index("ix_mail_message_file_sha256", table_name="mail_message")
    op.drop_index("ix_mail_message_message_id", table_name="mail_message")
    op.drop_table("mail_message")
    op.drop_index("ix_outbox_request_id", table_name="outbox")
    op.drop_index("ix_outbox_message_id", table_name="outbox")
    op.drop_table("outbox")
