"""Trusted time: the TSAs, the flushes, what is covered, and the one rule for
"stamp what is pending now" (after a capture, before an export)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.services.context import AppContext
from evidence import timestamps as ts
from evidence.errors import BadInput
from evidence.inputs import input_file
from evidence.progress import ProgressCallback, no_progress
from evidence.vault import Vault


@dataclass(frozen=True)
class StampOutcome:
    """What the automatic flush did for some constats."""

    constat_ids: tuple[str, ...]
    covered: int  # items covered by the token(s) just obtained
    pending_reason: str  # "" when covered; else why the items wait (error code)
    tokens: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        return "pending" if self.pending_reason else "covered"

    def to_json(self) -> dict[str, Any]:
        if self.pending_reason:
            return {"status": "pending", "reason": self.pending_reason}
        return {"status": "covered", "tokens": list(self.tokens)}


@dataclass(frozen=True)
class NewAuthority:
    url: str
    trust_pem: str
    name: str = ""
    tsa_cert_pem: str | None = None
    policy: str | None = None


@dataclass(frozen=True)
class Coverage:
    covered: int
    pending: int
    journal_covered_seq: int
    journal_head_seq: int
    items: tuple[Any, ...]  # signing.tsa.coverage.ItemCoverage

    def to_json(self) -> dict[str, Any]:
        return {"covered": self.covered, "pending": self.pending,
                "journal_covered_seq": self.journal_covered_seq,
                "journal_head_seq": self.journal_head_seq,
                "items": [i.to_json() for i in self.items]}


class NotACertificate(BadInput):
    """A trust anchor file holding no certificate; ``detail`` is the file's path."""

    code = "not_a_certificate"


def read_certificates(path: Path) -> str:
    """A PEM or DER file of one or more certificates, re-armoured as PEM; anything else
    is refused with the file named (a trust anchor is never taken on faith), by the CLI
    and the window alike."""
    input_file(path)
    from asn1crypto import pem

    from signing.tsa.client import load_certificates

    try:
        certs = load_certificates(path.read_bytes())
    except (ValueError, TypeError) as exc:
        raise NotACertificate(str(path), path=str(path)) from exc
    if not certs:
        raise NotACertificate(str(path), path=str(path))
    return "".join(pem.armor("CERTIFICATE", c.dump()).decode() for c in certs)


def add_authority(vault: Vault, request: NewAuthority) -> ts.Authority:
    return ts.add_authority(vault, request.url, request.trust_pem, name=request.name,
                            tsa_cert_pem=request.tsa_cert_pem, policy=request.policy)


def remove_authority(vault: Vault, authority_id: str) -> ts.Authority:
    return ts.remove_authority(vault, authority_id)


def list_authorities(vault: Vault) -> tuple[ts.Authority, ...]:
    return tuple(ts.list_authorities(vault))


def flush(ctx: AppContext, vault: Vault, *, constat_id: str | None = None,
          item_id: str | None = None, dual: bool = False,
          progress: ProgressCallback = no_progress) -> Any:
    """One RFC 3161 request for everything pending (raises when no TSA answers)."""
    from signing.tsa.flush import flush as run_flush

    return run_flush(vault, ctx.flush_config(dual=dual), constat_id=constat_id,
                     subject_id=item_id, progress=progress)


def cover_pending(ctx: AppContext, vault: Vault, constat_ids: tuple[str, ...]) -> StampOutcome:
    """Try to cover what is pending for these constats now; offline is a normal state:
    the items stay queued and the outcome says why."""
    if not ts.list_authorities(vault):
        return StampOutcome(constat_ids, 0, "no_tsa_configured")
    from signing.tsa.errors import TimestampError
    from signing.tsa.flush import try_flush

    covered, reason, tokens = 0, "", []
    config = ctx.flush_config()
    for constat_id in constat_ids:
        result = try_flush(vault, config, constat_id=constat_id)
        if isinstance(result, TimestampError):
            reason = result.code
        else:
            covered += result.covered
            tokens += [t.id for t in result.tokens]
    return StampOutcome(constat_ids, covered, reason, tuple(tokens))


def stamp_after_capture(ctx: AppContext, vault: Vault,
                        constat_ids: tuple[str, ...]) -> StampOutcome:
    """Right after a capture, when the settings ask for it (``timestamp_after_capture``)."""
    if not ctx.settings.timestamp_after_capture:
        return StampOutcome(constat_ids, 0, "deferred_by_settings")
    return cover_pending(ctx, vault, constat_ids)


def coverage(vault: Vault, constat_id: str | None = None) -> Coverage:
    from signing.tsa import coverage as cov
    from signing.tsa.flush import journal_covered

    items = tuple(cov.coverage(vault, constat_id))
    pending = sum(1 for i in items if i.status == "pending")
    head = vault.db.query_one("SELECT MAX(seq) FROM journal")
    return Coverage(len(items) - pending, pending, journal_covered(vault),
                    int(head[0]) if head and head[0] is not None else 0, items)


def pending_count(vault: Vault, constat_id: str | None = None) -> int:
    return len(ts.pending(vault, constat_id=constat_id))


def export_tokens(vault: Vault, constat_id: str, out: Path) -> dict[str, Any]:
    from signing.tsa import coverage as cov

    return dict(cov.export_timestamps(vault, constat_id, out))


@dataclass(frozen=True)
class NetworkState:
    """Can this workstation reach its trusted time now? (None: nothing to reach.)"""

    online: bool | None
    authority: str = ""


def authority_urls(vault: Vault) -> tuple[str, ...]:
    return tuple(a.url for a in ts.list_authorities(vault))


def probe_network(urls: tuple[str, ...], timeout_s: float = 3.0) -> NetworkState:
    """A TCP connection to the first TSA that answers (nothing is sent): the network state
    the officer needs, since trusted time is what waits when offline. No vault needed."""
    import socket
    from urllib.parse import urlsplit

    for url in urls:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            with socket.create_connection((parts.hostname or "", port), timeout=timeout_s):
                return NetworkState(True, parts.hostname or url)
        except OSError:
            continue
    if not urls:
        return NetworkState(None)
    return NetworkState(False, urlsplit(urls[0]).hostname or "")
