"""The one interface every platform reader implements (Linux, Windows, macOS).

Each abstract method reads one OS-specific source. The checks that combine a platform source with
a shared one (interfaces, proxy, remote tools) are written once here, so the three platforms word
and judge them the same way. A method may raise `CommandFailed`; `report.probes` wraps every one in
`guarded`, which turns that into an "unknown" check with the reason.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from capture.environment.base import EnvironmentCheck, make_check
from capture.environment.platforms.common import (
    environment_proxy,
    interface_addresses,
    running_tools,
)


@dataclass(frozen=True)
class SystemProxy:
    """The OS's own proxy settings (not the environment variables, read by the shared part)."""

    value: dict[str, Any]
    method: str
    configured: bool  # a proxy or a PAC script would be used by the embedded browser
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Processes:
    names: list[str]
    method: str


@dataclass(frozen=True)
class InterfaceModes:
    """Connection mode (Ethernet, Wi-Fi, mobile, virtuelle…) by interface name."""

    modes: dict[str, str]
    method: str


class PlatformProbes(ABC):
    """One instance per report: instances may cache a command's output shared by two probes."""

    name: ClassVar[str]

    # -- points read only from the OS ------------------------------------------------------------
    @abstractmethod
    def hardware(self) -> EnvironmentCheck:
        """Make, model, serial number (checklist 1)."""

    @abstractmethod
    def operating_system(self) -> EnvironmentCheck:
        """Name, version, build (checklist 2)."""

    @abstractmethod
    def last_update(self) -> EnvironmentCheck:
        """Date of the last system update (checklist 2)."""

    @abstractmethod
    def security_software(self) -> EnvironmentCheck:
        """Antivirus and firewall, present and active where the OS says (checklist 4)."""

    @abstractmethod
    def gateway(self) -> EnvironmentCheck:
        """Default gateway and the mode of the interface that carries it (checklist 5-6)."""

    @abstractmethod
    def dns_servers(self) -> EnvironmentCheck:
        """DNS servers in use (checklist 7)."""

    @abstractmethod
    def interface_modes(self) -> InterfaceModes:
        """How each interface connects; addresses come from the shared part."""

    @abstractmethod
    def system_proxy(self) -> SystemProxy:
        """OS proxy settings, PAC script included (checklist 8)."""

    @abstractmethod
    def process_names(self) -> Processes:
        """Names of the running processes."""

    # -- points with a shared part ---------------------------------------------------------------
    def remote_session(self) -> str | None:
        """A remote session the desktop itself runs in (Windows RDP), else None."""
        return None

    def screens(self) -> EnvironmentCheck:
        """Screen layout: mss works on every platform; a platform may say more."""
        try:
            import mss

            with mss.MSS() as grabber:
                mons = [f"{m['width']}x{m['height']}+{m['left']}+{m['top']}"
                        for m in grabber.monitors[1:]]
            return make_check("screens", mons, "mss monitors", "ok" if mons else "unknown")
        except Exception as exc:  # any backend error: record it, do not fail the report
            return make_check("screens", [], "mss monitors", "unknown", str(exc)[:120])

    def interfaces(self) -> EnvironmentCheck:
        value = interface_addresses()
        try:
            modes = self.interface_modes()
            method = f"psutil + {modes.method}"
        except Exception as exc:  # addresses are still worth recording without the mode
            modes, method = InterfaceModes({}, ""), f"psutil (mode non lu : {exc})"[:160]
        for name, info in value.items():
            info["mode"] = modes.modes.get(name, "inconnu")
        # Same field order as before the platform split, for readers of older reports.
        value = {n: {"mode": i["mode"], "up": i["up"], "addresses": i["addresses"]}
                 for n, i in value.items()}
        return make_check("network", value, method, "ok" if value else "unknown")

    def proxy_settings(self) -> EnvironmentCheck:
        env = environment_proxy()
        value: dict[str, Any] = {"environment": env or "aucun"}
        method = "variables d'environnement"
        notes: list[str] = []
        configured = bool(env)
        try:
            system = self.system_proxy()
            value.update(system.value)
            method += f" + {system.method}"
            configured = configured or system.configured
            notes.extend(system.notes)
        except Exception as exc:  # the variables alone are still a finding
            value["system"] = "non lu"
            method += f" (réglages système non lus : {exc})"[:200]
            if not configured:
                return make_check("proxy", value, method, "unknown",
                                  "réglages de proxy du système non lus")
        status = "warning" if configured else "ok"
        notes.insert(0, "un proxy est configuré" if configured else "aucun proxy configuré")
        return make_check("proxy", value, method, status, " ; ".join(notes))

    def remote_tools(self) -> EnvironmentCheck:
        processes = self.process_names()
        running = running_tools(processes.names)
        session = self.remote_session()
        if session:
            running.append(f"session à distance ({session})")
        return make_check("remote_tools", running, processes.method,
                          "warning" if running else "ok")
