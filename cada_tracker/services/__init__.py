"""Use cases: open a session, load, call the domain, save, return plain data."""
