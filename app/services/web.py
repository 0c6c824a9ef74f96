"""The recording browser's use case: browse, record, package, sign, store (``web capture``).

Qt is imported only when a session runs (ui.web.session), in this process,
which must not have started QtWebEngine already (docs/web-capture.md). All
items are built in memory first and written only once the session succeeded,
so a bad address, an unreachable host or a refused certificate stores nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import queue
import subprocess
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from capture.commit import check_may_capture
from capture.web.cdp import WebChannelUnsafe
from capture.web.channel import (
    ChannelBroken,
    Frame,
    capture_of,
    finished_of,
    read_frame,
    write_frame,
)
from capture.web.errors import WebBadUrl, WebTlsRefused, WebUnreachable
from capture.web.model import Capture
from capture.web.package import PackagedSession, package_session, source_capture, with_record
from capture.web.partial import FILENAME as PARTIAL_FILENAME
from capture.web.partial import PartialArchive
from capture.web.wacz import Page
from evidence.errors import ProbantError
from evidence.items import EvidenceRequest, add_evidence
from evidence.model import EvidenceItem
from evidence.progress import CancelToken
from evidence.vault import Vault

_ROOT = Path(__file__).resolve().parents[2]  # the source tree (or the bundle): the child's cwd


@dataclass(frozen=True)
class WebCaptureRequest:
    constat_id: str
    urls: tuple[str, ...]
    full_page: bool = False
    source: bool = False
    pdf: bool = False
    wait_s: float = 10.0
    accept_proxy: bool = False  # a proxy on the workstation acknowledged (recorded)


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


def check_proxy(accepted: bool) -> None:
    """A proxy in the environment refuses ``web capture`` unless acknowledged (the session
    checks again, with the system's proxy settings, before loading anything)."""
    from capture.web.errors import proxy_variables, require_proxy_acknowledged

    found = proxy_variables()
    require_proxy_acknowledged(found, accepted)


def capture_web(vault: Vault, request: WebCaptureRequest, *,
                stamp_timeout_s: float = 10.0) -> WebCaptureResult:
    """``web capture``: record in this process, then store (nothing if the session failed)."""
    check_may_capture(vault, request.constat_id)  # refused before the browser starts
    urls = parse_urls(request.urls)
    check_proxy(request.accept_proxy)
    packaged, captures = _record(request, urls)
    return store_session(vault, request.constat_id, packaged, captures,
                         stamp_timeout_s=stamp_timeout_s)


def _record(request: WebCaptureRequest,
            urls: tuple[str, ...]) -> tuple[PackagedSession, list[Capture]]:
    from ui.web.session import CaptureJob, PageLoadFailed, run_session

    try:
        session = run_session(CaptureJob(urls, full_page=request.full_page, pdf=request.pdf,
                                         wait_s=request.wait_s,
                                         accept_proxy=request.accept_proxy))
    except PageLoadFailed as exc:
        if exc.params.get("certificate_error"):
            raise WebTlsRefused(exc.detail, **exc.params) from exc
        raise WebUnreachable(exc.detail, **exc.params) from exc
    facts = dict(session.facts)
    facts["certificate_errors_refused"] = list(session.certificate_errors)
    pages = [Page(v.final_url, v.time, v.title) for v in session.visits]
    session_id = str(uuid.uuid4())
    packaged = package_session(session.recording, pages, facts,
                               constat_id=request.constat_id, session_id=session_id)
    captures = list(session.captures)
    if request.source:
        for n, page in enumerate(pages, start=1):
            source = source_capture(session.recording, page, f"web_source-{n}.html")
            if source is not None:
                captures.append(source)
    keys = iter(d.key for d in session.recording.downloads)
    return packaged, [_download_record(c, next(keys), session_id) if c.kind == "web_download"
                      else with_record(c, session.recording, session_id) for c in captures]


def _download_record(cap: Capture, key: str, session_id: str) -> Capture:
    """A download names its own WARC resource record (it has no response record)."""
    from capture.web.warc import response_record_id

    return replace(cap, details=cap.details + (
        ("warc_record_id", response_record_id(session_id, key)), ("web_session", session_id)))


def store_session(vault: Vault, constat_id: str, packaged: PackagedSession,
                  captures: Sequence[Capture] = (), *, stored_captures: Sequence[str] = (),
                  stamp_timeout_s: float = 10.0) -> WebCaptureResult:
    """The session's signed WACZ and navigation log (and ``captures``, after them) stored.

    The WACZ's signature is timestamped first; then the items are written, archive
    first. ``stored_captures``: ids of the session's captures already stored (the
    browser window sends each one as it is taken)."""
    package = packaged.package
    stamp = _stamp(vault, bytes.fromhex(package.datapackage_sha256), stamp_timeout_s)
    archive = _store(vault, constat_id, "web_archive", "application/wacz+zip",
                     "session.wacz", package.data, {
                         "pages": [{"url": p.url, "ts": p.ts, "title": p.title}
                                   for p in packaged.pages],
                         "wacz_version": "1.1.1",
                         "datapackage_sha256": package.datapackage_sha256,
                         "signature": {"publicKey": package.public_key_b64,
                                       "signature": package.signature_b64,
                                       "algorithm": "ECDSA P-256 SHA-256, P1363, one-time key"},
                         "timestamp": stamp, "exchanges": packaged.exchanges,
                         "web_session": packaged.session_id,
                         "captures": list(stored_captures)})
    log_item = _store(vault, constat_id, "web_log", "application/json",
                      "navigation-log.json", packaged.log,
                      {"wacz": archive.id, "navigations": packaged.navigations,
                       "web_session": packaged.session_id})
    items = [archive, log_item]
    for cap in captures:
        items.append(store_capture(vault, constat_id, cap, wacz_id=archive.id))
    return WebCaptureResult(archive, log_item, tuple(items), packaged.facts)


def store_capture(vault: Vault, constat_id: str, cap: Capture, *,
                  wacz_id: str = "") -> EvidenceItem:
    """One browser capture: its URL, title, time, session and WARC record in the manifest."""
    meta: dict[str, Any] = {"url": cap.url, "title": cap.title, "time": cap.time,
                            **dict(cap.details)}
    if wacz_id:
        meta["wacz"] = wacz_id
    return _store(vault, constat_id, cap.kind, cap.mime, cap.filename, cap.data, meta)


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


# -- what the environment report reads back (capture/environment, app/services/matters) ----
def _sessions(vault: Vault, constat_id: str) -> list[dict[str, Any]]:
    """Each stored web session of the constat, in storing order: its facts and main-frame
    navigations, read from what the vault holds (the navigation log's ``session`` and
    ``navigations``; for a session cut short, its partial archive's metadata)."""
    from evidence.items import list_evidence

    out: list[dict[str, Any]] = []
    for item in list_evidence(vault, constat_id):
        if item.kind == "web_log":
            try:
                log = json.loads(vault.blobs.read_all(item.blob_id))
            except ValueError:
                continue
            out.append({"facts": dict(log.get("session", {})),
                        "navigations": list(log.get("navigations", [])),
                        "dns": list(log.get("dns", [])),
                        "web_session": str(item.metadata.get("web_session", "")),
                        "complete": True, "time": item.captured_at})
        elif item.kind == "web_archive_partial":
            out.append({"facts": dict(item.metadata.get("facts", {})),
                        "navigations": list(item.metadata.get("navigations", [])),
                        "dns": list(item.metadata.get("dns", [])),
                        "web_session": str(item.metadata.get("web_session", "")),
                        "complete": False, "time": item.captured_at})
    return out


def visited_hosts(vault: Vault, constat_id: str) -> list[str]:
    """Host names the constat's recording browser navigated to (main frame: typed, clicked,
    redirected, failed too), every session, in the order first visited."""
    hosts: list[str] = []
    for session in _sessions(vault, constat_id):
        for nav in session["navigations"]:
            host = urlsplit(str(nav.get("url", ""))).hostname or ""
            if host and host not in hosts:
                hosts.append(host)
    return hosts


def visited_dns(vault: Vault, constat_id: str) -> list[dict[str, Any]]:
    """The system resolver's answer for each visited host as recorded during the browsing
    (host, time, a, aaaa, resolvers, error; in a finished session's log also chromium_ips
    and agrees), every session, in order."""
    return [dict(d) for s in _sessions(vault, constat_id) for d in s["dns"]]


def browser_facts(vault: Vault, constat_id: str) -> dict[str, Any] | None:
    """The last web session's browser, as recorded at its start: engine, Chromium version,
    user agent, window size, the profile's checked state, the proxy found and whether the
    officer acknowledged it. None when the constat has no web session."""
    sessions = _sessions(vault, constat_id)
    if not sessions:
        return None
    last = sessions[-1]
    f = last["facts"]
    state = {k: f.get(k) for k in ("off_the_record", "cookies_at_start", "cache",
                                   "persistent_cookies", "spell_check")}
    checked = (state["off_the_record"] is True and state["cookies_at_start"] == 0
               and state["cache"] == "MemoryHttpCache"
               and state["persistent_cookies"] == "NoPersistentCookies")
    proxies = dict(f.get("proxies_in_environment") or {})
    return {"engine": str(f.get("engine", "")), "chromium": str(f.get("chromium", "")),
            "user_agent": str(f.get("user_agent", "")), "window": list(f.get("window") or []),
            "state": state, "checked": checked,
            "proxy": {"found": proxies, "acknowledged": bool(f.get("proxy_acknowledged")),
                      "acknowledged_at": str(f.get("proxy_acknowledged_at", ""))},
            "mode": str(f.get("mode", "capture")), "web_session": last["web_session"],
            "complete": last["complete"], "time": last["time"], "sessions": len(sessions)}


# -- the browser window (``web open``, the desktop's « Navigateur de constatation ») -------
class WebSessionInterrupted(ProbantError):
    """The browser's child process ended before « Terminer » was complete."""

    code = "web_session_interrupted"
    exit_code = 1


class WebSessionPartial(WebSessionInterrupted):
    """The same, with the web archive received until then kept as a partial item
    (``partial`` annex, ``records``, ``exchanges`` in the params)."""

    code = "web_session_partial"


@dataclass(frozen=True)
class BrowserEvent:
    """What the parent hears from the browser, for the officer's messages."""

    kind: str  # started | navigation | certificate | login | captured | storing | finished | partial
    url: str = ""
    status: int = 0
    detail: str = ""
    item: EvidenceItem | None = None
    pid: int = 0


@dataclass(frozen=True)
class BrowseResult:
    session_id: str
    captures: tuple[EvidenceItem, ...]  # stored as they arrived
    stored: WebCaptureResult  # the WACZ and the navigation log (captures not repeated)


def browser_command() -> list[str]:
    """The child: the browser window in a process of its own (its DevTools port dies with it);
    ``probant --child web-browser`` in an installed build (app/frozen.py)."""
    from app.frozen import child_command

    return child_command("web-browser")


# The child runs web content: none of the parent's secrets (PROBANT_PIN,
# PROBANT_SIGNER_PIN…) go with it; only these of Probant's own variables do.
_CHILD_PROBANT_VARIABLES = ("PROBANT_BROWSER_SCRIPT", "PROBANT_LOG_DIR")


def _child_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if not k.startswith("PROBANT_") or k in _CHILD_PROBANT_VARIABLES}


def _pump(stream: IO[bytes], out: queue.Queue[Frame | BaseException | None]) -> None:
    try:
        while (frame := read_frame(stream)) is not None:
            out.put(frame)
        out.put(None)
    except BaseException as exc:  # noqa: BLE001 - handed to the storing thread
        out.put(exc)


def browse(vault: Vault, constat_id: str, start_url: str = "", *,
           on_event: Callable[[BrowserEvent], None] = lambda _e: None,
           cancel: CancelToken | None = None, stamp_timeout_s: float = 10.0,
           lang: str = "fr", command: Sequence[str] | None = None) -> BrowseResult:
    """Open the browser window in a child process; store what it sends, as it arrives.

    Each capture is stored when its frame is complete; the WACZ and the navigation
    log when « Terminer » (or the window's closing) sends them. A child that dies
    first (killed, crashed) leaves the captures already stored, stores nothing
    half-received, and raises ``WebSessionInterrupted``. ``cancel`` asks the
    window to finish as « Terminer » does (the session locks, the desktop quits)."""
    check_may_capture(vault, constat_id)
    if start_url:
        parse_urls([start_url])
    session_id = str(uuid.uuid4())
    proc = subprocess.Popen(list(command or browser_command()), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, cwd=_ROOT, env=_child_environment())
    assert proc.stdin is not None and proc.stdout is not None
    frames: queue.Queue[Frame | BaseException | None] = queue.Queue()
    reader = threading.Thread(target=_pump, args=(proc.stdout, frames), name="web-channel",
                              daemon=True)
    reader.start()
    captures: list[EvidenceItem] = []
    partial = PartialArchive(constat_id, session_id)
    stored: WebCaptureResult | None = None
    ended: BaseException | None = None
    asked = False
    try:
        write_frame(proc.stdin, Frame("start", {"constat": constat_id, "session_id": session_id,
                                                "url": start_url, "lang": lang,
                                                "demo": bool(vault.demo)}))
        on_event(BrowserEvent("started", url=start_url, pid=proc.pid))
        while True:
            if cancel is not None and cancel.cancelled and not asked:
                asked = True
                _tell(proc.stdin, Frame("finish"))
            try:
                got = frames.get(timeout=0.2)
            except queue.Empty:
                continue
            if got is None or isinstance(got, BaseException):
                ended = got
                break
            partial.hear(got)  # kept in case the window dies before its signed WACZ
            if got.type == "capture":
                item = store_capture(vault, constat_id, capture_of(got))
                captures.append(item)
                on_event(BrowserEvent("captured", url=item.metadata.get("url", ""),
                                      detail=item.kind, item=item))
            elif got.type == "finished":
                on_event(BrowserEvent("storing"))
                stored = store_session(vault, constat_id, finished_of(got),
                                       stored_captures=[c.id for c in captures],
                                       stamp_timeout_s=stamp_timeout_s)
                on_event(BrowserEvent("finished", item=stored.archive))
            elif got.type == "proxy":
                on_event(BrowserEvent("proxy", detail=", ".join(
                    f"{k}={v}" for k, v in sorted(dict(
                        got.fields.get("proxies_in_environment", {})).items()))))
            elif got.type == "navigation":
                for nav in got.fields.get("lines", []):
                    on_event(BrowserEvent("navigation", url=str(nav.get("url", "")),
                                          status=int(nav.get("status", 0)),
                                          detail=str(nav.get("error", ""))))
            elif got.type == "record":
                on_event(BrowserEvent("record", detail=json.dumps(got.fields)))
            elif got.type == "consent":
                on_event(BrowserEvent("consent", url=str(got.fields.get("url", "")),
                                      detail=str(got.fields.get("platform", ""))))
            elif got.type == "login":
                on_event(BrowserEvent("login", url=str(got.fields.get("url", "")),
                                      detail=", ".join(got.fields.get("password_fields", []))))
            elif got.type == "certificate":
                on_event(BrowserEvent("certificate", url=str(got.fields.get("url", "")),
                                      detail=str(got.fields.get("decision", ""))))
            elif got.type == "error":
                ended = WebChannelUnsafe(str(got.fields.get("detail", "")))
    finally:
        _close(proc)
    if stored is None:
        packed = partial.package(proc.returncode, [c.id for c in captures])
        kept = None if packed is None else _store(
            vault, constat_id, "web_archive_partial", "application/warc", PARTIAL_FILENAME,
            *packed)
        if kept is not None:
            on_event(BrowserEvent("partial", detail=str(partial.records), item=kept))
        if isinstance(ended, ProbantError) and not isinstance(ended, ChannelBroken):
            raise ended
        if kept is None:
            raise WebSessionInterrupted(str(proc.returncode), captures=len(captures)) from ended
        raise WebSessionPartial(str(proc.returncode), captures=len(captures),
                                partial=kept.annex_label, partial_id=kept.id,
                                records=partial.records, exchanges=partial.exchanges) from ended
    return BrowseResult(session_id, tuple(captures), stored)


def _tell(stdin: IO[bytes], frame: Frame) -> None:
    try:
        write_frame(stdin, frame)
    except OSError:  # the child is already gone: its end of the story comes from the reader
        pass


def _close(proc: subprocess.Popen[bytes]) -> None:
    """The child exits with its window; it is killed only if it outlives the session."""
    try:
        if proc.stdin is not None:
            proc.stdin.close()  # the child reads EOF: it closes its window, unsent
    except OSError:
        pass
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
