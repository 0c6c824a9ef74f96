"""A response the recorder holds (Fetch domain, capture/web/bodies.py) never blocks the page on
the recorder: the pause is answered at once (the body read and the continue sent together),
so a body still coming long after the pause limit reaches the page as soon as it is whole, and
the record holds that very body, read through Fetch; a session that ends while a body is still
coming closes at once. Real QtWebEngine offscreen in a child process, the HTTPS fixture's
``/slow`` (half its body, a pause, the rest)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.fixtures import web_server
from tests.fixtures.web_child import run_child
from tests.fixtures.web_server import SLOW_BODY, WebSite

CHILD = r"""
import json, sys, time
import capture.web.bodies as bodies
bodies.PAUSE_LIMIT_S = float(sys.argv[2])
from ui.web.session import CaptureJob, run_session
start = time.monotonic()
r = run_session(CaptureJob((sys.argv[1],), wait_s=float(sys.argv[3]), idle_ms=300))
dom = next(c.data.decode() for c in r.captures if c.kind == "web_dom")
print(json.dumps({"took": time.monotonic() - start, "dom": dom,
                  "channel": dict(r.recording.channel),
                  "exchanges": {e.url: [e.body_source, e.body.hex()]
                                for e in r.recording.exchanges}}))
"""


def _session(site: WebSite, limit_s: float, wait_s: float) -> dict[str, Any]:
    return dict(run_child(CHILD, site.env(), site.base + "/slowpage", str(limit_s),
                          str(wait_s)))


def test_a_body_still_coming_after_the_pause_limit_is_read_all_the_same(
        web_site: WebSite) -> None:
    # The body's second half comes 6 s after the first; the watchdog would let go after 2 s.
    got = _session(web_site, limit_s=2, wait_s=20)
    assert f"slow {len(SLOW_BODY)}" in got["dom"]  # the page got the whole body
    source, body = got["exchanges"][web_site.base + "/slow"]
    assert bytes.fromhex(body) == SLOW_BODY
    # Continued at once behind its read: nothing was left for the watchdog, and the record
    # is the buffer Chromium handed the page (before, the watchdog let it go: "decoded").
    assert source == "fetch", source
    assert got["channel"]["fetch_released_late"] == "0"
    assert got["exchanges"][web_site.base + "/slowpage"][0] == "fetch"


def test_a_session_ending_while_a_response_is_held_closes(web_site: WebSite,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_server, "SLOW_S", 25.0)  # still coming when the session ends
    start = time.monotonic()
    got = _session(web_site, limit_s=60, wait_s=2)
    assert time.monotonic() - start < 22, got["took"]  # neither the pause nor the body awaited
    assert "pending" in got["dom"]  # the page was still waiting for it
    # Its headers came, its body did not: archived as such (empty, said unfinished), never
    # passed off as a body.
    assert got["exchanges"][web_site.base + "/slow"] == ["unfinished", ""]
