"""French legal time as the window shows it (known answers: the law's summer-time rules,
not the workstation's zone)."""

from __future__ import annotations

import pytest

from signing.legal_time import french_time


@pytest.mark.parametrize(("recorded", "shown"), [
    ("2026-12-04T23:35:33.123456Z", "2026-12-05 00:35:33"),  # winter, UTC+1, the next day
    ("2026-07-14T10:00:00Z", "2026-07-14 12:00:00"),  # summer, UTC+2
    ("2026-03-29T00:59:59Z", "2026-03-29 01:59:59"),  # the last second of winter time…
    ("2026-03-29T01:00:00Z", "2026-03-29 03:00:00"),  # …then 02:00 does not exist
    ("2026-10-25T00:30:00Z", "2026-10-25 02:30:00"),  # 02:30 twice in October: summer…
    ("2026-10-25T01:30:00Z", "2026-10-25 02:30:00"),  # …then winter
    ("2026-12-04T18:35:33-05:00", "2026-12-05 00:35:33"),  # a workstation in New York
])
def test_an_instant_is_shown_in_french_legal_time(recorded: str, shown: str) -> None:
    assert french_time(recorded) == shown
    assert french_time(recorded, seconds=False) == shown[:16]


@pytest.mark.parametrize("text", ["", "2026-12-04 23:35", "2026-12-04T23:35:33", "hier"])
def test_what_is_not_an_instant_is_shown_as_it_is(text: str) -> None:
    # a time without zone would be a guess: it is not converted
    assert french_time(text) == text
