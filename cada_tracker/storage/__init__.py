"""Storage: tables access, read paths, document store, search index."""
