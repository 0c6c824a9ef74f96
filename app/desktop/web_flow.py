"""The constat workspace's recording browser (« Navigateur de constatation »).

The browser window runs in a child process (ui/web/browser.py: its DevTools
port dies with it); this process, which holds the unlocked vault, stores what
the child sends as it arrives, through ``app.services.web.browse`` on its own
vault connection (``DesktopSession.run_beside``), so the window stays free.

Wiring (the lead's): a « Navigateur de constatation » button calls
``open_browser()``; ``running`` says whether a browser is open (the button can be
disabled meanwhile); ``stop()`` on a lock or on quitting asks the window to
finish as « Terminer » does (what it sends is still stored: the run holds its
own connection).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.desktop.session import DesktopSession
from app.services import web
from app.services.context import AppContext
from evidence.progress import CancelToken, ProgressCallback
from evidence.vault import Vault


class WebFlow(QObject):
    _heard = Signal(object)  # a web.BrowserEvent, from the storing thread to the GUI thread

    def __init__(self, session: DesktopSession, constat: Callable[[], str | None],
                 say: Callable[[str], None], *, command: Sequence[str] | None = None) -> None:
        super().__init__()
        self.session, self.constat, self.say = session, constat, say
        self.command = list(command) if command else None  # tests: another child command
        self._stop: CancelToken | None = None
        self.child_pid = 0
        self.last: web.BrowseResult | None = None  # the last finished session, for tests
        self.interrupted = False
        self.captures = 0
        self._film: CancelToken | None = None
        self.films: list[Any] = []  # the window's recordings stored (capture.Recording)
        self._heard.connect(self._word)

    @property
    def running(self) -> bool:
        return self._stop is not None

    def open_browser(self, start_url: str = "") -> None:
        """The window for the workspace's current constat (commissaire, open constat:
        checked by the service before the child starts)."""
        constat = self.constat()
        if constat is None:
            self.say(self.tr("Ouvrez d'abord un constat : le navigateur de constatation "
                             "enregistre pour un constat."))
            return
        if self.running:
            self.say(self.tr("Le navigateur de constatation est déjà ouvert."))
            return
        self.interrupted, self.captures, self.child_pid = False, 0, 0
        command = self.command

        def work(ctx: AppContext, vault: Vault, _p: ProgressCallback,
                 cancel: CancelToken) -> web.BrowseResult:
            return web.browse(vault, constat, start_url, on_event=self._heard.emit,
                              cancel=cancel, stamp_timeout_s=ctx.tsa_timeout_s, lang=ctx.lang,
                              command=command)

        self._stop = self.session.run_beside(work, self._ended, self._failed)
        self.say(self.tr("Ouverture du navigateur de constatation…"))

    def stop(self) -> None:
        """Ask the window to finish (« Terminer »): what it sends is stored."""
        self._stop_film()
        if self._stop is not None:
            self._stop.cancel()

    @property
    def filming(self) -> bool:
        return self._film is not None

    def _start_film(self, region: list[int]) -> None:
        """« Filmer la fenêtre »: the screen recorder on the browser window's area, on its own
        vault connection (each segment committed as it closes)."""
        from app.services import capture
        from capture.screen import Region
        from capture.video import RecordingRequest

        constat = self.constat()
        if self._film is not None or constat is None:
            return

        def work(ctx: AppContext, vault: Vault, _p: ProgressCallback,
                 cancel: CancelToken) -> Any:
            return capture.record_screen(ctx, vault, constat, RecordingRequest(
                region=Region(*region)), cancel)

        def done(result: Any) -> None:
            self._film = None
            self.films.append(result)
            self.say(self.tr("Film de la fenêtre du navigateur enregistré : annexe {annex} "
                             "({segments} segment(s)).").format(
                annex=result.item.annex_label, segments=result.summary.segments))

        def failed(exc: BaseException) -> None:
            self._film = None
            self.say(self.session.describe(exc))

        self._film = self.session.run_beside(work, done, failed)
        self.say(self.tr("Film de la fenêtre du navigateur en cours : chaque segment est "
                         "enregistré dans le coffre."))

    def _stop_film(self) -> None:
        if self._film is not None:
            self._film.cancel()

    # -- what the officer is told --------------------------------------------------------
    def _word(self, event: Any) -> None:
        if event.kind == "started":
            self.child_pid = event.pid
            self.say(self.tr("Navigateur de constatation ouvert : chaque page visitée est "
                             "enregistrée."))
        elif event.kind == "navigation":
            if event.status:
                self.say(self.tr("Page visitée : {url} ({status}).").format(
                    url=event.url, status=event.status))
            else:
                self.say(self.tr("Page non chargée : {url} ({error}).").format(
                    url=event.url, error=event.detail))
        elif event.kind == "certificate":
            text = (self.tr("Certificat non valable accepté par vous pour {url} : "
                            "l'acceptation est enregistrée dans le journal de navigation.")
                    if event.detail == "accepted" else
                    self.tr("Certificat non valable refusé pour {url} : le refus est "
                            "enregistré dans le journal de navigation."))
            self.say(text.format(url=event.url))
        elif event.kind == "record":
            asked = json.loads(event.detail)
            if asked.get("on"):
                self._start_film([int(v) for v in asked["region"]])
            else:
                self._stop_film()
        elif event.kind == "proxy":
            self.say(self.tr("Présence d'un proxy sur ce poste reconnue ({proxies}) : la "
                             "reconnaissance est enregistrée dans le journal de navigation.")
                     .format(proxies=event.detail))
        elif event.kind == "consent":
            self.say(self.tr("Bandeau de consentement détecté : {platform} ({url}).").format(
                platform=event.detail, url=event.url))
        elif event.kind == "login":
            self.say(self.tr("Connexion enregistrée comme fait sur {url} ; le mot de passe "
                             "({fields}) est masqué dans l'archive et le journal.").format(
                url=event.url, fields=event.detail or "—"))
        elif event.kind == "captured" and event.detail == "web_download":
            self.captures += 1
            self.say(self.tr("Téléchargement enregistré dans le coffre : annexe {annex} "
                             "({url}).").format(annex=event.item.annex_label, url=event.url))
        elif event.kind == "captured":
            self.captures += 1
            self.say(self.tr("Capture du navigateur enregistrée : annexe {annex} ({url}).")
                     .format(annex=event.item.annex_label, url=event.url))
        elif event.kind == "storing":
            self.say(self.tr("Navigation terminée : archive WACZ et journal de navigation en "
                             "cours d'enregistrement…"))

    def _ended(self, result: web.BrowseResult) -> None:
        self._stop = None
        self._stop_film()
        self.last = result
        self.say(self.tr("Navigation enregistrée : archive WACZ en annexe {annex}, journal de "
                         "navigation en annexe {log}, {n} capture(s).").format(
            annex=result.stored.archive.annex_label, log=result.stored.log.annex_label,
            n=len(result.captures)))

    def _failed(self, exc: BaseException) -> None:
        self._stop = None
        self._stop_film()
        self.interrupted = isinstance(exc, web.WebSessionInterrupted)
        self.say(self.session.describe(exc))
