"""Flush: one RFC 3161 request covers everything pending, through a Merkle root.

Leaves are the signed manifests' hashes (content, metadata and chain at once)
and the journal head (which commits to every earlier entry). The TSAs are
tried in their configured order; with ``dual`` two independent TSAs must both
answer. When every TSA fails, the items stay queued with the reasons and a
back-off; nothing unvalidated is ever stored.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from evidence import merkle
from evidence import timestamps as ts
from evidence.clock import utc_now_iso
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.vault import Vault
from signing.tsa.client import ObtainedToken, TsaEndpoint, request_token
from signing.tsa.errors import NoTsaConfigured, TimestampError, TimestampUnavailable, TsaTimeout
from signing.tsa.gate import NetworkGate
from signing.tsa.skew import clock_offset_ms

log = logging.getLogger(__name__)


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
    selection = ts.PendingFilter(constat_id, subject_id, utc_now_iso() if due_only else None)
    # The request goes out as soon as the root is known; the subjects' full rows are read
    # while it travels, in the same snapshot, so they are the rows that were hashed.
    with vault.db.read_snapshot():
        digests = ts.pending_digests(vault, selection)
        if not digests:
            return FlushResult((), 0, (), 0)
        head = _journal_head(vault) if config.include_journal and subject_id is None else None
        root = merkle.tree_head([leaf_of(d) for d in digests + ([head.digest] if head else [])])
        progress(0, 1)
        cancel.raise_if_cancelled()
        first = _send(endpoints[0], root)
        subjects = ts.pending_subjects(vault, selection)
    if [p.digest for p in subjects] != digests:  # cannot happen within one snapshot
        raise AssertionError("the queue changed within a read snapshot")
    batch = subjects + ([head] if head else [])
    # Every request of this flush is for the same root: its leaves are committed once,
    # under one batch, while the first request travels (nothing here waits for it).
    batch_id = ts.record_batch(vault, root, batch)
    stored, failures = _obtain_and_store(vault, endpoints, first, root, batch, batch_id,
                                         2 if config.dual else 1, cancel)
    if not stored:
        ts.mark_failed(vault, subjects, [f"{f.tsa}: {f.code}: {f.detail}" for f in failures],
                       batch_id)
        log.warning("timestamp flush: no TSA answered, %d item(s) stay pending (%s)",
                    len(subjects), "; ".join(f"{f.tsa}: {f.code}" for f in failures))
        raise TimestampUnavailable(
            "no TSA answered; the items stay pending: "
            + "; ".join(f"{f.tsa}: {f.detail}" for f in failures),
            pending=len(subjects), reasons=[f.to_json() for f in failures])
    warnings = _record_skew(vault, stored, batch, config.skew_warning_s)
    log.info("timestamp flush: %d item(s) covered by %s; %d TSA failure(s)%s", len(subjects),
             ", ".join(f"{t.tsa_name} ({t.round_trip_ms} ms)" for t in stored), len(failures),
             "".join(f"; {f.tsa}: {f.code}" for f in failures))
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


def _obtain_and_store(vault: Vault, endpoints: list[TsaEndpoint], first: _Sent, root: bytes,
                      batch: list[ts.Pending], batch_id: str, wanted: int, cancel: CancelToken
                      ) -> tuple[list[ts.StoredToken], list[TsaFailure]]:
    """The TSAs in order (the first one's request already sent) until ``wanted`` tokens
    are stored (dual mode: one is still better than none); the items leave the queue
    with the first token."""
    stored: list[ts.StoredToken] = []
    failures: list[TsaFailure] = []
    for endpoint in endpoints:
        if endpoint is endpoints[0]:
            sent = first
        else:
            cancel.raise_if_cancelled()
            sent = _send(endpoint, root)
        try:
            stored.append(_await_and_store(vault, endpoint, sent, root, batch, batch_id,
                                           dequeue=not stored, cancel=cancel))
        except TimestampError as exc:
            failures.append(TsaFailure(endpoint.name, exc.code, exc.detail or str(exc)))
            continue
        if len(stored) == wanted:
            break
    return stored, failures


_network = ThreadPoolExecutor(max_workers=2, thread_name_prefix="probant-tsa")


@dataclass(frozen=True)
class _Sent:
    """A request on its way: the network thread's answer, and the gate shared with it."""

    answer: Future[ObtainedToken]
    gate: NetworkGate


def _send(endpoint: TsaEndpoint, root: bytes) -> _Sent:
    gate = NetworkGate()
    answer = _network.submit(request_token, endpoint, root, gate)
    answer.add_done_callback(lambda _future: gate.done())
    return _Sent(answer, gate)


def _await_and_store(vault: Vault, endpoint: TsaEndpoint, sent: _Sent, root: bytes,
                     batch: list[ts.Pending], batch_id: str, *, dequeue: bool,
                     cancel: CancelToken) -> ts.StoredToken:
    """One request's answer, checked, stored as a token on the batch of its leaves.

    The request runs on a network thread. The vault's write lock is never held while
    waiting for anything that travels over the network (the TSA's answer, or OCSP/CRL
    answers about its certificate), so a capture in another process waits at most for
    local writes: the batch's transaction writes and commits without waiting for the
    answer; the token's transaction opens only once the network thread says that only
    computation is left, and rolls back if it turns out to need the network after all
    (signing/tsa/gate.py). The token row goes in, and the covered items leave the queue,
    only if every check passed.
    """
    answer, gate = sent.answer, sent.gate
    try:
        while True:
            gate.wait_offline(cancel)
            if answer.done() and answer.exception() is not None:
                answer.result()  # raises the TimestampError
            try:
                with vault.db.transaction() as conn:
                    if dequeue:
                        ts.dequeue_batch(conn, batch_id)
                    try:
                        if not gate.wait_done(_CHECK_BOUND_S):
                            raise _NetworkWanted
                    except TimeoutError as exc:
                        raise TsaTimeout(f"{endpoint.name}: the answer's checks did not "
                                         f"finish", tsa=endpoint.name,
                                         seconds=_CHECK_BOUND_S) from exc
                    token = answer.result()  # a rejected answer rolls the dequeue back
                    return ts.insert_token(vault, conn, batch_id, _new_token(token, root),
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
        # Beyond what the round trip, genTime's resolution and the TSA's accuracy allow.
        offset, margin = clock_offset_ms(token.skew_ms, token.round_trip_ms, token.response)
        if abs(offset) - margin > threshold_s * 1000:
            ts.record_skew_warning(vault, constats, token.id, offset, threshold_s)
            count += 1
    return count


def journal_covered(vault: Vault) -> int:
    """The highest journal seq covered by a token (every earlier entry is chained to it)."""
    row = vault.db.query_one("SELECT MAX(CAST(l.subject_id AS INTEGER)) FROM timestamp_leaves l"
                             " JOIN timestamp_tokens t ON t.batch_id = l.batch_id"
                             " WHERE l.subject_kind = 'journal'")
    return int(row[0]) if row is not None and row[0] is not None else 0

