"""Builds the environment report: every probe in parallel, each bounded by a time-out."""

from __future__ import annotations

import concurrent.futures
import platform
from collections.abc import Callable

from capture.environment import network, system
from capture.environment.base import EnvironmentCheck, EnvironmentConfig, EnvironmentReport
from evidence.clock import TimeReading
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.software import SOFTWARE

Probe = Callable[[], EnvironmentCheck]


def probes(config: EnvironmentConfig) -> list[tuple[str, str, Probe]]:
    """(key, label, probe) in the order of the NF Z67-147 checklist."""
    return [
        ("hardware", "Poste de travail", system.hardware),
        ("os", "Système d'exploitation", system.operating_system),
        ("os_last_update", "Dernière mise à jour", system.last_update),
        ("screens", "Écrans", system.screens),
        ("browser", "Navigateur de capture", system.browser),
        ("security", "Antivirus et pare-feu", system.security_software),
        ("network", "Réseau local : interfaces et adresses", network.interfaces),
        ("gateway", "Passerelle", network.gateway),
        ("dns_servers", "Serveurs DNS", network.dns_servers),
        ("dns_resolution", "Résolution des domaines visités",
         lambda: network.dns_resolution(config)),
        ("public_ip", "Adresse IP publique", lambda: network.public_ip(config)),
        ("proxy", "Proxy (système)", system.proxy_settings),
        ("transparent_proxy", "Absence de proxy transparent",
         lambda: network.transparent_proxy(config)),
        ("clock", "Horloge du poste (écart NTP)", lambda: network.clock_offset(config)),
        ("remote_tools", "Outils d'enregistrement ou de prise en main à distance",
         system.remote_tools),
        ("session", "Session", system.identity),
    ]


def build_report(phase: str, config: EnvironmentConfig | None = None, *,
                 progress: ProgressCallback = no_progress,
                 cancel: CancelToken = NEVER_CANCELLED) -> EnvironmentReport:
    config = config or EnvironmentConfig()
    taken = TimeReading.now()
    todo = probes(config)
    results: dict[str, EnvironmentCheck] = {}
    # Each network probe has its own time-out; the extra margin bounds the slowest (two
    # services or two NTP servers in sequence).
    budget = config.timeout_s * (2 * max(len(config.ntp_servers), 2) + 2)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=8)
    try:
        futures = {pool.submit(fn): (key, label) for key, label, fn in todo}
        done = 0
        for future in concurrent.futures.as_completed(futures, timeout=budget):
            cancel.raise_if_cancelled()
            key, label = futures[future]
            try:
                results[key] = future.result()
            except Exception as exc:  # a probe's own bug must not lose the report
                results[key] = EnvironmentCheck(key, label, "erreur de lecture", repr(exc)[:160],
                                                "unknown")
            done += 1
            progress(done, len(todo))
    except concurrent.futures.TimeoutError:
        pass
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    checks = tuple(results.get(key) or EnvironmentCheck(key, label, "délai dépassé", "time-out",
                                                         "unknown")
                   for key, label, _ in todo)
    return EnvironmentReport(phase, taken, TimeReading.now(), platform.platform(), SOFTWARE,
                             checks)
