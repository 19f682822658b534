"""today(): the only reader of the system clock. --today / CADA_TODAY fix it."""

from __future__ import annotations

import os
from datetime import date

_override: date | None = None


def set_today(value: date | None) -> None:
    global _override
    _override = value


def today() -> date:
    if _override is not None:
        return _override
    env = os.environ.get("CADA_TODAY")
    if env:
        from cada_tracker.dates import parse_date

        return parse_date(env, what="CADA_TODAY")
    return date.today()
