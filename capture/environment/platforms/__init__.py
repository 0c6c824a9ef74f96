"""Platform readers behind one interface (`PlatformProbes`), chosen once from `sys.platform`.

Linux, Windows and macOS each read their own sources; the network probes that work the same
everywhere (public IP, NTP, DNS resolution, transparent proxy) stay in `capture.environment.network`.
"""

from __future__ import annotations

import sys

from capture.environment.platforms.interface import PlatformProbes


def current() -> PlatformProbes:
    """A fresh reader for this OS (fresh: its cached command outputs belong to one report).

    Imports are deferred so that a platform's module is loaded only where it runs; all three
    still import anywhere, which the tests check.
    """
    if sys.platform == "win32":
        from capture.environment.platforms.windows import WindowsProbes

        return WindowsProbes()
    if sys.platform == "darwin":
        from capture.environment.platforms.macos import MacProbes

        return MacProbes()
    # Linux, and other Unix systems where the Linux files that exist are read and the others
    # answer "unknown".
    from capture.environment.platforms.linux import LinuxProbes

    return LinuxProbes()


__all__ = ["PlatformProbes", "current"]
