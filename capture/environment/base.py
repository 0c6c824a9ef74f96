"""The report's records: one check per point, its value, how it was obtained, its status."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evidence.clock import TimeReading

STATUSES = ("ok", "warning", "unknown", "offline")

# Key -> French label, in the order of the NF Z67-147 checklist. Kept in one place so that every
# platform reader and the report print the same label for the same key (docs/environment-report.md).
LABELS: dict[str, str] = {
    "hardware": "Poste de travail",
    "os": "Système d'exploitation",
    "os_last_update": "Dernière mise à jour",
    "screens": "Écrans",
    "browser": "Navigateur de capture",
    "security": "Antivirus et pare-feu",
    "network": "Réseau local : interfaces et adresses",
    "gateway": "Passerelle",
    "dns_servers": "Serveurs DNS",
    "dns_resolution": "Résolution des domaines visités",
    "public_ip": "Adresse IP publique",
    "proxy": "Proxy (système)",
    "transparent_proxy": "Absence de proxy transparent",
    "clock": "Horloge du poste (écart NTP)",
    "remote_tools": "Outils d'enregistrement ou de prise en main à distance",
    "session": "Session",
}


@dataclass(frozen=True)
class EnvironmentConfig:
    ntp_servers: tuple[str, ...] = ("0.fr.pool.ntp.org", "time.cloudflare.com")
    ntp_port: int = 123
    public_ip_services: tuple[str, ...] = ("https://api.ipify.org", "https://ifconfig.me/ip")
    proxy_check_url: str = "http://neverssl.com/"
    domains_to_resolve: tuple[str, ...] = ()
    timeout_s: float = 3.0
    clock_warning_ms: int = 1000


@dataclass(frozen=True)
class EnvironmentCheck:
    key: str  # stable, documented in docs/environment-report.md
    label_fr: str
    value: Any  # JSON-able, no floats
    method: str  # how it was obtained
    status: str  # ok | warning | unknown | offline
    note_fr: str = ""

    def to_canonical(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label_fr, "value": self.value,
                "method": self.method, "status": self.status, "note": self.note_fr}


def make_check(key: str, value: Any, method: str, status: str, note_fr: str = "") -> EnvironmentCheck:
    """A check under its documented label (`LABELS`), so no reader spells a label its own way."""
    return EnvironmentCheck(key, LABELS[key], value, method, status, note_fr)


@dataclass(frozen=True)
class EnvironmentReport:
    phase: str  # start | end | manual
    taken: TimeReading
    finished: TimeReading
    platform: str
    software: str
    checks: tuple[EnvironmentCheck, ...] = field(default_factory=tuple)

    def check(self, key: str) -> EnvironmentCheck:
        return next(c for c in self.checks if c.key == key)

    def to_canonical(self) -> dict[str, Any]:
        return {"format": "probant-environment/1", "phase": self.phase,
                "taken_utc": self.taken.utc, "taken_local": self.taken.local,
                "finished_utc": self.finished.utc, "platform": self.platform,
                "software": self.software, "checks": [c.to_canonical() for c in self.checks]}

    def summary_lines_fr(self) -> list[str]:
        """What the PV's "prérequis techniques" prints: one worded line per point
        (``capture.environment.wording``; the JSON facts stay as they are)."""
        from capture.environment.wording import lines

        return lines([c.to_canonical() for c in self.checks], "fr")

    def summary_lines_en(self) -> list[str]:
        from capture.environment.wording import lines

        return lines([c.to_canonical() for c in self.checks], "en")

    def warning_lines_fr(self) -> list[str]:
        """The anomalies the officer must read, worded (the PV prints them under the report)."""
        from capture.environment.wording import line

        return [line(c.to_canonical(), "fr") for c in self.checks if c.status == "warning"]
