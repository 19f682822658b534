"""Authorities (the public bodies requests go to) and the requester profile."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cada_tracker import messages as M
from cada_tracker.context import Context
from cada_tracker.display import shown
from cada_tracker.domain.authorities import (
    AUTHORITY_FIELDS,
    RESIDENCES,
    AuthorityRecord,
    ProfileRecord,
)
from cada_tracker.domain.email_address import check_email
from cada_tracker.errors import ConflictError, NotFoundError, UsageError
from cada_tracker.fsutil import ReadMessages, open_user_csv
from cada_tracker.storage import authorities as store
from cada_tracker.storage.db import ensure_home, now
from cada_tracker.storage.sql import session_query
from cada_tracker.textutil import multi_line, one_line, slugify

if TYPE_CHECKING:
    from sqlmodel import Session

    from cada_tracker.storage.tables import Authority, Profile


_DEPARTMENT = re.compile(r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-8])$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# --- issue 11, point 8: tags, the CSV columns (import reads them, export writes them) --------
TAG_MAX = 60  # authority_tag.tag
TAG_SEPARATOR = ";"  # between the tags of the `tags` column of the CSV
CSV_COLUMNS = (*AUTHORITY_FIELDS, "tags")
EXPORT_FORMATS = ("csv", "json")


def check_tag(tag: str) -> str:
    """A tag as stored: inner whitespace collapsed, 1 to 60 characters, no ';' (the CSV
    separator of tags) and no control character; else UsageError (exit 2)."""
    clean = one_line(" ".join((tag or "").split()), "--tag")
    if not clean or len(clean) > TAG_MAX or TAG_SEPARATOR in clean:
        raise UsageError(M.AUTHORITY_TAG_BAD.format(tag=shown(clean), max=TAG_MAX))
    return clean


def _clean_tags(tags: list[str] | None) -> list[str] | None:
    return None if tags is None else sorted({check_tag(t) for t in tags})


def split_tags(cell: str) -> list[str]:
    """The tags of a CSV cell: ';'-separated, blanks around and empty pieces ignored."""
    return [t for t in (piece.strip() for piece in cell.split(TAG_SEPARATOR)) if t]


@dataclass
class AuthorityInput:
    name: str
    slug: str | None = None
    kind: str | None = None
    email: str | None = None
    address: str | None = None
    department: str | None = None
    prada: str | None = None
    tags: list[str] | None = None  # None: not given (an edit leaves them), [] none

    def cleaned(self) -> AuthorityInput:
        """Validate; raise UsageError with a one-line message."""
        name = one_line(self.name, M.WHAT_AUTHORITY_NAME)
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
            tags=_clean_tags(self.tags),
        )


def authority_json(a: AuthorityRecord) -> dict[str, Any]:
    """The JSON of an authority (`authority show/list/add/edit/import/export --json`): its
    fields, then `tags` (a list, in tag order; issue 11)."""
    data: dict[str, Any] = {f: getattr(a, f) for f in AUTHORITY_FIELDS}
    data["tags"] = list(a.tags)
    return data


def _record(session: Session, slug: str) -> AuthorityRecord:
    found = store.authority(session_query(session), slug)
    assert found is not None  # written or read just before, in the same transaction
    return found


def get_authority(session: Session, slug: str) -> Authority:
    """The authority row with this slug (or this exact name), else NotFoundError with hints."""
    from cada_tracker.storage.tables import Authority

    found = session.get(Authority, store.find_authority_id(session_query(session), slug))
    assert found is not None  # just read in the same transaction
    return found


def insert_authority(session: Session, data: AuthorityInput) -> Authority:
    """Validate and add one authority (and its tags) inside the caller's unit of work."""
    from cada_tracker.storage.tables import Authority

    clean = data.cleaned()
    assert clean.slug is not None
    if store.authority_row(session, clean.slug) is not None:
        raise ConflictError(M.AUTHORITY_DUPLICATE.format(slug=clean.slug))
    row = Authority(**{f: getattr(clean, f) for f in AUTHORITY_FIELDS}, created_at=now())
    session.add(row)
    session.flush()
    if clean.tags:
        assert row.id is not None
        store.set_tags(session, row.id, clean.tags)
    return row


def add_authority(ctx: Context, data: AuthorityInput) -> AuthorityRecord:
    with ctx.transaction() as session:
        row = insert_authority(session, data)
        return _record(session, row.slug)


def list_authorities(ctx: Context, tag: str | None = None) -> list[AuthorityRecord]:
    """Every authority by name, or those with `tag` (issue 11)."""
    with ctx.transaction() as session:
        query = session_query(session)
        if tag is None:
            return store.authorities(query)
        return store.authorities_with_tag(query, " ".join(tag.split()))


def tags_in_use(ctx: Context) -> list[str]:
    with ctx.transaction() as session:
        return [t for t, _ in store.tag_counts(session_query(session))]


def show_authority(ctx: Context, slug: str) -> AuthorityRecord:
    with ctx.transaction() as session:
        return _record(session, get_authority(session, slug).slug)


def edit_authority(ctx: Context, slug: str, changes: dict[str, str | None],
                   add_tags: list[str] | None = None,
                   remove_tags: list[str] | None = None) -> AuthorityRecord:
    """Change the fields given (None: unchanged), add and remove tags; the result is validated
    like a new one. Removing a tag the authority does not have is NotFoundError (exit 3),
    nothing changed."""
    with ctx.transaction() as session:
        row = get_authority(session, slug)
        before = _record(session, row.slug)
        merged: dict[str, Any] = {f: getattr(row, f) for f in AUTHORITY_FIELDS}
        merged.update({k: v for k, v in changes.items() if v is not None})
        clean = AuthorityInput(**merged).cleaned()
        new_tags = [check_tag(t) for t in add_tags or []]
        untags = [" ".join(t.split()) for t in remove_tags or []]
        for t in untags:
            if t not in before.tags and t not in new_tags:
                raise NotFoundError(M.AUTHORITY_UNTAG_UNKNOWN.format(
                    slug=row.slug, tag=shown(t), tags=", ".join(before.tags) or "-"))
        if clean.slug != row.slug:
            assert clean.slug is not None
            if store.authority_row(session, clean.slug) is not None:
                raise ConflictError(M.AUTHORITY_DUPLICATE.format(slug=clean.slug))
        for f in AUTHORITY_FIELDS:
            setattr(row, f, getattr(clean, f))
        session.add(row)
        session.flush()
        if new_tags or untags:
            assert row.id is not None
            tags = (set(before.tags) | set(new_tags)) - set(untags)
            store.set_tags(session, row.id, sorted(tags))
        return _record(session, row.slug)


# --- CSV: import (issue 11, point 9: read as a stream, nothing that can hurt) ----------------

CSV_LIMIT = 64 * 1024 * 1024  # every French public body fits in a few MiB


def _csv_read() -> ReadMessages:
    # built when read, so that the messages are in the interface language
    return ReadMessages(
        not_found=M.FILE_NOT_FOUND, directory=M.FILE_IS_DIRECTORY, not_regular=M.CSV_NOT_REGULAR,
        unreadable=M.FILE_UNREADABLE, too_large=M.CSV_TOO_LARGE, not_utf8=M.CSV_NOT_UTF8,
        field_too_large=M.CSV_FIELD_TOO_LARGE, unclosed_quote=M.CSV_UNCLOSED_QUOTE,
        malformed=M.CSV_MALFORMED,
    )


@dataclass(frozen=True)
class CsvRow:
    """One authority of a CSV file: its line (the last line of the row), the authority as
    validated, and the columns of the file (an update sets those and leaves the others)."""

    line: int
    item: AuthorityInput
    columns: tuple[str, ...]


def read_authorities_csv(path: Path) -> list[CsvRow]:
    """Parse and validate the whole file first, as a stream (fsutil.open_user_csv): a bad row
    aborts everything."""
    rows: list[CsvRow] = []
    seen: dict[str, int] = {}
    with open_user_csv(path, limit=CSV_LIMIT, messages=_csv_read(), where=str(path),
                       shown_limit=CSV_LIMIT // (1024 * 1024)) as reader:
        try:
            _, first = next(reader)
        except StopIteration:
            raise UsageError(M.CSV_EMPTY.format(path=path)) from None
        header = tuple(h.strip().lower() for h in first)
        unknown = [h for h in header if h not in CSV_COLUMNS]
        if "name" not in header or unknown or len(set(header)) != len(header):
            raise UsageError(
                M.CSV_BAD_HEADER.format(
                    path=path, found=",".join(header), expected=",".join(CSV_COLUMNS)
                )
            )
        for line_no, values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise UsageError(
                    M.CSV_BAD_ROW.format(
                        path=path, line=line_no,
                        reason=M.CSV_WRONG_COLUMNS.format(n=len(values), expected=len(header)),
                    )
                )
            fields: dict[str, Any] = dict(zip(header, values, strict=True))
            if "tags" in fields:
                fields["tags"] = split_tags(fields["tags"])
            try:
                item = AuthorityInput(**fields).cleaned()
            except UsageError as exc:
                raise UsageError(
                    M.CSV_BAD_ROW.format(path=path, line=line_no, reason=exc.message)
                ) from None
            assert item.slug is not None  # cleaned() always sets it
            if item.slug in seen:
                raise ConflictError(
                    M.CSV_BAD_ROW.format(
                        path=path, line=line_no,
                        reason=M.CSV_DUPLICATE_IN_FILE.format(slug=item.slug,
                                                              other=seen[item.slug]),
                    )
                )
            seen[item.slug] = line_no
            rows.append(CsvRow(line_no, item, header))
    return rows


@dataclass
class ImportResult:
    """What `authority import` did: the authorities created, updated (with each field changed:
    before, after) and left unchanged (`--update`), in the order of the file."""

    created: list[AuthorityRecord]
    updated: list[tuple[AuthorityRecord, dict[str, tuple[Any, Any]]]]
    unchanged: list[AuthorityRecord]


def _as_record(clean: AuthorityInput) -> AuthorityRecord:
    return AuthorityRecord(**{f: getattr(clean, f) for f in AUTHORITY_FIELDS},
                           tags=tuple(clean.tags or ()))


def _update_row(session: Session, row: Authority, before: AuthorityRecord, found: CsvRow
                ) -> tuple[AuthorityRecord, dict[str, tuple[Any, Any]]]:
    """Set the columns of the file on an existing authority (an empty cell clears a field, a
    column absent from the file leaves it); the changed fields, before and after."""
    old = authority_json(before)
    merged: dict[str, Any] = dict(old)
    for column in found.columns:
        merged[column] = getattr(found.item, column)
    clean = AuthorityInput(**merged).cleaned()  # a field stored before the checks: exit 2
    after = _as_record(clean)
    new = authority_json(after)
    changes = {k: (old[k], new[k]) for k in (*AUTHORITY_FIELDS, "tags") if old[k] != new[k]}
    if changes:
        for f in AUTHORITY_FIELDS:
            setattr(row, f, getattr(clean, f))
        session.add(row)
        if "tags" in changes:
            assert row.id is not None
            store.set_tags(session, row.id, clean.tags or [])
    return after, changes


def import_authorities(ctx: Context, path: Path, *, update: bool = False) -> ImportResult:
    """Import a CSV file: all rows or none. Without `update`, a slug that exists is a
    conflict (exit 4, its line named); with it, an existing slug is updated from the columns
    of the file, or left as it is when nothing differs. A few queries for the whole file,
    not a few per row."""
    from sqlmodel import select

    from cada_tracker.storage.tables import Authority, AuthorityTag

    items = read_authorities_csv(path)
    result = ImportResult([], [], [])
    with ctx.transaction() as session:
        records = {a.slug: a for a in store.authorities(session_query(session))}
        if not update:
            for found in items:
                if found.item.slug in records:
                    raise ConflictError(
                        M.CSV_BAD_ROW.format(
                            path=path, line=found.line,
                            reason=M.CSV_DUPLICATE_EXISTING.format(slug=found.item.slug),
                        )
                    )
        rows = {r.slug: r for r in session.exec(select(Authority))} if update else {}
        created: list[tuple[Authority, AuthorityInput]] = []
        for found in items:
            assert found.item.slug is not None
            if found.item.slug not in records:
                row = Authority(**{f: getattr(found.item, f) for f in AUTHORITY_FIELDS},
                                created_at=now())
                session.add(row)
                created.append((row, found.item))
                result.created.append(_as_record(found.item))
                continue
            try:
                record, changes = _update_row(session, rows[found.item.slug],
                                              records[found.item.slug], found)
            except UsageError as exc:
                raise UsageError(M.CSV_BAD_ROW.format(
                    path=path, line=found.line, reason=exc.message)) from None
            if changes:
                result.updated.append((record, changes))
            else:
                result.unchanged.append(record)
        session.flush()  # the new rows get their ids
        for row, item in created:
            assert row.id is not None
            session.add_all(AuthorityTag(authority_id=row.id, tag=t) for t in item.tags or ())
        session.flush()
    return result


def import_json(result: ImportResult, *, update: bool) -> dict[str, Any]:
    """`authority import --json`: `{"imported": [...]}` (as before issue 11); with --update
    `{"created", "updated", "unchanged", "changes"}` (docs/json.md)."""
    if not update:
        return {"imported": [authority_json(a) for a in result.created]}
    return {
        "created": [authority_json(a) for a in result.created],
        "updated": [authority_json(a) for a, _ in result.updated],
        "unchanged": [authority_json(a) for a in result.unchanged],
        "changes": [
            {"slug": a.slug,
             "fields": {k: {"before": b, "after": v} for k, (b, v) in changes.items()}}
            for a, changes in result.updated
        ],
    }


# --- export (issue 11, point 8) -------------------------------------------------------------


def export_authorities(ctx: Context, fmt: str = "csv") -> tuple[bytes, int]:
    """Every authority, by slug: CSV in the columns `import` reads (UTF-8, no BOM, `,`
    separated, CRLF line ends, a field quoted when it must be: RFC 4180; tags `;`-separated),
    or JSON `{"authorities": [...]}`; and how many authorities."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(M.AUTHORITY_EXPORT_FORMAT.format(fmt=fmt,
                                                          formats=", ".join(EXPORT_FORMATS)))
    rows = sorted(list_authorities(ctx), key=lambda a: a.slug)
    if fmt == "json":
        text = json.dumps({"authorities": [authority_json(a) for a in rows]},
                          ensure_ascii=False, indent=2) + "\n"
        return text.encode("utf-8"), len(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for a in rows:
        data = authority_json(a)
        writer.writerow([*("" if data[f] is None else data[f] for f in AUTHORITY_FIELDS),
                         TAG_SEPARATOR.join(a.tags)])
    return out.getvalue().encode("utf-8"), len(rows)


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
