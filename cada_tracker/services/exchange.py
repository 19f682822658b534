"""`cada export` and `cada import`: the whole record of a home (or of one campaign) as one JSON
document, and back, without database ids (references, slugs, SHA-256 and positions name
everything), so that an export imports into any home.

What is exported is what was recorded: the profile, authorities and their tags, campaigns,
requests with their items, events (every column, item outcomes included), letters (frozen ones
with their SHA-256 and origin), the metadata of documents and their stored files, findings with
their evidence and tags. Derived facts (state, deadlines, next action) are not: they are
recomputed from the events. The CSV export is one row per request for spreadsheets, derived facts
included; it is not re-importable.

The format (docs/json.md, "Export"): `{"format": "cada-export", "version": 1, ...}`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cada_tracker.context import Context
from cada_tracker.domain.vocabulary import Channel, EventKind, Outcome
from cada_tracker.errors import ConflictError, NotFoundError, StorageError, UsageError
from cada_tracker.fsutil import ReadMessages, read_user_file
from cada_tracker.messages import exchange as M
from cada_tracker.paths import check_user_name
from cada_tracker.services.derived import act_by, derive
from cada_tracker.services.exchange_write import Writer
from cada_tracker.services.letters.addresses import address_lines
from cada_tracker.services.status import load_derived
from cada_tracker.storage import exchange as rows_db
from cada_tracker.storage.blobstore import SHA256_RE, BlobMismatch
from cada_tracker.storage.db import ensure_home
from cada_tracker.storage.findings import as_timestamp
from cada_tracker.storage.requests import load_residence, load_views
from cada_tracker.storage.sql import as_bool, as_date, session_query
from cada_tracker.textutil import one_line, suggest, utf8_text

FORMAT = "cada-export"
VERSION = 1
# the largest file `cada import` reads (it is parsed in memory): 10,000 requests with their
# letters are about 60 MB
MAX_IMPORT_BYTES = 1024 * 1024 * 1024
MAX_IMPORT_SHOWN = "1 GiB"
ITEM_OUTCOMES = ("received", "refused", "not-held", "communicable")

Json = dict[str, Any]


# --- export ------------------------------------------------------------------------------------
def _ts(value: Any) -> str | None:  # noqa: ANN401
    stamp = as_timestamp(value)
    return None if stamp is None else stamp.isoformat()


def _day(value: Any) -> str | None:  # noqa: ANN401
    return None if value is None else as_date(value).isoformat()


def export_data(ctx: Context, *, campaign: str | None = None, anonymise: bool = False) -> Json:
    """The export document of the home, or of one campaign (`--campaign SLUG`).

    Each request carries its `state` as of ctx.today (the contract's request shape): derived,
    for reading only; `cada import` ignores it."""
    with ctx.reading() as query:
        if campaign is not None and rows_db.campaign_id(query, campaign) is None:
            slugs = rows_db.campaign_slugs(query)
            raise NotFoundError(M.EXPORT_UNKNOWN_CAMPAIGN.format(
                slug=campaign, hint=suggest(campaign, slugs)))
        dump = rows_db.dump(query)
        residence = load_residence(query)
        states = {v.reference: derive(v, ctx.today, residence).state
                  for v in load_views(query)}
    data = build_export(dump, campaign=campaign, states=states)
    return anonymised(data) if anonymise else data


def build_export(dump: dict[str, list[Json]], *, campaign: str | None = None,
                 states: dict[str, str] | None = None) -> Json:
    """The export document from the rows of `storage.exchange.dump` (no database ids in it)."""
    campaigns = {c["id"]: c for c in dump["campaign"]}
    authorities = {a["id"]: a for a in dump["authority"]}
    chosen_campaign = next((c for c in campaigns.values() if c["slug"] == campaign), None)
    requests = [r for r in dump["request"]
                if chosen_campaign is None or r["campaign_id"] == chosen_campaign["id"]]
    requests.sort(key=lambda r: r["reference"])
    request_ids = {r["id"] for r in requests}
    files = {f["id"]: f for f in dump["stored_file"]}
    by_request: dict[str, dict[int, list[Json]]] = {}
    for table in ("request_item", "event", "letter", "document"):
        grouped: dict[int, list[Json]] = {}
        for row in dump[table]:
            if row["request_id"] in request_ids:
                grouped.setdefault(row["request_id"], []).append(row)
        by_request[table] = grouped
    outcomes: dict[int, list[Json]] = {}
    for row in dump["item_outcome"]:
        outcomes.setdefault(row["event_id"], []).append(row)
    numbers: dict[int, tuple[str, int]] = {}  # document id -> (reference, number)
    used_files: set[int] = set()
    out_requests = []
    for r in requests:
        rid = r["id"]
        doc = _request_json(r, authorities, campaigns, by_request, outcomes, files)
        doc["state"] = (states or {}).get(r["reference"])
        for n, d in enumerate(by_request["document"].get(rid, []), start=1):
            numbers[d["id"]] = (r["reference"], n)
            used_files.add(d["file_id"])
        out_requests.append(doc)
    used_authorities = {r["authority_id"] for r in requests}
    tags: dict[int, list[str]] = {}
    for row in dump["authority_tag"]:
        tags.setdefault(row["authority_id"], []).append(row["tag"])
    findings = _findings_json(dump, request_ids, numbers, every=chosen_campaign is None)
    for r in out_requests:
        r["findings"] = [{"number": f["number"], "title": f["title"]} for f in findings
                         if r["reference"] in f["requests"]]
    return {
        "format": FORMAT,
        "version": VERSION,
        "anonymised": False,
        "campaign": campaign,
        "profile": _profile_json(dump["profile"]),
        "authorities": [
            _authority_json(a, tags.get(a["id"], []))
            for a in sorted(authorities.values(), key=lambda a: a["slug"])
            if chosen_campaign is None or a["id"] in used_authorities
        ],
        "campaigns": [
            _campaign_json(c, dump["campaign_document"])
            for c in sorted(campaigns.values(), key=lambda c: c["slug"])
            if chosen_campaign is None or c is chosen_campaign
        ],
        "files": [_file_json(f) for f in sorted((files[i] for i in used_files),
                                                key=lambda f: f["sha256"])],
        "requests": out_requests,
        "findings": findings,
    }


def _profile_json(rows: list[Json]) -> Json | None:
    if not rows:
        return None
    p = rows[0]
    return {"name": p["name"], "email": p["email"], "address": p["address"],
            "city": p["city"], "residence": p["residence"], "created_at": _ts(p["created_at"])}


def _authority_json(a: Json, tags: list[str]) -> Json:
    return {"slug": a["slug"], "name": a["name"], "kind": a["kind"], "email": a["email"],
            "address": a["address"], "department": a["department"], "prada": a["prada"],
            "tags": sorted(tags), "created_at": _ts(a["created_at"])}


def _campaign_json(c: Json, documents: list[Json]) -> Json:
    return {"slug": c["slug"], "title": c["title"], "subject": c["subject"],
            "ref_prefix": c["ref_prefix"], "template": c["template"], "note": c["note"],
            "created_on": _day(c["created_on"]), "created_at": _ts(c["created_at"]),
            "documents": [d["description"] for d in documents if d["campaign_id"] == c["id"]]}


def _file_json(f: Json) -> Json:
    return {"sha256": f["sha256"], "size": f["size"], "media_type": f["media_type"],
            "page_count": f["page_count"], "text_status": f["text_status"],
            "text_note": f["text_note"], "created_at": _ts(f["created_at"])}


def _request_json(r: Json, authorities: dict[int, Json], campaigns: dict[int, Json],
                  by_request: dict[str, dict[int, list[Json]]],
                  outcomes: dict[int, list[Json]], files: dict[int, Json]) -> Json:
    rid = r["id"]
    items = by_request["request_item"].get(rid, [])
    item_number = {i["id"]: n for n, i in enumerate(items, start=1)}
    events = by_request["event"].get(rid, [])
    event_number = {e["id"]: n for n, e in enumerate(events, start=1)}
    documents = by_request["document"].get(rid, [])
    doc_number = {d["id"]: n for n, d in enumerate(documents, start=1)}
    campaign = campaigns.get(r["campaign_id"]) if r["campaign_id"] is not None else None
    return {
        "reference": r["reference"],
        "authority": {"slug": authorities[r["authority_id"]]["slug"],
                      "name": authorities[r["authority_id"]]["name"]},
        "campaign": campaign["slug"] if campaign is not None else None,
        "subject": r["subject"],
        "channel": r["channel"],
        "environmental": bool(r["environmental"]),
        "created_on": _day(r["created_on"]),
        "illustrative": bool(r["illustrative"]),
        "note": r["note"],
        "arguments": r["arguments"],
        "open_format": bool(r["open_format"]),
        "created_at": _ts(r["created_at"]),
        "items": [i["description"] for i in items],
        "events": [{
            "number": n, "kind": e["kind"], "date": _day(e["occurred_on"]),
            "outcome": e["outcome"], "note": e["note"], "complete": as_bool(e["complete"]),
            "mentions_remedies": as_bool(e["mentions_remedies"]), "forced": bool(e["forced"]),
            "channel": e["channel"], "notified_on": _day(e["notified_on"]),
            "lawyer_designated_on": _day(e["lawyer_designated_on"]),
            "created_at": _ts(e["created_at"]), "made_by": e["made_by"],
            "items": [{"item": item_number.get(o["item_id"]), "outcome": o["outcome"],
                       "ground": o["ground"]} for o in outcomes.get(e["id"], [])],
        } for n, e in enumerate(events, start=1)],
        "letters": [{
            "kind": x["kind"], "body": x["body"], "sha256": x["sha256"],
            "frozen": bool(x["frozen"]), "event": event_number.get(x["event_id"]),
            "origin": x["origin"] or "rendered", "created_at": _ts(x["created_at"]),
            "made_by": x["made_by"],
        } for x in by_request["letter"].get(rid, [])],
        "documents": [{
            "number": n, "name": d["original_name"], "sha256": files[d["file_id"]]["sha256"],
            "received_on": _day(d["received_on"]), "event": event_number.get(d["event_id"]),
            "parent": doc_number.get(d["parent_id"]), "illustrative": bool(d["illustrative"]),
            "created_at": _ts(d["created_at"]), "made_by": d["made_by"],
        } for n, d in enumerate(documents, start=1)],
    }


def _findings_json(dump: dict[str, list[Json]], request_ids: set[int],
                   numbers: dict[int, tuple[str, int]], *, every: bool) -> list[Json]:
    refs = {r["id"]: r["reference"] for r in dump["request"]}
    linked: dict[int, list[str]] = {}
    for row in dump["finding_request"]:
        if row["request_id"] in request_ids:
            linked.setdefault(row["finding_id"], []).append(refs[row["request_id"]])
    tags: dict[int, list[str]] = {}
    for row in dump["finding_tag"]:
        tags.setdefault(row["finding_id"], []).append(row["tag"])
    evidence: dict[int, list[Json]] = {}
    for ev in dump["evidence"]:
        where = numbers.get(ev["document_id"])
        if where is None:  # a document of a request not exported
            continue
        evidence.setdefault(ev["finding_id"], []).append({
            "request": where[0], "document": where[1], "page": ev["page"], "quote": ev["quote"],
            "verified": bool(ev["verified"]), "sha256": ev["file_sha256"],
            "created_at": _ts(ev["created_at"])})
    chosen = [f for f in dump["finding"] if every or f["id"] in linked]
    return [{
        "number": n, "title": f["title"], "summary": f["summary"],
        "illustrative": bool(f["illustrative"]),
        "created_at": _ts(f["created_at"]), "made_by": f["made_by"],
        "requests": sorted(linked.get(f["id"], [])),
        "tags": sorted(tags.get(f["id"], [])), "evidence": evidence.get(f["id"], []),
    } for n, f in enumerate(chosen, start=1)]


ANONYMISED = "[…]"


def anonymised(data: Json) -> Json:
    """The export without the requester's name, address and e-mail (`--anonymise`): no
    profile, and each of them (every address line) replaced by "[…]" in the letters, notes and
    arguments; nor the names of who made what (`made_by`: null, issue 14). For sharing:
    `cada import` refuses it (a frozen letter no longer matches its SHA-256, which stays that
    of the letter as sent)."""
    profile = data["profile"]
    secrets: list[str] = []
    if profile is not None:
        # every line of the address as the letters print it too: one typed on one line is
        # cut at its commas there ("1 rue X, 34000 Montpellier": two lines)
        secrets = [profile["name"], profile["email"] or "",
                   *(line.strip() for line in (profile["address"] or "").splitlines()),
                   *address_lines(profile["address"])]
    secrets = sorted({x for x in secrets if len(x) >= 3}, key=len, reverse=True)

    def clean(text: str | None) -> str | None:
        if text is None:
            return None
        for secret in secrets:
            text = text.replace(secret, ANONYMISED)
        return text

    out = {**data, "anonymised": True, "profile": None}
    out["requests"] = [{
        **r, "note": clean(r["note"]), "arguments": clean(r["arguments"]),
        "events": [{**e, "note": clean(e["note"]), "made_by": None} for e in r["events"]],
        "letters": [{**x, "body": clean(x["body"]), "made_by": None} for x in r["letters"]],
        "documents": [{**d, "made_by": None} for d in r["documents"]],
    } for r in data["requests"]]
    out["findings"] = [{**f, "made_by": None} for f in data["findings"]]
    return out


def export_json_text(data: Json) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- the blobs (--with-documents DIR) -------------------------------------------------------------
def copy_documents(ctx: Context, data: Json, folder: Path) -> int:
    """Copy the stored file of every document of `data` into `folder` (created if missing),
    named by its SHA-256, each verified on the way. Returns the number of files written (a file
    already there with the right content is kept)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(M.EXPORT_DOCUMENTS_NOT_FOLDER.format(path=folder))
    if not folder.parent.is_dir():
        raise UsageError(M.EXPORT_DOCUMENTS_NO_PARENT.format(path=folder.parent))
    names = {d["sha256"]: (d["name"], r["reference"])
             for r in data["requests"] for d in r["documents"]}
    store = ctx.store
    for sha, (name, reference) in names.items():  # every blob checked before anything is copied
        if not store.exists(sha):
            raise StorageError(M.EXPORT_BLOB_MISSING.format(sha256=sha, name=name,
                                                           reference=reference))
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise StorageError(M.EXPORT_DOCUMENTS_UNWRITABLE.format(
            path=folder, reason=exc.strerror)) from None
    copied = 0
    for sha, (name, reference) in sorted(names.items()):
        target = folder / sha
        if target.exists() or target.is_symlink():
            if not target.is_file() or store.hash_of(target)[0] != sha:
                raise ConflictError(M.EXPORT_BLOB_CLASH.format(path=target))
            continue
        try:
            store.export(sha, target, force=False)
        except BlobMismatch:
            raise StorageError(M.EXPORT_BLOB_CHANGED.format(sha256=sha, name=name,
                                                           reference=reference)) from None
        except OSError as exc:
            raise StorageError(M.EXPORT_DOCUMENTS_UNWRITABLE.format(
                path=target, reason=exc.strerror)) from None
        copied += 1
    return copied


# --- CSV -----------------------------------------------------------------------------------------
CSV_COLUMNS = ("reference", "authority", "authority_name", "campaign", "subject", "state",
               "created_on", "sent_on", "received_on", "first_reply_on", "next_action",
               "next_action_kind", "next_action_date", "act_by", "days_left")


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (=, +, -, @ first: a quote before)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_csv(ctx: Context, *, campaign: str | None = None) -> str:
    """One row per request (derived facts as of ctx.today included): for spreadsheets."""
    with ctx.reading() as query:
        if campaign is not None and rows_db.campaign_id(query, campaign) is None:
            slugs = rows_db.campaign_slugs(query)
            raise NotFoundError(M.EXPORT_UNKNOWN_CAMPAIGN.format(
                slug=campaign, hint=suggest(campaign, slugs)))
        campaigns = rows_db.request_campaigns(query)
    derived = load_derived(ctx)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for d in sorted(derived, key=lambda d: d.view.reference):
        view = d.view
        slug = campaigns.get(view.reference)
        if campaign is not None and slug != campaign:
            continue

        def first(kind: str, events: Any = view.events) -> str:  # noqa: ANN401
            return next((e.date.isoformat() for e in events if e.kind == kind), "")

        action = d.next_action
        by = act_by(d)
        writer.writerow([
            _cell(view.reference), view.authority_slug, _cell(view.authority_name), slug or "",
            _cell(view.subject), d.state, view.created_on.isoformat(), first("sent"),
            first("received"), first("reply"), _cell(action.what), action.kind or "",
            action.date.isoformat() if action.date else "", by.isoformat() if by else "",
            (by - ctx.today).days if by else "",
        ])
    return buf.getvalue()


# --- import --------------------------------------------------------------------------------------
def _read_messages() -> ReadMessages:
    return ReadMessages(
        not_found=M.IMPORT_NOT_FOUND, directory=M.IMPORT_IS_DIRECTORY,
        not_regular=M.IMPORT_NOT_REGULAR, unreadable=M.IMPORT_UNREADABLE,
        too_large=M.IMPORT_TOO_LARGE, not_utf8=M.IMPORT_NOT_UTF8,
    )


def read_export(path: str | os.PathLike[str]) -> Json:
    """The export document in the file at `path`, checked: a one-line UsageError (exit 2) for
    anything else (not JSON, truncated, another format or version, a bad record)."""
    where = os.fsdecode(path)
    text = read_user_file(path, limit=MAX_IMPORT_BYTES, messages=_read_messages(), where=where,
                          shown_limit=MAX_IMPORT_SHOWN)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(M.IMPORT_NOT_JSON.format(path=where, reason=exc.msg, line=exc.lineno,
                                                  column=exc.colno)) from None
    except RecursionError:
        raise UsageError(M.IMPORT_NOT_JSON.format(path=where, reason="nested too deeply",
                                                  line=1, column=1)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UsageError(M.IMPORT_NOT_EXPORT.format(path=where))
    if data.get("version") != VERSION:
        raise UsageError(M.IMPORT_BAD_VERSION.format(
            path=where, version=json.dumps(data.get("version")), supported=VERSION))
    if data.get("anonymised") is True:
        raise UsageError(M.IMPORT_ANONYMISED.format(path=where))
    try:
        return _Checker().document(data)
    except _Bad as bad:
        raise UsageError(M.IMPORT_BAD_CONTENT.format(path=where, where=bad.where,
                                                     reason=bad.reason)) from None


class _Bad(Exception):
    def __init__(self, where: str, reason: str) -> None:
        super().__init__(reason)
        self.where = where
        self.reason = reason


def _expected(where: str, what: str) -> _Bad:
    return _Bad(where, M.IMPORT_EXPECTED.format(what=what))


# keys added to format version 1 after it was released: an export made before may lack them
# (issue 14: `made_by`, who made an event, letter, document or finding; missing: unknown)
_ADDED_KEYS = frozenset({"made_by"})


class _Checker:
    """Every value of the document read with its type, into the same shape (a new dict): what
    passes is what the export writes, so that the import may trust it."""

    def obj(self, value: Any, where: str, keys: dict[str, Callable[[Any, str], Any]]) -> Json:  # noqa: ANN401
        if not isinstance(value, dict):
            raise _expected(where, "an object")
        out: Json = {}
        for key, check in keys.items():
            if key not in value and key in _ADDED_KEYS:  # an export made before the key
                out[key] = None
                continue
            if key not in value:
                raise _expected(f"{where}.{key}", "a value (missing)")
            out[key] = check(value[key], f"{where}.{key}")
        return out

    @staticmethod
    def text(value: Any, where: str) -> str:  # noqa: ANN401
        if not isinstance(value, str):
            raise _expected(where, "a string")
        try:
            utf8_text(value, where)  # a lone surrogate (\ud800) cannot be stored
        except UsageError as exc:
            raise _Bad(where, exc.message) from None
        return value

    @classmethod
    def line(cls, value: Any, where: str) -> str:  # noqa: ANN401
        """A one-line field (reference, slug, name, tag): no line break, no control character."""
        text = cls.text(value, where)
        try:
            one_line(text, where)
        except UsageError as exc:
            raise _Bad(where, exc.message) from None
        return text

    @classmethod
    def opt_text(cls, value: Any, where: str) -> str | None:  # noqa: ANN401
        return None if value is None else cls.text(value, where)

    @classmethod
    def maker(cls, value: Any, where: str) -> str | None:  # noqa: ANN401
        """Who made a record (issue 14): null (unknown), or a name `--as` would accept."""
        if value is None:
            return None
        try:
            return check_user_name(cls.text(value, where), where)
        except UsageError as exc:
            raise _Bad(where, exc.message) from None

    @staticmethod
    def flag(value: Any, where: str) -> bool:  # noqa: ANN401
        if not isinstance(value, bool):
            raise _expected(where, "true or false")
        return value

    @classmethod
    def opt_flag(cls, value: Any, where: str) -> bool | None:  # noqa: ANN401
        return None if value is None else cls.flag(value, where)

    @staticmethod
    def number(value: Any, where: str) -> int:  # noqa: ANN401
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _expected(where, "a whole number")
        return value

    @classmethod
    def opt_number(cls, value: Any, where: str) -> int | None:  # noqa: ANN401
        return None if value is None else cls.number(value, where)

    @staticmethod
    def day(value: Any, where: str) -> str:  # noqa: ANN401
        try:
            return date.fromisoformat(value).isoformat()
        except (TypeError, ValueError):
            raise _expected(where, "a date YYYY-MM-DD") from None

    @classmethod
    def opt_day(cls, value: Any, where: str) -> str | None:  # noqa: ANN401
        return None if value is None else cls.day(value, where)

    @staticmethod
    def stamp(value: Any, where: str) -> str | None:  # noqa: ANN401
        if value is None:
            return None
        try:
            datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise _expected(where, "a timestamp (ISO 8601)") from None
        return str(value)

    @staticmethod
    def sha(value: Any, where: str) -> str:  # noqa: ANN401
        if not isinstance(value, str) or not SHA256_RE.match(value):
            raise _expected(where, "a SHA-256 (64 lowercase hex digits)")
        return value

    @staticmethod
    def one_of(allowed: tuple[str, ...], *, optional: bool = False
               ) -> Callable[[Any, str], str | None]:
        def check(value: Any, where: str) -> str | None:  # noqa: ANN401
            if value is None and optional:
                return None
            if value not in allowed:
                raise _Bad(where, M.IMPORT_UNKNOWN_VALUE.format(
                    value=value, allowed=", ".join(allowed)))
            return str(value)
        return check

    def many(self, check: Callable[[Any, str], Any]) -> Callable[[Any, str], list[Any]]:
        def run(value: Any, where: str) -> list[Any]:  # noqa: ANN401
            if not isinstance(value, list):
                raise _expected(where, "a list")
            return [check(v, f"{where}[{i}]") for i, v in enumerate(value)]
        return run

    def document(self, data: Json) -> Json:
        T, OT, L = self.text, self.opt_text, self.line
        out = {"format": FORMAT, "version": VERSION, "anonymised": False,
               "campaign": OT(data.get("campaign"), "campaign")}
        out["profile"] = None if data.get("profile") is None else self.obj(
            data["profile"], "profile", {"name": T, "email": OT, "address": OT, "city": OT,
                                         "residence": T, "created_at": self.stamp})
        out["authorities"] = self.many(lambda v, w: self.obj(v, w, {
            "slug": L, "name": L, "kind": OT, "email": OT, "address": OT, "department": OT,
            "prada": OT, "tags": self.many(L), "created_at": self.stamp}))(
            data.get("authorities"), "authorities")
        out["campaigns"] = self.many(lambda v, w: self.obj(v, w, {
            "slug": L, "title": L, "subject": L, "ref_prefix": L, "template": OT, "note": OT,
            "created_on": self.day, "created_at": self.stamp, "documents": self.many(T)}))(
            data.get("campaigns"), "campaigns")
        out["files"] = self.many(lambda v, w: self.obj(v, w, {
            "sha256": self.sha, "size": self.number, "media_type": T,
            "page_count": self.opt_number, "text_status": T, "text_note": OT,
            "created_at": self.stamp}))(data.get("files"), "files")
        out["requests"] = self.many(self.request)(data.get("requests"), "requests")
        out["findings"] = self.many(lambda v, w: self.obj(v, w, {
            "number": self.number, "title": L, "summary": OT, "illustrative": self.flag,
            "created_at": self.stamp, "made_by": self.maker,
            "requests": self.many(L), "tags": self.many(L),
            "evidence": self.many(lambda v2, w2: self.obj(v2, w2, {
                "request": T, "document": self.number, "page": self.number, "quote": T,
                "verified": self.flag, "sha256": self.sha, "created_at": self.stamp}))}))(
            data.get("findings"), "findings")
        _Links(out).check()
        return out

    def request(self, value: Any, where: str) -> Json:  # noqa: ANN401
        T, OT, L = self.text, self.opt_text, self.line
        kinds = tuple(k.value for k in EventKind)
        outcomes = tuple(o.value for o in Outcome)
        channels = tuple(c.value for c in Channel)
        return self.obj(value, where, {
            "reference": L,
            "authority": lambda v, w: self.obj(v, w, {"slug": L, "name": L}),
            "campaign": OT, "subject": L,
            "channel": self.one_of(channels), "environmental": self.flag,
            "created_on": self.day, "illustrative": self.flag, "note": OT, "arguments": OT,
            "open_format": self.flag, "created_at": self.stamp, "items": self.many(T),
            "events": self.many(lambda v, w: self.obj(v, w, {
                "number": self.number, "kind": self.one_of(kinds), "date": self.day,
                "outcome": self.one_of(outcomes, optional=True), "note": OT,
                "complete": self.opt_flag, "mentions_remedies": self.opt_flag,
                "forced": self.flag, "channel": self.one_of(channels, optional=True),
                "notified_on": self.opt_day, "lawyer_designated_on": self.opt_day,
                "created_at": self.stamp, "made_by": self.maker,
                "items": self.many(lambda v2, w2: self.obj(v2, w2, {
                    "item": self.number, "outcome": self.one_of(ITEM_OUTCOMES),
                    "ground": OT}))})),
            "letters": self.many(lambda v, w: self.obj(v, w, {
                "kind": T, "body": T, "sha256": self.sha, "frozen": self.flag,
                "event": self.opt_number, "origin": T, "created_at": self.stamp,
                "made_by": self.maker})),
            "documents": self.many(lambda v, w: self.obj(v, w, {
                "number": self.number, "name": L, "sha256": self.sha,
                "received_on": self.opt_day, "event": self.opt_number,
                "parent": self.opt_number, "illustrative": self.flag,
                "created_at": self.stamp, "made_by": self.maker})),
            # derived, for reading: not imported (the state is recomputed; the links of the
            # findings are theirs, `findings[].requests`)
            "state": self.opt_text,
            "findings": self.many(lambda v, w: self.obj(v, w, {"number": self.number,
                                                              "title": T})),
        })


@dataclass
class _Links:
    """The references inside the document: positions in range, names unique, links that the
    file itself resolves (authorities and campaigns may also be in the home: checked later)."""

    doc: Json

    def check(self) -> None:
        self._unique("authorities", "slug", "authority")
        self._unique("campaigns", "slug", "campaign")
        self._unique("files", "sha256", "file")
        self._unique("requests", "reference", "request")
        files = {f["sha256"] for f in self.doc["files"]}
        docs: dict[str, int] = {}
        for i, r in enumerate(self.doc["requests"]):
            where = f"requests[{i}]"
            events = r["events"]
            for n, e in enumerate(events, start=1):
                self._position(e["number"], n, f"{where}.events[{n - 1}].number")
                for j, o in enumerate(e["items"]):
                    self._in_range(o["item"], len(r["items"]),
                                   f"{where}.events[{n - 1}].items[{j}].item")
            for j, x in enumerate(r["letters"]):
                if x["event"] is not None:
                    self._in_range(x["event"], len(events), f"{where}.letters[{j}].event")
            for n, d in enumerate(r["documents"], start=1):
                w = f"{where}.documents[{n - 1}]"
                self._position(d["number"], n, f"{w}.number")
                if d["event"] is not None:
                    self._in_range(d["event"], len(events), f"{w}.event")
                if d["parent"] is not None:
                    self._in_range(d["parent"], n - 1, f"{w}.parent")
                if d["sha256"] not in files:
                    raise _Bad(f"{w}.sha256", M.IMPORT_DANGLING.format(what="file",
                                                                       value=d["sha256"]))
            docs[r["reference"]] = len(r["documents"])
        for i, f in enumerate(self.doc["findings"]):
            self._position(f["number"], i + 1, f"findings[{i}].number")
            for j, ref in enumerate(f["requests"]):
                if ref not in docs:
                    raise _Bad(f"findings[{i}].requests[{j}]",
                               M.IMPORT_DANGLING.format(what="request", value=ref))
            for j, ev in enumerate(f["evidence"]):
                w = f"findings[{i}].evidence[{j}]"
                if ev["request"] not in docs:
                    raise _Bad(f"{w}.request", M.IMPORT_DANGLING.format(
                        what="request", value=ev["request"]))
                self._in_range(ev["document"], docs[ev["request"]], f"{w}.document")

    def _unique(self, key: str, name: str, what: str) -> None:
        seen: set[str] = set()
        for i, record in enumerate(self.doc[key]):
            if record[name] in seen:
                raise _Bad(f"{key}[{i}].{name}", M.IMPORT_DUPLICATE.format(
                    what=what, value=record[name]))
            seen.add(record[name])

    @staticmethod
    def _position(value: int, expected: int, where: str) -> None:
        if value != expected:
            raise _expected(where, str(expected))

    @staticmethod
    def _in_range(value: int, count: int, where: str) -> None:
        if not 1 <= value <= count:
            raise _expected(where, f"a number from 1 to {count}" if count else "null")


@dataclass
class ImportReport:
    """What `cada import` did: counts of records added and already here, and the records kept
    as they are here because they differ in the file (`--merge`)."""

    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("profile", "authorities", "campaigns", "files", "requests", "findings"), 0))
    unchanged: int = 0
    differs: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> Json:
        return {"imported": self.added, "unchanged": self.unchanged,
                "differs": [{"kind": k, "key": key} for k, key in self.differs]}


def import_json(ctx: Context, path: str | os.PathLike[str], documents: str | None = None,
                merge: bool = False) -> ImportReport:
    """`cada import FILE.json [--documents DIR] [--merge]`: the export into this home, in one
    transaction (nothing is imported on any error). A record (profile, authority by slug,
    campaign by slug, request by reference with everything it holds, finding by title and
    creation time) that is here with other content is a conflict (exit 4), or with `merge`
    reported and left as it is; identical records are skipped; the others are added."""
    data = read_export(path)
    folder = _documents_folder(documents)
    ensure_home(ctx.settings)
    with ctx.store_writes() as created, ctx.transaction() as session:
        query = session_query(session)
        dump = rows_db.dump(query)
        here = build_export(dump)
        plan = _Plan.make(data, here, {f["sha256"] for f in dump["stored_file"]})
        if plan.differs and not merge:
            shown = ", ".join(f"{k} {key}" for k, key in plan.differs[:5])
            if len(plan.differs) > 5:
                shown += ", …"
            raise ConflictError(M.IMPORT_CONFLICT.format(len(plan.differs), records=shown))
        _check_dangling(data, here)
        writer = Writer(session, dump, ctx.store, created)
        writer.fetch_blobs(data, plan.add["requests"], folder)
        writer.write(data, plan.add, plan.add_profile)
        report = ImportReport()
        report.added = {**plan.counts(), "files": len(writer.blobs)}
        report.unchanged = plan.unchanged
        report.differs = plan.differs
        return report


def _documents_folder(documents: str | None) -> Path | None:
    if documents is None:
        return None
    folder = Path(documents)
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        raise NotFoundError(M.IMPORT_DOCUMENTS_MISSING.format(path=documents)) from None
    except OSError:
        raise UsageError(M.IMPORT_DOCUMENTS_NOT_FOLDER.format(path=documents)) from None
    if not stat.S_ISDIR(st.st_mode):
        raise UsageError(M.IMPORT_DOCUMENTS_NOT_FOLDER.format(path=documents))
    return folder


def _check_dangling(data: Json, here: Json) -> None:
    """A request's authority or campaign must be in the file or in this home."""
    slugs = {a["slug"] for a in data["authorities"]} | {a["slug"] for a in here["authorities"]}
    camps = {c["slug"] for c in data["campaigns"]} | {c["slug"] for c in here["campaigns"]}
    for i, r in enumerate(data["requests"]):
        if r["authority"]["slug"] not in slugs:
            raise UsageError(M.IMPORT_BAD_CONTENT.format(
                path="import", where=f"requests[{i}].authority.slug",
                reason=M.IMPORT_DANGLING.format(what="authority", value=r["authority"]["slug"])))
        if r["campaign"] is not None and r["campaign"] not in camps:
            raise UsageError(M.IMPORT_BAD_CONTENT.format(
                path="import", where=f"requests[{i}].campaign",
                reason=M.IMPORT_DANGLING.format(what="campaign", value=r["campaign"])))


def _content(value: Any) -> Any:  # noqa: ANN401
    """A record without its `created_at` stamps and `made_by` names (when and by whom it was
    typed in is not what it says: two homes that each added the same authority hold the same
    record), its derived `state`,
    and the positions that depend on the rest of the file (a request's `findings`, a
    finding's `number`)."""
    if isinstance(value, dict):
        return {k: _content(v) for k, v in value.items()
                if k not in ("created_at", "made_by", "state")
                and not (k == "findings" and "reference" in value)
                and not (k == "number" and "title" in value)}
    if isinstance(value, list):
        return [_content(v) for v in value]
    return value


def finding_key(f: Json) -> str:
    return f"{f['title']} ({f['created_at']})"


@dataclass
class _Plan:
    """Which records of the file to add: those not in this home (by their key)."""

    add: dict[str, list[Json]]
    add_profile: bool
    unchanged: int
    differs: list[tuple[str, str]]

    @classmethod
    def make(cls, data: Json, here: Json, known_files: set[str]) -> _Plan:
        add: dict[str, list[Json]] = {}
        unchanged = 0
        differs: list[tuple[str, str]] = []
        kinds = (("authorities", "authority", lambda a: a["slug"]),
                 ("campaigns", "campaign", lambda c: c["slug"]),
                 ("requests", "request", lambda r: r["reference"]),
                 ("findings", "finding", finding_key))
        for key, kind, name in kinds:
            existing = {name(x): x for x in here[key]}
            add[key] = []
            for record in data[key]:
                other = existing.get(name(record))
                if other is None:
                    add[key].append(record)
                elif _content(other) == _content(record):
                    unchanged += 1
                else:
                    differs.append((kind, name(record)))
        add["files"] = [f for f in data["files"] if f["sha256"] not in known_files]
        add_profile = False
        if data["profile"] is not None:
            if here["profile"] is None:
                add_profile = True
            elif _content(here["profile"]) == _content(data["profile"]):
                unchanged += 1
            else:
                differs.append(("profile", data["profile"]["name"]))
        return cls(add, add_profile, unchanged, differs)

    def counts(self) -> dict[str, int]:
        return {"profile": int(self.add_profile),
                **{key: len(records) for key, records in self.add.items()}}
