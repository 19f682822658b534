"""Authorities and the requester's profile, as the storage layer loads them."""

from __future__ import annotations

from typing import NamedTuple

AUTHORITY_FIELDS = ("name", "slug", "kind", "email", "address", "department", "prada")
RESIDENCES = ("metropole", "overseas", "abroad")


class AuthorityRecord(NamedTuple):
    """A public body requests are sent to."""

    slug: str
    name: str
    kind: str | None = None
    email: str | None = None
    address: str | None = None
    department: str | None = None  # INSEE code: the court's holiday calendar, CJA R221-3
    prada: str | None = None  # personne responsable de l'accès aux documents administratifs
    tags: tuple[str, ...] = ()  # table authority_tag, in tag order (issue 11)


class ProfileRecord(NamedTuple):
    """The requester: who signs the letters."""

    name: str
    email: str | None = None
    address: str | None = None
    city: str | None = None
    residence: str = "metropole"  # CJA R421-7 distance extensions
