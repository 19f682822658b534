"""Full-text search: one index over document pages, requests, letters, findings.

All the full-text SQL of the program lives here (raw SQL). On SQLite the index is an FTS5
table; its tokeniser `unicode61 remove_diacritics 2` makes case and accents not matter
("Vidéosurveillance" finds "videosurveillance"), and apostrophes split words (l'absentéisme
-> l, absenteisme). On PostgreSQL (issue 14, migration 0009) it is a table of the same rows with
a stored `tsvector` and a GIN index, made with the text search configuration `cada_search`:
`unaccent` then `simple` on every kind of token, so that both find the same pages. What differs
there is said in docs/design.md ("Search on PostgreSQL"): the score is ts_rank's, snippets are
ts_headline's.

Row ids encode what a row is, so that updating one item is a delete by rowid (no scan):
rowid = id * 4 + kind code (0 page, 1 request, 2 letter, 3 finding); for pages `id` is page.id.

Every function takes either a SQLAlchemy Session / Connection or a plain `sqlite3.Connection`.
`search` also takes a storage.sql Query (what `read_query` yields): the read path of
`cada search` runs on it, with no SQLAlchemy import on SQLite.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from cada_tracker.storage.sql import Query, driver_sql, query_dialect

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlmodel import Session

    # what every function here takes: a session, a connection, or a storage.sql Query
    Target = Session | Connection | sqlite3.Connection | Query
    Writable = Session | Connection | sqlite3.Connection


class _Item(Protocol):
    """A request, letter or finding (row or record): what the index needs of it."""

    @property
    def id(self) -> int | None: ...


class _Letter(_Item, Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def body(self) -> str: ...

TABLE = "search_index"
_TOKENIZE = "'unicode61 remove_diacritics 2'"
CREATE_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "title, body, kind UNINDEXED, item_id UNINDEXED, page UNINDEXED, "
    f"tokenize = {_TOKENIZE})"
)
KIND_CODES = {"page": 0, "request": 1, "letter": 2, "finding": 3}
HIGHLIGHT = ("[", "]")
ELLIPSIS = "…"
SNIPPET_TOKENS = 16
BATCH = 64  # pages read at a time to (re)index them
MAX_ID = 2**63 - 1
_TERMS = re.compile(r'"([^"]*)"|(\S+)')


# --- plumbing ------------------------------------------------------------------------------
def _conn(target: Target) -> Any:
    """A DB-API-like object with .execute(sql, params) -> rows, for any of our handles."""
    if isinstance(target, sqlite3.Connection):
        return target
    handle: Any = target
    if hasattr(handle, "connection") and hasattr(handle, "exec"):  # sqlmodel Session
        handle = handle.connection()
    if not hasattr(handle, "exec_driver_sql") and callable(handle):  # a storage.sql Query
        return _QueryConn(handle)
    return _SAConn(handle)


class _SAConn:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = str(connection.dialect.name)
        self._style = getattr(connection.dialect, "paramstyle", "qmark")

    def _sql(self, sql: str) -> str:
        return driver_sql(sql, self._style)

    def execute(self, sql: str, params: tuple | list = ()) -> Any:
        return self.connection.exec_driver_sql(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: list[tuple]) -> Any:
        if not rows:
            return None
        return self.connection.exec_driver_sql(self._sql(sql), rows)


class _Rows(list):
    def fetchone(self) -> Any:
        return self[0] if self else None

    def fetchall(self) -> list:
        return list(self)


class _QueryConn:
    """A storage.sql Query, (sql, params) -> rows, seen as a connection (reads only)."""

    def __init__(self, query: Query) -> None:
        self.query = query
        self.dialect = query_dialect(query)

    def execute(self, sql: str, params: tuple | list = ()) -> _Rows:
        return _Rows(self.query(sql, list(params)))

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        for row in rows:
            self.query(sql, list(row))


def _dialect(conn: Any) -> str:
    return getattr(conn, "dialect", "sqlite")  # a sqlite3.Connection has none


def dialect_name(target: Writable) -> str:
    if isinstance(target, sqlite3.Connection):
        return "sqlite"
    bind: Any = target.get_bind() if hasattr(target, "get_bind") else target
    return str(bind.dialect.name)


def enabled(target: Writable) -> bool:
    """True when the index exists (SQLite from schema 0002, PostgreSQL from 0009)."""
    return _exists(_conn(target))


def enabled_query(query: Query) -> bool:
    """`enabled` for a storage.sql Query."""
    return _exists(_QueryConn(query))


def _exists(conn: Any) -> bool:
    dialect = _dialect(conn)
    if dialect == "postgresql":
        row = conn.execute("SELECT to_regclass(?) IS NOT NULL", (TABLE,)).fetchone()
        return bool(row and row[0])
    if dialect != "sqlite":
        return False
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)
    ).fetchone()
    return row is not None


def _rowid(kind: str, item_id: int) -> int:
    return int(item_id) * 4 + KIND_CODES[kind]


_COLUMNS = "rowid, title, body, kind, item_id, page"
# on PostgreSQL the tsvector is made from the words of the title and body, separated by
# spaces (pg_words): PostgreSQL's parser then sees the tokens SQLite's unicode61 sees
_PG_VALUES = ("(?,?,?,?,?,?, setweight(to_tsvector('cada_search', ?), 'A') || "
              "setweight(to_tsvector('cada_search', ?), 'D'))")


def pg_words(text: str) -> str:
    """The words of `text` (runs of letters and digits) separated by single spaces: what
    PostgreSQL indexes and searches, so that "2019-042", "l'absentéisme" and
    "dpo@ville.example" are split where unicode61 splits them."""
    return " ".join(_TOKEN.findall(text or ""))


def _insert_sql(conn: Any, count: int) -> str:
    if _dialect(conn) == "postgresql":
        return (f"INSERT INTO {TABLE}({_COLUMNS}, tsv) VALUES "
                + ", ".join([_PG_VALUES] * count))
    return f"INSERT INTO {TABLE}({_COLUMNS}) VALUES " + ", ".join(["(?,?,?,?,?,?)"] * count)


def _params(conn: Any, row: tuple) -> tuple:
    if _dialect(conn) == "postgresql":
        return (*row, pg_words(row[1]), pg_words(row[2]))
    return row


def _insert(conn: Any, rows: list[tuple]) -> None:
    for start in range(0, len(rows), BATCH):
        part = rows[start : start + BATCH]
        conn.execute(_insert_sql(conn, len(part)),
                     [value for row in part for value in _params(conn, row)])


def _delete(conn: Any, rowids: list[int]) -> None:
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})", chunk)


# --- writing (same transaction as the change) ---------------------------------------------
def index_file_pages(session: Writable, file_id: int, *, first: int | None = None,
                     last: int | None = None) -> int:
    """(Re)index the pages of a stored file (numbers `first` to `last`, default all), a batch
    at a time: a file of thousands of pages is never held whole. Returns the pages indexed."""
    if not enabled(session):
        return 0
    conn = _conn(session)
    low = first if first is not None else 1
    high = last if last is not None else MAX_ID
    done = 0
    while low <= high:
        pages = conn.execute(
            "SELECT id, number, text FROM page WHERE file_id = ? AND number BETWEEN ? AND ? "
            "ORDER BY number LIMIT ?", (file_id, low, high, BATCH)
        ).fetchall()
        if not pages:
            break
        _delete(conn, [_rowid("page", p[0]) for p in pages])
        _insert(conn, [(_rowid("page", pid), "", text, "page", file_id, number)
                       for pid, number, text in pages])
        done += len(pages)
        low = pages[-1][1] + 1
    return done


def index_new_pages(target: Target, file_id: int, pages: Sequence[tuple[int, int, str]]) -> None:
    """Index pages just written, (page id, number, text) each, as index_file_pages would
    (without reading them back): the pages of `cada attach`. Call it when `enabled` (or
    `enabled_query`) says the index exists."""
    if not pages:
        return
    conn = _conn(target)
    rows = [(_rowid("page", pid), "", text, "page", file_id, number)
            for pid, number, text in pages]
    # a row of a page deleted before may hold the rowid (page ids can be used again)
    _delete(conn, [row[0] for row in rows])
    _insert(conn, rows)


def _request_row(conn: Any, request_id: int) -> tuple | None:
    row = conn.execute(
        "SELECT id, reference, subject, note FROM request WHERE id = ?", (request_id,)
    ).fetchone()
    if row is None:
        return None
    items = conn.execute(
        "SELECT description FROM request_item WHERE request_id = ? ORDER BY position",
        (request_id,),
    ).fetchall()
    return _request_index_row(row[0], row[1], row[2], [i[0] for i in items], row[3])


def _request_index_row(request_id: int, reference: str, subject: str | None,
                       items: Sequence[str], note: str | None) -> tuple:
    body = "\n".join([subject or "", *items, note or ""]).strip()
    return (_rowid("request", request_id), reference, body, "request", request_id, None)


def _reindex(session: Writable, kind: str, item_id: int | None,
             build: Callable[[Any, int], tuple[Any, ...] | None]) -> None:
    """Replace the index row of one item with what `build(conn, item_id)` makes of it now."""
    if not enabled(session) or item_id is None:
        return
    conn = _conn(session)
    _delete(conn, [_rowid(kind, item_id)])
    row = build(conn, item_id)
    if row:
        _insert(conn, [row])


def index_request(session: Writable, request: _Item) -> None:
    """Call after creating or editing a request (subject, items, note)."""
    _reindex(session, "request", request.id, _request_row)


def index_new(session: Writable, *,
              requests: Sequence[tuple[int, str, str | None, Sequence[str], str | None]],
              letters: Sequence[tuple[int, str, str]]) -> None:
    """Index many requests (id, reference, subject, items, note) and letters (id, kind, body)
    just created (`cada import`), in one statement each: as index_request and index_letter
    would, one by one."""
    if not enabled(session):
        return
    conn = _conn(session)
    _insert(conn, [_request_index_row(*r) for r in requests])
    _insert(conn, [(_rowid("letter", lid), kind or "", body or "", "letter", lid, None)
                   for lid, kind, body in letters])


def index_letter(session: Writable, letter: _Letter) -> None:
    """Call after creating or re-rendering a letter (table `letter`, its body)."""
    if not enabled(session) or letter.id is None:
        return
    conn = _conn(session)
    _delete(conn, [_rowid("letter", letter.id)])
    _insert(conn, [(_rowid("letter", letter.id), letter.kind or "", letter.body or "",
                    "letter", letter.id, None)])


def _finding_row(conn: Any, finding_id: int) -> tuple | None:
    row = conn.execute("SELECT id, title, summary FROM finding WHERE id = ?",
                       (finding_id,)).fetchone()
    if row is None:
        return None
    tags = [t[0] for t in conn.execute(
        "SELECT tag FROM finding_tag WHERE finding_id = ? ORDER BY tag", (finding_id,))]
    quotes = [q[0] for q in conn.execute(
        "SELECT quote FROM evidence WHERE finding_id = ? ORDER BY id", (finding_id,))]
    body = "\n".join([row[2] or "", " ".join(tags), *quotes]).strip()
    return (_rowid("finding", row[0]), row[1], body, "finding", row[0], None)


def index_finding(session: Writable, finding: _Item) -> None:
    """Call after creating or editing a finding, its tags or its evidence."""
    _reindex(session, "finding", finding.id, _finding_row)


def remove_item(session: Writable, kind: str, item_id: int) -> None:
    """Forget a request, letter or finding that was deleted."""
    if enabled(session):
        _delete(_conn(session), [_rowid(kind, item_id)])


def remove_file_pages(session: Writable, file_id: int) -> None:
    if not enabled(session):
        return
    conn = _conn(session)
    ids = [r[0] for r in conn.execute("SELECT id FROM page WHERE file_id = ?", (file_id,))]
    _delete(conn, [_rowid("page", i) for i in ids])


def rebuild(session: Writable) -> dict[str, int]:
    """Empty the index and fill it again from the tables (`cada search --reindex`)."""
    handle: Any = session
    return rebuild_connection(handle.connection() if hasattr(handle, "exec") else handle)


def rebuild_connection(target: Writable) -> dict[str, int]:
    conn = _conn(target)
    conn.execute(f"DELETE FROM {TABLE}")
    counts = {"pages": 0, "requests": 0, "letters": 0, "findings": 0}
    last = 0
    while True:  # a batch at a time: the pages of the whole database are never held whole
        batch = [(_rowid("page", pid), "", text, "page", file_id, number)
                 for pid, file_id, number, text in conn.execute(
                     "SELECT id, file_id, number, text FROM page WHERE id > ? ORDER BY id "
                     "LIMIT ?", (last, BATCH)).fetchall()]
        if not batch:
            break
        _insert(conn, batch)
        counts["pages"] += len(batch)
        last = batch[-1][0] // 4
    for (rid,) in conn.execute("SELECT id FROM request ORDER BY id").fetchall():
        row = _request_row(conn, rid)
        if row:
            _insert(conn, [row])
            counts["requests"] += 1
    letters = [(_rowid("letter", lid), kind or "", body or "", "letter", lid, None)
               for lid, kind, body in conn.execute(
                   "SELECT id, kind, body FROM letter ORDER BY id").fetchall()]
    _insert(conn, letters)
    counts["letters"] = len(letters)
    for (fid,) in conn.execute("SELECT id FROM finding ORDER BY id").fetchall():
        row = _finding_row(conn, fid)
        if row:
            _insert(conn, [row])
            counts["findings"] += 1
    if _dialect(conn) == "sqlite":
        conn.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")
    return counts


# --- reading -------------------------------------------------------------------------------
def request_id(target: Target, reference: str) -> int | None:
    """The id of the request with this reference (the scope of `cada search --request`)."""
    row = _conn(target).execute("SELECT id FROM request WHERE reference = ?",
                                (reference,)).fetchone()
    return None if row is None else int(row[0])


def references(target: Target) -> list[str]:
    """Every request reference, sorted (the suggestions for an unknown `--request`)."""
    return [r[0] for r in _conn(target).execute(
        "SELECT reference FROM request ORDER BY reference").fetchall()]


def fts_query(text: str) -> str:
    """Plain words to an FTS5 query: every term quoted (so no FTS syntax error is possible),
    all terms required; a "quoted phrase" stays a phrase. Empty string when nothing to find.

    A term given twice is kept once (see `_distinct`): "caméra Caméra camera" finds and ranks
    what "caméra" does, and a query of 20,000 repeated words costs what one word costs (FTS5's
    time grows with the square of the number of phrases)."""
    return _fts_query(text or "")


@functools.lru_cache(maxsize=8)
def _fts_query(text: str) -> str:
    return " ".join('"' + t.replace('"', '""') + '"' for t in query_terms(text))


@functools.lru_cache(maxsize=8)
def query_terms(text: str) -> tuple[str, ...]:
    """The terms `fts_query` requires, each a word or a phrase (distinct, in order)."""
    terms = []
    # exact repeats are dropped first, in C (dict.fromkeys keeps the first of each, in order);
    # without a quote the terms are the whitespace-separated words (what _TERMS finds then)
    found = _TERMS.findall(text) if '"' in text else [("", w) for w in dict.fromkeys(
        text.split())]
    for phrase, word in dict.fromkeys(found):
        term = (phrase or word).replace('"', " ").strip()
        if not term or not _WORD.search(term):
            continue
        terms.append(term)
    return tuple(_distinct(terms))


_WORD = re.compile(r"\w")
_WORD_RUN = re.compile(r"\w+")
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits (unicode61 separates at "_" too)


def _distinct(terms: list[str]) -> list[str]:
    """`terms` without the ones that are the same phrase for the index, first kept.

    Two terms are the same phrase when the index's own tokeniser makes the same tokens of them
    (case and accents folded, apostrophes split: "L'Absentéisme" is "l absenteisme"), so the
    dropped ones could only have required again what is already required, and added the same
    score again. The tokens are read from SQLite itself (an FTS5 table in memory with the
    index's tokeniser, and its fts5vocab view), never guessed in Python."""
    unique = list(dict.fromkeys(terms))  # exact repeats, in order
    if len(unique) < 2:
        return unique
    con = sqlite3.connect(":memory:")
    try:
        con.execute(f"CREATE VIRTUAL TABLE q USING fts5(t, tokenize = {_TOKENIZE})")
        con.execute("CREATE VIRTUAL TABLE v USING fts5vocab(q, 'instance')")
        con.executemany("INSERT INTO q(rowid, t) VALUES (?, ?)", enumerate(unique))
        tokens: dict[int, list[str]] = {}
        for term, doc in con.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
            tokens.setdefault(doc, []).append(term)
    finally:
        con.close()
    seen: set[tuple[str, ...]] = set()
    kept = []
    for index, term in enumerate(unique):
        key = tuple(tokens.get(index, ()))
        if key and key in seen:
            continue
        seen.add(key)
        kept.append(term)
    return kept


def file_pages_matching(target: Target, file_id: int, text: str, *, limit: int) -> list[int]:
    """Numbers of the pages of one stored file that hold every word of `text` (best first)."""
    match = " AND ".join(_words(text))
    if not match:
        return []
    conn = _conn(target)
    if _dialect(conn) == "postgresql":
        words = [pg_words(w.strip('"')) for w in _words(text)]
        return [r[0] for r in conn.execute(
            f"SELECT page FROM {TABLE}, ({_pg_query(len(words))}) AS q(q) WHERE tsv @@ q.q "
            f"AND kind = 'page' AND item_id = ? ORDER BY ts_rank(tsv, q.q) DESC, page LIMIT ?",
            (*words, file_id, limit)).fetchall()]
    rows = conn.execute(
        f"SELECT page FROM {TABLE} WHERE {TABLE} MATCH ? AND kind = 'page' AND item_id = ? "
        f"ORDER BY bm25({TABLE}) LIMIT ?", (match, file_id, limit)).fetchall()
    return [r[0] for r in rows]


def _words(text: str) -> list[str]:
    """The distinct words of `text` as quoted FTS5 terms (no FTS syntax possible)."""
    return ['"' + w + '"' for w in _distinct(re.findall(r"\w+", text or ""))]


def search(
    target: Target, query: str, *, request_id: int | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Hits ranked by bm25 (best first), each a JSON-ready dict."""
    conn = _conn(target)
    match = fts_query(query)
    if not match:
        return []
    pg = _dialect(conn) == "postgresql"
    terms = query_terms(query or "")
    where = "s.tsv @@ q.q" if pg else f"{TABLE} MATCH ?"
    params: list[Any] = [] if pg else [match]
    if request_id is not None:
        where += (
            " AND ((s.kind = 'page' AND s.item_id IN "
            "(SELECT file_id FROM document WHERE request_id = ?))"
            " OR (s.kind = 'request' AND s.item_id = ?)"
            " OR (s.kind = 'letter' AND s.item_id IN (SELECT id FROM letter WHERE request_id = ?))"
            " OR (s.kind = 'finding' AND s.item_id IN "
            "(SELECT finding_id FROM finding_request WHERE request_id = ?)))"
        )
        params += [request_id] * 4
    # The snippets are made for the best `limit` rows only, one query each: in a single
    # query SQLite would make one for every matching row before sorting them (and a snippet
    # reads the whole text of its row).
    if pg:  # ts_rank: higher is better; scores negated to sort as bm25's (lower is better)
        sql = (
            f"SELECT s.rowid, s.kind, s.item_id, s.page, s.title, -ts_rank(s.tsv, q.q) AS score "
            f"FROM {TABLE} AS s, ({_pg_query(len(terms))}) AS q(q) WHERE {where} "
            f"ORDER BY score, s.rowid LIMIT ?"
        )
        words = [pg_words(t) for t in terms]
        rows = conn.execute(sql, [*words, *params, limit]).fetchall()
        snippets = _pg_snippets(conn, words, [r[0] for r in rows])
    else:
        sql = (
            f"SELECT s.rowid, s.kind, s.item_id, s.page, s.title, "
            f"bm25({TABLE}, 5.0, 1.0) AS score "
            f"FROM {TABLE} AS s WHERE {where} ORDER BY score LIMIT ?"
        )
        rows = conn.execute(sql, [*params, limit]).fetchall()
        snippets = _snippets(conn, match, [r[0] for r in rows])
    hits: list[dict[str, Any]] = []
    for rowid, kind, item_id, page, title, score in rows:
        snip = " ".join((snippets.get(rowid) or "").split())
        base = {"kind": kind, "page": page, "snippet": snip, "score": round(-float(score), 4)}
        if kind == "page":
            docs = conn.execute(
                "SELECT d.id, d.original_name, r.reference FROM document d "
                "JOIN request r ON r.id = d.request_id WHERE d.file_id = ?"
                + (" AND d.request_id = ?" if request_id is not None else "")
                + " ORDER BY d.id",
                (item_id, request_id) if request_id is not None else (item_id,),
            ).fetchall()
            for doc_id, name, reference in docs:
                hits.append({**base, "kind": "document", "document": doc_id, "name": name,
                             "request": reference})
        elif kind == "request":
            ref = conn.execute("SELECT reference FROM request WHERE id = ?",
                               (item_id,)).fetchone()
            hits.append({**base, "request": ref[0] if ref else title, "name": title})
        elif kind == "letter":
            ref = conn.execute(
                "SELECT r.reference FROM letter l JOIN request r ON r.id = l.request_id "
                "WHERE l.id = ?", (item_id,)).fetchone()
            hits.append({**base, "letter": item_id, "name": title,
                         "request": ref[0] if ref else None})
        else:
            refs = [r[0] for r in conn.execute(
                "SELECT r.reference FROM finding_request fr JOIN request r "
                "ON r.id = fr.request_id WHERE fr.finding_id = ? ORDER BY r.reference",
                (item_id,))]
            hits.append({**base, "finding": item_id, "name": title, "requests": refs})
    return hits


def _snippets(conn: Any, match: str, rowids: list[int]) -> dict[int, str]:
    """rowid -> the snippet of that row for `match`, for the rows found (one query)."""
    if not rowids:
        return {}
    open_, close = HIGHLIGHT
    marks = ",".join("?" * len(rowids))
    return {rowid: text for rowid, text in conn.execute(
        f"SELECT rowid, snippet({TABLE}, 1, ?, ?, ?, {SNIPPET_TOKENS}) FROM {TABLE} "
        f"WHERE {TABLE} MATCH ? AND rowid IN ({marks})",
        (open_, close, ELLIPSIS, match, *rowids)).fetchall()}


# --- PostgreSQL ----------------------------------------------------------------------------
def _pg_query(terms: int) -> str:
    """A SELECT of one tsquery requiring `terms` words or phrases (one ? marker each): each
    a phrase of the configuration's tokens, as a quoted FTS5 term is on SQLite."""
    parts = ["phraseto_tsquery('cada_search', ?)"] * max(terms, 1)
    return "SELECT " + " && ".join(parts)


def _pg_snippets(conn: Any, words: Sequence[str], rowids: list[int]) -> dict[int, str]:
    """rowid -> a snippet of that row's body for the query (ts_headline: about
    SNIPPET_TOKENS words around the best fragment, the words found between HIGHLIGHT
    marks, ELLIPSIS where the body goes on before or after). PostgreSQL's parser reads
    some words of the text differently from the index ("2019-042" as 2019 and -042): where
    it marks nothing, the snippet is made from the text's words (pg_words) instead."""
    if not rowids:
        return {}
    open_, close = HIGHLIGHT
    options = (f"StartSel={open_}, StopSel={close}, MaxWords={SNIPPET_TOKENS}, "
               f"MinWords={SNIPPET_TOKENS // 2}, ShortWord=0, MaxFragments=1, "
               "FragmentDelimiter=\"\"")
    marks = ",".join("?" * len(rowids))
    found = conn.execute(
        f"SELECT s.rowid, s.body, ts_headline('cada_search', s.body, q.q, ?) "
        f"FROM {TABLE} AS s, ({_pg_query(len(words))}) AS q(q) WHERE s.rowid IN ({marks})",
        (options, *words, *rowids)).fetchall()
    out = {}
    for rowid, body, snippet in found:
        if open_ not in (snippet or "") and body:
            plain = pg_words(body)
            ((snippet,),) = conn.execute(
                f"SELECT ts_headline('cada_search', ?, q.q, ?) "
                f"FROM ({_pg_query(len(words))}) AS q(q)",
                (plain, options, *words)).fetchall()
        out[rowid] = _ellipsis(body or "", snippet or "")
    return out


def _ellipsis(body: str, snippet: str) -> str:
    """ELLIPSIS before and after a snippet that does not start or end the body (as FTS5's)."""
    words = _WORD_RUN.findall(body)
    shown = _WORD_RUN.findall(snippet.replace(HIGHLIGHT[0], " ").replace(HIGHLIGHT[1], " "))
    if not shown or not words:
        return snippet
    before = "" if words[: len(shown)] == shown else ELLIPSIS
    after = "" if words[-len(shown):] == shown else ELLIPSIS
    return f"{before}{snippet.strip()}{after}"
