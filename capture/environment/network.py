"""Network points that work the same on every OS: DNS resolution of the visited domains, public IP
(two services), transparent proxy, clock offset. Interfaces, gateway and DNS servers are read by
the platform readers (`capture.environment.platforms`)."""

from __future__ import annotations

import concurrent.futures
import socket
from collections.abc import Callable

from capture.environment.base import EnvironmentCheck as Check
from capture.environment.base import EnvironmentConfig, make_check


def _resolve(domain: str) -> dict[str, list[str]]:
    """A and AAAA through the system's resolver (getaddrinfo: what the workstation answers,
    /etc/hosts included, as the browser's own lookups would)."""
    found: dict[str, list[str]] = {"A": [], "AAAA": []}
    for family, _, _, _, sockaddr in socket.getaddrinfo(domain, None, proto=socket.IPPROTO_TCP):
        kind = "AAAA" if family == socket.AF_INET6 else "A"
        address = str(sockaddr[0])
        if address not in found[kind]:
            found[kind].append(address)
    return {k: sorted(v) for k, v in found.items()}


def dns_resolution(config: EnvironmentConfig,
                   resolvers: Callable[[], list[str]] | None = None,
                   phase: str = "manual") -> Check:
    """Each domain visited by the constat's browser (and each one named), resolved now.

    A failure is « non déterminé » (offline), never a pass. ``resolvers``: the DNS servers
    the platform reader found (/etc/resolv.conf, Windows' adapters, scutil), recorded with
    each answer so that the report says which resolver answered.
    """
    if not config.domains_to_resolve:
        # The start report: nothing visited yet. The end report with nothing visited cannot
        # establish the point (the PV's rule says so); its status says it is not a pass.
        return make_check("dns_resolution", {}, "getaddrinfo (A, AAAA)",
                          "ok" if phase != "end" else "unknown")
    servers: list[str] = []
    if resolvers is not None:
        try:
            servers = [str(s) for s in resolvers()]
        except Exception:  # noqa: BLE001 - the resolution is still worth recording without
            servers = []
    value: dict[str, object] = {}
    failed = False
    pool = concurrent.futures.ThreadPoolExecutor(4)
    try:
        futures = {d: pool.submit(_resolve, d) for d in config.domains_to_resolve}
        for domain, future in futures.items():
            try:
                answer: dict[str, object] = dict(future.result(timeout=config.timeout_s))
            except (OSError, concurrent.futures.TimeoutError) as exc:
                answer = {"error": type(exc).__name__}
                failed = True
            answer["resolver"] = servers
            value[domain] = answer
    finally:
        # Not `with`: leaving it would wait for a resolver stuck past the time-out.
        pool.shutdown(wait=False, cancel_futures=True)
    return make_check("dns_resolution", value, "getaddrinfo (A, AAAA), résolveur du système",
                      "offline" if failed else "ok",
                      "un nom de domaine au moins n'a pas été résolu" if failed else "")


def public_ip(config: EnvironmentConfig) -> Check:
    import requests

    seen: dict[str, str] = {}
    for url in config.public_ip_services:
        try:
            answer = requests.get(url, timeout=config.timeout_s, proxies={"http": "", "https": ""})
            answer.raise_for_status()
            seen[url] = answer.text.strip()[:64]
        except requests.RequestException as exc:
            seen[url] = f"injoignable ({type(exc).__name__})"
    ips = {v for v in seen.values() if not v.startswith("injoignable")}
    if not ips:
        return Check("public_ip", "Adresse IP publique", seen, "deux services indépendants",
                     "offline", "poste hors ligne : adresse publique non établie")
    if len(ips) > 1:
        return Check("public_ip", "Adresse IP publique", seen, "deux services indépendants",
                     "warning", "les services voient des adresses différentes")
    status = "ok" if len(ips) == 1 and len(seen) == len(config.public_ip_services) and all(
        not v.startswith("injoignable") for v in seen.values()) else "warning"
    return Check("public_ip", "Adresse IP publique", seen, "deux services indépendants", status)


PROXY_HEADERS = ("via", "x-cache", "x-forwarded-for", "x-proxy-id", "forwarded", "x-bluecoat-via")


def transparent_proxy(config: EnvironmentConfig) -> Check:
    import requests

    try:
        answer = requests.get(config.proxy_check_url, timeout=config.timeout_s,
                              proxies={"http": "", "https": ""})
    except requests.RequestException as exc:
        return Check("transparent_proxy", "Absence de proxy transparent",
                     f"non vérifiable ({type(exc).__name__})", f"GET {config.proxy_check_url}",
                     "offline")
    found = {h: answer.headers[h] for h in PROXY_HEADERS if h in answer.headers}
    return Check("transparent_proxy", "Absence de proxy transparent", found or "aucun indice",
                 f"en-têtes de GET {config.proxy_check_url}", "warning" if found else "ok",
                 "en-têtes typiques d'un proxy reçus" if found else "")


def ntp_address(server: str, default_port: int) -> tuple[str, int]:
    """``"host"``, ``"host:port"`` or ``"[v6]:port"`` (an étude's own time server on
    another port): host and port. A bare IPv6 address keeps the default port."""
    host, sep, port = server.rpartition(":")
    if sep and port.isdigit() and (host.startswith("[") or ":" not in host):
        return host.strip("[]"), int(port)
    return server.strip("[]"), default_port


def clock_offset(config: EnvironmentConfig) -> Check:
    import ntplib

    client = ntplib.NTPClient()
    value: dict[str, object] = {}
    worst = None
    for server in config.ntp_servers:
        host, port = ntp_address(server, config.ntp_port)
        try:
            response = client.request(host, version=3, port=port, timeout=config.timeout_s)
            offset_ms = int(round(response.offset * 1000))
            value[server] = {"offset_ms": offset_ms, "stratum": int(response.stratum)}
            worst = offset_ms if worst is None else max(worst, abs(offset_ms), key=abs)
        except (ntplib.NTPException, OSError) as exc:
            value[server] = f"injoignable ({type(exc).__name__})"
    if worst is None:
        return Check("clock", "Horloge du poste (écart NTP)", value, "NTP (ntplib)", "offline",
                     "aucun serveur de temps joignable : écart non mesuré")
    status = "warning" if abs(worst) > config.clock_warning_ms else "ok"
    note = f"écart de {worst} ms" + (" au-delà du seuil" if status == "warning" else "")
    return Check("clock", "Horloge du poste (écart NTP)", value, "NTP (ntplib)", status, note)
