"""FIDO2 errors: all mean "not unlocked" (exit code 3), each with its own message."""

from __future__ import annotations

from evidence.errors import AuthenticationFailed


class FidoError(AuthenticationFailed):
    code = "fido_error"


class FidoNoDevice(FidoError):
    code = "fido_no_device"


class FidoPermission(FidoError):
    code = "fido_permission"


class FidoWrongPin(FidoError):
    code = "fido_wrong_pin"


class FidoPinBlocked(FidoError):
    code = "fido_pin_blocked"


class FidoPinAuthBlocked(FidoError):
    code = "fido_pin_auth_blocked"


class FidoNotEnrolled(FidoError):
    code = "fido_not_enrolled"


class FidoBadAssertion(FidoError):
    code = "fido_bad_assertion"


class FidoCancelled(FidoError):
    code = "fido_cancelled"
