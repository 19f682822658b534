"""search index (SQLite FTS5)

Revision ID: 0002
Revises: 0001

A full-text index over document pages, request subjects, letters and findings, with
accent-insensitive tokenisation (unicode61 remove_diacritics 2: "Vidéosurveillance" finds
"videosurveillance"). Created only on SQLite; PostgreSQL search (tsvector with the french
configuration and unaccent) is future work.

Frozen: this file imports no code of the program. The table and the way existing rows are
indexed are copied here as they were at revision 0002 (row ids: id * 4 + kind code, 0 page,
1 request, 2 letter, 3 finding), so that changing cada_tracker/storage/search.py never changes
what this migration does.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CREATE_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5("
    "title, body, kind UNINDEXED, item_id UNINDEXED, page UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)
INSERT_SQL = (
    "INSERT INTO search_index(rowid, title, body, kind, item_id, page) VALUES (?,?,?,?,?,?)"
)
BATCH = 64


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(CREATE_SQL)
    # Existing rows (a database made by revision 0001) are indexed at once.
    _fill(op.get_bind())


def _fill(conn) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
    def rows(sql, params=()):  # noqa: ANN001, ANN202
        return conn.exec_driver_sql(sql, tuple(params)).fetchall()

    def insert(batch):  # noqa: ANN001, ANN202
        if batch:
            conn.exec_driver_sql(INSERT_SQL, batch)

    conn.exec_driver_sql("DELETE FROM search_index")
    last = 0
    while True:  # a batch at a time: the pages of the whole database are never held whole
        pages = rows("SELECT id, file_id, number, text FROM page WHERE id > ? ORDER BY id "
                     "LIMIT ?", (last, BATCH))
        if not pages:
            break
        insert([(pid * 4, "", text, "page", file_id, number)
                for pid, file_id, number, text in pages])
        last = pages[-1][0]
    for rid, reference, subject, note in rows(
            "SELECT id, reference, subject, note FROM request ORDER BY id"):
        items = rows("SELECT description FROM request_item WHERE request_id = ? "
                     "ORDER BY position", (rid,))
        body = "\n".join([subject or "", *(i[0] for i in items), note or ""]).strip()
        insert([(rid * 4 + 1, reference, body, "request", rid, None)])
    insert([(lid * 4 + 2, kind or "", body or "", "letter", lid, None)
            for lid, kind, body in rows("SELECT id, kind, body FROM letter ORDER BY id")])
    for fid, title, summary in rows("SELECT id, title, summary FROM finding ORDER BY id"):
        tags = [t[0] for t in rows(
            "SELECT tag FROM finding_tag WHERE finding_id = ? ORDER BY tag", (fid,))]
        quotes = [q[0] for q in rows(
            "SELECT quote FROM evidence WHERE finding_id = ? ORDER BY id", (fid,))]
        body = "\n".join([summary or "", " ".join(tags), *quotes]).strip()
        insert([(fid * 4 + 3, title, body, "finding", fid, None)])
    conn.exec_driver_sql("INSERT INTO search_index(search_index) VALUES ('optimize')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS search_index")
