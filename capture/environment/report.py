"""Builds the environment report: every probe in parallel, each bounded by a time-out."""

from __future__ import annotations

import concurrent.futures
import platform
from collections.abc import Callable, Mapping
from typing import Any

from capture.environment import network, system
from capture.environment.base import (
    LABELS,
    EnvironmentCheck,
    EnvironmentConfig,
    EnvironmentReport,
)
from capture.environment.platforms import PlatformProbes, current
from capture.environment.platforms.common import COMMAND_TIMEOUT_S, guarded
from evidence.clock import TimeReading
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.software import SOFTWARE

Probe = Callable[[], EnvironmentCheck]


def probes(config: EnvironmentConfig, reader: PlatformProbes | None = None,
           phase: str = "manual", browser: Mapping[str, Any] | None = None
           ) -> list[tuple[str, str, Probe]]:
    """(key, label, probe) in the order of the NF Z67-147 checklist.

    ``browser``: the constat's web sessions as the vault holds them (engine, Chromium, user
    agent, window, checked state); None when it had none (see ``system.browser``).

    OS-specific points come from the platform reader (one per report: it caches the outputs its
    probes share); each probe is guarded, so a failure is an "unknown" point with its reason.
    """
    os_reader = reader or current()
    order: list[tuple[str, Probe]] = [
        ("hardware", os_reader.hardware),
        ("os", os_reader.operating_system),
        ("os_last_update", os_reader.last_update),
        ("screens", os_reader.screens),
        ("browser", lambda: system.browser(phase, browser)),
        ("security", os_reader.security_software),
        ("network", os_reader.interfaces),
        ("gateway", os_reader.gateway),
        ("dns_servers", os_reader.dns_servers),
        ("dns_resolution", lambda: network.dns_resolution(
            config, lambda: _servers(os_reader), phase)),
        ("public_ip", lambda: network.public_ip(config)),
        ("proxy", os_reader.proxy_settings),
        ("transparent_proxy", lambda: network.transparent_proxy(config)),
        ("clock", lambda: network.clock_offset(config)),
        ("remote_tools", os_reader.remote_tools),
        ("session", system.identity),
    ]
    return [(key, LABELS[key], guarded(key, probe)) for key, probe in order]


def _servers(reader: PlatformProbes) -> list[str]:
    """The resolvers the platform reader found, for the resolution point to name."""
    value = reader.dns_servers().value
    return [str(s) for s in value] if isinstance(value, list) else []


def build_report(phase: str, config: EnvironmentConfig | None = None, *,
                 progress: ProgressCallback = no_progress,
                 cancel: CancelToken = NEVER_CANCELLED,
                 reader: PlatformProbes | None = None,
                 browser: Mapping[str, Any] | None = None) -> EnvironmentReport:
    config = config or EnvironmentConfig()
    taken = TimeReading.now()
    todo = probes(config, reader, phase, browser)
    results: dict[str, EnvironmentCheck] = {}
    # Each network probe has its own time-out; the extra margin bounds the slowest (two
    # services or two NTP servers in sequence). Local commands have their own, which a short
    # network time-out must not cut (PowerShell can take seconds to start).
    budget = max(config.timeout_s * (2 * max(len(config.ntp_servers), 2) + 2),
                 COMMAND_TIMEOUT_S + 2)
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
