"""D3 point 9: the procès-verbal is written as a commissaire would write it. A full constat is
signed through the real CLI (the test PKI's PKCS#12 signer, its TSA), the signed PV's text is
extracted with pdftotext, and the test fails on the raw tokens the expert's review found
(``True``, ``addresses``, ``gnome_mode``, ``(ConnectionError)``, ``Attention : security``,
``user root``…) and on English words outside quoted values (« … »)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.fixtures.cli import Probant
from tests.fixtures.web_server import WebSite
from tests.integration.test_pv import P12_ENV, _add_p12, _pdftotext, complete
from tests.unit.test_env_wording import unquoted

OFFICER = "Maître Jeanne DUPONT"

# Raw tokens as the PV printed them before (keys, Python values, exception names).
RAW_TOKENS = ("True", "False", "None", "addresses", "gnome_mode", "kde_mode", "windows_proxy",
              "(ConnectionError)", "(gaierror)", "(ReadTimeout)", "Attention : security",
              "Attention : proxy", "Attention : clock", "Attention : remote_tools",
              "user root", "locale en_US", "system Linux", "release ", "make non lisible",
              "model non lisible", "serial non lisible", "mode Ethernet", "up True",
              "offset_ms", "timezone", "dns_resolution", "public_ip", "transparent_proxy")
# English words that have no business outside a quoted value in a French act.
ENGLISH = {"the", "and", "not", "true", "false", "none", "null", "unknown", "error", "mode",
           "up", "down", "address", "addresses", "enabled", "disabled", "failed", "unreachable",
           "timeout", "user", "host", "release", "make", "model", "serial", "with", "from",
           "offset", "stratum", "resolver", "gateway", "environment", "found", "running",
           "checked", "window", "engine", "of", "is", "yes", "no", "warning", "missing",
           "pending", "signed", "signature", "certificate", "issuer", "subject", "valid"}
# Words of the PV that are French, or names, although they look English: kept explicit.
ALLOWED = {"signature"}


def _constat(probant: Probant, pki, tmp_path: Path, display: str, site: WebSite) -> str:
    assert probant.setup("init", "--name", OFFICER, demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Affaire Martin", "--requester",
                            "SAS Martin").json["id"]
    opened = probant("constat", "new", "--dossier", dossier, "--mission",
                     "Constater le contenu de la page d'accueil", "--place",
                     "Poste de travail de l'étude, 12 rue de la Paix, 75002 Paris",
                     env={"DISPLAY": display})
    assert opened.code == 0, opened.stderr
    assert probant.setup("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    constat = str(opened.json["id"])
    shot = probant("capture", "region", "0,0,320,240", "--constat", constat,
                   env={"DISPLAY": display})
    assert shot.code == 0, shot.stderr
    src = tmp_path / "piece-remise.txt"
    src.write_text("courriel remis par le client")
    assert probant.setup("annex", "add", "--constat", constat, str(src)).code == 0
    # the recording browser on the local HTTPS site (QtWebEngine offscreen, its private NSS
    # database): the end report states it and resolves the host it visited
    web = probant("web", "capture", "--constat", constat, site.base + "/start", env=site.env())
    assert web.code == 0, web.stderr
    return constat


def _bare(text: str) -> str:
    """The PV's text without quoted values nor addresses (raw data, whatever their words)."""
    return re.sub(r"\S+://\S+", " ", unquoted(" ".join(text.split())))


def english_outside_quotes(text: str) -> list[str]:
    bare = _bare(text)
    words = re.findall(r"[A-Za-zÀ-ÿ]+", bare.replace("'", " ").replace("’", " "))
    return sorted({w for w in words if w.lower() in ENGLISH - ALLOWED})


def raw_tokens(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [t for t in RAW_TOKENS if re.search(rf"(?<![\w«“]){re.escape(t)}", unquoted(flat))]


def identifiers(text: str) -> list[str]:
    """Program identifiers (``web_archive``, ``gnome_mode``) printed outside quoted values."""
    return sorted(set(re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", _bare(text))))


def test_the_checks_can_fail() -> None:
    before = ("Réseau local : eth0 mode Ethernet, up True, addresses 192.0.2.2 "
              "Attention : security Session : user root, host vm, locale en_US "
              "Horloge : injoignable (gaierror) the clock")
    assert {"True", "addresses", "Attention : security", "user root", "locale en_US",
            "(gaierror)", "mode Ethernet"} <= set(raw_tokens(before))
    assert {"the", "mode", "up", "addresses", "user", "host"} <= set(
        english_outside_quotes(before))
    assert english_outside_quotes("agent utilisateur « Mozilla/5.0 (X11; Linux) the » ") == []
    assert identifiers("Proxy : gnome_mode none, « gnome_mode » https://a/b_c") == ["gnome_mode"]


def test_the_signed_pv_is_in_professional_french(pki_live, probant: Probant, xvfb,
                                                 web_site: WebSite, tmp_path: Path) -> None:
    from tests.fixtures.cli import offline_settings

    offline_settings(probant.home)  # the offline points say « non déterminé », in French
    constat = _constat(probant, pki_live, tmp_path, xvfb.display, web_site)
    assert probant.setup("constat", "close", constat).code == 0
    assert probant.setup("timestamp", "flush").code == 0
    _add_p12(probant, pki_live)
    complete(probant, constat)
    signed = probant("pv", "sign", "--constat", constat, "--confirm-pending", env=P12_ENV)
    assert signed.code == 0, signed.stderr
    pv = next(e for e in probant("evidence", "list", "--constat", constat).json
              if e["kind"] == "pv")
    out = tmp_path / "pv.pdf"
    assert probant("evidence", "export", pv["id"], "--out", str(out)).code == 0
    text = _pdftotext(out)
    (tmp_path / "pv.txt").write_text(text)
    flat = " ".join(text.split())
    # the technical section is there, worded
    assert "Prérequis techniques" in flat
    assert "Navigateur de capture : navigateur de constatation intégré QtWebEngine" in flat
    assert "fenêtre de 1280 × 800 pixels" in flat and "0 cookie, cache en mémoire" in flat
    assert "« localhost » → « 127.0.0.1 » (IPv4)" in flat
    assert "Session : utilisateur «" in flat
    assert raw_tokens(text) == [], raw_tokens(text)
    assert english_outside_quotes(text) == [], [
        m.group(0) for w in english_outside_quotes(text)
        for m in re.finditer(rf".{{0,60}}\b{w}\b.{{0,40}}", unquoted(flat))][:20]
    # web_archive and web_log included: signing/pv/build.py's _description words them now
    assert identifiers(text) == [], identifiers(text)
