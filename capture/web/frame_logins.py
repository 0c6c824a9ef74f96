"""Password fields inside frames, seen through the DevTools channel and masked like top-level ones.

The window's watcher (ui/web/logins.py) talks over a QWebChannel, which Qt gives
to the main frame only. Frames — same-site ones, and cross-site ones living in
a process of their own — are watched through CDP instead, on every session the
recorder attaches (the page's and each auto-attached frame's): the same watcher
script runs in an **isolated world** of each subframe
(``Page.addScriptToEvaluateOnNewDocument`` with a ``worldName``; the page's own
scripts can neither see nor alter it) and reports through a binding exposed in
that world only (``Runtime.addBinding`` with ``executionContextName``), which
Chromium turns into a ``Runtime.bindingCalled`` event. The names and values go to
the recorder's ``PasswordFields`` (capture/web/masking.py) and the login is kept
as a fact, as for the main frame. The main frame is left to the window's watcher
(one report each).
"""

from __future__ import annotations

import json
import threading
from typing import Any

from capture.web.masking import PasswordFields
from evidence.clock import utc_now_iso

WORLD = "probant-login"
BINDING = "__probantFrameLogin"

# The watcher of password fields, one for every frame; ``__TRANSPORT__`` says how it reports:
# it returns early where it has nothing to do, and defines ready() and send(text).
_WATCHER = r"""
(function () {
  __TRANSPORT__
  function report(kind, form) {
    var root = form || document;
    var pw = Array.prototype.slice.call(root.querySelectorAll('input[type=password]'))
      .map(function (e) { return {name: e.name || e.id || '', value: e.value || ''}; });
    if (!ready() || !pw.some(function (f) { return f.value; })) return;
    var names = form ? Array.prototype.slice.call(form.elements)
      .map(function (e) { return e.name; }).filter(function (n) { return n; }) : [];
    send(JSON.stringify({kind: kind, url: location.href,
      action: form ? form.action : '', method: form ? (form.method || 'get') : '',
      passwords: pw, fields: names}));
  }
  function formOf(t) { return t && t.closest ? t.closest('form') : null; }
  document.addEventListener('click', function (e) { report('click', formOf(e.target)); }, true);
  document.addEventListener('change', function (e) {
    if (e.target && e.target.type === 'password') report('change', formOf(e.target)); }, true);
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Enter') report('enter', formOf(e.target)); }, true);
  document.addEventListener('submit', function (e) { report('submit', e.target); }, true);
})();
"""


def password_watcher(transport: str) -> str:
    """The watcher script with its way of reporting (the window's QWebChannel for the main
    frame, ui/web/logins.py; the CDP binding for subframes, below)."""
    return _WATCHER.replace("__TRANSPORT__", transport)


WATCH_FRAMES = password_watcher(r"""
  if (window.top === window) return;  // the main frame: the window's own watcher
  var binding = window['__BINDING__'];
  if (typeof binding !== 'function') return;
  function ready() { return true; }
  function send(text) { binding(text); }
""".replace("__BINDING__", BINDING))


def login_fact(report: str, passwords: PasswordFields) -> dict[str, Any] | None:
    """A watcher's report (main frame or subframe): the password values it names are
    learnt for masking; a submit, a click or Enter in a form with a password is a login,
    returned as a fact without any value. None for anything else or a malformed report."""
    try:
        seen = json.loads(report)
        fields = [(str(f.get("name", "")), str(f.get("value", "")))
                  for f in seen.get("passwords", [])]
    except (ValueError, AttributeError, TypeError):
        return None
    for name, value in fields:
        passwords.learn(name, value)
    if seen.get("kind") not in ("submit", "click", "enter"):
        return None
    return {"url": str(seen.get("url", "")), "action": str(seen.get("action", "")),
            "method": str(seen.get("method", "")).upper(),
            "fields": [str(n) for n in seen.get("fields", [])],
            "password_fields": sorted({n for n, v in fields if v})}


def repeats(logins: list[dict[str, Any]], fact: dict[str, Any]) -> bool:
    """The click on « Se connecter » and the submit it causes report twice: one login."""
    last = logins[-1] if logins else None
    return last is not None and {k: last.get(k) for k in fact} == fact


def watch_commands() -> list[tuple[str, dict[str, Any]]]:
    """The CDP calls that set the watcher on a session, before its target runs."""
    # Runtime must be on for a binding to reach the isolated worlds created later.
    return [("Runtime.enable", {}),
            ("Runtime.addBinding", {"name": BINDING, "executionContextName": WORLD}),
            ("Page.enable", {}),
            ("Page.addScriptToEvaluateOnNewDocument",
             {"source": WATCH_FRAMES, "worldName": WORLD, "runImmediately": True})]


class FrameLogins:
    """Feeds ``passwords`` from the frames' reports and keeps the logins seen (facts)."""

    def __init__(self, passwords: PasswordFields) -> None:
        self.passwords = passwords
        self._lock = threading.Lock()
        self._logins: list[dict[str, Any]] = []

    def logins(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(x) for x in self._logins]

    def reported(self, p: dict[str, Any]) -> None:
        """``Runtime.bindingCalled``: only our binding's calls, only well-formed reports."""
        if p.get("name") != BINDING:
            return
        fact = login_fact(str(p.get("payload", "")), self.passwords)
        if fact is None:
            return
        with self._lock:
            if not repeats(self._logins, {**fact, "frame": True}):
                self._logins.append({**fact, "frame": True, "time": utc_now_iso()})
