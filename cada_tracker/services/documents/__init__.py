"""Documents: files received for a request, stored once by content, text extracted, indexed.

- `inputs`: files, ids and events given by the user, checked before anything is written;
- `ingest`: attach files (store, extract, unpack e-mails and archives) in one transaction;
- `pages`: the pages of a stored file, written and indexed batch by batch;
- `queries`: the JSON of a document (one mapper), list, show, open, export;
- `maintenance`: check and repair the store, read a document's text again;
- `search`: `cada search` and the reindex.

The SQL lives in storage/documents.py, storage/findings.py and storage/search.py.
"""
