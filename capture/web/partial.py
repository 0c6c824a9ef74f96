"""What the browser window sent of its session before « Terminer »: kept by the parent.

The window sends, as it goes, the WARC records of the exchanges whose body is
final (``segment`` frames), its verified start state (``hello``), its live log
lines, DNS answers, certificate decisions, logins, consent banners, the proxy
acknowledgement and the window films asked. The parent hears every frame here;
if the window dies before its signed WACZ arrives, ``package`` turns what was
heard into one WARC marked partial (a ``warcinfo`` record saying so, then the
segments: each record its own gzip member) and the metadata of its evidence
item. Qt-free and vault-free: app/services/web.py stores it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from capture.web.channel import Frame
from capture.web.package import clean_facts
from capture.web.warc import warcinfo_record
from evidence.clock import utc_now_iso
from evidence.software import SOFTWARE

FILENAME = "session-partial.warc.gz"
# frame type -> the metadata list its fields are appended to (whole frame, or one of its lists)
_LISTS = {"navigation": ("navigations", "lines"), "dns": ("dns", "lookups"),
          "certificate": ("certificate_errors", ""), "login": ("logins", ""),
          "consent": ("consent_banners", ""), "record": ("window_recordings", "")}


class PartialArchive:
    def __init__(self, constat_id: str, session_id: str) -> None:
        self.constat_id, self.session_id = constat_id, session_id
        self.segments: list[bytes] = []
        self.records = self.exchanges = 0
        self.facts: dict[str, Any] = {}
        self.lists: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in _LISTS.values()}

    def hear(self, frame: Frame) -> None:
        if frame.type == "segment":
            self.segments.append(frame.payload)
            self.records += int(frame.fields.get("records", 0))
            self.exchanges += int(frame.fields.get("exchanges", 0))
        elif frame.type == "hello":
            self.facts = dict(frame.fields.get("facts", {}))
        elif frame.type == "proxy":
            self.facts.update(frame.fields)
        elif frame.type in _LISTS:
            name, inner = _LISTS[frame.type]
            self.lists[name] += (list(frame.fields.get(inner, [])) if inner
                                 else [dict(frame.fields)])

    def package(self, exit_code: int | None,
                captures: Sequence[str]) -> tuple[bytes, dict[str, Any]] | None:
        """The partial WARC and its item's metadata; None if no record was received."""
        if not self.segments:
            return None
        why = f"the recording browser ended before « Terminer » (exit code {exit_code})"
        info = warcinfo_record({"software": SOFTWARE, "format": "WARC File Format 1.1",
                                "probant-constat": self.constat_id,
                                "probant-web-session": self.session_id,
                                "probant-partial": f"true; {why}; {self.records} records "
                                                   f"of {self.exchanges} exchanges",
                                "probant-stored-at": utc_now_iso()}, FILENAME)
        facts = clean_facts(self.facts)
        for name in ("consent_banners", "window_recordings"):  # facts in a finished log
            facts[name] = self.lists[name]
        meta = {"partial": True, "reason": why, "exit_code": exit_code,
                "records": self.records, "exchanges": self.exchanges,
                "web_session": self.session_id, "captures": list(captures), "facts": facts,
                **{k: v for k, v in self.lists.items()
                   if k not in ("consent_banners", "window_recordings")}}
        return info + b"".join(self.segments), meta
