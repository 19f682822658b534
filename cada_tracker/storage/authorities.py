"""Authorities and the requester profile: reads in portable SQL (any `storage.sql.Query`),
writes through the ORM rows of `storage.tables`.

A new column is added in `tables.py`, a migration, the SELECT below and the record in
`domain/authorities.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cada_tracker.domain.authorities import AuthorityRecord, ProfileRecord
from cada_tracker.storage.sql import Query

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Authority, Profile

_AUTHORITY_SQL = (
    "SELECT slug, name, kind, email, address, department, prada FROM authority"
)
_PROFILE_SQL = "SELECT name, email, address, city, residence FROM profile ORDER BY id"


def _authority(row: Sequence[Any]) -> AuthorityRecord:
    return AuthorityRecord(
        slug=row[0], name=row[1], kind=row[2], email=row[3], address=row[4],
        department=row[5], prada=row[6],
    )


def authority(query: Query, slug: str) -> AuthorityRecord | None:
    rows = list(query(_AUTHORITY_SQL + " WHERE slug = ?", [slug]))
    return _authority(rows[0]) if rows else None


def authorities(query: Query) -> list[AuthorityRecord]:
    """Every authority, by name (then by creation, as before)."""
    return [_authority(r) for r in query(_AUTHORITY_SQL + " ORDER BY name, id", [])]


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


def profile_row(session: Session) -> Profile | None:
    from sqlmodel import col, select

    from cada_tracker.storage.tables import Profile

    return session.exec(select(Profile).order_by(col(Profile.id))).first()
