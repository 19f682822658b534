"""The explanation of a deadline (`cada explain`): steps and alternative readings, in words.

A deadline function hands its explanation to a recorder as a *narration*: a function and the
values it needs (`rec.explain(narrate, a, b)`). The text recorder calls it; the null recorder,
used when `LawOptions.explain` is False, does nothing, so the fast path never builds a string.
Templates live in `cada_tracker.messages.law`; dates given as arguments are formatted here
("Saturday 7 March 2020").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Concatenate, ParamSpec

from cada_tracker.domain import Step
from cada_tracker.messages import law as M

P = ParamSpec("P")


def render(template: str, args: dict[str, object]) -> str:
    """`template` formatted with `args`, dates written out in words."""
    return template.format(
        **{k: M.fmt_date(v) if isinstance(v, date) else v for k, v in args.items()}
    )


def basis_text(basis: Iterable[str]) -> str:
    """The bases of a deadline, each once, in order."""
    return ", ".join(dict.fromkeys(basis))


class TextRecorder:
    """Collects the steps and alternatives of one deadline."""

    __slots__ = ("_steps", "_alternatives")

    def __init__(self) -> None:
        self._steps: list[str] = []
        self._alternatives: list[str] = []

    def explain(
        self, narrate: Callable[Concatenate[TextRecorder, P], None], *args: P.args, **kw: P.kwargs
    ) -> None:
        narrate(self, *args, **kw)

    def step(self, template: str, /, **args: object) -> None:
        self._steps.append(render(template, args) if args else template)

    def alt(self, template: str, /, **args: object) -> None:
        self._alternatives.append(render(template, args) if args else template)

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(map(Step, self._steps))

    @property
    def alternatives(self) -> tuple[str, ...]:
        return tuple(self._alternatives)


class NullRecorder:
    """The recorder of the fast path: records nothing, narrates nothing."""

    __slots__ = ()
    steps: tuple[Step, ...] = ()
    alternatives: tuple[str, ...] = ()

    def explain(
        self, narrate: Callable[Concatenate[TextRecorder, P], None], *args: P.args, **kw: P.kwargs
    ) -> None:
        pass


NULL = NullRecorder()
Recorder = TextRecorder | NullRecorder


def recorder(explain: bool) -> Recorder:
    """A fresh text recorder, or the shared null recorder when explanations are off."""
    return TextRecorder() if explain else NULL
