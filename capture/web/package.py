"""A finished browsing session turned into what is stored: navigation log, WARC, signed WACZ.

Shared by ``probant web capture`` (built and stored in one process) and the
browser window's child process (built there, sent to the parent, which stores
it): the same bytes whoever records. Qt-free; nothing here touches the vault.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from capture.web.model import Capture, Recording
from capture.web.navlog import navigation_log
from capture.web.wacz import Page, WaczPackage, build_wacz
from capture.web.warc import record_for, write_warc
from evidence.clock import utc_now_iso
from evidence.software import SOFTWARE


@dataclass(frozen=True)
class PackagedSession:
    session_id: str  # a UUID: names the session's captures' WARC records before the WARC exists
    package: WaczPackage
    log: bytes  # the navigation log (canonical JSON), also inside the WARC
    pages: tuple[Page, ...]
    facts: dict[str, Any]
    exchanges: int
    navigations: int


def clean_facts(facts: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical JSON refuses floats: they are left out of what is signed."""
    return {k: v for k, v in facts.items() if not isinstance(v, float)}


def package_session(recording: Recording, pages: Sequence[Page], facts: Mapping[str, Any], *,
                    constat_id: str, session_id: str) -> PackagedSession:
    facts = clean_facts(facts)
    log = navigation_log(recording, facts)
    warc = write_warc(recording, {"software": SOFTWARE, "format": "WARC File Format 1.1",
                                  "user-agent": str(facts.get("user_agent", "")),
                                  "probant-constat": constat_id,
                                  "probant-web-session": session_id}, log, session_id)
    created = utc_now_iso()[:19] + "Z"
    package = build_wacz(warc, pages, title=f"Constat {constat_id}", created=created,
                         software=SOFTWARE)
    return PackagedSession(session_id, package, log, tuple(pages), facts,
                           len(recording.exchanges), len(recording.navigations))


def source_capture(recording: Recording, page: Page, filename: str) -> Capture | None:
    """The original HTML of ``page`` as received (from the recording), or None."""
    ex = next((e for e in reversed(recording.exchanges)
               if e.url == page.url and e.is_main_document and e.status < 300), None)
    if ex is None:
        return None
    return Capture("web_source", "text/html", filename, ex.body, ex.url, page.title, page.ts,
                   (("body_source", ex.body_source),))


def with_record(cap: Capture, recording: Recording, session_id: str) -> Capture:
    """The capture names the session and the WARC response record it was rendered from."""
    extra = (("warc_record_id", record_for(recording, session_id, cap.url)),
             ("web_session", session_id))
    return Capture(cap.kind, cap.mime, cap.filename, cap.data, cap.url, cap.title, cap.time,
                   cap.details + extra)
