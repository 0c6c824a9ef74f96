"""Errors of the sync domain: each has a code worded in app/message_catalog.py."""

from __future__ import annotations

from evidence.errors import BadInput, IntegrityError, ProbantError, RemoteServiceFailed


class RemoteUnreachable(RemoteServiceFailed):
    """Network down, endpoint wrong, timeouts: exit 4, the queue is kept."""

    code = "remote_unreachable"


class RemoteDenied(RemoteServiceFailed):
    """Credentials missing or refused, bucket absent or forbidden."""

    code = "remote_denied"


class RemoteReadOnly(RemoteServiceFailed):
    code = "remote_read_only"


class RemoteFull(RemoteServiceFailed):
    code = "remote_full"


class RemoteConflict(IntegrityError):
    """An object of that name exists with other bytes: never overwritten."""

    code = "remote_conflict"


class RemoteUnknown(BadInput):
    code = "remote_unknown"


class RemoteExists(BadInput):
    code = "remote_exists"


class RemoteEmpty(BadInput):
    """``restore``: the remote holds no vault (or not the one named)."""

    code = "remote_empty"


class RestoreTargetNotEmpty(BadInput):
    code = "restore_not_empty"


class PullRefused(ProbantError):
    """``sync --pull``: this copy journaled work of its own since it was last brought up to
    date; installing the origin's database would hide it. Nothing is changed (exit 1)."""

    code = "pull_refused"


class KeyringUnavailable(RemoteServiceFailed):
    """The OS keyring (Secret Service, Keychain, Credential Manager) did not take the S3
    credentials: no backend, locked or refused. Nothing was defined (exit 4)."""

    code = "keyring_unavailable"


class SourceChanged(IntegrityError):
    """The bytes about to be sent do not hash to the SHA-256 that names them (a blob file
    changed since the blob store wrote it): nothing is stored under that name. Worded as
    an integrity error (exit 1); the push goes on with the other objects."""


class BlobFilesChanged(IntegrityError):
    """After a push: blob files that no longer match what the blob store wrote were not
    sent (everything else was). Exit 1, the blobs named."""

    code = "blob_file_changed"


class PromotionRefused(ProbantError):
    """``remote promote``: the origin wrote after this copy was last brought up to date;
    promoting it would leave that work out. Nothing is changed (exit 1)."""

    code = "promotion_refused"


class OriginSuperseded(IntegrityError):
    """The remote's newest origin head is not in this vault's journal: another workstation
    writes as the origin (a promoted copy, or the former origin back). No head is written."""

    code = "origin_superseded"
