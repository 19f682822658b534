"""`cada import`: the records of an export written into this home, in the caller's unit of
work, database ids given anew (the file names everything by reference, slug, SHA-256 and
position). The blobs are fetched into the store first, each verified by its hash."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from cada_tracker.errors import NotFoundError, UsageError
from cada_tracker.extract import extract
from cada_tracker.messages import exchange as M
from cada_tracker.storage import documents as store_db
from cada_tracker.storage import search
from cada_tracker.storage.blobstore import Store
from cada_tracker.storage.db import now
from cada_tracker.storage.exchange import insert_many, insert_one, insert_returning, set_parents

if TYPE_CHECKING:
    from sqlmodel import Session

Json = dict[str, Any]
PAGE_BATCH = 64


def _stamp(value: str | None) -> datetime:
    return now() if value is None else datetime.fromisoformat(value)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _split(ids: list[int], sizes: list[int]) -> list[list[int]]:
    """The ids of a bulk insert cut back into one list per request."""
    out, start = [], 0
    for size in sizes:
        out.append(ids[start:start + size])
        start += size
    return out


class Writer:
    def __init__(self, session: Session, dump: dict[str, list[Json]], store: Store,
                 created: list[str]) -> None:
        self.session = session
        self.store = store
        self.created = created
        self.authority_ids = {a["slug"]: a["id"] for a in dump["authority"]}
        self.campaign_ids = {c["slug"]: c["id"] for c in dump["campaign"]}
        self.request_ids = {r["reference"]: r["id"] for r in dump["request"]}
        self.file_ids = {f["sha256"]: f["id"] for f in dump["stored_file"]}
        refs = {r["id"]: r["reference"] for r in dump["request"]}
        self.doc_ids: dict[tuple[str, int], int] = {}
        counts: dict[int, int] = {}
        for d in dump["document"]:
            counts[d["request_id"]] = counts.get(d["request_id"], 0) + 1
            self.doc_ids[(refs[d["request_id"]], counts[d["request_id"]])] = d["id"]
        self.blobs: dict[str, Path] = {}  # sha256 -> its path in the store, to read its text

    # --- the blobs, before any row ---------------------------------------------------------
    def fetch_blobs(self, data: Json, requests: list[Json], folder: Path | None) -> None:
        """The stored files of the documents of `requests` (those added), into the store."""
        sizes = {f["sha256"]: f["size"] for f in data["files"]}
        needed: dict[str, tuple[str, str]] = {}
        for r in requests:
            for d in r["documents"]:
                if d["sha256"] not in self.file_ids:
                    needed.setdefault(d["sha256"], (d["name"], r["reference"]))
        for sha, (name, reference) in sorted(needed.items()):
            self.blobs[sha] = self._fetch(sha, sizes[sha], name, reference, folder)

    def _fetch(self, sha: str, size: int, name: str, reference: str,
               folder: Path | None) -> Path:
        if self.store.exists(sha):  # a blob left from an earlier home: used if intact
            try:
                if self.store.hash_of(self.store.path_for(sha)) == (sha, size):
                    return self.store.path_for(sha)
            except OSError:
                pass
        source = None if folder is None else folder / sha
        try:
            st = None if source is None else os.stat(source)
        except FileNotFoundError:
            st = None
        if source is None or st is None:
            raise NotFoundError(M.IMPORT_BLOB_MISSING.format(
                sha256=sha, name=name, reference=reference,
                folder=M.IMPORT_NO_FOLDER if folder is None else folder))
        if not stat.S_ISREG(st.st_mode):
            raise UsageError(M.IMPORT_BLOB_NOT_REGULAR.format(path=source))
        put = self.store.put_file(source)
        if put.created:
            self.created.append(put.sha256)  # removed again if the import fails
        if put.sha256 != sha or put.size != size:
            raise UsageError(M.IMPORT_BLOB_MISMATCH.format(
                path=source, actual=put.sha256, size=put.size, expected=size))
        return put.path

    # --- the rows ----------------------------------------------------------------------------
    def write(self, data: Json, add: dict[str, list[Json]], add_profile: bool) -> None:
        """The records `add` (by kind) and the profile, in the order their links need."""
        if add_profile:
            p = data["profile"]
            insert_one(self.session, "profile", {
                "name": p["name"], "email": p["email"], "address": p["address"],
                "city": p["city"], "residence": p["residence"],
                "created_at": _stamp(p["created_at"])})
        for a in add["authorities"]:
            self._authority(a)
        for c in add["campaigns"]:
            self._campaign(c)
        files = {f["sha256"]: f for f in data["files"]}
        for sha in self.blobs:
            self._file(files[sha])
        self._requests(add["requests"])
        for f in add["findings"]:
            self._finding(f)

    def _authority(self, a: Json) -> None:
        aid = insert_one(self.session, "authority", {
            "slug": a["slug"], "name": a["name"], "kind": a["kind"], "email": a["email"],
            "address": a["address"], "department": a["department"], "prada": a["prada"],
            "created_at": _stamp(a["created_at"])})
        self.authority_ids[a["slug"]] = aid
        insert_many(self.session, "authority_tag",
                    [{"authority_id": aid, "tag": t} for t in a["tags"]])

    def _campaign(self, c: Json) -> None:
        cid = insert_one(self.session, "campaign", {
            "slug": c["slug"], "title": c["title"], "subject": c["subject"],
            "ref_prefix": c["ref_prefix"], "template": c["template"], "note": c["note"],
            "created_on": _day(c["created_on"]), "created_at": _stamp(c["created_at"])})
        self.campaign_ids[c["slug"]] = cid
        insert_many(self.session, "campaign_document", [
            {"campaign_id": cid, "position": n, "description": d}
            for n, d in enumerate(c["documents"], start=1)])

    def _file(self, f: Json) -> None:
        fid = insert_one(self.session, "stored_file", {
            "sha256": f["sha256"], "size": f["size"], "media_type": f["media_type"],
            "page_count": f["page_count"], "text_status": f["text_status"],
            "text_note": f["text_note"], "created_at": _stamp(f["created_at"])})
        self.file_ids[f["sha256"]] = fid
        self._pages(fid, self.blobs[f["sha256"]], f["media_type"])

    def _pages(self, file_id: int, path: Path, media_type: str) -> None:
        """The text of the stored file, read again here (as `cada document reextract` does)
        for search; its status, note and page count stay as exported."""
        try:
            result = extract(path, media_type, unpack=False)
            batch: list[Json] = []
            for number, text in enumerate(result.pages, start=1):
                batch.append({"file_id": file_id, "number": number,
                              "text": text.replace("\x00", "")})
                if len(batch) >= PAGE_BATCH:
                    self._flush_pages(file_id, batch)
            self._flush_pages(file_id, batch)
        except Exception:  # noqa: BLE001 - a damaged file keeps its exported status, no text
            return

    def _flush_pages(self, file_id: int, batch: list[Json]) -> None:
        if batch:
            store_db.insert_pages(self.session, batch)
            search.index_file_pages(self.session, file_id, first=batch[0]["number"],
                                    last=batch[-1]["number"])
            batch.clear()

    def _requests(self, requests: list[Json]) -> None:
        """Every request and what it holds, table by table in bulk (ids returned in order)."""
        s = self.session
        ids = insert_returning(s, "request", [{
            "reference": r["reference"], "authority_id": self.authority_ids[r["authority"]["slug"]],
            "subject": r["subject"], "channel": r["channel"],
            "environmental": r["environmental"], "created_on": _day(r["created_on"]),
            "illustrative": r["illustrative"], "note": r["note"], "arguments": r["arguments"],
            "open_format": r["open_format"],
            "campaign_id": None if r["campaign"] is None else self.campaign_ids[r["campaign"]],
            "created_at": _stamp(r["created_at"])} for r in requests])
        for r, rid in zip(requests, ids, strict=True):
            self.request_ids[r["reference"]] = rid
        item_ids = _split(insert_returning(s, "request_item", [
            {"request_id": rid, "position": n, "description": text}
            for r, rid in zip(requests, ids, strict=True)
            for n, text in enumerate(r["items"], start=1)]), [len(r["items"]) for r in requests])
        event_ids = _split(insert_returning(s, "event", [{
            "request_id": rid, "kind": e["kind"], "occurred_on": _day(e["date"]),
            "outcome": e["outcome"], "note": e["note"], "complete": e["complete"],
            "mentions_remedies": e["mentions_remedies"], "forced": e["forced"],
            "channel": e["channel"], "notified_on": _day(e["notified_on"]),
            "lawyer_designated_on": _day(e["lawyer_designated_on"]),
            "created_at": _stamp(e["created_at"]), "made_by": e["made_by"]}
            for r, rid in zip(requests, ids, strict=True) for e in r["events"]]),
            [len(r["events"]) for r in requests])
        insert_many(s, "item_outcome", [
            {"event_id": events[e["number"] - 1], "item_id": items[o["item"] - 1],
             "outcome": o["outcome"], "ground": o["ground"]}
            for r, items, events in zip(requests, item_ids, event_ids, strict=True)
            for e in r["events"] for o in e["items"]])
        letters = [(r, rid, events, x) for r, rid, events in zip(requests, ids, event_ids,
                                                                  strict=True)
                   for x in r["letters"]]
        letter_ids = insert_returning(s, "letter", [{
            "request_id": rid, "kind": x["kind"], "body": x["body"], "sha256": x["sha256"],
            "frozen": x["frozen"],
            "event_id": None if x["event"] is None else events[x["event"] - 1],
            "origin": x["origin"], "created_at": _stamp(x["created_at"]),
            "made_by": x["made_by"]}
            for _r, rid, events, x in letters])
        self._documents(requests, ids, event_ids)
        search.index_new(
            s, requests=[(rid, r["reference"], r["subject"], r["items"], r["note"])
                         for r, rid in zip(requests, ids, strict=True)],
            letters=[(lid, x["kind"], x["body"])
                     for (_r, _rid, _events, x), lid in zip(letters, letter_ids, strict=True)])

    def _documents(self, requests: list[Json], ids: list[int],
                   event_ids: list[list[int]]) -> None:
        s = self.session
        docs = [(r, rid, events, d) for r, rid, events in zip(requests, ids, event_ids,
                                                               strict=True)
                for d in r["documents"]]
        doc_ids = insert_returning(s, "document", [{
            "file_id": self.file_ids[d["sha256"]], "request_id": rid,
            "event_id": None if d["event"] is None else events[d["event"] - 1],
            "parent_id": None, "original_name": d["name"],
            "received_on": _day(d["received_on"]), "illustrative": d["illustrative"],
            "created_at": _stamp(d["created_at"]), "made_by": d["made_by"]}
            for _r, rid, events, d in docs])
        for (r, _rid, _events, d), did in zip(docs, doc_ids, strict=True):
            self.doc_ids[(r["reference"], d["number"])] = did
        set_parents(s, [(did, self.doc_ids[(r["reference"], d["parent"])])
                        for (r, _rid, _events, d), did in zip(docs, doc_ids, strict=True)
                        if d["parent"] is not None])

    def _finding(self, f: Json) -> None:
        s = self.session
        fid = insert_one(s, "finding", {
            "title": f["title"], "summary": f["summary"], "illustrative": f["illustrative"],
            "created_at": _stamp(f["created_at"]), "made_by": f["made_by"]})
        insert_many(s, "finding_request", [
            {"finding_id": fid, "request_id": self.request_ids[ref]} for ref in f["requests"]])
        insert_many(s, "finding_tag", [{"finding_id": fid, "tag": t} for t in f["tags"]])
        evidence = []
        for ev in f["evidence"]:
            doc = self.doc_ids.get((ev["request"], ev["document"]))
            if doc is None:  # --merge: the request here has no such document
                continue
            evidence.append({
                "finding_id": fid, "document_id": doc, "page": ev["page"], "quote": ev["quote"],
                "verified": ev["verified"], "file_sha256": ev["sha256"],
                "created_at": _stamp(ev["created_at"])})
        insert_many(s, "evidence", evidence)
        search.index_finding(s, SimpleNamespace(id=fid))
