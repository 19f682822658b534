"""Whether a court application (`recours-ta`) can still be admissible, from the law engine's
dates: never after a CADA referral out of time (CRPA L342-1, R343-1: the prior referral is
mandatory and must be made in time), nor after a court deadline that binds you (CJA R421-1,
R421-5), nor after the court long stop (Czabaj). Refused with
exit 4 (ConflictError) unless the user asks for the letter anyway; then a warning goes with it.
"""

from __future__ import annotations

from datetime import date

from cada_tracker.errors import ConflictError
from cada_tracker.law.referral import missed_limit
from cada_tracker.messages import letters as M
from cada_tracker.services.letters.facts import Loaded, first


def inadmissible_reason(loaded: Loaded, today: date) -> str | None:
    """Why an application to the court filed on `today` would be inadmissible, or None."""
    tl, ref = loaded.timeline, loaded.reference
    sent = first(loaded.events, "cada-sent")
    if sent is not None:
        missed = missed_limit(
            tl.get("cada_referral_by"), tl.get("cada_referral_long_stop"), sent.date
        )
        if missed is not None:
            return M.RECOURS_REFERRAL_OUT_OF_TIME.format(
                reference=ref, sent=sent.date.isoformat(), date=missed.date.isoformat()
            )
    court = tl.get("court_by")
    if court is not None and court.opposable and today > court.date:
        return M.RECOURS_AFTER_COURT_DEADLINE.format(reference=ref, date=court.date.isoformat())
    stop = tl.get("court_long_stop")
    if stop is not None and today > stop.date:
        return M.RECOURS_AFTER_LONG_STOP.format(reference=ref, date=stop.date.isoformat())
    return None


def check_recours_ta(loaded: Loaded, today: date, *, allow: bool) -> list[str]:
    """Refuse (exit 4) a `recours-ta` that no court could admit; with `allow`, the warning
    to print with the letter instead."""
    why = inadmissible_reason(loaded, today)
    if why is None:
        return []
    if not allow:
        raise ConflictError(M.RECOURS_REFUSED.format(why=why))
    return [M.NOTE_INADMISSIBLE.format(why=why)]
