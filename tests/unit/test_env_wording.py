"""The environment report's summary in professional French (D3 point 9): the phrase table
(every phrase in French and English, same placeholders) and lines free of raw tokens for
every value shape the readers produce; the browser and DNS points' wording."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Any

import pytest

from capture.environment.base import LABELS, EnvironmentConfig, make_check
from capture.environment.phrases import LABELS_EN, NOTES, PHRASES, Words
from capture.environment.system import browser
from capture.environment.wording import line

# Raw tokens the issue names, and English words that must not appear outside quoted values.
RAW = ("True", "False", "None", "gnome_mode", "kde_mode", "windows_proxy", "winhttp",
       "ConnectionError", "gaierror", "NTPException", "offset_ms", "date_utc")
ENGLISH = {"the", "and", "not", "true", "false", "none", "null", "unknown", "error", "mode",
           "up", "down", "address", "addresses", "enabled", "disabled", "failed", "unreachable",
           "timeout", "user", "host", "system", "release", "make", "model", "serial", "with",
           "from", "offset", "stratum", "resolver", "gateway", "environment", "manual", "auto",
           "found", "running", "state", "checked", "window", "engine"}


def unquoted(text: str) -> str:
    """The text with its quoted values (« … », “…”) taken out: raw data may be English."""
    return re.sub(r"«[^»]*»|“[^”]*”", " ", text)


def raw_words(lines: Iterable[str]) -> list[str]:
    """Raw tokens and English words outside quoted values, for the assertion's message."""
    found = []
    for text in lines:
        bare = unquoted(text)
        found += [f"{t!r} in {text!r}" for t in RAW if re.search(rf"\b{t}\b", bare)]
        words = re.findall(r"[A-Za-zÀ-ÿ_]+", bare.replace("'", " ").replace("’", " "))
        found += [f"{w!r} in {text!r}" for w in words if w.lower() in ENGLISH]
    return found


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_phrase_has_french_and_english_with_the_same_placeholders() -> None:
    assert len(PHRASES) > 100
    for pid, (fr, en) in PHRASES.items():
        assert fr.strip() and en.strip(), pid
        assert _placeholders(fr) == _placeholders(en), pid
        # the French side is itself free of English words (placeholders aside)
        assert not raw_words([re.sub(r"\{\w+\}", " ", fr)]) or pid in {
            "os.kernel", "os.system"}, (pid, raw_words([fr]))
    assert set(LABELS_EN) == set(LABELS)
    assert all(NOTES.values())


def test_a_phrase_missing_a_language_would_be_caught() -> None:
    # the test above can fail: a phrase whose English lost a placeholder is seen
    assert _placeholders("{host} non résolu ({why})") != _placeholders("{host} not resolved")


def _check(key: str, value: Any, status: str = "ok", note: str = "", method: str = "m"
           ) -> dict[str, Any]:
    return make_check(key, value, method, status, note).to_canonical()


# One value of each shape the Linux, Windows and macOS readers write (see their parsers).
SHAPES = [
    _check("hardware", {"make": "LENOVO", "model": "20XW0055FR", "serial": "PF2ABCDE",
                        "family": "ThinkPad X1 Carbon Gen 9", "bios": "N32ET75W"}),
    _check("hardware", {"make": "non lisible", "model": "non lisible",
                        "serial": "non lisible (réservé à root)"}, "unknown"),
    _check("hardware", {"make": "Apple", "model": "MacBook Pro", "serial": "C02XL0AAJGH5",
                        "model_identifier": "MacBookPro18,3", "processor": "Apple M1 Pro"}),
    _check("os", {"system": "Linux", "release": "6.1.0-18-amd64",
                  "version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1", "distribution":
                  "Debian GNU/Linux 12 (bookworm)"}),
    _check("os", {"system": "Windows", "release": "11", "version": "10.0.22631",
                  "product": "Microsoft Windows 11 Professionnel", "display_version": "23H2",
                  "build": "22631.3447", "architecture": "64 bits", "installed": "2023-01-05"}),
    _check("os", {"system": "Darwin", "release": "23.4.0", "version": "Darwin Kernel",
                  "product": "macOS", "product_version": "14.4.1", "build": "23E224"}),
    _check("os_last_update", "2026-12-04  14:42:57"),
    _check("os_last_update", "non déterminée", "unknown"),
    _check("os_last_update", {"hotfix": {"id": "KB5036893", "date": "2024-04-10",
                                         "description": "Security Update"},
                              "windows_update": {"title": "2024-04 Cumulative Update",
                                                 "date_utc": "2024-04-10 18:00:00"}}),
    _check("os_last_update", {"macos": {"name": "macOS Sonoma 14.4.1", "version": "14.4.1",
                                        "date_utc": "2024-03-26 10:00:00"}}),
    _check("screens", ["1920x1080+0+0", "2560x1440+1920+0"]),
    _check("screens", ["Color LCD 3024 x 1964 (affiché 1512 x 982) [interne, principal]"]),
    _check("screens", [], "unknown", "pas d'écran X"),
    _check("screens", [], "unknown", "XGetImage() failed"),
    _check("security", {"aucun": "détecté"}, "warning", "aucun pare-feu détecté"),
    _check("security", {"AppArmor": "actif", "ufw": "installé, inactif"}, "warning",
           "pare-feu installé mais inactif"),
    _check("security", {"Windows Defender (antivirus)": "actif, signatures à jour",
                        "Pare-feu Windows (Domain)": "inactif"}, "warning",
           "pare-feu Windows désactivé pour : Domain"),
    _check("network", {"eth0": {"mode": "Ethernet", "up": True,
                                "addresses": ["192.0.2.2", "fe80::1%eth0"]},
                       "wlan0": {"mode": "Wi-Fi", "up": False, "addresses": []},
                       "utun3": {"mode": "virtuelle (tunnel)", "up": True, "addresses": []}}),
    _check("gateway", {"interface": "eth0", "address": "192.0.2.1", "mode": "Ethernet"}),
    _check("gateway", "aucune route par défaut", "offline"),
    _check("dns_servers", ["10.255.255.53", "fd00::53 (domaine corp.example)"]),
    _check("dns_resolution", {"example.org": {"A": ["93.184.215.14"],
                                              "AAAA": ["2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
                                              "resolver": ["10.255.255.53"]},
                              "down.example": {"error": "gaierror", "resolver": []}}, "offline"),
    _check("dns_resolution", {"localhost": ["127.0.0.1"], "x.example": "échec : gaierror"},
           "offline"),
    _check("dns_resolution", {}, "unknown"),
    _check("public_ip", {"https://api.ipify.org": "203.0.113.7",
                         "https://ifconfig.me/ip": "injoignable (ConnectionError)"}, "warning"),
    _check("proxy", {"environment": {"https_proxy": "http://proxy:3128"}, "gnome_mode": "manual",
                     "gnome_http": "proxy.corp:3128", "kde_mode": "pac",
                     "kde_pac_url": "http://wpad/wpad.dat"}, "warning", "un proxy est configuré"),
    _check("proxy", {"environment": "aucun", "windows_proxy": "aucun", "windows_pac_url":
                     "aucun", "windows_auto_detect": True, "winhttp": "accès direct"}, "ok",
           "aucun proxy configuré ; détection automatique (WPAD) activée"),
    _check("proxy", {"environment": "aucun", "macos_https": "proxy:8080",
                     "macos_pac_url": "http://pac/p.pac", "macos_auto_discovery": True,
                     "macos_exceptions": ["*.local", "169.254/16"]}, "warning"),
    _check("proxy", {"environment": "aucun", "system": "non lu"}, "unknown",
           "réglages de proxy du système non lus"),
    _check("transparent_proxy", {"via": "1.1 squid-cache"}, "warning",
           "en-têtes typiques d'un proxy reçus", "en-têtes de GET http://neverssl.com/"),
    _check("transparent_proxy", "non vérifiable (ReadTimeout)", "offline", "",
           "GET http://neverssl.com/"),
    _check("clock", {"0.fr.pool.ntp.org": {"offset_ms": 3012, "stratum": 2},
                     "time.cloudflare.com": "injoignable (gaierror)"}, "warning",
           "écart de 3012 ms au-delà du seuil"),
    _check("remote_tools", ["AnyDesk.exe", "session à distance (RDP-Tcp#0)"], "warning"),
    _check("session", {"user": "root", "host": "vm", "locale": "en_US",
                       "timezone": "UTC +0000"}),
    _check("hardware", "non lu", "unknown", "code de sortie 1 : Access is denied."),
    _check("security", "erreur de lecture", "unknown", "KeyError('x')"),
    _check("gateway", "délai dépassé", "unknown"),
]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_reader_shape_is_worded_without_raw_tokens(lang: str) -> None:
    lines = [line(c, lang) for c in SHAPES]
    if lang == "fr":
        assert not raw_words(lines), raw_words(lines)
    else:
        bare = [unquoted(x) for x in lines]
        assert not [t for t in RAW for b in bare if re.search(rf"\b{t}\b", b)]
    assert all(x.startswith(Words(lang).label(c["key"])) for x, c in zip(lines, SHAPES,
                                                                         strict=True))


def test_values_are_quoted_raw_data_and_statuses_are_said() -> None:
    by = {c["key"] + str(i): line(c) for i, c in enumerate(SHAPES)}
    text = "\n".join(by.values())
    assert "modèle « 20XW0055FR »" in text and "numéro de série « PF2ABCDE »" in text
    assert "interface « eth0 » (Ethernet, active) : « 192.0.2.2 »" in text
    assert "(Wi-Fi, inactive) : sans adresse" in text
    assert "« example.org » → « 93.184.215.14 » (IPv4)" in text
    assert "résolveur du système : « 10.255.255.53 »" in text
    assert "« down.example » non résolu" in text
    assert "utilisateur « root » sur le poste « vm », langue du système « en_US »" in text
    assert "« https://ifconfig.me/ip » injoignable (connexion impossible)" in text
    assert "réglage GNOME : proxy manuel" in text
    assert "écart de +3012 ms avec « 0.fr.pool.ntp.org » (strate 2)" in text
    assert "au-delà du seuil admis [anomalie]" in text
    assert "code de sortie 1 : « Access is denied. »" in text
    assert "« XGetImage() failed »" in text  # a library's message is quoted, not printed raw
    assert "[non déterminé, hors ligne]" in text and "[non déterminé]" in text


FACTS = {"engine": "QtWebEngine", "chromium": "134.0.6998.208",
         "user_agent": "Mozilla/5.0 (X11; Linux x86_64) QtWebEngine/6.11.3 Chrome/134.0",
         "window": [1280, 800], "checked": True, "sessions": 1, "complete": True,
         "state": {"off_the_record": True, "cookies_at_start": 0, "cache": "MemoryHttpCache",
                   "persistent_cookies": "NoPersistentCookies", "spell_check": False},
         "proxy": {"found": {}, "acknowledged": False, "acknowledged_at": ""}}


def test_the_browser_point_before_during_and_without_browsing() -> None:
    start = browser("start", None)
    assert start.status == "ok" and start.value["engine"] == "QtWebEngine"
    said = line(start.to_canonical())
    assert "vérifiés à chaque session" in said and "relevé de fin" in said
    assert "vierge" not in said and "0 cookie" not in said  # nothing claimed before a check
    used = browser("end", FACTS)
    assert used.status == "ok" and used.value["chromium"] == "134.0.6998.208"
    said = line(used.to_canonical())
    for part in ("QtWebEngine, Chromium « 134.0.6998.208 »", "fenêtre de 1280 × 800 pixels",
                 "« Mozilla/5.0 (X11; Linux x86_64) QtWebEngine/6.11.3 Chrome/134.0 »",
                 "0 cookie, cache en mémoire vidé au départ", "sans proxy"):
        assert part in said, said
    dirty = browser("end", {**FACTS, "checked": False,
                            "state": {**FACTS["state"], "cookies_at_start": 3}})
    assert dirty.status == "warning" and "profil non vierge" in line(dirty.to_canonical())
    assert "éphémère (« hors enregistrement »)" not in line(dirty.to_canonical())
    absent = browser("end", None)
    assert absent.status == "unknown" and "absent" in str(absent.value)  # z67 reads « absent »
    assert "aucune session du navigateur de constatation" in line(absent.to_canonical())
    proxied = browser("end", {**FACTS, "proxy": {"found": {"https_proxy": "http://p:3128"},
                                                 "acknowledged": True}})
    assert "« https_proxy=http://p:3128 » (avertissement lu" in line(proxied.to_canonical())


def test_dns_resolution_of_nothing_is_not_a_pass_at_the_end() -> None:
    from capture.environment.network import dns_resolution

    config = EnvironmentConfig(domains_to_resolve=())
    assert dns_resolution(config, phase="start").status == "ok"
    end = dns_resolution(config, phase="end")
    assert end.status == "unknown" and end.value == {}
    assert "résolution non établie" in line(end.to_canonical())
    found = dns_resolution(EnvironmentConfig(domains_to_resolve=("localhost",)),
                           lambda: ["192.0.2.53"], phase="end")
    assert found.status == "ok" and "127.0.0.1" in found.value["localhost"]["A"]
    assert found.value["localhost"]["resolver"] == ["192.0.2.53"]
    gone = dns_resolution(EnvironmentConfig(domains_to_resolve=("nothing.invalid",),
                                            timeout_s=2.0), phase="end")
    assert gone.status == "offline" and gone.value["nothing.invalid"]["error"]
    assert "[non déterminé, hors ligne]" in line(gone.to_canonical())


def test_ntp_server_may_name_its_port() -> None:
    from capture.environment.network import ntp_address

    assert ntp_address("pool.ntp.org", 123) == ("pool.ntp.org", 123)
    assert ntp_address("ntp.etude.local:1123", 123) == ("ntp.etude.local", 1123)
    assert ntp_address("[2001:db8::1]:1123", 123) == ("2001:db8::1", 1123)
    assert ntp_address("2001:db8::1", 123) == ("2001:db8::1", 123)  # a bare IPv6 address


def test_clock_check_fails_at_once_on_a_junk_answer() -> None:
    import time

    from capture.environment.base import EnvironmentConfig
    from capture.environment.network import clock_offset
    from tests.fixtures.ports import junk_ntp_server

    server = junk_ntp_server()
    started = time.monotonic()
    check = clock_offset(EnvironmentConfig(ntp_servers=(server,), public_ip_services=(),
                                           timeout_s=5))
    assert check.status == "offline" and check.value == {server: "injoignable (NTPException)"}
    assert time.monotonic() - started < 4  # answered, not timed out (5 s)
