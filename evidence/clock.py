"""Time readings recorded with every action: UTC, local time with offset, monotonic."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class TimeReading:
    utc: str  # ISO 8601, microseconds, "Z"
    local: str  # ISO 8601 with the workstation's UTC offset
    monotonic_ns: int

    @classmethod
    def now(cls) -> TimeReading:
        mono = time.monotonic_ns()
        now = datetime.now(UTC)
        return cls(
            utc=now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            local=now.astimezone().isoformat(timespec="microseconds"),
            monotonic_ns=mono,
        )


def utc_now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
