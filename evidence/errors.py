"""Exception hierarchy of the evidence domain (vault, blobs, journal).

Every error carries a stable ``code`` (translated into French or English at a
single boundary: :mod:`app.messages`) and keyword ``params`` for the message.
The ``exit_code`` follows the CLI contract: 1 problem found, 2 bad input,
3 locked / authentication failed, 4 remote service failed.
"""

from __future__ import annotations

from typing import Any


class ProbantError(Exception):
    """Root of every error Probant raises on purpose."""

    code = "error"
    exit_code = 1

    def __init__(self, detail: str = "", **params: Any) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.params: dict[str, Any] = params


class BadInput(ProbantError):
    code = "bad_input"
    exit_code = 2


class NotFound(BadInput):
    code = "not_found"


class FileMissing(BadInput):
    code = "file_missing"


class PermissionRefused(ProbantError):
    """The current user's role does not allow the action (enforced in the core)."""

    code = "permission_refused"
    exit_code = 3


class VaultError(ProbantError):
    code = "vault_error"


class VaultMissing(VaultError):
    code = "vault_missing"
    exit_code = 2


class VaultExists(VaultError):
    code = "vault_exists"
    exit_code = 2


class VaultLocked(VaultError):
    code = "vault_locked"
    exit_code = 3


class AuthenticationFailed(VaultLocked):
    code = "auth_failed"


class WrongRecoveryCode(AuthenticationFailed):
    code = "wrong_recovery_code"


class StorageFull(VaultError):
    code = "storage_full"
    exit_code = 1


class StorageError(VaultError):
    code = "storage_error"


class IntegrityError(VaultError):
    """Stored data does not match what was committed (tampering or corruption)."""

    code = "integrity_error"


class ImmutableEvidence(VaultError):
    code = "immutable_evidence"
    exit_code = 2


class Cancelled(ProbantError):
    code = "cancelled"
    exit_code = 1


class RemoteServiceFailed(ProbantError):
    """A remote service (TSA, S3, OCSP) failed; the work stays queued."""

    code = "remote_failed"
    exit_code = 4


class ConstatClosed(BadInput):
    code = "constat_closed"


class OutputExists(BadInput):
    code = "output_exists"


class CaptureNothing(BadInput):
    code = "capture_nothing"
