"""E-mail addresses, checked once where they are typed (`cada init --email`, `cada authority
add/edit/import --email`) and encoded where a message is written (`cada letter --format eml`).

Strict RFC 5322 addr-spec in its dot-atom form only (RFC 6532 for non-ASCII): no display name,
no comments, no quoted local part, no domain literal, no encoded word. Internationalised
domains are encoded to ASCII with Python's `idna` codec (IDNA 2003, stdlib); a non-ASCII local
part needs SMTPUTF8 (RFC 6531) and is flagged so the e-mail writer can use it. Pure: stdlib
only, no I/O.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cada_tracker import messages as M
from cada_tracker.display import shown
from cada_tracker.errors import UsageError

# RFC 5322 atext: ASCII letters, digits and these; RFC 6532 adds any non-ASCII character.
_ATEXT = re.compile(r"^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\U0010ffff]+$")
_LDH = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_ENCODED_WORD = re.compile(r"=\?.*\?=")
# Characters named in the message when found (the usual ways to smuggle a second address or a
# display name into a header).
_FORBIDDEN = '<>";(),:[]\\'


class EmailAddress(NamedTuple):
    """A checked address: the local part, the domain as typed, and the domain in ASCII."""

    local: str
    domain: str
    ascii_domain: str

    @property
    def needs_smtputf8(self) -> bool:
        """A non-ASCII local part: only an SMTPUTF8 (RFC 6531) message can carry it."""
        return not self.local.isascii()

    @property
    def for_header(self) -> str:
        """The address as a header carries it: the domain in ASCII (IDNA)."""
        return f"{self.local}@{self.ascii_domain}"


def _why(text: str) -> str | None:
    """Why `text` is not an addr-spec, or None."""
    # the specials first: "Name <address>" is told to give the bare address, not about spaces
    bad = [ch for ch in _FORBIDDEN if ch in text]
    if bad:
        return M.EMAIL_WHY_SPECIALS.format(chars="'" + "', '".join(bad) + "'")
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        return M.EMAIL_WHY_SPACES
    if _ENCODED_WORD.search(text):
        return M.EMAIL_WHY_ENCODED
    if text.count("@") != 1:
        return M.EMAIL_WHY_AT
    local, _, domain = text.partition("@")
    if not local:
        return M.EMAIL_WHY_LOCAL_EMPTY
    if len(local.encode("utf-8")) > 64:
        return M.EMAIL_WHY_LOCAL_LONG
    if not all(atom and _ATEXT.match(atom) for atom in local.split(".")):
        return M.EMAIL_WHY_LOCAL_BAD
    if _ascii_domain(domain) is None:
        return M.EMAIL_WHY_DOMAIN
    if len(local.encode("utf-8")) + 1 + len(_ascii_domain(domain) or "") > 254:
        return M.EMAIL_WHY_LONG
    return None


def _ascii_domain(domain: str) -> str | None:
    """The domain with each label in ASCII (IDNA), or None when it is not a host name."""
    labels = domain.split(".")
    if len(labels) < 2:
        return None
    out: list[str] = []
    for label in labels:
        if not label:
            return None
        if label.isascii():
            ascii_label = label
        else:
            try:
                ascii_label = label.encode("idna").decode("ascii")
            except UnicodeError:
                return None
        if not _LDH.match(ascii_label):
            return None
        out.append(ascii_label.lower())
    if out[-1].isdigit():
        return None
    joined = ".".join(out)
    return joined if len(joined) <= 253 else None


def parse_email(text: str, what: str = "--email") -> EmailAddress:
    """The address `text` (stripped), checked: UsageError (exit 2), one line, otherwise."""
    value = text.strip()
    why = _why(value)
    if why is not None:
        raise UsageError(M.BAD_EMAIL_ADDRESS.format(email=shown(value), what=what, why=why))
    local, _, domain = value.partition("@")
    ascii_domain = _ascii_domain(domain)
    assert ascii_domain is not None
    return EmailAddress(local, domain, ascii_domain)


def check_email(text: str | None, what: str = "--email") -> str | None:
    """The address as typed (stripped) when valid; None when empty; UsageError otherwise."""
    if text is None or not text.strip():
        return None
    parse_email(text, what)
    return text.strip()
