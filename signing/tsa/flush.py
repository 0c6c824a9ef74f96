"""Flush: one RFC 3161 request covers everything pending, through a Merkle root.

Leaves are the signed manifests' hashes (content, metadata and chain at once)
and the journal head (which commits to every earlier entry). The TSAs are
tried in their configured order; with ``dual`` two independent TSAs must both
answer. When every TSA fails, the items stay queued with the reasons and a
back-off; nothing unvalidated is ever stored.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from evidence import merkle
from evidence import timestamps as ts
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.vault import Vault
from signing.tsa.client import ObtainedToken, TsaEndpoint, request_token
from signing.tsa.errors import NoTsaConfigured, TimestampError, TimestampUnavailable, TsaTimeout
from signing.tsa.gate import NetworkGate


@dataclass(frozen=True)
class FlushConfig:
    timeout_s: float = 10.0
    skew_warning_s: int = 2
    dual: bool = False  # two independent tokens for this batch
    include_journal: bool = True


@dataclass(frozen=True)
class TsaFailure:
    tsa: str
    code: str
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"tsa": self.tsa, "code": self.code, "detail": self.detail}


@dataclass(frozen=True)
class FlushResult:
    tokens: tuple[ts.StoredToken, ...]
    covered: int  # subjects covered by this flush
    failures: tuple[TsaFailure, ...]  # TSAs that failed before one answered
    skew_warnings: int

    def to_json(self) -> dict[str, object]:
        return {"covered": self.covered, "tokens": [t.to_json() for t in self.tokens],
                "failures": [f.to_json() for f in self.failures],
                "skew_warnings": self.skew_warnings}


def endpoint_of(auth: ts.Authority, timeout_s: float) -> TsaEndpoint:
    return TsaEndpoint(id=auth.id, name=auth.name, url=auth.url,
                       trust_pem=auth.trust_pem.encode(),
                       tsa_cert_pem=auth.tsa_cert_pem.encode() if auth.tsa_cert_pem else None,
                       policy=auth.policy, timeout_s=timeout_s)


def leaf_of(digest_hex: str) -> bytes:
    return merkle.leaf_hash(bytes.fromhex(digest_hex))


def _journal_head(vault: Vault) -> ts.Pending | None:
    row = vault.db.query_one("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
    if row is None:
        return None
    return ts.Pending("journal", str(row["seq"]), None, row["hash"], "", 0, None, None)


def flush(vault: Vault, config: FlushConfig = FlushConfig(), *, constat_id: str | None = None,
          subject_id: str | None = None, due_only: bool = False,
          progress: ProgressCallback = no_progress,
          cancel: CancelToken = NEVER_CANCELLED) -> FlushResult:
    """Timestamp what is pending (all, one constat's, or one item alone)."""
    vault.require_role("commissaire", "collaborateur", action="timestamp_flush")
    endpoints = [endpoint_of(a, config.timeout_s) for a in ts.list_authorities(vault)]
    if not endpoints:
        raise NoTsaConfigured("no TSA configured: add one with `probant tsa add URL --trust`")
    subjects = ts.pending(vault, constat_id=constat_id, subject_id=subject_id, due_only=due_only)
    if not subjects:
        return FlushResult((), 0, (), 0)
    head = _journal_head(vault) if config.include_journal and subject_id is None else None
    batch = subjects + ([head] if head else [])
    root = merkle.tree_head([leaf_of(p.digest) for p in batch])
    progress(0, 1)
    stored, failures = _obtain_and_store(vault, endpoints, root, batch,
                                         2 if config.dual else 1, cancel)
    if not stored:
        ts.mark_failed(vault, subjects, [f"{f.tsa}: {f.code}: {f.detail}" for f in failures])
        raise TimestampUnavailable(
            "no TSA answered; the items stay pending: "
            + "; ".join(f"{f.tsa}: {f.detail}" for f in failures),
            pending=len(subjects), reasons=[f.to_json() for f in failures])
    warnings = _record_skew(vault, stored, batch, config.skew_warning_s)
    progress(1, 1)
    return FlushResult(tuple(stored), len(subjects), tuple(failures), warnings)


def try_flush(vault: Vault, config: FlushConfig, *, constat_id: str | None = None
              ) -> FlushResult | TimestampError:
    """A flush where being offline is normal (after a capture, before an export, on
    demand): the TSA failure is returned, the items stay queued with its reason."""
    try:
        return flush(vault, config, constat_id=constat_id)
    except TimestampError as exc:
        return exc


def _obtain_and_store(vault: Vault, endpoints: list[TsaEndpoint], root: bytes,
                      batch: list[ts.Pending], wanted: int, cancel: CancelToken
                      ) -> tuple[list[ts.StoredToken], list[TsaFailure]]:
    """The TSAs in order until ``wanted`` tokens are stored (dual mode: one is still
    better than none); the items leave the queue with the first."""
    stored: list[ts.StoredToken] = []
    failures: list[TsaFailure] = []
    for endpoint in endpoints:
        cancel.raise_if_cancelled()
        try:
            stored.append(_ask_and_store(vault, endpoint, root, batch, dequeue=not stored,
                                         cancel=cancel))
        except TimestampError as exc:
            failures.append(TsaFailure(endpoint.name, exc.code, exc.detail or str(exc)))
            continue
        if len(stored) == wanted:
            break
    return stored, failures


_network = ThreadPoolExecutor(max_workers=2, thread_name_prefix="probant-tsa")


def _ask_and_store(vault: Vault, endpoint: TsaEndpoint, root: bytes, batch: list[ts.Pending],
                   *, dequeue: bool, cancel: CancelToken) -> ts.StoredToken:
    """One request; the leaves are written while the last checks run.

    The request runs on a network thread. The vault's write lock is never held while
    anything travels over the network (the TSA's answer, or OCSP/CRL answers about its
    certificate), so a capture in another process never waits for it: the transaction
    opens only once the network thread says that only computation is left, and rolls
    back if it turns out to need the network after all (signing/tsa/gate.py). The leaves
    are written meanwhile; the token row follows and the transaction commits only if
    every check passed.
    """
    gate = NetworkGate()
    answer = _network.submit(request_token, endpoint, root, gate)
    answer.add_done_callback(lambda _future: gate.done())
    try:
        token_id = ts.prepare_leaves(vault.db.conn, batch)  # meanwhile: no lock on the vault
        while True:
            gate.wait_offline(cancel)
            if answer.done() and answer.exception() is not None:
                answer.result()  # raises the TimestampError
            try:
                with vault.db.transaction() as conn:
                    ts.stage_leaves(conn, token_id, dequeue=dequeue)
                    try:
                        if not gate.wait_done(_CHECK_BOUND_S):
                            raise _NetworkWanted
                    except TimeoutError as exc:
                        raise TsaTimeout(f"{endpoint.name}: the answer's checks did not "
                                         f"finish", tsa=endpoint.name,
                                         seconds=_CHECK_BOUND_S) from exc
                    token = answer.result()  # a rejected answer rolls the leaves back
                    return ts.insert_token(vault, conn, token_id, _new_token(token, root),
                                           batch)
            except _NetworkWanted:
                gate.release()  # rolled back: the network thread may fetch now
    finally:
        gate.release()


class _NetworkWanted(Exception):
    """The answer's checks need the network after all: roll back and wait again."""


_CHECK_BOUND_S = 20.0


def _new_token(token: ObtainedToken, root: bytes) -> ts.NewToken:
    info = token.info
    return ts.NewToken(
        tsa_id=token.endpoint_id, tsa_name=token.endpoint_name, root=root.hex(),
        gen_time=info.gen_time.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), serial=str(info.serial),
        policy=info.policy, tsa_subject=info.tsa_subject, response=token.response_der,
        requested_at=token.requested.utc, received_at=token.received.utc,
        skew_ms=token.skew_ms, round_trip_ms=token.round_trip_ms,
        revocation_checked=info.revocation_checked)


def _record_skew(vault: Vault, stored: list[ts.StoredToken], batch: list[ts.Pending],
                 threshold_s: int) -> int:
    constats = sorted({p.constat_id for p in batch if p.constat_id})
    count = 0
    for token in stored:
        # The TSA's genTime has a stated accuracy of about a second; the round trip bounds ours.
        if abs(token.skew_ms) - token.round_trip_ms / 2 > threshold_s * 1000:
            ts.record_skew_warning(vault, constats, token.id, token.skew_ms, threshold_s)
            count += 1
    return count


def journal_covered(vault: Vault) -> int:
    """The highest journal seq covered by a token (every earlier entry is chained to it)."""
    row = vault.db.query_one("SELECT MAX(CAST(subject_id AS INTEGER)) FROM timestamp_leaves"
                             " WHERE subject_kind = 'journal'")
    return int(row[0]) if row is not None and row[0] is not None else 0

