"""One recorded browsing session, driven without a window (``probant web capture``).

The DevTools port must be chosen before QtWebEngine starts, so a session owns
its process's QtWebEngine: it refuses to run if one was started without our
port (see docs/web-capture.md). The Qt thread never blocks on CDP: it runs its
event loop until a Future is done (``until``).
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from capture.web.cdp import CdpConnection, WebChannelUnsafe, free_loopback_port
from capture.web.consent import detection_script, parse_detection, summary
from capture.web.model import Capture, Download, Recording
from capture.web.netlog import NetLogReader
from capture.web.private_dir import private_dir
from capture.web.recorder import NetworkRecorder
from evidence.clock import utc_now_iso
from evidence.errors import ProbantError


@dataclass(frozen=True)
class CaptureJob:
    urls: tuple[str, ...]
    full_page: bool = False
    pdf: bool = False
    wait_s: float = 10.0  # upper bound per address: load plus network idle
    idle_ms: int = 500
    accept_proxy: bool = False  # ``--accept-proxy``: a proxy on the workstation acknowledged


@dataclass(frozen=True)
class PageVisit:
    url: str  # as asked
    final_url: str
    title: str
    time: str


@dataclass(frozen=True)
class SessionResult:
    recording: Recording
    captures: tuple[Capture, ...]
    visits: tuple[PageVisit, ...]
    facts: dict[str, Any] = field(default_factory=dict)
    certificate_errors: tuple[dict[str, Any], ...] = ()


class PageLoadFailed(ProbantError):
    """The main document did not load; ``error`` is Chromium's net error."""

    code = "web_load_failed"
    exit_code = 4


# Chromium switches a workstation's environment may carry that neither weaken TLS nor the
# recording (rendering and diagnostics only); any other (--ignore-certificate-errors,
# --proxy-server, --host-resolver-rules…) is dropped before QtWebEngine starts, and recorded.
_SAFE_FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-gpu-compositing",
               "--disable-dev-shm-usage", "--use-gl=", "--enable-logging", "--log-level=",
               "--disable-features=Vulkan")
CHROMIUM_FLAGS: dict[str, list[str]] = {"kept": [], "removed": [], "ours": []}
# Chromium's NetLog of this process (capture/web/netlog.py): in a folder only we may read,
# gone when the process ends.
NETLOG: dict[str, Path] = {}


def _sanitised_flags() -> None:
    kept: list[str] = []
    removed: list[str] = []
    for flag in os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split():
        safe = any(flag == f or (f.endswith("=") and flag.startswith(f)) for f in _SAFE_FLAGS)
        (kept if safe else removed).append(flag)
    CHROMIUM_FLAGS.update(kept=kept, removed=removed)
    # Ours, after the sanitising: the NetLog in its default mode (no cookie, no credential,
    # no byte of any body), which the recorder joins to what Fetch holds; no QUIC, so that
    # every connection is a TCP socket whose address and TLS handshake the NetLog states
    # (a site offering HTTP/3 is then reached over HTTP/2, as any browser does without it).
    ours = [f"--log-net-log={_netlog_path()}", "--net-log-capture-mode=Default",
            "--disable-quic"]
    CHROMIUM_FLAGS["ours"] = ["--log-net-log", "--net-log-capture-mode=Default",
                              "--disable-quic"]  # the file's path is no fact of the constat
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(kept + ours)


def _netlog_path() -> Path:
    """The NetLog holds the constat's addresses (a query string may carry something
    typed): in a folder of the process's own, in memory where the system has it."""
    folder = private_dir("netlog", memory_only=False)
    assert folder is not None  # the temporary folder when no memory file system is at hand
    NETLOG["path"] = folder / "netlog.json"
    return NETLOG["path"]


def netlog_reader() -> NetLogReader | None:
    path = NETLOG.get("path")
    return NetLogReader(path) if path is not None else None


def start_app() -> Any:
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is not None and not os.environ.get(
            "QTWEBENGINE_REMOTE_DEBUGGING"):
        raise WebChannelUnsafe("QtWebEngine must start inside the capture session's process")
    port = free_loopback_port()
    os.environ["QTWEBENGINE_REMOTE_DEBUGGING"] = f"127.0.0.1:{port}"
    _sanitised_flags()
    from PySide6 import QtWebEngineWidgets  # noqa: F401 - must load before QApplication
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["probant-web"])
    return app, port


def until(app: Any, done: Callable[[], bool], timeout_s: float) -> bool:
    """Run Qt's event loop (Chromium's UI thread) until ``done()``, at most ``timeout_s``.

    The loop runs inside Qt (``QEventLoop.exec``), not as Python rounds of
    ``processEvents``: Chromium's UI thread is Qt's, and each return to Python between
    two of its tasks must take the GIL, which the CDP reader thread holds while it parses
    a body — Chromium's UI thread then waited on Python for every DevTools command,
    every held response and the page's own work (measured with bench/web.py, docs/
    web-capture.md). ``done()`` may turn true on another thread without any Qt event,
    so a 5 ms timer asks it."""
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return True
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    outcome: list[BaseException | bool] = []

    def check() -> None:
        try:
            if done():
                outcome.append(True)
            elif time.monotonic() > deadline:
                outcome.append(False)
        except BaseException as exc:  # raised again below, on the caller's stack
            outcome.append(exc)
        if outcome:
            loop.quit()

    tick = QTimer()
    tick.setInterval(5)
    tick.timeout.connect(check)
    tick.start()
    try:
        loop.exec()
    finally:
        tick.stop()
    if not outcome:  # the loop was quit from elsewhere (the application ending)
        return bool(done())
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def cdp_result(app: Any, future: Future[dict[str, Any]], timeout_s: float = 30) -> dict[str, Any]:
    if not until(app, future.done, timeout_s):
        raise WebChannelUnsafe("the browser did not answer in time")
    answer = future.result()
    if "error" in answer:
        raise WebChannelUnsafe(str(answer["error"]))
    return dict(answer.get("result", {}))


def connect_cdp(app: Any, conn: CdpConnection) -> None:
    """Connect from a helper thread: the DevTools HTTP answer needs the Qt thread to run."""
    import threading

    failure: list[BaseException] = []
    done = threading.Event()

    def connect() -> None:
        try:
            conn.open()
        except BaseException as exc:  # handed over to the Qt thread, raised there
            failure.append(exc)
        finally:
            done.set()

    threading.Thread(target=connect, name="cdp-connect", daemon=True).start()
    if not until(app, done.is_set, 30):
        raise WebChannelUnsafe("the DevTools endpoint did not answer")
    if failure:
        raise failure[0]


def run_session(job: CaptureJob) -> SessionResult:
    app, port = start_app()
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from ui.web.profile import RecordedPage, environment_proxies, lock_view, make_profile

    profile = make_profile(app)
    page = RecordedPage(profile, app)
    from ui.web.netlog_flush import FLUSH

    FLUSH.prepare()
    view = QWebEngineView()
    view.setPage(page)
    lock_view(view)
    view.show()
    facts = profile_state(app, profile)
    facts.update(engine="QtWebEngine", chromium=chromium_version(), user_agent=profile.httpUserAgent(),
                 window=[view.width(), view.height()], proxies_in_environment=environment_proxies(),
                 devtools_port=port, chromium_flags=CHROMIUM_FLAGS["kept"],
                 chromium_flags_removed=CHROMIUM_FLAGS["removed"],
                 chromium_flags_ours=CHROMIUM_FLAGS["ours"])
    recorder = NetworkRecorder(page.devToolsId(), netlog_reader())
    conn = CdpConnection(port, recorder.on_event)
    from ui.web.downloads import DownloadKeeper

    fetched: list[Capture] = []  # an address that is a file (a PDF): a download, kept
    keeper = DownloadKeeper(profile, fetched.append, page.title)
    try:
        _acknowledge_proxy(facts, job)  # before any address is loaded
        connect_cdp(app, conn)
        session = str(cdp_result(app, recorder.attach(conn))["sessionId"])
        captures: list[Capture] = []
        visits: list[PageVisit] = []
        facts["consent_banners"] = []
        for url in job.urls:
            asked = len(keeper.records)
            try:
                visits.append(_visit(app, page, recorder, url, job))
            except PageLoadFailed:
                # Not a page but a file Chromium downloads: stored as such, not refused.
                if not until(app, partial(_more, keeper.records, asked), 1.0):
                    raise
                until(app, lambda: keeper.active == 0, job.wait_s)
                continue
            banners = consent_banners(app, page)
            facts["consent_banners"] += [{**b, "url": visits[-1].final_url,
                                          "time": visits[-1].time} for b in banners]
            captures += _captures(app, conn, session, page, job, visits[-1],
                                  summary(banners))
        until(app, lambda: recorder.in_flight() == 0 and keeper.active == 0, 5)
        facts["devtools_foreign_peers"] = list(conn.foreign_peers)
        facts["downloads"] = [dict(d) for d in keeper.records]
        facts["logins"] = recorder.frame_logins.logins()  # a page's own script, inside a frame
    finally:
        recorder.close()  # every response still held by Fetch goes on
        conn.close()
        keeper.close()
        dispose(app, view, page, profile)
    settle_netlog(app, recorder)
    from ui.web.netlog_flush import FLUSH

    FLUSH.dispose(app)
    channel = (("port", str(port)), ("foreign_peers", ",".join(facts["devtools_foreign_peers"])))
    downloads = tuple(Download(f"download:{n}", c.url, c.mime, c.time, c.data)
                      for n, c in enumerate(fetched, start=1))
    return SessionResult(replace(recorder.recording(channel), downloads=downloads),
                         tuple(captures) + tuple(fetched), tuple(visits), facts,
                         tuple(page.certificate_errors))


def settle_netlog(app: Any, recorder: NetworkRecorder) -> None:
    """Chromium's NetLog written out up to now (ui/web/netlog_flush.py)."""
    from ui.web.netlog_flush import FLUSH

    FLUSH(app, recorder)


def network_idle(app: Any, recorder: NetworkRecorder, idle_s: float, deadline: float) -> None:
    """Until nothing is under way for ``idle_s`` (bounded by ``deadline``): no response
    held or body coming, and no request the NetLog shows open once it is written out
    (a request whose headers are slow to come is waited for, as a browser's spinner does)."""
    def quiet() -> bool:
        return recorder.in_flight() == 0 \
            and time.monotonic() - recorder.last_activity > idle_s

    while until(app, quiet, max(0.0, deadline - time.monotonic())):
        settle_netlog(app, recorder)
        if recorder.requests_open() == 0 or time.monotonic() >= deadline:
            return
        # A request still open: wait for news of it (any event), then quiet again.
        until(app, partial(_newer, recorder, recorder.last_activity),
              min(idle_s * 2 + 0.2, max(0.0, deadline - time.monotonic())))


def _newer(recorder: NetworkRecorder, seen: float) -> bool:
    return recorder.last_activity != seen


def _load_failed(url: str, recorder: NetworkRecorder, infos: list[Any]) -> PageLoadFailed:
    from PySide6.QtWebEngineCore import QWebEngineLoadingInfo

    failed = [i for i in infos if i.status() == QWebEngineLoadingInfo.LoadStatus.LoadFailedStatus]
    if not failed:
        return PageLoadFailed(f"{url}: timeout", url=url, error="timeout",
                              certificate_error=False)
    code, domain = int(failed[-1].errorCode()), failed[-1].errorDomain()
    if domain == QWebEngineLoadingInfo.ErrorDomain.HttpStatusCodeDomain:
        error = f"HTTP {code}"  # an error status with nothing to show: Chromium's error page
    else:
        error = recorder.netlog.error_name(code) if recorder.netlog else f"net::{code}"
    certificate = domain == QWebEngineLoadingInfo.ErrorDomain.CertificateErrorDomain
    return PageLoadFailed(f"{url}: {error}", url=url, error=error, certificate_error=certificate)


def _more(records: list[Any], than: int) -> bool:
    return len(records) > than


def _acknowledge_proxy(facts: dict[str, Any], job: CaptureJob) -> None:
    from capture.web.errors import proxies_need_acknowledgement, require_proxy_acknowledged

    found = facts["proxies_in_environment"]
    if not proxies_need_acknowledgement(found):
        return
    require_proxy_acknowledged(found, job.accept_proxy)
    facts.update(proxy_acknowledged=True, proxy_acknowledged_at=utc_now_iso(),
                 proxy_acknowledged_by="--accept-proxy")


def dispose(app: Any, view: Any, page: Any, profile: Any) -> None:
    """Page before profile, both before the application: otherwise Chromium crashes at exit."""
    from PySide6.QtCore import QCoreApplication, QEvent

    view.close()
    for obj in (view, page, profile):
        obj.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        app.processEvents()


def chromium_version() -> str:
    from PySide6.QtWebEngineCore import qWebEngineChromiumVersion

    return str(qWebEngineChromiumVersion())


def profile_state(app: Any, profile: Any) -> dict[str, Any]:
    """Checked, not assumed: the cookie store is read back empty, the cache is in memory and new."""
    cookies: list[Any] = []
    store = profile.cookieStore()
    store.cookieAdded.connect(cookies.append)
    store.loadAllCookies()
    profile.clearHttpCache()
    until(app, lambda: False, 0.2)
    return {"off_the_record": bool(profile.isOffTheRecord()), "cookies_at_start": len(cookies),
            "cache": profile.httpCacheType().name, "spell_check": profile.isSpellCheckEnabled(),
            "persistent_cookies": profile.persistentCookiesPolicy().name}


def _visit(app: Any, page: Any, recorder: NetworkRecorder, url: str, job: CaptureJob) -> PageVisit:
    from PySide6.QtCore import QUrl

    finished: list[bool] = []
    infos: list[Any] = []  # QWebEngineLoadingInfo: the main frame's error, as Chromium gave it
    page.loadFinished.connect(finished.append)
    page.loadingChanged.connect(infos.append)
    recorder.typed(url)
    page.load(QUrl(url))
    start = time.monotonic()
    until(app, lambda: bool(finished), job.wait_s)
    page.loadFinished.disconnect(finished.append)
    page.loadingChanged.disconnect(infos.append)
    if not finished or not finished[-1]:
        raise _load_failed(url, recorder, infos)
    network_idle(app, recorder, job.idle_ms / 1000,
                 start + max(job.wait_s, time.monotonic() - start + 0.5))
    return PageVisit(url, page.url().toString(), page.title(), utc_now_iso())


APPLICATION_WORLD = 1  # QWebEngineScript.ApplicationWorld: the page's scripts cannot see it


def run_js(app: Any, page: Any, script: str, world: int = 0) -> Any:
    box: list[Any] = []
    page.runJavaScript(script, world, box.append)
    until(app, lambda: bool(box), 10)
    return box[0] if box else None


def consent_banners(app: Any, page: Any) -> list[dict[str, str]]:
    """The consent banners visible now (capture/web/consent.py), checked in the
    application world."""
    return parse_detection(run_js(app, page, detection_script(), APPLICATION_WORLD))


def _captures(app: Any, conn: CdpConnection, session: str, page: Any, job: CaptureJob,
              visit: PageVisit, banners: str = "") -> list[Capture]:
    seen = (("consent_banners", banners),) if banners else ()

    def cap(kind: str, mime: str, ext: str, data: bytes, **details: int | str) -> Capture:
        return Capture(kind, mime, f"{kind}-{len(out) + 1}.{ext}", data, visit.final_url,
                       visit.title, utc_now_iso(), tuple(details.items()) + seen)

    out: list[Capture] = []
    out.append(cap("web_viewport", "image/png", "png", viewport_png(app, conn, session)))
    if job.full_page:
        data, width, height = full_page_png(app, conn, session, page)
        out.append(cap("web_fullpage", "image/png", "png", data, scroll_height=height,
                       scroll_width=width))
    dom = str(run_js(app, page, "document.documentElement.outerHTML"))
    out.append(cap("web_dom", "text/html", "html", dom.encode()))
    mhtml = cdp_result(app, conn.call("Page.captureSnapshot", {"format": "mhtml"}, session), 60)
    out.append(cap("web_mhtml", "multipart/related", "mhtml", str(mhtml["data"]).encode()))
    if job.pdf:
        pdf = page_pdf(app, page)
        if pdf:
            out.append(cap("web_pdf", "application/pdf", "pdf", pdf))
    return out


def viewport_png(app: Any, conn: CdpConnection, session: str) -> bytes:
    shot = cdp_result(app, conn.call("Page.captureScreenshot", {"format": "png"}, session))
    return base64.b64decode(shot["data"])


def full_page_png(app: Any, conn: CdpConnection, session: str,
                  page: Any) -> tuple[bytes, int, int]:
    """The whole scroll height in one image (Chromium renders beyond the viewport)."""
    width = int(run_js(app, page, "document.documentElement.scrollWidth"))
    height = int(run_js(app, page, "document.documentElement.scrollHeight"))
    full = cdp_result(app, conn.call("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}}, session), 60)
    return base64.b64decode(full["data"]), width, height


def page_pdf(app: Any, page: Any) -> bytes:
    """Printed to PDF in memory (never a file on the workstation)."""
    pdf: list[Any] = []
    page.printToPdf(pdf.append)
    until(app, lambda: bool(pdf), 60)
    return bytes(pdf[0]) if pdf and len(pdf[0]) else b""
