"""``web capture`` waits for the network to be idle (issue 16, point 6): a request whose
response (headers included) comes two seconds after the page's load is waited for, though
the recorder learns of it only from Chromium's NetLog until then (Fetch holds responses,
not requests), and the session does not wait its whole bound for it."""

from __future__ import annotations

import time

from tests.fixtures.web_child import run_child
from tests.fixtures.web_server import LATE_S, LATE_TEXT, WebSite

CHILD = r"""
import json, sys
from ui.web.session import CaptureJob, run_session
r = run_session(CaptureJob((sys.argv[1],), wait_s=15, idle_ms=300))
dom = next(c.data.decode() for c in r.captures if c.kind == "web_dom")
print(json.dumps({"dom": dom, "exchanges": {e.url: e.body.decode("utf-8", "replace")
                                            for e in r.recording.exchanges}}))
"""


def test_a_request_answered_late_is_waited_for(web_site: WebSite) -> None:
    start = time.monotonic()
    got = run_child(CHILD, web_site.env(), web_site.base + "/latepage")
    took = time.monotonic() - start
    assert LATE_TEXT in got["dom"]  # the captures were taken once it had come
    assert got["exchanges"][web_site.base + "/late"] == LATE_TEXT
    assert took < 15 + LATE_S, took  # not the whole bound: idle once it came
