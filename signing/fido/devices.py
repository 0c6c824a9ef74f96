"""Finding the authenticator: the software one (``soft:PATH``) or a USB token."""

from __future__ import annotations

import glob
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from fido2.ctap import CtapDevice

from signing.fido.errors import FidoNoDevice, FidoPermission


@dataclass(frozen=True)
class AuthenticatorHandle:
    device: CtapDevice | None  # None: Windows' WebAuthn API speaks to the token for us
    label: str
    simulated: bool

    @property
    def platform_api(self) -> bool:
        return self.device is None


def _windows_webauthn() -> bool:
    """Windows without Administrator rights cannot open raw HID security keys; its own
    WebAuthn API can, and shows its own PIN and touch prompts. The vault key comes from
    the PRF extension, which that API carries from its version 4 on (Windows 11 22H2,
    recent Windows 10): below that, say so instead of failing at every unlock."""
    if sys.platform != "win32":
        return False
    import ctypes

    if ctypes.windll.shell32.IsUserAnAdmin():
        return False
    from fido2.client.win_api import WEBAUTHN_API_VERSION

    if WEBAUTHN_API_VERSION < 4:
        raise FidoNoDevice(
            f"Windows' security key API is version {WEBAUTHN_API_VERSION}, without the PRF "
            "extension the vault key needs: update Windows, or run Probant as Administrator "
            "to use the key directly")
    return True


def open_authenticator(spec: str | None) -> AuthenticatorHandle:
    if spec and spec.startswith("soft:"):
        from signing.fido.soft_authenticator import SoftAuthenticator

        path = Path(spec[5:]).expanduser()
        return AuthenticatorHandle(SoftAuthenticator(path), "authentificateur logiciel (simulation)",
                                   simulated=True)
    if spec:
        raise FidoNoDevice(f"unknown authenticator {spec!r}: use soft:PATH or leave it unset")
    if _windows_webauthn():
        return AuthenticatorHandle(None, "clé de sécurité (via Windows)", False)
    from fido2.hid import CtapHidDevice

    for device in CtapHidDevice.list_devices():
        return AuthenticatorHandle(device, f"clé {device.product_name or 'FIDO2'}", False)
    if sys.platform.startswith("linux"):
        # python-fido2 silently skips hidraw nodes it cannot open: say why instead.
        unreadable = [n for n in glob.glob("/dev/hidraw*") if not os.access(n, os.R_OK | os.W_OK)]
        if unreadable:
            raise FidoPermission(
                "a security key may be plugged in but /dev/hidraw* is not accessible: install "
                "the udev rules (e.g. Debian package libu2f-udev, or 70-u2f.rules) and replug",
                nodes=len(unreadable))
    raise FidoNoDevice("no FIDO2 security key found: plug in your key")


def authenticator_present(spec: str | None) -> bool:
    """Whether the token is still there (auto-lock on removal); never asks for a touch."""
    if spec and spec.startswith("soft:"):
        return Path(spec[5:]).expanduser().exists()
    if spec:
        return False
    if _windows_webauthn():
        return True  # Windows' API cannot list tokens without Administrator: no removal lock
    from fido2.hid import CtapHidDevice

    return any(True for _ in CtapHidDevice.list_devices())
