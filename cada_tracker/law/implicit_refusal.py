"""B, the implicit refusal: one month of silence after receipt is a refusal.

CRPA R*311-12 (silence is a refusal) and R311-13 (one month from receipt); environmental
information: C. env. R124-1 (two months when the authority says so within the first month);
a transfer to the competent authority: CRPA L114-3 / R311-13 (two readings, [U]). Also the
receipt itself, estimated from the sending date and channel when it was not recorded.
"""

from __future__ import annotations

from datetime import date, timedelta

from cada_tracker.domain import Actor, Channel, Confidence, Deadline, DeadlineKind, Event, Outcome
from cada_tracker.law.chain import Chain
from cada_tracker.law.months import add_months
from cada_tracker.law.periods import (
    ONE_DAY,
    AuthorityPeriod,
    authority_end,
    narrate_authority,
    narrate_not_moved,
)
from cada_tracker.law.recorder import TextRecorder
from cada_tracker.messages import law as M

# Enum members read in the functions below, as module constants: in Python 3.11 an
# attribute of an Enum class goes through EnumType.__getattr__ (several times a plain read).
_AUTHORITY = Actor.AUTHORITY
_UNCERTAIN = Confidence.UNCERTAIN
_VERIFIED = Confidence.VERIFIED
_IMPLICIT_REFUSAL = DeadlineKind.IMPLICIT_REFUSAL
_EXTENDED = Outcome.EXTENDED
_TRANSFERRED = Outcome.TRANSFERRED

_d = M.fmt_date  # "Saturday 7 March 2020" (cached)

B_BASIS = ("CRPA R*311-12", "CRPA R311-13")
B_BASIS_ENV = ("C. env. R124-1", "CRPA R*311-12")
SAME_DAY_CHANNELS = frozenset(c.value for c in (Channel.EMAIL, Channel.WEB, Channel.HAND))


class Receipt:
    """When the authority received the request: recorded, or estimated (first..last)."""

    __slots__ = ("first", "last", "estimated", "sent", "channel")

    def __init__(
        self, first: date, last: date, estimated: bool, sent: date | None, channel: str
    ) -> None:
        self.first = first
        self.last = last
        self.estimated = estimated
        self.sent = sent  # the sending date the estimate comes from (None: recorded)
        self.channel = channel


def receipt(chain: Chain) -> Receipt | None:
    """The recorded receipt, else the sending date plus the postal delay (same day for
    e-mail, web and hand delivery). None when neither is recorded."""
    f = chain.events
    if f.received is not None:
        d = f.received.date
        return Receipt(d, d, False, None, chain.facts.channel)
    if f.sent is None:
        return None
    s, channel, opts = f.sent.date, chain.facts.channel, chain.opts
    if channel in SAME_DAY_CHANNELS:
        return Receipt(s, s, True, s, channel)
    first = s + timedelta(days=opts.post_delay_min_days)
    last = s + timedelta(days=opts.post_delay_max_days)
    return Receipt(first, last, True, s, channel)


def narrate_receipt(rec: TextRecorder, r: Receipt, chain: Chain) -> None:
    name = M.CHANNEL_NAMES.get(r.channel, r.channel)
    if r.sent is None:
        rec.say(M.STEP_RECEIVED.format(date=_d(r.first)))
    elif r.channel in SAME_DAY_CHANNELS:
        rec.say(M.STEP_RECEIPT_SAME_DAY.format(channel=name, sent=_d(r.sent)))
    else:
        rec.say(
            M.STEP_RECEIPT_RANGE.format(
                channel=name,
                sent=_d(r.sent),
                first=_d(r.first),
                last=_d(r.last),
                min_days=chain.opts.post_delay_min_days,
                max_days=chain.opts.post_delay_max_days,
            )
        )


class Refusal:
    """B and the readings later deadlines need: B from the latest receipt, B from receipt
    by the competent authority after a transfer."""

    __slots__ = ("b", "late", "competent", "receipt")

    def __init__(self, b: date, late: date, competent: date | None, r: Receipt) -> None:
        self.b = b
        self.late = late
        self.competent = competent
        self.receipt = r


def _environmental_months(chain: Chain, r: Receipt) -> tuple[int, Event | None]:
    """R124-1: two months when an extension was notified within the first month (the
    extension is returned to explain it); an extension elsewhere is ignored with a warning."""
    for ev in chain.events.pre_replies:
        if ev.outcome != _EXTENDED:
            continue
        if not chain.facts.environmental:
            chain.warn(M.WARN_EXTENDED_NOT_ENVIRONMENTAL, date=_d(ev.date))
            return 1, None
        return (2 if ev.date <= add_months(r.first, 1) else 1), ev
    return 1, None


def implicit_refusal(chain: Chain, r: Receipt) -> tuple[Deadline, Refusal]:
    """B = receipt + 1 month (2 for extended environmental information), authority windows
    applied, never moved to a working day (CRPA R*311-12, R311-13)."""
    months, extension = _environmental_months(chain, r)
    basis = list(B_BASIS_ENV if chain.facts.environmental else B_BASIS)
    period = authority_end(r.first, months, chain.opts)
    basis.extend(period.basis)
    b = period.end
    late = b if r.last == r.first else authority_end(r.last, months, chain.opts).end
    base_confidence = _VERIFIED
    transfer = next((e for e in chain.events.pre_replies if e.outcome == _TRANSFERRED), None)
    competent = None
    initial = chain.facts.initial_receipt
    if initial is not None:
        # issue 11 point 8: a request to the competent authority after a transfer. Its own
        # receipt gives the R311-13 reading; the first authority's, the L114-3 one [U].
        first_b = authority_end(initial, months, chain.opts).end
        competent = late  # B counted from the (latest) receipt by the competent authority
        b, late = min(first_b, b), max(first_b, late)
        basis.append("CRPA L114-3")
        base_confidence = _UNCERTAIN
    elif transfer is not None:
        competent = authority_end(max(transfer.date, r.last), months, chain.opts).end
        chain.warn(M.WARN_LATE_REPLY_TRANSFER, date=_d(transfer.date))
        base_confidence = _UNCERTAIN
    refusal = Refusal(b, late, competent, r)
    rec = chain.rec
    if isinstance(rec, TextRecorder):
        _narrate_b(rec, chain, refusal, period, extension, transfer, basis)
    deadline = chain.deadline(
        _IMPLICIT_REFUSAL, b, _AUTHORITY, basis, base_confidence, rec,
        estimated=r.estimated or (initial is not None and chain.facts.initial_receipt_estimated),
    )  # fmt: skip
    return deadline, refusal


def _narrate_b(
    rec: TextRecorder,
    chain: Chain,
    refusal: Refusal,
    period: AuthorityPeriod,
    extension: Event | None,
    transfer: Event | None,
    basis: list[str],
) -> None:
    r, b = refusal.receipt, refusal.b
    narrate_receipt(rec, r, chain)
    initial = chain.facts.initial_receipt
    if initial is None and r.estimated and r.first != r.last:
        rec.say(M.STEP_RECEIPT_CONSERVATIVE.format(date=_d(r.first)))
    if extension is not None:
        extended = period.months == 2
        template = M.STEP_ENVIRONMENTAL_EXTENDED if extended else M.STEP_EXTENSION_LATE
        rec.say(template.format(date=_d(extension.date)))
    if chain.facts.environmental and period.months == 1:
        rec.say(M.STEP_ENVIRONMENTAL)
    narrate_authority(rec, period)
    if initial is not None:  # issue 11 point 8: the request to the competent authority
        first_b = authority_end(initial, period.months, chain.opts).end
        rec.say(M.STEP_TRANSFERRED_FROM.format(
            reference=chain.facts.transferred_from or "?", first=_d(initial),
            b_first=_d(first_b), competent=_d(refusal.competent or b), b=_d(b),
            late=_d(refusal.late),
        ))  # fmt: skip
        if chain.facts.initial_receipt_estimated:
            rec.say(M.STEP_TRANSFERRED_FROM_ESTIMATED.format(
                reference=chain.facts.transferred_from or "?"))
    narrate_not_moved(rec, b)
    if refusal.late != b and initial is None:
        rec.alt(M.ALT_B_RANGE.format(first=_d(b), last=_d(refusal.late)))
    rec.alt(M.ALT_B_MINUS.format(date=_d(b - ONE_DAY)))
    rec.alt(M.ALT_B_PLUS.format(date=_d(b + ONE_DAY)))
    if transfer is not None:
        rec.say(M.STEP_TRANSFER.format(date=_d(transfer.date)))
        rec.alt(M.ALT_B_TRANSFER.format(date=_d(refusal.competent)))
    rec.say(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))
