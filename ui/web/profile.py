"""The clean profile and page of one constat's browser.

Off the record (memory cache, session cookies, nothing on disk), no spell
check, every permission (notifications, camera, location...) refused,
certificate errors refused and recorded, DevTools unreachable for the officer
(no context menu, the Inspect action disabled; QtWebEngine has no DevTools
shortcut of its own), new windows kept in the same recorded page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtNetwork import QNetworkProxy, QNetworkProxyFactory, QNetworkProxyQuery
from PySide6.QtWebEngineCore import (
    QWebEngineCertificateError,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
)

USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/140.0.0.0 Safari/537.36 Probant/0.1")
WINDOW_SIZE = (1280, 800)


def environment_proxies() -> dict[str, str]:
    """Proxies the environment or the system would impose (recorded; the browser ignores them)."""
    from capture.web.errors import proxy_variables

    found = proxy_variables()
    query = QNetworkProxyQuery("https://example.org/")
    for proxy in QNetworkProxyFactory.systemProxyForQuery(query):
        if proxy.type() not in (QNetworkProxy.ProxyType.NoProxy,
                                QNetworkProxy.ProxyType.DefaultProxy):
            found["system"] = f"{proxy.hostName()}:{proxy.port()}"
    return found


def make_profile(parent: QObject) -> QWebEngineProfile:
    # No explicit proxy for the application: Chromium then connects directly.
    QNetworkProxy.setApplicationProxy(QNetworkProxy(QNetworkProxy.ProxyType.NoProxy))
    profile = QWebEngineProfile(parent)  # no storage name: off the record
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setPersistentCookiesPolicy(
        QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
    profile.setSpellCheckEnabled(False)
    profile.setHttpUserAgent(USER_AGENT)
    profile.setNotificationPresenter(lambda notification: None)
    settings = profile.settings()
    for attr, on in ((QWebEngineSettings.WebAttribute.PluginsEnabled, False),
                     (QWebEngineSettings.WebAttribute.PdfViewerEnabled, False),
                     (QWebEngineSettings.WebAttribute.LocalStorageEnabled, True),
                     (QWebEngineSettings.WebAttribute.ScreenCaptureEnabled, False),
                     (QWebEngineSettings.WebAttribute.WebRTCPublicInterfacesOnly, True)):
        settings.setAttribute(attr, on)
    return profile


def certificate_facts(error: QWebEngineCertificateError) -> dict[str, Any]:
    """What the officer is shown and the log keeps of a certificate Chromium refused."""
    return {"url": error.url().toString(), "type": error.type().name,
            "description": error.description(), "overridable": bool(error.isOverridable()),
            "chain_sha256": [hashlib.sha256(c.toDer().data()).hexdigest()
                             for c in error.certificateChain()]}


class RecordedPage(QWebEnginePage):
    """``ask``: the browser window's question to the officer (the error is deferred until
    answered); without it (``web capture``), every certificate error is refused at once."""

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None,
                 ask: Callable[[QWebEngineCertificateError, dict[str, Any]], None] | None = None
                 ) -> None:
        super().__init__(profile, parent)
        self.certificate_errors: list[dict[str, Any]] = []
        self._ask = ask
        self.certificateError.connect(self._certificate_error)
        self.permissionRequested.connect(lambda permission: permission.deny())
        self.action(QWebEnginePage.WebAction.InspectElement).setEnabled(False)
        self.action(QWebEnginePage.WebAction.InspectElement).setVisible(False)

    def _certificate_error(self, error: QWebEngineCertificateError) -> None:
        facts = certificate_facts(error)
        if self._ask is not None:
            error.defer()  # the officer reads the warning first; the window records the answer
            self._ask(error, facts)
            return
        self.certificate_errors.append({**facts, "decision": "refused"})
        error.rejectCertificate()

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> QWebEnginePage:  # noqa: N802
        return self  # pop-ups and new tabs stay in this recorded page


def lock_view(view: Any) -> None:
    """No context menu: neither "Inspect" nor "Save page" reaches the officer outside Probant."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    view.resize(*WINDOW_SIZE)
