"""The explanation of a deadline (`cada explain`): steps and alternative readings, in words.

A deadline function hands its explanation over as a *narration*: a function and the values it
needs, run only when the chain's recorder is a text recorder:

    rec = chain.rec
    if isinstance(rec, TextRecorder):
        narrate(rec, a, b)

With explanations on, the narration runs on the chain's text recorder (one per timeline,
emptied by each `Chain.deadline`) and says each step (`rec.say(M.STEP_X.format(...))`) and
alternative reading (`rec.alt(...)`). With them off (`LawOptions.explain` False, the fast path
of reports over many requests) the chain's recorder is the null recorder: no narration runs,
no string is built. (A direct call: a `chain.explain(narrate, *args)` dispatcher cost a frame
and two argument tuples per deadline.) Templates live in `cada_tracker.messages.law`; dates
are written with `messages.law.fmt_date` (cached), as `render` does for the arguments kept
in a `Start`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from cada_tracker.messages import law as M


def render(template: str, args: dict[str, object]) -> str:
    """`template` formatted with `args` (a fresh dict: it is updated in place), dates
    written out in words."""
    for k, v in args.items():
        if type(v) is date:
            args[k] = M.fmt_date(v)
    return template.format_map(args)


class TextRecorder:
    """Collects the steps and alternatives of one deadline: `rec.say(text)` adds a step,
    `rec.alt(text)` an alternative reading (both plain list appends). One recorder serves a
    whole timeline (a recorder per deadline costs as much as a narration): `Chain.deadline` takes
    each deadline's explanation and leaves the recorder empty for the next one."""

    __slots__ = ("lines", "readings", "say", "alt")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.readings: list[str] = []
        self.say: Callable[[str], None] = self.lines.append
        self.alt: Callable[[str], None] = self.readings.append


class NullRecorder:
    """The recorder of the fast path: records nothing, since no narration runs on it."""

    __slots__ = ()


NULL = NullRecorder()
Recorder = TextRecorder | NullRecorder
