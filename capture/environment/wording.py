"""The report's summary as a commissaire would write it: one sentence per point, in French for
the PV (and English for the English interface), from the phrase table (``phrases``).

The JSON facts are not touched: each point's value keeps its machine-readable shape; only the
sentence printed from it is worded here. A value of an unforeseen shape is still printed, quoted,
never as raw ``key value`` pairs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from capture.environment.phrases import PHRASES, Words

Worder = Callable[[Words, Any, Mapping[str, Any]], str]


def line(check: Mapping[str, Any], lang: str = "fr") -> str:
    """« Label : sentence [status] — note. » for one check (its canonical mapping)."""
    w = Words(lang)
    key = str(check.get("key", ""))
    value = check.get("value")
    try:
        sentence = _WORDERS.get(key, _generic)(w, value, check)
    except (TypeError, ValueError, KeyError, AttributeError):  # an older or odd shape
        sentence = _generic(w, value, check)
    sentence = sentence or w("not_read")  # no service or server was configured to ask
    status = str(check.get("status", "unknown"))
    mark = f" [{w('status.' + status)}]" if f"status.{status}" in PHRASES else ""
    note = str(check.get("note") or "")
    worded_note = w.note(note) if note and key not in _NOTE_IN_SENTENCE else ""
    label = w.label(key) if key else str(check.get("label", ""))
    sep = " : " if lang == "fr" else ": "
    if lang == "en":  # French typography puts a space before « ; », English does not
        sentence = sentence.replace(" ; ", "; ")
    return f"{label}{sep}{sentence}{mark}" + (f" — {worded_note}" if worded_note else "")


def lines(checks: list[Mapping[str, Any]], lang: str = "fr") -> list[str]:
    return [line(c, lang) for c in checks]


# -- one worder per key -------------------------------------------------------------------
def _plain(w: Words, value: Any) -> str:
    """A reader's own French word (« non lisible ») said as such, anything else quoted."""
    text = str(value)
    for word, pid in (("non lisible (réservé à root)", "unreadable_root"),
                      ("non lisible", "unreadable"), ("non renseigné par le fabricant",
                                                      "not_filled"),
                      ("non lu", "not_read"), ("erreur de lecture", "read_error"),
                      ("délai dépassé", "timed_out"), ("aucun", "none")):
        if text == word:
            return w(pid)
    return w.q(text)


def _failure(w: Words, value: Any) -> str | None:
    """The values a guarded probe leaves when it could not read its source."""
    if isinstance(value, str) and value in ("non lu", "erreur de lecture", "délai dépassé"):
        return _plain(w, value)
    return None


def _fields(w: Words, value: Mapping[str, Any], prefix: str) -> str:
    parts = []
    for k, v in value.items():
        pid = f"{prefix}.{k}"
        parts.append(w(pid, v=_plain(w, v)) if pid in PHRASES else w("px.other", k=w.q(k),
                                                                       v=_plain(w, v)))
    return ", ".join(parts)


def _hardware(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    return _failure(w, value) or _fields(w, value, "hw")


def _os(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if (f := _failure(w, value)) is not None:
        return f
    v = dict(value)
    system, release = v.pop("system", ""), v.pop("release", "")
    parts = []
    if "distribution" in v:
        parts.append(w("os.distribution", v=w.q(v.pop("distribution"))))
        if system or release:
            parts.append(w("os.kernel", system=system, release=w.q(release)))
    elif "product" in v:
        parts.append(w("os.product", v=w.q(v.pop("product"))))
        if system or release:
            parts.append(w("os.system", system=system, release=w.q(release)))
    elif system or release:
        parts.append(w("os.system", system=system, release=w.q(release)))
    rest = _fields(w, v, "os")
    return ", ".join(p for p in (*parts, rest) if p)


def _date(text: str) -> str:
    return " ".join(str(text).split())


def _last_update(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if (f := _failure(w, value)) is not None:
        return f
    if isinstance(value, str):
        return w("upd.undetermined") if value == "non déterminée" else w(
            "upd.date", date=_date(value))
    parts = []
    for kind, e in value.items():
        if kind == "hotfix":
            parts.append(w("upd.hotfix", id=w.q(e.get("id", "")), date=_date(e.get("date", ""))))
        elif kind == "windows_update":
            parts.append(w("upd.windows_update", title=w.q(e.get("title", "")),
                           date=_date(e.get("date_utc", ""))))
        elif kind in ("macos", "security_data"):
            parts.append(w(f"upd.{kind}", name=w.q(e.get("name", "")),
                           version=w.q(e.get("version", "")), date=_date(e.get("date_utc", ""))))
        else:
            parts.append(w("px.other", k=w.q(kind), v=w.q(e)))
    return " ; ".join(parts)


def _screens(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if not value:
        return w("scr.none")
    if (f := _failure(w, value)) is not None:
        return f
    out = []
    for s in value:
        m = re.fullmatch(r"(\d+)x(\d+)\+(-?\d+)\+(-?\d+)", str(s))
        out.append(w("scr.one", w=m[1], h=m[2], x=m[3], y=m[4]) if m else w.q(s))
    return " ; ".join(out)


def _browser(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if not isinstance(value, Mapping):  # reports older than the browser facts
        return _failure(w, value) or w.q(value)
    if value.get("engine") == "absent":
        return w("br.absent") if value.get("installed", True) else w("br.not_installed")
    if not value.get("sessions"):
        return w("br.planned", package=w.q(value.get("package", "")))
    width, height = (list(value.get("window") or []) + ["?", "?"])[:2]
    head = w("br.used", engine=value.get("engine", ""), chromium=w.q(value.get("chromium", "")),
             ua=w.q(value.get("user_agent", "")), w=width, h=height,
             sessions=w("br.sessions", n=value.get("sessions", 1)))
    state = value.get("state") or {}
    if value.get("checked"):
        parts = [w("br.clean", cookies=state.get("cookies_at_start", 0))]
    elif state:
        yes_no = w("br.yes") if state.get("off_the_record") else w("br.no")
        parts = [w("br.not_clean", otr=yes_no, cookies=state.get("cookies_at_start", "?"),
                   cache=w.q(state.get("cache", "")),
                   persistent=w.q(state.get("persistent_cookies", "")))]
    else:
        parts = [w("br.unchecked")]
    proxy = value.get("proxy") or {}
    found = proxy.get("found") or {}
    if found:
        parts.append(w("br.env_proxy", found=", ".join(w.q(f"{k}={v}") for k, v in
                                                        found.items()))
                     + (f" ({w('br.proxy_ack')})" if proxy.get("acknowledged") else ""))
    else:
        parts.append(w("br.no_proxy"))
    if value.get("complete") is False:
        parts.append(w("br.interrupted"))
    return f"{head} " + " ; ".join(parts)


def _security(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if (f := _failure(w, value)) is not None:
        return f
    if not value or dict(value) == {"aucun": "détecté"}:
        return w("sec.none")
    return " ; ".join(w("sec.item", name=w.q(k), state=_state(w, v)) for k, v in value.items())


def _state(w: Words, text: Any) -> str:
    """The readers' states are French (« installé, actif »); a version or date inside stays."""
    s = str(text)
    return s if re.fullmatch(r"[\w ,'()./:-]*", s) and re.search(
        r"\b(actif|active|inactif|inactive|installé|en pause|version|signatures|protection|"
        r"en échec)\b", s) else w.q(s)


def _kind(w: Words, mode: Any) -> str:
    pid = f"kind.{mode}"
    return w(pid) if pid in PHRASES else w.q(mode)


def _network(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if (f := _failure(w, value)) is not None:
        return f
    if not value:
        return w("net.none")
    out = []
    for name, info in value.items():
        addresses = info.get("addresses") or []
        out.append(w("net.iface", name=w.q(name), kind=_kind(w, info.get("mode", "inconnu")),
                     state=w("net.up") if info.get("up") else w("net.down"),
                     addresses=", ".join(w.q(a) for a in addresses) or w("net.no_address")))
    return " ; ".join(out)


def _gateway(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if value == "aucune route par défaut":
        return w("gw.none")
    if (f := _failure(w, value)) is not None:
        return f
    return w("gw.route", address=w.q(value.get("address", "")),
             interface=w.q(value.get("interface", "")), kind=_kind(w, value.get("mode", "inconnu")))


def _dns_servers(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if (f := _failure(w, value)) is not None:
        return f
    return ", ".join(w.q(s) for s in value) or w("dns.no_server")


def _resolution(w: Words, value: Any, check: Mapping[str, Any]) -> str:
    if not value:
        # the start report has nothing to resolve yet; the end report should have
        return w("res.start") if check.get("status") == "ok" else w("res.none")
    out, resolvers = [], []
    for host, found in value.items():
        if isinstance(found, list):  # reports before A and AAAA were told apart
            found = {"A": found}
        if isinstance(found, str):
            found = {"error": found.split(":")[-1].strip()}
        for r in found.get("resolver") or []:
            if r not in resolvers:
                resolvers.append(r)
        if found.get("error") == "gaierror":
            out.append(w("res.no_answer", host=w.q(host)))
        elif "error" in found:
            out.append(w("res.failed", host=w.q(host), why=w.why(str(found["error"]))))
        else:
            out.append(_addresses(w, str(host), found))
    if resolvers:
        out.append(w("res.resolver", servers=", ".join(w.q(r) for r in resolvers)))
    return " ; ".join(out)


def _addresses(w: Words, host: str, found: Mapping[str, Any]) -> str:
    addresses = ([w("res.v4", a=w.q(a)) for a in found.get("A", [])]
                 + [w("res.v6", a=w.q(a)) for a in found.get("AAAA", [])])
    return w("res.host", host=w.q(host), addresses=", ".join(addresses))


def _unreachable(text: Any) -> str | None:
    """The exception name a network probe kept: « injoignable (ConnectionError) »."""
    m = re.fullmatch(r"(?:injoignable|non vérifiable) \((\w+)\)", str(text))
    return m[1] if m else None


def _public_ip(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if (f := _failure(w, value)) is not None:
        return f
    out = []
    for service, seen in value.items():
        why = _unreachable(seen)
        out.append(w("ip.failed", service=w.q(service), why=w.why(why)) if why
                   else w("ip.seen", ip=w.q(seen), service=w.q(service)))
    return " ; ".join(out)


_PROXY_MODES = ("none", "manual", "auto", "pac", "auto-detect", "environment")


def _mode(w: Words, mode: Any) -> str:
    return w(f"px.mode.{mode}") if mode in _PROXY_MODES else _plain(w, mode)


def _proxy(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if (f := _failure(w, value)) is not None:
        return f
    out = []
    for k, v in value.items():
        if k == "environment":
            out.append(w("px.env_none") if v == "aucun" else w("px.env", found=", ".join(
                w.q(f"{n}={u}") for n, u in dict(v).items())))
        elif k in ("gnome_mode", "kde_mode"):
            out.append(w("px.gnome" if k == "gnome_mode" else "px.kde", mode=_mode(w, v)))
        elif k in ("gnome_http", "kde_http"):
            out.append(w("px.server", v=w.q(v)))
        elif k in ("gnome_pac_url", "kde_pac_url"):
            out.append(w("px.pac", v=w.q(v) if v else w("none")))
        elif k == "windows_proxy":
            out.append(w("px.windows", v=w("px.mode.none") if v == "aucun" else w("px.server",
                                                                                   v=w.q(v))))
        elif k in ("windows_bypass", "macos_exceptions"):
            items = v if isinstance(v, list) else [v]
            out.append(w("px.windows_bypass", v=", ".join(w.q(i) for i in items)))
        elif k == "windows_pac_url":
            if v != "aucun":
                out.append(w("px.windows_pac", v=w.q(v)))
        elif k in ("windows_auto_detect", "macos_auto_discovery"):
            out.append(w("px.auto_detect_on" if v else "px.auto_detect_off"))
        elif k == "winhttp":
            out.append(w("px.winhttp_direct") if v == "accès direct" else w(
                "px.winhttp", v=_plain(w, v) if str(v) == "non lu" else w.q(v)))
        elif k == "macos_proxy":
            out.append(w("px.macos_none"))
        elif k.startswith("macos_") and k != "macos_pac_url":
            out.append(w("px.macos", proto=k[6:].upper(), v=w.q(v)))
        elif k == "macos_pac_url":
            out.append(w("px.windows_pac", v=w.q(v)))
        elif k == "system":
            out.append(w("px.system_unread"))
        else:
            out.append(w("px.other", k=w.q(k), v=w.q(v)))
    return " ; ".join(out)


def _target(check: Mapping[str, Any]) -> str:
    m = re.search(r"GET (\S+)", str(check.get("method", "")))
    return m[1] if m else "?"


def _transparent(w: Words, value: Any, check: Mapping[str, Any]) -> str:
    url = w.q(_target(check))
    if value == "aucun indice":
        return w("tp.clean", url=url)
    if why := _unreachable(value):
        return w("tp.failed", url=url, why=w.why(why))
    if isinstance(value, Mapping):
        return w("tp.found", url=url, headers=", ".join(w.q(f"{k}: {v}")
                                                          for k, v in value.items()))
    return _failure(w, value) or w.q(value)


def _clock(w: Words, value: Any, check: Mapping[str, Any]) -> str:
    if (f := _failure(w, value)) is not None:
        return f
    out, worst = [], None
    for server, r in value.items():
        if isinstance(r, Mapping):
            ms = int(r.get("offset_ms", 0))
            worst = ms if worst is None or abs(ms) > abs(worst) else worst
            out.append(w("clk.offset", ms=f"{ms:+d}", server=w.q(server),
                         stratum=r.get("stratum", "?")))
        else:
            out.append(w("clk.failed", server=w.q(server), why=w.why(_unreachable(r) or str(r))))
    if worst is not None:
        out.append(w("clk.worst", ms=f"{worst:+d}")
                   + (f", {w('clk.beyond')}" if check.get("status") == "warning" else ""))
    return " ; ".join(out)


def _remote(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if (f := _failure(w, value)) is not None:
        return f
    if not value:
        return w("rt.none")
    tools = []
    for t in value:
        m = re.fullmatch(r"session à distance \((.*)\)", str(t))
        tools.append(w("rt.session", v=w.q(m[1])) if m else w.q(t))
    return w("rt.found", tools=", ".join(tools))


def _session(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if (f := _failure(w, value)) is not None:
        return f
    return w("ses.line", user=_plain(w, value.get("user", "")), host=w.q(value.get("host", "")),
             locale=w.q(value.get("locale", "")), tz=w.q(value.get("timezone", "")))


def _generic(w: Words, value: Any, _: Mapping[str, Any]) -> str:
    if isinstance(value, Mapping):
        return ", ".join(w("px.other", k=w.q(k), v=w.q(v)) for k, v in value.items()) or w(
            "none")
    if isinstance(value, list):
        return ", ".join(w.q(v) for v in value) or w("none")
    return _plain(w, value)


_WORDERS: dict[str, Worder] = {
    "hardware": _hardware, "os": _os, "os_last_update": _last_update, "screens": _screens,
    "browser": _browser, "security": _security, "network": _network, "gateway": _gateway,
    "dns_servers": _dns_servers, "dns_resolution": _resolution, "public_ip": _public_ip,
    "proxy": _proxy, "transparent_proxy": _transparent, "clock": _clock,
    "remote_tools": _remote, "session": _session,
}
# Points whose note only repeats what the sentence already says in full.
_NOTE_IN_SENTENCE = frozenset({"clock", "browser", "dns_resolution", "transparent_proxy"})
