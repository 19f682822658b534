"""today(): the only reader of the system clock. CADA_TODAY fixes it."""

from __future__ import annotations

import os
from datetime import date

from cada_tracker.dates import parse_date


def today() -> date:
    """Today as CADA_TODAY gives it, else the system date (--today is read by the CLI into the
    command's Context; services take the Context's `today`, never this function)."""
    env = os.environ.get("CADA_TODAY")
    if env:
        return parse_date(env, what="CADA_TODAY")
    return date.today()
