"""The DNS resolution of every host the recording browser navigated to (main frame).

At the first main-frame request to a host, the workstation's own resolver is
asked (``socket.getaddrinfo``, A and AAAA, on a thread of its own: never the Qt
thread nor the CDP reader), and the answer is recorded with the resolver
configuration it went through (``/etc/resolv.conf``'s name servers and search
domains, the ``hosts:`` line of ``/etc/nsswitch.conf``, since /etc/hosts may
answer before any DNS server). The navigation log then sets it beside the
server IP Chromium actually connected to (Chromium may resolve by itself, with
its own cache): both recorded, and whether they agree.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidence.clock import utc_now_iso


def system_resolvers(resolv_conf: Path = Path("/etc/resolv.conf"),
                     nsswitch: Path = Path("/etc/nsswitch.conf")) -> dict[str, Any]:
    servers: list[str] = []
    search: list[str] = []
    try:
        for line in resolv_conf.read_text(encoding="utf-8", errors="replace").splitlines():
            words = line.split("#")[0].split()
            if len(words) >= 2 and words[0] == "nameserver":
                servers.append(words[1])
            elif words and words[0] in ("search", "domain"):
                search += words[1:]
    except OSError:
        pass
    order = ""
    try:
        for line in nsswitch.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.strip().startswith("hosts:"):
                order = line.split(":", 1)[1].split("#")[0].strip()
    except OSError:
        pass
    return {"nameservers": servers, "search": search, "nsswitch_hosts": order,
            "source": str(resolv_conf)}


@dataclass(frozen=True)
class HostLookup:
    host: str
    time: str  # when asked (UTC)
    a: tuple[str, ...]
    aaaa: tuple[str, ...]
    resolvers: dict[str, Any]
    took_ms: int
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"host": self.host, "time": self.time, "a": list(self.a), "aaaa": list(self.aaaa),
                "resolvers": self.resolvers, "took_ms": self.took_ms, "error": self.error,
                "resolver": "system (getaddrinfo)"}


def lookup(host: str) -> HostLookup:
    asked, start = utc_now_iso(), time.monotonic()
    resolvers = system_resolvers()
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:  # an address typed as such: nothing to resolve
        literal = host.strip("[]")
        v6 = ":" in literal
        return HostLookup(host, asked, () if v6 else (literal,), (literal,) if v6 else (),
                          resolvers, 0, "address literal: not resolved")
    try:
        answers = socket.getaddrinfo(host, None, socket.AF_UNSPEC, socket.SOCK_STREAM)
    except OSError as exc:
        return HostLookup(host, asked, (), (), resolvers,
                          int((time.monotonic() - start) * 1000), f"{type(exc).__name__}: {exc}")
    a = tuple(dict.fromkeys(str(x[4][0]) for x in answers if x[0] == socket.AF_INET))
    aaaa = tuple(dict.fromkeys(str(x[4][0]) for x in answers if x[0] == socket.AF_INET6))
    return HostLookup(host, asked, a, aaaa, resolvers, int((time.monotonic() - start) * 1000))


class DnsLog:
    """One lookup per host, each on its own daemon thread; read from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._asked: list[str] = []
        self._done: dict[str, HostLookup] = {}

    def ask(self, host: str) -> None:
        with self._lock:
            if not host or host in self._asked:
                return
            self._asked.append(host)
        threading.Thread(target=self._resolve, args=(host,), name=f"dns-{host}",
                         daemon=True).start()

    def _resolve(self, host: str) -> None:
        result = lookup(host)
        with self._lock:
            self._done[host] = result

    def pending(self) -> int:
        with self._lock:
            return len(self._asked) - len(self._done)

    def lookups(self) -> tuple[HostLookup, ...]:
        """In the order the hosts were first visited (those answered so far)."""
        with self._lock:
            return tuple(self._done[h] for h in self._asked if h in self._done)
