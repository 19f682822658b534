"""search index on PostgreSQL (tsvector, unaccent, GIN)

Revision ID: 0009
Revises: 0008

On PostgreSQL, the search index of revision 0002 (an FTS5 table on SQLite) is a table of the
same rows (rowid = id * 4 + kind code: 0 page, 1 request, 2 letter, 3 finding) with a
`tsvector` column and a GIN index. It tokenises like SQLite's `unicode61 remove_diacritics 2`:
the tsvector is made from the words of the text (runs of letters and digits, separated by
spaces, so that PostgreSQL's parser sees the tokens unicode61 sees), by the text search
configuration `cada_search`: `unaccent` (accents folded) then the `simple` dictionary (lower
case, no stemming, no stop words), on every kind of token.
The title weighs 'A' and the body 'D' (ts_rank gives them 1.0 and 0.1: the ratio of the
weights 5 and 1 of SQLite's bm25 is kept as closely as ts_rank's four weights allow).
Nothing is done on SQLite.

Frozen: this file imports no code of the program; the rows are indexed as at revision 0009.
"""

import re

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TOKEN_TYPES = (
    "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, "
    "hword_numpart, email, protocol, url, host, url_path, file, sfloat, float, int, uint, "
    "version"
)
INSERT_SQL = (
    "INSERT INTO search_index(rowid, title, body, kind, item_id, page, tsv) "
    "VALUES (%s, %s, %s, %s, %s, %s, setweight(to_tsvector('cada_search', %s), 'A') || "
    "setweight(to_tsvector('cada_search', %s), 'D'))"
)
TOKEN = re.compile(r"[^\W_]+")
BATCH = 64


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # unaccent is a trusted extension (PostgreSQL 13+): the database's owner may create it
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    op.execute("CREATE TEXT SEARCH CONFIGURATION cada_search (COPY = pg_catalog.simple)")
    op.execute(f"ALTER TEXT SEARCH CONFIGURATION cada_search ALTER MAPPING FOR {TOKEN_TYPES} "
               "WITH unaccent, simple")
    op.execute(
        "CREATE TABLE search_index ("
        " rowid BIGINT PRIMARY KEY,"
        " title TEXT NOT NULL DEFAULT '',"
        " body TEXT NOT NULL DEFAULT '',"
        " kind TEXT NOT NULL,"
        " item_id BIGINT NOT NULL,"
        " page INTEGER,"
        " tsv tsvector NOT NULL)"
    )
    op.execute("CREATE INDEX ix_search_index_tsv ON search_index USING GIN (tsv)")
    op.execute("CREATE INDEX ix_search_index_item ON search_index (kind, item_id)")
    _fill(op.get_bind())


def _fill(conn) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
    def rows(sql, params=()):  # noqa: ANN001, ANN202
        return conn.exec_driver_sql(sql, tuple(params)).fetchall()

    def words(text):  # noqa: ANN001, ANN202
        return " ".join(TOKEN.findall(text or ""))

    def insert(batch):  # noqa: ANN001, ANN202
        if batch:
            conn.exec_driver_sql(INSERT_SQL, [(*row, words(row[1]), words(row[2]))
                                              for row in batch])

    last = 0
    while True:  # a batch at a time: the pages of the whole database are never held whole
        pages = rows("SELECT id, file_id, number, text FROM page WHERE id > %s ORDER BY id "
                     "LIMIT %s", (last, BATCH))
        if not pages:
            break
        insert([(pid * 4, "", text, "page", file_id, number)
                for pid, file_id, number, text in pages])
        last = pages[-1][0]
    for rid, reference, subject, note in rows(
            "SELECT id, reference, subject, note FROM request ORDER BY id"):
        items = rows("SELECT description FROM request_item WHERE request_id = %s "
                     "ORDER BY position", (rid,))
        body = "\n".join([subject or "", *(i[0] for i in items), note or ""]).strip()
        insert([(rid * 4 + 1, reference, body, "request", rid, None)])
    insert([(lid * 4 + 2, kind or "", body or "", "letter", lid, None)
            for lid, kind, body in rows("SELECT id, kind, body FROM letter ORDER BY id")])
    for fid, title, summary in rows("SELECT id, title, summary FROM finding ORDER BY id"):
        tags = [t[0] for t in rows(
            "SELECT tag FROM finding_tag WHERE finding_id = %s ORDER BY tag", (fid,))]
        quotes = [q[0] for q in rows(
            "SELECT quote FROM evidence WHERE finding_id = %s ORDER BY id", (fid,))]
        body = "\n".join([summary or "", " ".join(tags), *quotes]).strip()
        insert([(fid * 4 + 3, title, body, "finding", fid, None)])


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS search_index")
    op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS cada_search")
