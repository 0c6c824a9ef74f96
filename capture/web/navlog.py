"""The navigation log: main-frame steps, failures and the session's facts, as canonical JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from capture.web.model import Recording
from evidence.canonical import canonical_json

FORMAT = "probant-web-navigation-log/1"


def navigation_log(recording: Recording, session: Mapping[str, Any]) -> bytes:
    """What the officer visited, in order; signed later as evidence (kind ``web_log``)."""
    body = {
        "format": FORMAT,
        "session": dict(session),
        "navigations": [n.to_json() for n in recording.navigations],
        "failures": [{"url": f.url, "type": f.resource_type, "error": f.error, "time": f.time,
                      "certificate_error": f.certificate_error} for f in recording.failures],
        "exchanges": len(recording.exchanges),
        "bodies": dict(Counter(e.body_source for e in recording.exchanges)),
        # Responses whose transfer failed after their headers: archived as far as they came.
        "cut": [{"url": e.url, "error": e.net_error, "received": len(e.body)}
                for e in recording.exchanges if e.body_source == "cut"],
        "channel": dict(recording.channel),
        "dns": dns_entries(recording),
    }
    return canonical_json(body)


def dns_entries(recording: Recording) -> list[dict[str, Any]]:
    """Each visited host: the system resolver's answer beside the IPs Chromium connected to."""
    out = []
    for found in recording.dns:
        used = sorted({e.server_ip.strip("[]") for e in recording.exchanges
                       if e.server_ip and urlsplit(e.url).hostname == found.host})
        resolved = set(found.a) | set(found.aaaa)
        out.append({**found.to_json(), "chromium_ips": used,
                    "agrees": bool(used) and set(used) <= resolved})
    return out
