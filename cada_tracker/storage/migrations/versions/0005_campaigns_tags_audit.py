"""campaigns, authority tags, the audit of corrected events

Revision ID: 0005
Revises: 0004

- `campaign`: one request sent to many authorities (`cada campaign new SLUG ...`): its slug,
  title, subject, the reference prefix of its requests and, when given, the user's own letter
  template (`--template FILE`, its text). `campaign_document`: the documents requested, in the
  order of the letter (each request of the campaign gets them as its items).
- `request.campaign_id`: the campaign a request belongs to (null for a request made alone).
- `authority_tag`: free tags on authorities (`--tag`), one row per tag; `campaign new --tag T`
  sends to every authority tagged T.
- `event_audit`: one line per correction of a recorded event (`cada event edit` / `delete`):
  when, which action, and the event before and after, as JSON text. `event_id` is kept even
  after the event is deleted (no foreign key: the audit outlives the row).

Frozen: this file imports no code of the program.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("ref_prefix", sa.String(length=40), nullable=False),
        sa.Column("template", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_campaign_slug", "campaign", ["slug"], unique=True)
    op.create_table(
        "campaign_document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
    )
    op.create_index("ix_campaign_document_campaign_id", "campaign_document", ["campaign_id"])
    # Plain ADD COLUMN (SQLite and PostgreSQL alike), as in 0004; SQLite cannot add a foreign
    # key constraint to an existing table, so the link is checked by the program.
    op.add_column("request", sa.Column("campaign_id", sa.Integer(), nullable=True))
    op.create_index("ix_request_campaign_id", "request", ["campaign_id"])
    op.create_table(
        "authority_tag",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("authority_id", sa.Integer(), sa.ForeignKey("authority.id"), nullable=False),
        sa.Column("tag", sa.String(length=60), nullable=False),
        sa.UniqueConstraint("authority_id", "tag", name="uq_authority_tag"),
    )
    op.create_index("ix_authority_tag_tag", "authority_tag", ["tag"])
    op.create_table(
        "event_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("request.id"), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("before", sa.String(), nullable=True),
        sa.Column("after", sa.String(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_event_audit_request_id", "event_audit", ["request_id"])


def downgrade() -> None:
    op.drop_index("ix_event_audit_request_id", table_name="event_audit")
    op.drop_table("event_audit")
    op.drop_index("ix_authority_tag_tag", table_name="authority_tag")
    op.drop_table("authority_tag")
    op.drop_index("ix_request_campaign_id", table_name="request")
    op.drop_column("request", "campaign_id")
    op.drop_index("ix_campaign_document_campaign_id", table_name="campaign_document")
    op.drop_table("campaign_document")
    op.drop_index("ix_campaign_slug", table_name="campaign")
    op.drop_table("campaign")
