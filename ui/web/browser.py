"""The officer's recording browser window, run in a child process (``python -m ui.web.browser_main``).

The parent (the desktop, or ``probant web open``) holds the unlocked vault and
starts this process with pipes on its stdin and stdout: the private channel of
capture/web/channel.py. The child never sees the vault nor its key, never
writes evidence to disk: each capture is sent as soon as it is taken, and at
« Terminer » (or when the window closes) the navigation log and the signed WACZ
are built here in memory and sent; the parent stores them. If the parent goes
away (its end of the pipe closes), the window closes without sending anything:
nothing is recorded outside a constat's browsing.

Recording is the CDP recorder of ``probant web capture`` (capture/web/recorder.py)
on this process's own DevTools port, which dies with the process.

Its automation hook (tests, demonstrations) and its process entry are in
ui/web/child.py.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from capture.web.cdp import CdpConnection
from capture.web.channel import Frame, capture_frame, finished_frame
from capture.web.consent import summary
from capture.web.model import Capture, Download
from capture.web.package import package_session, with_record
from capture.web.recorder import NetworkRecorder
from capture.web.sender import SegmentSender
from capture.web.wacz import Page
from capture.web.warc import response_record_id
from evidence.clock import utc_now_iso
from ui.web.banners import BannerWatch
from ui.web.certificate_warnings import CertificateWarnings
from ui.web.live_relay import LiveRelay
from ui.web.navigation_log import NavigationLog
from ui.web.netlog_flush import QuietFlush
from ui.web.page_captures import PageNow, take
from ui.web.panels import RecordingBand
from ui.web.proxy_warning import ProxyWarning
from ui.web.session import (
    CHROMIUM_FLAGS,
    cdp_result,
    chromium_version,
    connect_cdp,
    consent_banners,
    dispose,
    netlog_reader,
    profile_state,
    settle_netlog,
    until,
)

if TYPE_CHECKING:
    from ui.web.child import Channel


class BrowserWindow(QWidget):
    def __init__(self, app: Any, port: int, channel: Channel, start: dict[str, Any],
                 scripted: bool = False) -> None:
        super().__init__()
        self.app, self.port, self.channel = app, port, channel
        self.constat = str(start["constat"])
        self.session_id = str(start["session_id"])
        self.demo = bool(start.get("demo", False))
        self.scripted = scripted
        self.done = False
        self.loads = 0
        self.pages: list[Page] = []
        self.captures = 0
        self.films: list[dict[str, Any]] = []
        self.got: list[Download] = []  # the downloads, archived in the WARC too
        self.setObjectName("recordingBrowser")
        self.setWindowTitle(self.tr("Navigateur de constatation — constat {id}").format(
            id=self.constat))
        self.setAccessibleName(self.tr("Navigateur de constatation"))
        self._build()

    # -- widgets ----------------------------------------------------------------------
    def _button(self, name: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        return button

    def _build(self) -> None:
        from PySide6.QtWebEngineWidgets import QWebEngineView

        self.back = self._button("browserBack", "◀", self.tr("Page précédente"))
        self.forward = self._button("browserForward", "▶", self.tr("Page suivante"))
        self.reload = self._button("browserReload", "⟳", self.tr("Recharger la page"))
        self.address = QLineEdit()
        self.address.setObjectName("browserAddress")
        self.address.setAccessibleName(self.tr("Adresse de la page"))
        self.address.setPlaceholderText(self.tr("https://…"))
        self.go = self._button("browserGo", self.tr("Aller"), self.tr("Charger l'adresse"))
        top = QHBoxLayout()
        for arrow in (self.back, self.forward, self.reload):
            arrow.setFixedWidth(40)
        for part in (self.back, self.forward, self.reload, self.address, self.go):
            top.addWidget(part)

        self.certificates = CertificateWarnings(
            self.scripted, lambda entry: self.channel.send(Frame("certificate", entry)), self)
        self.proxy = ProxyWarning(self.acknowledge_proxy, self)

        self.view = QWebEngineView()
        self.view.setObjectName("browserView")
        self.view.setAccessibleName(self.tr("Page web enregistrée"))
        self.view.setMinimumSize(640, 400)
        self.log = NavigationLog()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.log)
        split.setSizes([1280, 420])

        self.shot = self._button("captureViewport", self.tr("Capture visible"),
                                 self.tr("Capturer la partie visible de la page"))
        self.full = self._button("captureFullPage", self.tr("Page entière"),
                                 self.tr("Capturer la page entière, sur toute sa hauteur"))
        self.source = self._button("captureSource", self.tr("Source"),
                                   self.tr("Enregistrer le HTML reçu et le DOM affiché"))
        self.pdf = self._button("capturePdf", self.tr("PDF"),
                                self.tr("Imprimer la page en PDF"))
        self.mhtml = self._button("captureMhtml", self.tr("MHTML"),
                                  self.tr("Enregistrer la page et ses ressources en MHTML"))
        self.film = self._button("recordWindow", self.tr("Filmer la fenêtre"),
                                 self.tr("Filmer la fenêtre du navigateur (vidéo en annexe) ; "
                                         "appuyer de nouveau pour arrêter"))
        self.film.setCheckable(True)
        self.film.toggled.connect(self.record_window)
        self.finish_button = self._button("browserFinish", self.tr("Terminer"),
                                          self.tr("Terminer la navigation et tout enregistrer"))
        self.status = QLabel(self.tr("Démarrage du navigateur enregistré…"))
        self.status.setObjectName("browserStatus")
        self.status.setAccessibleName(self.tr("État du navigateur"))
        bottom = QHBoxLayout()
        for widget in (self.shot, self.full, self.source, self.pdf, self.mhtml, self.film,
                       self.finish_button):
            bottom.addWidget(widget)
        bottom.addWidget(self.status, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(RecordingBand(self.demo))
        layout.addLayout(top)
        layout.addWidget(self.certificates.panel)
        layout.addWidget(self.proxy.panel)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)
        self.resize(1700, 900)

        self.address.returnPressed.connect(lambda: self.load(self.address.text()))
        self.go.clicked.connect(lambda: self.load(self.address.text()))
        self.shot.clicked.connect(lambda: self.capture("viewport"))
        self.full.clicked.connect(lambda: self.capture("fullpage"))
        self.source.clicked.connect(lambda: self.capture("source"))
        self.pdf.clicked.connect(lambda: self.capture("pdf"))
        self.mhtml.clicked.connect(lambda: self.capture("mhtml"))
        self.finish_button.clicked.connect(self.finish)

    # -- start ------------------------------------------------------------------------
    def start(self, url: str) -> None:
        """Profile, page, recorder on the CDP port, the parent told; then ``url`` loaded."""
        from ui.web.profile import RecordedPage, environment_proxies, lock_view, make_profile

        self.profile = make_profile(self.app)
        self.page = RecordedPage(self.profile, self.app, ask=self.certificates.error)
        self.view.setPage(self.page)
        lock_view(self.view)
        self.back.clicked.connect(self.view.back)
        self.forward.clicked.connect(self.view.forward)
        self.reload.clicked.connect(self.view.reload)
        self.page.urlChanged.connect(lambda u: self.address.setText(u.toString()))
        self.address.editingFinished.connect(
            lambda: self.address.setText(self.page.url().toString()))
        self.page.loadFinished.connect(self._loaded)
        from ui.web.downloads import DownloadKeeper

        self.downloads = DownloadKeeper(self.profile, self._send_download, self.page.title)
        self.show()
        self.facts: dict[str, Any] = profile_state(self.app, self.profile)
        self.facts.update(engine="QtWebEngine", chromium=chromium_version(),
                          user_agent=self.profile.httpUserAgent(),
                          window=[self.view.width(), self.view.height()],
                          proxies_in_environment=environment_proxies(), devtools_port=self.port,
                          mode="window", scripted=self.scripted,
                          chromium_flags=CHROMIUM_FLAGS["kept"],
                          chromium_flags_removed=CHROMIUM_FLAGS["removed"],
                          chromium_flags_ours=CHROMIUM_FLAGS["ours"])
        self.recorder = NetworkRecorder(self.page.devToolsId(), netlog_reader())
        self.quiet_flush = QuietFlush(self.app, self.recorder)
        self.relay = LiveRelay(self.recorder, self.channel, self._login_seen)
        self.consent = BannerWatch(self.page, self.channel.send, self._banner_told,
                                   lambda: self.done)
        self.segments = SegmentSender(self.recorder, self.session_id, self.channel.send)
        self.conn = CdpConnection(self.port, self.recorder.on_event)
        connect_cdp(self.app, self.conn)
        from ui.web.logins import LoginWatcher

        self.logins = LoginWatcher(self.page, self.recorder.passwords, self._login_seen)
        self.cdp = str(cdp_result(self.app, self.recorder.attach(self.conn))["sessionId"])
        self.channel.send(Frame("hello", {"facts": self.facts}))
        self.segments.start()
        self.timer = QTimer(self)
        self.timer.setInterval(400)
        self.timer.timeout.connect(self._refresh_log)
        self.timer.start()
        self.status.setText(self.tr("Navigation enregistrée. Saisissez une adresse."))
        proxies = self.facts["proxies_in_environment"]
        from capture.web.errors import proxies_need_acknowledgement

        if proxies_need_acknowledgement(proxies):
            self.proxy.ask(proxies, url)
            self.status.setText(self.tr("En attente de votre lecture de l'avertissement sur "
                                        "le proxy."))
            return
        if url:
            self.load(url)

    def acknowledge_proxy(self, by: str) -> None:
        """The officer read the proxy warning (``by``: officer, or script): recorded, sent."""
        if self.proxy.acknowledged or self.done:
            return
        self.facts.update(proxy_acknowledged=True, proxy_acknowledged_at=utc_now_iso(),
                          proxy_acknowledged_by=by)
        self.channel.send(Frame("proxy", {k: self.facts[k] for k in (
            "proxies_in_environment", "proxy_acknowledged", "proxy_acknowledged_at",
            "proxy_acknowledged_by")}))
        then = self.proxy.done()
        self.status.setText(self.tr("Présence du proxy reconnue et enregistrée. Saisissez une "
                                    "adresse."))
        if then:
            self.load(then)

    # -- browsing ---------------------------------------------------------------------
    def load(self, typed: str) -> bool:
        if not self.proxy.acknowledged:
            self.status.setText(self.tr("Lisez d'abord l'avertissement sur le proxy et "
                                        "reconnaissez-le."))
            return False
        url = typed.strip()
        if url and "://" not in url:
            url = "https://" + url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.status.setText(self.tr("Adresse refusée : seules les adresses http:// et "
                                        "https:// sont ouvertes."))
            self.address.setText(self.page.url().toString())
            return False
        self.recorder.typed(url)
        self.page.load(QUrl(url))
        self.status.setText(self.tr("Chargement de {url}…").format(url=url))
        return True

    def _loaded(self, ok: bool) -> None:
        self.loads += 1
        url = self.page.url().toString()
        if ok and url.startswith(("http:", "https:")) and (
                not self.pages or self.pages[-1].url != url):
            self.pages.append(Page(url, utc_now_iso(), self.page.title()))
        self.status.setText(self.tr("Page chargée : {url}").format(url=url) if ok else
                            self.tr("La page ne s'est pas chargée : {url}").format(url=url))
        if ok:
            self.consent.page_loaded()

    def _banner_told(self, platform: str, url: str) -> None:
        """Said in the window and the workspace (« bandeau de consentement détecté »)."""
        self.status.setText(self.tr("Bandeau de consentement détecté : {platform} "
                                    "({url}).").format(platform=platform, url=url))

    def _refresh_log(self) -> None:
        if not self.done:
            self.relay.send_news()
        lines = self.recorder.live_navigations()
        self.log.show_lines(lines, {x.host: x for x in self.recorder.dns.lookups()})
        if not self.done and (any(n.status and not n.server_ip for n in lines)
                              or not self.recorder.joined_all()):
            self.quiet_flush()
        self.relay.send_ready(lines)

    # -- captures -----------------------------------------------------------------------
    def capture(self, kind: str) -> int:
        """Take ``kind`` from the page as it is now and send it; returns how many were sent."""
        if self.done:
            return 0
        from capture.web.masking import mask_url

        url = mask_url(self.page.url().toString(), *self.recorder.passwords.snapshot())[0]
        title, at = self.page.title(), utc_now_iso()
        if not self.recorder.joined_all():  # its facts too: the NetLog written out first
            settle_netlog(self.app, self.recorder)
        self.segments.flush()  # the record a capture names reaches the parent before it
        self.captures += 1
        banners = consent_banners(self.app, self.page)
        self.consent.seen(self.page.url().toString(), banners)
        now = PageNow(self.app, self.conn, self.cdp, self.page, self.view, url, title, at,
                      self.captures,
                      (("consent_banners", summary(banners)),) if banners else ())
        out = take(kind, now, self.recorder.recording())
        recording = self.recorder.recording()
        sent = sum(self.channel.send(capture_frame(with_record(c, recording, self.session_id)))
                   for c in out)
        self.status.setText(self.tr("{n} capture(s) envoyée(s) au coffre : {url}").format(
            n=sent, url=url))
        return sent

    def _login_seen(self, fact: dict[str, Any]) -> None:
        self.channel.send(Frame("login", fact))
        self.status.setText(self.tr(
            "Connexion enregistrée comme fait : {url} (champs : {fields}). Le mot de passe est "
            "masqué dans l'archive et le journal de navigation.").format(
            url=fact["url"], fields=", ".join(fact["fields"]) or "—"))

    def record_window(self, on: bool) -> None:
        """« Filmer la fenêtre »: the parent, which holds the vault, records this window's
        area of the screen (app/services/capture.record_screen) until pressed again."""
        area = self.frameGeometry()
        screen = self.screen().geometry() if self.screen() is not None else area
        area = area.intersected(screen)
        region = [area.x(), area.y(), area.width() - area.width() % 2,
                  area.height() - area.height() % 2]
        entry = {"on": on, "region": region, "time": utc_now_iso()}
        self.films.append(entry)
        self.channel.send(Frame("record", entry))
        self.status.setText(self.tr("Film de la fenêtre demandé au coffre ({w}×{h}).").format(
            w=region[2], h=region[3]) if on else self.tr("Film de la fenêtre arrêté."))

    def _send_download(self, cap: Capture) -> None:
        """A finished download: its WARC ``resource`` record (a segment now, in the WACZ at the
        end), then its bytes as evidence through the parent; never left on disk."""
        got = Download(f"download:{len(self.got) + 1}", cap.url, cap.mime, cap.time, cap.data)
        self.got.append(got)
        self.segments.download(got)
        cap = Capture(cap.kind, cap.mime, cap.filename, cap.data, cap.url, cap.title, cap.time,
                      cap.details + (("web_session", self.session_id), ("warc_record_id",
                                     response_record_id(self.session_id, got.key))))
        if self.channel.send(capture_frame(cap)):
            self.status.setText(self.tr("Téléchargement enregistré au coffre : {name} "
                                        "({url}).").format(name=cap.filename, url=cap.url))

    # -- the end --------------------------------------------------------------------------
    def finish(self) -> None:
        """« Terminer »: the log and the signed WACZ built in memory and sent; then the end."""
        if self.done:
            return
        self.done = True
        if self.film.isChecked():
            self.film.setChecked(False)  # the video stops before the archive is sent
        for button in (self.shot, self.full, self.source, self.pdf, self.mhtml, self.film,
                       self.finish_button):
            button.setEnabled(False)
        self.status.setText(self.tr("Finalisation : archive signée et journal envoyés au "
                                    "coffre…"))
        self.certificates.refuse_all()
        until(self.app, lambda: self.recorder.in_flight() == 0 and self.downloads.active == 0,
              10)
        settle_netlog(self.app, self.recorder)
        self.segments.stop()
        self._refresh_log()
        peers = list(self.conn.foreign_peers)
        facts = {**self.facts, "devtools_foreign_peers": peers,
                 "certificate_errors": list(self.certificates.decisions), "captures_sent": self.captures,
                 "downloads": [dict(d) for d in self.downloads.records],
                 "logins": [dict(x) for x in self.logins.logins]
                 + self.recorder.frame_logins.logins(),
                 "consent_banners": [dict(b) for b in self.consent.banners],
                 "window_recordings": [dict(f) for f in self.films]}
        recording = replace(self.recorder.recording((("port", str(self.port)),
                                                     ("foreign_peers", ",".join(peers)))),
                            downloads=tuple(self.got))
        packaged = package_session(recording, self.pages, facts, constat_id=self.constat,
                                   session_id=self.session_id)
        self.channel.send(finished_frame(packaged))
        self.end()

    def end(self) -> None:
        """Recorder, page and profile gone, then the application: the process exits."""
        self.done = True
        self.timer.stop()
        self.segments.stop()
        self.recorder.close()  # every response still held by Fetch goes on
        self.conn.close()
        self.downloads.close()
        dispose(self.app, self.view, self.page, self.profile)
        from ui.web.netlog_flush import FLUSH

        FLUSH.dispose(self.app)
        self.hide()
        self.app.quit()

    def abandon(self) -> None:
        """The parent is gone: nothing is sent, nothing kept."""
        if not self.done:
            self.end()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if not self.done:
            self.finish()  # closing the window is « Terminer »
        event.accept()

