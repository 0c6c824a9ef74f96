"""Logins seen in the recording browser: recorded as facts, their passwords masked.

A script in Qt's **application world** (an isolated JavaScript world: the page's
own scripts can neither see nor change it) watches the page's password fields
on ``click``, ``change`` and ``submit`` (capture phase, so before the page's
handlers send anything) and reports, over a QWebChannel living in that world
only, each field's name and value. The names and values go to the recorder's
``PasswordFields`` (capture/web/masking.py), which masks them in every request
archived and in the navigation log; the login itself is recorded as a fact:
page, form action, time, the form's field names and which are passwords. The
values never leave this process's memory. Qt gives the channel's transport to
the main frame only: a password typed inside an iframe is not seen (said in
docs/web-capture.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineScript

from capture.web.frame_logins import login_fact, password_watcher, repeats
from capture.web.masking import PasswordFields
from evidence.clock import utc_now_iso

_WATCH = password_watcher(r"""
  var bridge = null;
  if (typeof qt === 'undefined' || !qt.webChannelTransport) return;  // a subframe: no channel
  new QWebChannel(qt.webChannelTransport, function (ch) { bridge = ch.objects.probantLogin; });
  function ready() { return bridge !== null; }
  function send(text) { bridge.report(text); }
""")


def _qwebchannel_js() -> str:
    source = QFile(":/qtwebchannel/qwebchannel.js")
    if not source.open(QIODevice.OpenModeFlag.ReadOnly):
        return ""
    return bytes(source.readAll().data()).decode("utf-8")


class LoginWatcher(QObject):
    """Feeds ``passwords`` and keeps ``logins`` (facts for the navigation log)."""

    def __init__(self, page: QWebEnginePage, passwords: PasswordFields,
                 said: Callable[[dict[str, Any]], None] = lambda _f: None) -> None:
        super().__init__(page)
        self.passwords, self.said = passwords, said
        self.logins: list[dict[str, Any]] = []
        self.channel = QWebChannel(self)
        self.channel.registerObject("probantLogin", self)
        world = QWebEngineScript.ScriptWorldId.ApplicationWorld
        page.setWebChannel(self.channel, world)
        script = QWebEngineScript()
        script.setName("probant-login-watch")
        script.setWorldId(world)
        script.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentReady)
        script.setRunsOnSubFrames(True)
        script.setSourceCode(_qwebchannel_js() + _WATCH)
        page.scripts().insert(script)

    @Slot(str)
    def report(self, text: str) -> None:
        fact = login_fact(text, self.passwords)
        if fact is None or repeats(self.logins, fact):
            return
        self.logins.append({**fact, "time": utc_now_iso()})
        self.said(self.logins[-1])
