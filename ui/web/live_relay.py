"""What the parent learns while the officer browses, before « Terminer »: if this process
dies, the partial archive's navigation log is built from it (ui/web/browser.py).

Each DNS answer and each login inside a frame once; each main-frame step once it is
complete — its status, and its server's address from the NetLog, or after 5 s without it
(sent as it is, never held back for ever) — in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from capture.web.channel import Frame
from capture.web.model import Navigation
from capture.web.recorder import NetworkRecorder
from evidence.clock import utc_now_iso
from ui.web.netlog_flush import older_than

if TYPE_CHECKING:
    from ui.web.child import Channel


class LiveRelay:
    def __init__(self, recorder: NetworkRecorder, channel: Channel,
                 login_seen: Callable[[dict[str, Any]], None]) -> None:
        self.recorder, self.channel, self.login_seen = recorder, channel, login_seen
        self.sent_dns = 0
        self.sent_frame_logins = 0  # logins inside frames, seen through CDP
        self.sent_lines = 0

    def send_news(self) -> None:
        """The DNS answers and the logins inside frames not sent yet."""
        lookups = self.recorder.dns.lookups()
        if len(lookups) > self.sent_dns:
            answered, self.sent_dns = lookups[self.sent_dns:], len(lookups)
            self.channel.send(Frame("dns", {"lookups": [x.to_json() for x in answered]}))
        in_frames = self.recorder.frame_logins.logins()
        for fact in in_frames[self.sent_frame_logins:]:
            self.login_seen(fact)
        self.sent_frame_logins = len(in_frames)

    def send_ready(self, lines: Sequence[Navigation]) -> None:
        """The steps complete since the last call, as long as every step before them is."""
        now = utc_now_iso()
        ready = [n for n in lines
                 if n.error or (n.status and (n.server_ip or older_than(n.time, now, 5)))]
        if len(ready) > self.sent_lines and len(ready) == len(lines[:len(ready)]):
            fresh = ready[self.sent_lines:]
            self.sent_lines = len(ready)
            self.channel.send(Frame("navigation", {"lines": [n.to_json() for n in fresh]}))
