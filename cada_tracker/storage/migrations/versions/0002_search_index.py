"""search index (SQLite FTS5)

Revision ID: 0002
Revises: 0001

A full-text index over document pages, request subjects, letters and findings, with
accent-insensitive tokenisation (unicode61 remove_diacritics 2: "Vidéosurveillance" finds
"videosurveillance"). Created only on SQLite; PostgreSQL search (tsvector with the french
configuration and unaccent) is future work. The index is filled by
cada_tracker.storage.search (rebuild: `cada search --reindex`).
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    from cada_tracker.storage.search import CREATE_SQL, rebuild_connection

    op.execute(CREATE_SQL)
    # Existing rows (a database made by revision 0001) are indexed at once.
    rebuild_connection(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS search_index")
