"""What every platform reader shares: bounded commands, failures as "unknown", process matching.

A probe never lets an exception out: a command that is missing, times out or fails raises
`CommandFailed`, and `guarded` turns it into a check with status "unknown", the method tried and
the reason. The report then says honestly what could not be read instead of losing the point.
"""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from capture.environment.base import EnvironmentCheck, make_check

# Local commands, not network: a healthy one answers in well under a second, but PowerShell's
# cold start and system_profiler can take several. Below the report's own overall budget.
COMMAND_TIMEOUT_S = 10.0

T = TypeVar("T")


class CommandFailed(Exception):
    """A source could not be read; the probe answers "unknown" with `method` and `reason`."""

    def __init__(self, method: str, reason: str) -> None:
        super().__init__(f"{method}: {reason}")
        self.method = method
        self.reason = reason


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        # Windows console tools write in the OEM code page; latin-1 never fails and keeps the
        # ASCII parts (process names, addresses) intact.
        return raw.decode("latin-1")


def run(args: Sequence[str], *, method: str | None = None, timeout: float = COMMAND_TIMEOUT_S,
        encoding: str = "utf-8", accept_failure: bool = False) -> str:
    """stdout of `args` (a list, never a shell string), bounded by `timeout`.

    `accept_failure` returns stdout + stderr whatever the exit code, for the tools that report
    their answer through it (spctl, route).
    """
    # The method names the tool, not where it lives (absolute paths avoid PATH hijacking).
    how = method or " ".join([args[0].replace("\\", "/").rsplit("/", 1)[-1], *args[1:]])
    # A GUI app starting console programs on Windows would flash a console window each time.
    flags = int(getattr(subprocess, "CREATE_NO_WINDOW", 0)) if sys.platform == "win32" else 0
    try:
        done = subprocess.run(list(args), capture_output=True, timeout=timeout, check=False,
                              stdin=subprocess.DEVNULL, creationflags=flags)
    except FileNotFoundError as exc:
        raise CommandFailed(how, f"commande {args[0]} absente de ce système") from exc
    except subprocess.TimeoutExpired as exc:
        raise CommandFailed(how, f"pas de réponse en {timeout:g} s") from exc
    except OSError as exc:
        raise CommandFailed(how, f"lancement impossible ({type(exc).__name__})") from exc
    out, err = _decode(done.stdout, encoding), _decode(done.stderr, encoding)
    if accept_failure:
        return out + err
    if done.returncode != 0:
        detail = " ".join(err.split())[:160]
        raise CommandFailed(how, f"code de sortie {done.returncode}" + (f" : {detail}" if detail
                                                                         else ""))
    return out


class Once(Generic[T]):
    """Reads a source once per report, shared by the probes that need it (they run in parallel).

    A failure is remembered too, so a missing tool is not started again by the next probe.
    """

    def __init__(self, read: Callable[[], T]) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._value: T | None = None
        self._error: CommandFailed | None = None
        self._done = False

    def get(self) -> T:
        with self._lock:
            if not self._done:
                try:
                    self._value = self._read()
                except CommandFailed as exc:
                    self._error = exc
                self._done = True
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # set when no error was stored


def guarded(key: str, probe: Callable[[], EnvironmentCheck]) -> Callable[[], EnvironmentCheck]:
    """`probe`, answering "unknown" with the reason instead of raising."""

    def guarded_probe() -> EnvironmentCheck:
        try:
            return probe()
        except CommandFailed as exc:
            return make_check(key, "non lu", exc.method, "unknown", exc.reason)
        except Exception as exc:  # a reader's own bug or an unexpected output: keep the report
            return make_check(key, "erreur de lecture", f"lecture interrompue ({type(exc).__name__})",
                              "unknown", repr(exc)[:160])

    return guarded_probe


def as_list(value: Any) -> list[Any]:
    """PowerShell's ConvertTo-Json writes a one-element result as an object and none as null."""
    if value is None:
        return []
    if isinstance(value, dict) and set(value) == {"value", "Count"}:
        value = value["value"]  # Windows PowerShell 5.1 writes a wrapped array this way
    return list(value) if isinstance(value, list) else [value]


# Values firmware vendors leave in the serial field when they did not fill it in.
_PLACEHOLDER_SERIALS = {"", "0", "none", "default string", "to be filled by o.e.m.",
                        "system serial number", "not specified", "not applicable", "n/a",
                        "0123456789", "chassis serial number"}


def clean_serial(serial: str | None, unreadable: str = "non lisible") -> str:
    if serial is None:
        return unreadable
    if serial.strip().lower() in _PLACEHOLDER_SERIALS:
        return "non renseigné par le fabricant"
    return serial.strip()


# Remote-control and screen-recording tools, by executable name as every platform shows it once
# normalised (lower case, no folder, no ".exe"). Case law voids a constat whose workstation could
# have been driven or filmed by someone else.
REMOTE_TOOLS = frozenset({
    # remote control
    "teamviewer", "teamviewer_service", "tv_w32", "tv_x64", "anydesk", "rustdesk", "x11vnc",
    "vncserver", "xvnc", "tigervnc", "winvnc", "tvnserver", "vncserver-x11", "remmina", "xrdp",
    "nomachine", "nxserver", "nxnode", "chrome-remote-desktop", "remoting_host", "logmein",
    "lmiguardiansvc", "screenconnect.clientservice", "splashtopstreamer", "srserver",
    "ammyy_admin", "ultraviewer_service", "supremo", "ardagent", "screensharingd",
    # screen recording
    "obs", "obs64", "obs32", "simplescreenrecorder", "kazam", "vokoscreen", "vokoscreenng",
    "sharex", "camtasiastudio", "camtasiarecorder", "camtasia", "screenflow", "bandicam",
    "ffmpeg", "gst-launch-1.0",
})


def normalise_process(name: str) -> str:
    base = name.strip().replace("\\", "/").rsplit("/", 1)[-1].lower()
    return base[:-4] if base.endswith(".exe") else base


def running_tools(names: Iterable[str]) -> list[str]:
    """The listed tools among `names`, each once, as the system spells them."""
    found: dict[str, str] = {}
    for name in names:
        norm = normalise_process(name)
        if norm in REMOTE_TOOLS:
            found.setdefault(norm, name.strip().replace("\\", "/").rsplit("/", 1)[-1])
    return sorted(found.values(), key=str.lower)


_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy")


def environment_proxy() -> dict[str, str]:
    """Proxy variables set in this process's environment (honoured by many tools on every OS)."""
    found = {}
    for name in _PROXY_VARIABLES:
        value = os.environ.get(name) or os.environ.get(name.upper())
        if value:
            found[name] = value
    return found


def interface_addresses() -> dict[str, dict[str, Any]]:
    """Every non-loopback interface with its state and IP addresses (psutil, all platforms)."""
    import socket

    import psutil

    stats = psutil.net_if_stats()
    found: dict[str, dict[str, Any]] = {}
    for name, addrs in psutil.net_if_addrs().items():
        ips = [a.address for a in addrs if a.family in (socket.AF_INET, socket.AF_INET6)]
        if name in ("lo", "lo0") or name.lower().startswith("loopback") or (
                ips and all(_is_loopback(ip) for ip in ips)):
            continue
        found[name] = {"up": bool(stats[name].isup) if name in stats else False,
                       "addresses": ips}
    return found


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def psutil_process_names() -> list[str]:
    """Process names through psutil: the Linux source, and the fallback elsewhere."""
    import psutil

    return [str(p.info["name"]) for p in psutil.process_iter(["name"]) if p.info["name"]]
