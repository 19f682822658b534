"""Authorities and the requester profile: reads in portable SQL (any `storage.sql.Query`),
writes through the ORM rows of `storage.tables`.

A new column is added in `tables.py`, a migration, the SELECT below and the record in
`domain/authorities.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cada_tracker import messages as M
from cada_tracker.domain.authorities import AuthorityRecord, ProfileRecord
from cada_tracker.errors import NotFoundError
from cada_tracker.storage.sql import Query
from cada_tracker.textutil import slugify, suggest

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Authority, Profile

_AUTHORITY_SQL = (
    "SELECT slug, name, kind, email, address, department, prada FROM authority"
)
# the tags of authorities (issue 11): joined once per read, never one query per authority
_TAGS_SQL = (
    "SELECT a.slug, t.tag FROM authority_tag t JOIN authority a ON a.id = t.authority_id"
)
_PROFILE_SQL = "SELECT name, email, address, city, residence FROM profile ORDER BY id"


def _authority(row: Sequence[Any], tags: dict[str, list[str]]) -> AuthorityRecord:
    return AuthorityRecord(
        slug=row[0], name=row[1], kind=row[2], email=row[3], address=row[4],
        department=row[5], prada=row[6], tags=tuple(tags.get(row[0], ())),
    )


def _tags(query: Query, where: str = "", params: Sequence[Any] = ()) -> dict[str, list[str]]:
    """slug -> its tags, in tag order."""
    found: dict[str, list[str]] = {}
    for slug, tag in query(_TAGS_SQL + where + " ORDER BY a.slug, t.tag", list(params)):
        found.setdefault(slug, []).append(tag)
    return found


def authority(query: Query, slug: str) -> AuthorityRecord | None:
    rows = list(query(_AUTHORITY_SQL + " WHERE slug = ?", [slug]))
    if not rows:
        return None
    return _authority(rows[0], _tags(query, " WHERE a.slug = ?", [slug]))


def authority_id(query: Query, slug: str) -> int | None:
    rows = list(query("SELECT id FROM authority WHERE slug = ?", [slug]))
    return rows[0][0] if rows else None


def find_authority_id(query: Query, slug: str) -> int:
    """The id of the authority with this slug (or this exact name, in any case), else
    NotFoundError with the closest slugs."""
    found = authority_id(query, slug)
    if found is None:
        rows = slugs_and_names(query)
        names = [s for s, _ in rows]
        by_name = {n.lower(): s for s, n in rows}
        if slug.lower() in by_name:
            return find_authority_id(query, by_name[slug.lower()])
        hint = suggest(slug, names + [slugify(n) for _, n in rows])
        raise NotFoundError(M.AUTHORITY_NOT_FOUND.format(slug=slug, hint=hint))
    return found


def authorities(query: Query) -> list[AuthorityRecord]:
    """Every authority, by name (then by creation, as before), with its tags."""
    tags = _tags(query)
    return [_authority(r, tags) for r in query(_AUTHORITY_SQL + " ORDER BY name, id", [])]


def authorities_with_tag(query: Query, tag: str) -> list[AuthorityRecord]:
    """The authorities that have this tag (exact match, as stored), by name then creation,
    each with all its tags."""
    tags = _tags(query, " WHERE a.id IN (SELECT authority_id FROM authority_tag WHERE tag = ?)",
                 [tag])
    sql = (_AUTHORITY_SQL + " WHERE id IN (SELECT authority_id FROM authority_tag WHERE tag = ?)"
           " ORDER BY name, id")
    return [_authority(r, tags) for r in query(sql, [tag])]


def tag_counts(query: Query) -> list[tuple[str, int]]:
    """Every tag in use, with the number of authorities that have it, in tag order."""
    return [(r[0], r[1]) for r in query(
        "SELECT tag, COUNT(*) FROM authority_tag GROUP BY tag ORDER BY tag", [])]


def slugs(query: Query) -> list[str]:
    """Every slug, in slug order (the order of suggestions after an unknown slug)."""
    return [r[0] for r in query("SELECT slug FROM authority ORDER BY slug", [])]


def slugs_and_names(query: Query) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in query("SELECT slug, name FROM authority ORDER BY id", [])]


def profile(query: Query) -> ProfileRecord | None:
    rows = list(query(_PROFILE_SQL, []))
    if not rows:
        return None
    name, email, address, city, residence = rows[0]
    return ProfileRecord(name=name, email=email, address=address, city=city,
                         residence=residence or "metropole")


# --- ORM rows (write paths) ------------------------------------------------------------------


def authority_row(session: Session, slug: str) -> Authority | None:
    from sqlmodel import select

    from cada_tracker.storage.tables import Authority

    return session.exec(select(Authority).where(Authority.slug == slug)).first()


def set_tags(session: Session, authority_id: int, tags: Sequence[str]) -> None:
    """Make the tags of an authority exactly `tags` (rows added and removed, the others kept)."""
    from sqlmodel import select

    from cada_tracker.storage.tables import AuthorityTag

    rows = session.exec(select(AuthorityTag).where(AuthorityTag.authority_id == authority_id))
    have = {row.tag: row for row in rows}
    for tag, row in have.items():
        if tag not in tags:
            session.delete(row)
    for tag in tags:
        if tag not in have:
            session.add(AuthorityTag(authority_id=authority_id, tag=tag))
    session.flush()


def profile_row(session: Session) -> Profile | None:
    from sqlmodel import col, select

    from cada_tracker.storage.tables import Profile

    return session.exec(select(Profile).order_by(col(Profile.id))).first()
