"""French legal time: the one clock every instant Probant shows is read in.

The vault records instants in UTC (or with the workstation's offset). The act is read in
France, so the PV prints French legal time (zone Europe/Paris, from the IANA database
through ``zoneinfo``: the summer-time rules are the law's, not the workstation's settings);
the window shows the same reading, so that an annex's time on screen is the one in the PV
even on a workstation set to another zone (a laptop left in UTC would otherwise show an
hour that the act contradicts).
"""

from __future__ import annotations

import functools
from datetime import datetime
from zoneinfo import ZoneInfo


@functools.cache
def paris() -> ZoneInfo:
    """Europe/Paris from the IANA database: the system's, or the ``tzdata`` package where
    the system has none (Windows). Loaded when first used, not at import."""
    return ZoneInfo("Europe/Paris")


def parse_instant(text: str) -> datetime | None:
    """An ISO 8601 instant as the vault writes it ("…Z", or with an offset); None if not one.
    A time without a zone is not guessed: it is not an instant."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def french_time(text: str | None, *, seconds: bool = True) -> str:
    """« 2026-12-05 00:35:33 » in French legal time for an instant the vault recorded;
    a text that is not an instant (empty, or a time without zone) is shown as it is."""
    moment = parse_instant(text or "")
    if moment is None:
        return text or ""
    m = moment.astimezone(paris())
    # by fields, not strftime: a journal of a hundred thousand entries is filtered on it
    text = f"{m.year:04d}-{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}"
    return f"{text}:{m.second:02d}" if seconds else text
