"""The recording browser's use case: browse, record, package, sign, store (``web capture``).

Qt is imported only when a session runs (ui.web.session), in this process,
which must not have started QtWebEngine already (docs/web-capture.md). All
items are built in memory first and written only once the session succeeded,
so a bad address, an unreachable host or a refused certificate stores nothing.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from capture.commit import check_may_capture
from capture.web.errors import WebBadUrl, WebTlsRefused, WebUnreachable
from capture.web.model import Capture, Recording
from capture.web.navlog import navigation_log
from capture.web.wacz import Page, build_wacz
from capture.web.warc import WarcFile, write_warc
from evidence.clock import utc_now_iso
from evidence.items import EvidenceRequest, add_evidence
from evidence.model import EvidenceItem
from evidence.software import SOFTWARE
from evidence.vault import Vault


@dataclass(frozen=True)
class WebCaptureRequest:
    constat_id: str
    urls: tuple[str, ...]
    full_page: bool = False
    source: bool = False
    pdf: bool = False
    wait_s: float = 10.0


@dataclass(frozen=True)
class WebCaptureResult:
    archive: EvidenceItem  # the signed WACZ
    log: EvidenceItem
    items: tuple[EvidenceItem, ...]  # archive, log, then every capture, in storing order
    facts: dict[str, Any]


def parse_urls(values: Sequence[str]) -> tuple[str, ...]:
    """Addresses as given; ``@FILE`` reads one per line (blank lines and # comments skipped)."""
    urls: list[str] = []
    for value in values:
        if value.startswith("@"):
            try:
                lines = Path(value[1:]).read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise WebBadUrl(f"cannot read {value[1:]}: {exc}", url=value) from exc
            urls += [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
        else:
            urls.append(value.strip())
    if not urls:
        raise WebBadUrl("no address given", url="")
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise WebBadUrl(f"not an http(s) address: {url!r}", url=url)
    return tuple(urls)


def capture_web(vault: Vault, request: WebCaptureRequest, *,
                stamp_timeout_s: float = 10.0) -> WebCaptureResult:
    check_may_capture(vault, request.constat_id)  # refused before the browser starts
    urls = parse_urls(request.urls)
    from ui.web.session import CaptureJob, PageLoadFailed, run_session

    try:
        session = run_session(CaptureJob(urls, full_page=request.full_page, pdf=request.pdf,
                                         wait_s=request.wait_s))
    except PageLoadFailed as exc:
        if exc.params.get("certificate_error"):
            raise WebTlsRefused(exc.detail, **exc.params) from exc
        raise WebUnreachable(exc.detail, **exc.params) from exc
    facts = {k: v for k, v in session.facts.items() if not isinstance(v, float)}
    facts["certificate_errors_refused"] = list(session.certificate_errors)
    log = navigation_log(session.recording, facts)
    warc = write_warc(session.recording, {"software": SOFTWARE, "format": "WARC File Format 1.1",
                                          "user-agent": str(facts.get("user_agent", "")),
                                          "probant-constat": request.constat_id}, log)
    pages = [Page(v.final_url, v.time, v.title) for v in session.visits]
    created = utc_now_iso()[:19] + "Z"
    package = build_wacz(warc, pages, title=f"Constat {request.constat_id}", created=created,
                         software=SOFTWARE)
    stamp = _stamp(vault, bytes.fromhex(package.datapackage_sha256), stamp_timeout_s)
    captures = list(session.captures)
    if request.source:
        captures += _sources(session.recording, session.visits)
    # Everything is ready: only now is anything written to the vault.
    archive = _store(vault, request.constat_id, "web_archive", "application/wacz+zip",
                     "session.wacz", package.data, {
                         "pages": [{"url": p.url, "ts": p.ts, "title": p.title} for p in pages],
                         "wacz_version": "1.1.1",
                         "datapackage_sha256": package.datapackage_sha256,
                         "signature": {"publicKey": package.public_key_b64,
                                       "signature": package.signature_b64,
                                       "algorithm": "ECDSA P-256 SHA-256, P1363, one-time key"},
                         "timestamp": stamp, "exchanges": len(session.recording.exchanges)})
    log_item = _store(vault, request.constat_id, "web_log", "application/json",
                      "navigation-log.json", log, {"wacz": archive.id,
                                                   "navigations": len(session.recording.navigations)})
    items = [archive, log_item]
    for cap in captures:
        items.append(_store(vault, request.constat_id, cap.kind, cap.mime, cap.filename, cap.data,
                            {"url": cap.url, "title": cap.title, "time": cap.time,
                             "warc_record_id": _record_for(warc, cap.url), "wacz": archive.id,
                             **dict(cap.details)}))
    return WebCaptureResult(archive, log_item, tuple(items), facts)


def _record_for(warc: WarcFile, url: str) -> str:
    return warc.record_for(url)


def _sources(recording: Recording, visits: Sequence[Any]) -> list[Capture]:
    """The original HTML as received (from the archive), per visited page."""
    out = []
    for n, visit in enumerate(visits, start=1):
        ex = next((e for e in reversed(recording.exchanges)
                   if e.url == visit.final_url and e.is_main_document and e.status < 300), None)
        if ex is not None:
            out.append(Capture("web_source", "text/html", f"web_source-{n}.html", ex.body,
                               ex.url, visit.title, visit.time,
                               (("body_source", ex.body_source),)))
    return out


def _stamp(vault: Vault, digest: bytes, timeout_s: float) -> dict[str, Any]:
    from signing.tsa.stamp import digest_stamper

    seal = digest_stamper(vault, timeout_s)(digest)
    if seal.response is None:  # offline or no TSA: the item's manifest waits in the queue
        return {"status": "pending", "code": seal.code, "error": seal.error}
    return {"status": "stamped", "tsa": seal.tsa, "gen_time": seal.gen_time,
            "of": "sha256 of datapackage.json",
            "token_der_base64": base64.b64encode(seal.response).decode()}


def _store(vault: Vault, constat_id: str, kind: str, mime: str, filename: str, data: bytes,
           metadata: dict[str, Any]) -> EvidenceItem:
    meta = {**metadata, "sha256_before_store": hashlib.sha256(data).hexdigest()}
    return add_evidence(vault, EvidenceRequest(constat_id=constat_id, kind=kind,
                                               origin="captured", mime=mime, filename=filename,
                                               metadata=meta), data)
