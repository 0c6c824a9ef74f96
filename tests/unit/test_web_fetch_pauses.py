"""Which held responses have their body read through Fetch, and that each is continued once
(capture/web/bodies.py): the page must never wait on the recorder."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from capture.web.bodies import MAX_BODY, Pauses, skip_reason


def _paused(status: int | None = 200, method: str = "GET", rtype: str = "Document",
            error: str = "", **headers: str) -> dict[str, Any]:
    p: dict[str, Any] = {"requestId": "interception-1", "resourceType": rtype,
                         "request": {"method": method, "url": "https://x.test/"},
                         "responseHeaders": [{"name": k.replace("_", "-"), "value": v}
                                             for k, v in headers.items()]}
    if status is not None:
        p["responseStatusCode"] = status
    if error:
        p["responseErrorReason"] = error
    return p


@pytest.mark.parametrize(("paused", "reason"), [
    (_paused(), ""),
    (_paused(404), ""),
    (_paused(Content_Type="image/png", Content_Length="30000"), ""),
    (_paused(None), "no_response"),
    (_paused(error="ConnectionReset"), "no_response"),
    (_paused(302, Location="/page"), "no_body"),
    (_paused(204), "no_body"),
    (_paused(304), "no_body"),
    (_paused(method="HEAD"), "no_body"),
    (_paused(206, Content_Range="bytes 0-99/1000"), ""),  # the bytes the server sent
    (_paused(rtype="Media"), "streaming"),  # no length: it may never end
    (_paused(Content_Type="video/mp4"), "streaming"),
    (_paused(Content_Type="video/mp4", Content_Length="900000"), ""),
    (_paused(rtype="WebSocket"), "streaming"),
    (_paused(Content_Type="text/event-stream; charset=utf-8"), "streaming"),
    (_paused(Content_Disposition='attachment; filename="cgv.pdf"'), "download"),
    (_paused(Content_Length=str(MAX_BODY + 1)), "too_large"),
    (_paused(Content_Length=str(MAX_BODY)), ""),
])
def test_which_bodies_are_read_while_held(paused: dict[str, Any], reason: str) -> None:
    assert skip_reason(paused) == reason


def test_every_pause_is_continued_once_even_when_nobody_does() -> None:
    resumed: list[tuple[str, str, bool]] = []
    done = threading.Event()

    def resume(fetch_id: str, session: str, response: bool) -> None:
        resumed.append((fetch_id, session, response))
        done.set()

    pauses = Pauses(resume, limit_s=0.2)
    pauses.hold("a", "s1", True)
    pauses.hold("b", "s1", True)
    assert pauses.release("a") and not pauses.release("a")  # once only
    assert done.wait(3)  # "b": nobody continued it, the watchdog did
    time.sleep(0.6)
    assert resumed == [("a", "s1", True), ("b", "s1", True)]
    assert pauses.released_late == 1 and pauses.count() == 0
    pauses.hold("c", "s2", False)
    pauses.release_all()  # the session ends: everything still held goes on
    assert resumed[-1] == ("c", "s2", False) and pauses.count() == 0


def test_a_body_read_is_taken_from_the_raw_answer_or_left_to_json() -> None:
    import base64
    import json

    from capture.web.cdp import raw_base64

    body = bytes(range(256)) * 3
    answer = {"id": 7, "result": {"body": base64.b64encode(body).decode(),
                                  "base64Encoded": True}, "sessionId": "S"}
    assert raw_base64(json.dumps(answer, separators=(",", ":")).encode()) == body
    # Anything else is left to the JSON parser (None): text bodies, errors, escapes.
    text = {"id": 7, "result": {"body": "caf\u00e9", "base64Encoded": False}}
    error = {"id": 7, "error": {"code": -32000, "message": "No resource"}}
    for other in (text, error):
        assert raw_base64(json.dumps(other, separators=(",", ":")).encode()) is None
    escaped = b'{"id":7,"result":{"body":"QUJD\\/","base64Encoded":true}}'
    assert raw_base64(escaped) is None


def test_a_frame_login_report_is_learnt_and_kept_once() -> None:
    import json

    from capture.web.frame_logins import BINDING, FrameLogins
    from capture.web.masking import PasswordFields

    passwords = PasswordFields()
    logins = FrameLogins(passwords)
    report = {"kind": "click", "url": "https://b.test/login", "action": "https://b.test/s",
              "method": "post", "passwords": [{"name": "pw", "value": "s3cret-value"}],
              "fields": ["user", "pw"]}
    logins.reported({"name": "someoneElse", "payload": json.dumps(report)})
    assert passwords.snapshot() == (frozenset(), frozenset())  # not our binding: ignored
    logins.reported({"name": BINDING, "payload": json.dumps(report)})
    logins.reported({"name": BINDING, "payload": json.dumps({**report, "kind": "submit"})})
    logins.reported({"name": BINDING, "payload": "not json"})
    assert passwords.snapshot() == (frozenset({"pw"}), frozenset({"s3cret-value"}))
    (fact,) = logins.logins()  # the click and the submit it causes: one login
    assert fact["method"] == "POST" and fact["frame"] is True
    assert fact["password_fields"] == ["pw"] and "s3cret-value" not in json.dumps(fact)
