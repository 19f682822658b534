"""The CADA step: registration R, the expected opinion, and K, the confirmed refusal.

CRPA R343-3 (the CADA gives its opinion within one month of registration; a late opinion has
no legal effect), R*343-4 and R343-5 (silence of the authority for two months after
registration confirms the refusal: K). Both are authority periods (`periods.authority_end`).
"""

from __future__ import annotations

from datetime import date, timedelta

from cada_tracker.domain import Actor, Channel, Confidence, Deadline, DeadlineKind
from cada_tracker.law.chain import Chain, Start
from cada_tracker.law.implicit_refusal import SAME_DAY_CHANNELS
from cada_tracker.law.periods import (
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
_CADA = Actor.CADA
_VERIFIED = Confidence.VERIFIED
_CADA_OPINION_EXPECTED = DeadlineKind.CADA_OPINION_EXPECTED
_REFUSAL_CONFIRMED = DeadlineKind.REFUSAL_CONFIRMED

_EMAIL = Channel.EMAIL.value

_d = M.fmt_date  # "Saturday 7 March 2020" (cached)

OPINION_BASIS = ("CRPA R343-3",)
K_BASIS = ("CRPA R*343-4", "CRPA R343-5")


class Registration:
    """R: recorded, or estimated from the date the referral was sent."""

    __slots__ = ("start", "date", "estimated")

    def __init__(self, start: Start, estimated: bool) -> None:
        self.start = start
        self.date: date = start.date
        self.estimated = estimated


def registration(chain: Chain) -> Registration | None:
    """The recorded registration, else the sending date (+ the minimum postal delay)."""
    f = chain.events
    if f.cada_registered is not None:
        return Registration(Start(f.cada_registered.date, M.WHAT_REGISTRATION), False)
    if f.cada_sent is None:
        return None
    sent = f.cada_sent.date
    # the referral's own channel; e-mail (the CADA's usual route) when it was not recorded
    channel = f.cada_sent.channel or _EMAIL
    delay = 0 if channel in SAME_DAY_CHANNELS else chain.opts.post_delay_min_days
    what = Start(
        sent + timedelta(days=delay), M.WHAT_REGISTRATION_ESTIMATED, None,
        {"sent": sent, "channel": M.CHANNEL_NAMES.get(channel, channel)},
    )  # fmt: skip
    # review 13: after a referral out of time no court deadline is computed: K only
    late = chain.out_of_time is not None
    chain.warn(M.WARN_REGISTRATION_ESTIMATED_K if late else M.WARN_REGISTRATION_ESTIMATED)
    return Registration(what, True)


def opinion_expected(chain: Chain, r: Registration) -> Deadline:
    """R + 1 month (R343-3): indicative only."""
    return _from_registration(
        chain, r, 1, OPINION_BASIS, _CADA_OPINION_EXPECTED, _CADA, indicative=True
    )


def refusal_confirmed(chain: Chain, r: Registration) -> Deadline:
    """K = R + 2 months (R*343-4, R343-5), never moved to a working day."""
    return _from_registration(
        chain, r, 2, K_BASIS, _REFUSAL_CONFIRMED, _AUTHORITY, indicative=False
    )


def _from_registration(
    chain: Chain, r: Registration, months: int, base: tuple[str, ...], kind: DeadlineKind,
    actor: Actor, *, indicative: bool,
) -> Deadline:
    """An authority period of `months` from R (`periods.authority_end`)."""
    period = authority_end(r.date, months, chain.opts)
    basis = [*base, *period.basis]
    rec = chain.rec
    if isinstance(rec, TextRecorder):
        _narrate(rec, r, period, basis, indicative=indicative)
    return chain.deadline(kind, period.end, actor, basis, _VERIFIED, rec, estimated=r.estimated)


def _narrate(
    rec: TextRecorder, r: Registration, period: AuthorityPeriod, basis: list[str], *,
    indicative: bool,
) -> None:
    rec.say(M.STEP_START.format(what=r.start.text(), date=_d(r.date)))
    narrate_authority(rec, period)
    if indicative:  # the opinion: no legal effect when late
        rec.say(M.STEP_INDICATIVE)
    else:  # K: an implicit decision, never moved
        narrate_not_moved(rec, period.end)
    rec.say(M.STEP_BASIS.format(basis=", ".join(dict.fromkeys(basis))))
