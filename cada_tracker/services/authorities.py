"""Authorities (the public bodies requests go to) and the requester profile."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.domain.authorities import (
    AUTHORITY_FIELDS,
    RESIDENCES,
    AuthorityRecord,
    ProfileRecord,
)
from cada_tracker.domain.email_address import check_email
from cada_tracker.errors import ConflictError, NotFoundError, UsageError
from cada_tracker.fsutil import ReadMessages, read_user_file
from cada_tracker.storage import authorities as store
from cada_tracker.storage.db import ensure_home, now
from cada_tracker.storage.sql import session_query
from cada_tracker.textutil import multi_line, one_line, slugify, suggest

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Authority, Profile


_DEPARTMENT = re.compile(r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-8])$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class AuthorityInput:
    name: str
    slug: str | None = None
    kind: str | None = None
    email: str | None = None
    address: str | None = None
    department: str | None = None
    prada: str | None = None

    def cleaned(self) -> AuthorityInput:
        """Validate; raise UsageError with a one-line message."""
        name = one_line(self.name, "the authority name")
        if not name:
            raise UsageError(M.AUTHORITY_NAME_EMPTY)
        slug = one_line(self.slug, "--slug") or slugify(name)
        if not slug:
            raise UsageError(M.AUTHORITY_NO_SLUG.format(name=name))
        if not _SLUG.match(slug):
            raise UsageError(M.AUTHORITY_BAD_SLUG.format(slug=slug))
        dep = (self.department or "").strip().upper() or None
        if dep is not None and len(dep) == 1 and dep.isdigit():
            dep = "0" + dep
        if dep is not None and not _DEPARTMENT.match(dep):
            raise UsageError(M.AUTHORITY_BAD_DEPARTMENT.format(department=self.department))
        email = check_email(one_line(self.email, "--email") or None)
        return AuthorityInput(
            name=name,
            slug=slug,
            kind=one_line(self.kind, "--kind") or None,
            email=email,
            address=multi_line(self.address, "--address") or None,
            department=dep,
            prada=one_line(self.prada, "--prada") or None,
        )


def authority_json(a: AuthorityRecord | Authority) -> dict[str, Any]:
    """The JSON of an authority (`authority show/list/add --json`)."""
    return {f: getattr(a, f) for f in AUTHORITY_FIELDS}


def _record(row: Authority) -> AuthorityRecord:
    return AuthorityRecord(**{f: getattr(row, f) for f in AUTHORITY_FIELDS})


def get_authority(session: Session, slug: str) -> Authority:
    """The authority row with this slug (or this exact name), else NotFoundError with hints."""
    found = store.authority_row(session, slug)
    if found is None:
        rows = store.slugs_and_names(session_query(session))
        names = [s for s, _ in rows]
        by_name = {n.lower(): s for s, n in rows}
        if slug.lower() in by_name:
            return get_authority(session, by_name[slug.lower()])
        hint = suggest(slug, names + [slugify(n) for _, n in rows])
        raise NotFoundError(M.AUTHORITY_NOT_FOUND.format(slug=slug, hint=hint))
    return found


def insert_authority(session: Session, data: AuthorityInput) -> Authority:
    """Validate and add one authority inside the caller's unit of work."""
    from cada_tracker.storage.tables import Authority

    clean = data.cleaned()
    assert clean.slug is not None
    if store.authority_row(session, clean.slug) is not None:
        raise ConflictError(M.AUTHORITY_DUPLICATE.format(slug=clean.slug))
    row = Authority(**{f: getattr(clean, f) for f in AUTHORITY_FIELDS}, created_at=now())
    session.add(row)
    session.flush()
    return row


def add_authority(ctx: Context, data: AuthorityInput) -> AuthorityRecord:
    with ctx.transaction() as session:
        return _record(insert_authority(session, data))


def list_authorities(ctx: Context) -> list[AuthorityRecord]:
    with ctx.transaction() as session:
        return store.authorities(session_query(session))


def show_authority(ctx: Context, slug: str) -> AuthorityRecord:
    with ctx.transaction() as session:
        return _record(get_authority(session, slug))


def edit_authority(ctx: Context, slug: str, changes: dict[str, str | None]) -> AuthorityRecord:
    """Change the fields given (None: unchanged); the result is validated like a new one."""
    with ctx.transaction() as session:
        row = get_authority(session, slug)
        merged = authority_json(row)
        merged.update({k: v for k, v in changes.items() if v is not None})
        clean = AuthorityInput(**merged).cleaned()
        if clean.slug != row.slug:
            assert clean.slug is not None
            if store.authority_row(session, clean.slug) is not None:
                raise ConflictError(M.AUTHORITY_DUPLICATE.format(slug=clean.slug))
        for f in AUTHORITY_FIELDS:
            setattr(row, f, getattr(clean, f))
        session.add(row)
        session.flush()
        return _record(row)


CSV_LIMIT = 64 * 1024 * 1024  # every French public body fits in a few MiB
def _csv_read() -> ReadMessages:
    # built when read, so that the messages are in the interface language
    return ReadMessages(
        not_found=M.FILE_NOT_FOUND, directory=M.FILE_IS_DIRECTORY, not_regular=M.CSV_NOT_REGULAR,
        unreadable=M.FILE_UNREADABLE, too_large=M.CSV_TOO_LARGE, not_utf8=M.CSV_NOT_UTF8,
    )


def read_authorities_csv(path: Path) -> list[tuple[int, AuthorityInput]]:
    """Parse and validate the whole file first: a bad row aborts everything."""
    text = read_user_file(path, limit=CSV_LIMIT, messages=_csv_read(), where=str(path),
                          shown_limit=CSV_LIMIT // (1024 * 1024))
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # newline="": a quoted field keeps its line breaks (RFC 4180); line_num counts lines
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise UsageError(M.CSV_EMPTY.format(path=path)) from None
    unknown = [h for h in header if h not in AUTHORITY_FIELDS]
    if "name" not in header or unknown:
        raise UsageError(
            M.CSV_BAD_HEADER.format(
                path=path, found=",".join(header), expected=",".join(AUTHORITY_FIELDS)
            )
        )
    rows: list[tuple[int, AuthorityInput]] = []
    seen: dict[str, int] = {}
    for values in reader:
        line_no = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise UsageError(
                M.CSV_BAD_ROW.format(
                    path=path, line=line_no,
                    reason=M.CSV_WRONG_COLUMNS.format(n=len(values), expected=len(header)),
                )
            )
        try:
            item = AuthorityInput(**dict(zip(header, values, strict=True))).cleaned()
        except UsageError as exc:
            raise UsageError(
                M.CSV_BAD_ROW.format(path=path, line=line_no, reason=exc.message)
            ) from None
        assert item.slug is not None  # cleaned() always sets it
        if item.slug in seen:
            raise ConflictError(
                M.CSV_BAD_ROW.format(
                    path=path, line=line_no,
                    reason=M.CSV_DUPLICATE_IN_FILE.format(slug=item.slug, other=seen[item.slug]),
                )
            )
        seen[item.slug] = line_no
        rows.append((line_no, item))
    return rows


def import_authorities(ctx: Context, path: Path) -> list[AuthorityRecord]:
    """Import a CSV file: all rows or none."""
    items = read_authorities_csv(path)
    with ctx.transaction() as session:
        existing = {slug for slug, _ in store.slugs_and_names(session_query(session))}
        for line_no, item in items:
            if item.slug in existing:
                raise ConflictError(
                    M.CSV_BAD_ROW.format(
                        path=path, line=line_no,
                        reason=M.CSV_DUPLICATE_EXISTING.format(slug=item.slug),
                    )
                )
        return [_record(insert_authority(session, item)) for _, item in items]


# --- requester profile ----------------------------------------------------------------------


def load_profile(session: Session) -> Profile | None:
    return store.profile_row(session)


def save_profile(
    session: Session,
    *,
    name: str | None,
    email: str | None,
    address: str | None,
    city: str | None = None,
    residence: str | None = None,
) -> Profile:
    """Create or update the profile inside the caller's unit of work."""
    from cada_tracker.storage.tables import Profile

    if email is not None:
        check_email(one_line(email, "--email"))
    if residence is not None and residence not in RESIDENCES:
        raise UsageError(M.BAD_RESIDENCE.format(value=residence, allowed=", ".join(RESIDENCES)))
    profile = load_profile(session)
    if profile is None:
        if name is None or not name.strip():
            raise UsageError(M.PROFILE_NAME_REQUIRED)
        profile = Profile(name=name.strip(), created_at=now())
    for field, value in (
        ("name", name), ("email", email), ("address", address), ("city", city),
        ("residence", residence),
    ):
        clean = multi_line if field == "address" else one_line
        if value is not None and value.strip():
            setattr(profile, field, clean(value, f"--{field}"))
    session.add(profile)
    session.flush()
    return profile


def init_home(ctx: Context, **fields: str | None) -> ProfileRecord:
    """`cada init`: create the home and save the profile (name, email, address, city,
    residence; None leaves a field as it is)."""
    ensure_home(ctx.settings)
    with ctx.transaction() as session:
        p = save_profile(session, **fields)  # type: ignore[arg-type]
        return ProfileRecord(name=p.name, email=p.email, address=p.address, city=p.city,
                             residence=p.residence)


def profile_json(p: ProfileRecord | Profile | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "name": p.name, "email": p.email, "address": p.address, "city": p.city,
        "residence": p.residence,
    }
