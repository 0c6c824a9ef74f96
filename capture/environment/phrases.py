"""Every sentence the environment report prints, in French (the PV) and English (the UI).

One table, so that no probe result reaches the procès-verbal as a raw token (``True``,
``gnome_mode``, ``(ConnectionError)``): a probe's value is worded by
``capture.environment.wording`` from these phrases, and raw data (a model string, an
address, a user agent) is only ever inserted quoted (« … » in French, “…” in English).
Both languages take the same placeholders (tests/unit/test_env_wording.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from capture.environment.base import LABELS

# id -> (French, English). Placeholders are str.format names.
PHRASES: dict[str, tuple[str, str]] = {
    # -- status marks and common words ------------------------------------------------------
    "status.warning": ("anomalie", "anomaly"),
    "status.unknown": ("non déterminé", "not determined"),
    "status.offline": ("non déterminé, hors ligne", "not determined, offline"),
    "and": ("et", "and"),
    "none": ("aucun", "none"),
    "unreadable": ("non lisible", "unreadable"),
    "unreadable_root": ("non lisible (réservé à l'administrateur)",
                        "unreadable (administrator only)"),
    "not_filled": ("non renseigné par le fabricant", "not filled in by the maker"),
    "read_error": ("relevé interrompu par une erreur du logiciel", "reading stopped by a "
                   "software error"),
    "not_read": ("non relevé", "not read"),
    "timed_out": ("pas de réponse dans le délai imparti", "no answer within the time limit"),
    # -- hardware ---------------------------------------------------------------------------
    "hw.make": ("fabricant {v}", "make {v}"),
    "hw.model": ("modèle {v}", "model {v}"),
    "hw.serial": ("numéro de série {v}", "serial number {v}"),
    "hw.family": ("gamme {v}", "family {v}"),
    "hw.bios": ("micrologiciel {v}", "firmware {v}"),
    "hw.model_identifier": ("identifiant de modèle {v}", "model identifier {v}"),
    "hw.model_number": ("référence {v}", "model number {v}"),
    "hw.processor": ("processeur {v}", "processor {v}"),
    # -- operating system -------------------------------------------------------------------
    "os.distribution": ("distribution {v}", "distribution {v}"),
    "os.kernel": ("noyau {system} {release}", "{system} kernel {release}"),
    "os.system": ("système {system} {release}", "{system} {release}"),
    "os.version": ("version du noyau {v}", "kernel version {v}"),
    "os.product": ("produit {v}", "product {v}"),
    "os.display_version": ("version {v}", "version {v}"),
    "os.product_version": ("version {v}", "version {v}"),
    "os.security_response": ("réponse de sécurité rapide {v}", "rapid security response {v}"),
    "os.build": ("version de compilation {v}", "build {v}"),
    "os.architecture": ("architecture {v}", "architecture {v}"),
    "os.installed": ("installé le {v}", "installed on {v}"),
    # -- last update ------------------------------------------------------------------------
    # apt's and dpkg's dates are the workstation's local time (no zone in the logs)
    "upd.date": ("le {date} (heure locale du poste)", "on {date} (workstation local time)"),
    "upd.undetermined": ("date non déterminée", "date not determined"),
    "upd.hotfix": ("dernier correctif {id} installé le {date}", "last hotfix {id} installed on "
                   "{date}"),
    "upd.windows_update": ("dernière mise à jour Windows Update {title} le {date} (UTC)",
                           "last Windows Update {title} on {date} (UTC)"),
    "upd.macos": ("dernière mise à jour du système {name} (version {version}) le {date} (UTC)",
                  "last system update {name} (version {version}) on {date} (UTC)"),
    "upd.security_data": ("dernière mise à jour des données de sécurité {name} (version "
                          "{version}) le {date} (UTC)", "last security data update {name} "
                          "(version {version}) on {date} (UTC)"),
    # -- screens ----------------------------------------------------------------------------
    "scr.none": ("aucun écran relevé", "no screen found"),
    "scr.one": ("{w} × {h} pixels à la position ({x}, {y})", "{w} × {h} pixels at ({x}, {y})"),
    # -- browser ----------------------------------------------------------------------------
    "br.absent": ("navigateur intégré absent : aucune session du navigateur de constatation "
                  "dans ce constat", "embedded browser absent: no session of the recording "
                  "browser in this constat"),
    "br.not_installed": ("navigateur intégré absent de cette installation",
                         "embedded browser missing from this installation"),
    "br.planned": ("navigateur de constatation intégré QtWebEngine (paquet {package}) ; "
                   "il n'a pas encore servi : sa version de Chromium, son agent utilisateur, "
                   "la taille de sa fenêtre et l'état de son profil sont vérifiés à chaque "
                   "session de capture et portés au relevé de fin",
                   "embedded recording browser QtWebEngine (package {package}); not used yet: "
                   "its Chromium version, user agent, window size and profile state are "
                   "checked at each capture session and stated in the end report"),
    "br.used": ("navigateur de constatation intégré {engine}, Chromium {chromium}, agent "
                "utilisateur {ua}, fenêtre de {w} × {h} pixels ; {sessions}",
                "embedded recording browser {engine}, Chromium {chromium}, user agent {ua}, "
                "window of {w} × {h} pixels; {sessions}"),
    "br.sessions": ("{n} session(s) de capture, état vérifié au début de la dernière :",
                    "{n} capture session(s), state checked at the start of the last one:"),
    "br.clean": ("profil éphémère (« hors enregistrement »), {cookies} cookie, cache en "
                 "mémoire vidé au départ, aucun cookie persistant, sans historique, extension "
                 "ni outils de développement",
                 "off-the-record profile, {cookies} cookie, in-memory cache emptied at start, "
                 "no persistent cookie, no history, extension or developer tools"),
    "br.not_clean": ("profil non vierge : profil éphémère {otr}, {cookies} cookie(s) au départ, "
                     "cache {cache}, cookies persistants {persistent}",
                     "profile not clean: off-the-record {otr}, {cookies} cookie(s) at start, "
                     "cache {cache}, persistent cookies {persistent}"),
    "br.unchecked": ("état du profil non relevé", "profile state not recorded"),
    "br.yes": ("oui", "yes"),
    "br.no": ("non", "no"),
    "br.no_proxy": ("sans proxy (connexion directe imposée)", "no proxy (direct connection "
                    "enforced)"),
    "br.env_proxy": ("proxy de l'environnement relevé et écarté par le navigateur : {found}",
                     "environment proxy found and bypassed by the browser: {found}"),
    "br.proxy_ack": ("avertissement lu par le commissaire de justice", "warning read by the "
                     "officer"),
    "br.interrupted": ("dernière session interrompue avant sa fin", "last session interrupted "
                       "before its end"),
    # -- security ---------------------------------------------------------------------------
    "sec.none": ("aucun antivirus ni pare-feu détecté", "no antivirus or firewall found"),
    "sec.item": ("{name} : {state}", "{name}: {state}"),
    # -- network ----------------------------------------------------------------------------
    "net.none": ("aucune interface réseau relevée", "no network interface found"),
    "net.iface": ("interface {name} ({kind}, {state}) : {addresses}",
                  "interface {name} ({kind}, {state}): {addresses}"),
    "net.up": ("active", "up"),
    "net.down": ("inactive", "down"),
    "net.no_address": ("sans adresse", "no address"),
    "kind.Ethernet": ("Ethernet", "Ethernet"),
    "kind.Wi-Fi": ("Wi-Fi", "Wi-Fi"),
    "kind.mobile": ("réseau mobile", "mobile network"),
    "kind.mobile (PPP)": ("réseau mobile (PPP)", "mobile network (PPP)"),
    "kind.virtuelle": ("virtuelle", "virtual"),
    "kind.virtuelle (tunnel)": ("virtuelle (tunnel)", "virtual (tunnel)"),
    "kind.inconnu": ("type inconnu", "unknown type"),
    "gw.none": ("aucune route par défaut (poste hors ligne)", "no default route (workstation "
                "offline)"),
    "gw.route": ("{address} par l'interface {interface} ({kind})",
                 "{address} through interface {interface} ({kind})"),
    "dns.servers": ("{servers}", "{servers}"),
    "dns.no_server": ("aucun serveur DNS relevé", "no DNS server found"),
    # -- DNS resolution ---------------------------------------------------------------------
    "res.start": ("aucun domaine visité à ce stade : chaque domaine visité par le navigateur "
                  "de constatation est résolu au relevé de fin",
                  "no domain visited yet: each domain the recording browser visits is resolved "
                  "in the end report"),
    "res.none": ("aucun domaine visité par le navigateur de constatation ni désigné pour ce "
                 "constat : résolution non établie",
                 "no domain visited by the recording browser nor named for this constat: "
                 "resolution not established"),
    "res.host": ("{host} → {addresses}", "{host} → {addresses}"),
    "res.v4": ("{a} (IPv4)", "{a} (IPv4)"),
    "res.v6": ("{a} (IPv6)", "{a} (IPv6)"),
    "res.failed": ("{host} non résolu ({why})", "{host} not resolved ({why})"),
    "res.no_answer": ("{host} non résolu : pas de réponse du résolveur (poste hors ligne ou nom "
                      "inexistant)", "{host} not resolved: no answer from the resolver "
                      "(workstation offline or no such name)"),
    "res.resolver": ("résolveur du système : {servers}", "system resolver: {servers}"),
    # -- public IP --------------------------------------------------------------------------
    "ip.seen": ("{ip} selon {service}", "{ip} according to {service}"),
    "ip.failed": ("{service} injoignable ({why})", "{service} unreachable ({why})"),
    # -- proxy ------------------------------------------------------------------------------
    "px.env_none": ("aucune variable de proxy dans l'environnement", "no proxy variable in the "
                    "environment"),
    "px.env": ("variables de proxy de l'environnement : {found}", "proxy variables in the "
               "environment: {found}"),
    "px.gnome": ("réglage GNOME : {mode}", "GNOME setting: {mode}"),
    "px.kde": ("réglage KDE : {mode}", "KDE setting: {mode}"),
    "px.mode.none": ("aucun proxy", "no proxy"),
    "px.mode.manual": ("proxy manuel", "manual proxy"),
    "px.mode.auto": ("configuration automatique", "automatic configuration"),
    "px.mode.pac": ("script de configuration automatique", "automatic configuration script"),
    "px.mode.auto-detect": ("détection automatique", "automatic detection"),
    "px.mode.environment": ("celui de l'environnement", "the environment's"),
    "px.mode.other": ("{v}", "{v}"),
    "px.server": ("serveur {v}", "server {v}"),
    "px.pac": ("script {v}", "script {v}"),
    "px.windows": ("réglage Windows : {v}", "Windows setting: {v}"),
    "px.windows_bypass": ("exceptions {v}", "exceptions {v}"),
    "px.windows_pac": ("script de configuration automatique {v}", "automatic configuration "
                       "script {v}"),
    "px.auto_detect_on": ("détection automatique (WPAD) activée", "automatic detection (WPAD) "
                          "on"),
    "px.auto_detect_off": ("détection automatique (WPAD) désactivée", "automatic detection "
                           "(WPAD) off"),
    "px.winhttp": ("proxy WinHTTP : {v}", "WinHTTP proxy: {v}"),
    "px.winhttp_direct": ("proxy WinHTTP : accès direct", "WinHTTP proxy: direct access"),
    "px.macos": ("réglage macOS {proto} : {v}", "macOS {proto} setting: {v}"),
    "px.macos_none": ("réglage macOS : aucun proxy", "macOS setting: no proxy"),
    "px.macos_exceptions": ("exceptions {v}", "exceptions {v}"),
    "px.system_unread": ("réglages du système non relevés", "system settings not read"),
    "px.other": ("{k} : {v}", "{k}: {v}"),
    "tp.clean": ("aucun en-tête de proxy dans la réponse de {url}", "no proxy header in the "
                 "answer of {url}"),
    "tp.found": ("en-têtes de proxy reçus de {url} : {headers}", "proxy headers received from "
                 "{url}: {headers}"),
    "tp.failed": ("vérification impossible : {url} injoignable ({why})", "cannot be checked: "
                  "{url} unreachable ({why})"),
    # -- clock ------------------------------------------------------------------------------
    "clk.offset": ("écart de {ms} ms avec {server} (strate {stratum})",
                   "offset of {ms} ms to {server} (stratum {stratum})"),
    "clk.failed": ("{server} injoignable ({why})", "{server} unreachable ({why})"),
    "clk.worst": ("écart retenu : {ms} ms", "offset kept: {ms} ms"),
    "clk.beyond": ("au-delà du seuil admis", "beyond the accepted threshold"),
    # -- remote tools -----------------------------------------------------------------------
    "rt.none": ("aucun outil d'enregistrement d'écran ni de prise en main à distance en cours "
                "d'exécution", "no screen recording or remote control tool running"),
    "rt.found": ("en cours d'exécution : {tools}", "running: {tools}"),
    "rt.session": ("session de bureau à distance {v}", "remote desktop session {v}"),
    # -- session ----------------------------------------------------------------------------
    "ses.line": ("utilisateur {user} sur le poste {host}, langue du système {locale}, fuseau "
                 "horaire {tz}", "user {user} on workstation {host}, system language {locale}, "
                 "time zone {tz}"),
    # -- why a network service did not answer (exception class names) -----------------------
    "why.connection": ("connexion impossible", "connection failed"),
    "why.timeout": ("pas de réponse dans le délai", "no answer in time"),
    "why.dns": ("nom de serveur non résolu", "server name not resolved"),
    "why.tls": ("erreur TLS", "TLS error"),
    "why.http": ("réponse d'erreur du service", "error answer from the service"),
    "why.ntp": ("pas de réponse valable du serveur de temps", "no valid answer from the time "
                "server"),
    "why.permission": ("permission refusée", "permission denied"),
    "why.other": ("erreur réseau {v}", "network error {v}"),
    # -- notes the readers write (French in the JSON, worded here for both languages) -------
    "note.exit": ("code de sortie {code} : {detail}", "exit code {code}: {detail}"),
    "note.exit_bare": ("code de sortie {code}", "exit code {code}"),
    "note.missing_cmd": ("commande {v} absente de ce système", "command {v} missing on this "
                         "system"),
    "note.no_answer": ("pas de réponse en {v}", "no answer in {v}"),
    "note.launch": ("lancement impossible ({why})", "could not start ({why})"),
    "note.firewall_off_for": ("pare-feu Windows désactivé pour : {v}", "Windows firewall off "
                              "for: {v}"),
    "note.offset": ("écart de {ms} ms", "offset of {ms} ms"),
    "note.other": ("{v}", "{v}"),
}

# The French notes the readers write, worded for English (the French text is kept as is).
NOTES: dict[str, str] = {
    "aucun pare-feu détecté": "no firewall found",
    "pare-feu installé mais inactif": "firewall installed but inactive",
    "aucun antivirus actif": "no active antivirus",
    "aucun pare-feu actif": "no active firewall",
    "antivirus non lu (Centre de sécurité absent)": "antivirus not read (no Security Center)",
    "pare-feu non lu": "firewall not read",
    "Centre de sécurité et pare-feu non lus": "Security Center and firewall not read",
    "pare-feu désactivé": "firewall off",
    "Gatekeeper désactivé": "Gatekeeper off",
    "protection de l'intégrité du système désactivée": "system integrity protection off",
    "aucun proxy configuré": "no proxy configured",
    "un proxy est configuré": "a proxy is configured",
    "détection automatique (WPAD) activée": "automatic detection (WPAD) on",
    "proxy WinHTTP configuré (services du système)": "WinHTTP proxy configured (system "
                                                     "services)",
    "réglages de proxy du système non lus": "system proxy settings not read",
    "pas d'écran X": "no graphical display",
    "aucune mise à jour Apple dans l'historique": "no Apple update in the history",
    "poste hors ligne : adresse publique non établie": "workstation offline: public address "
                                                       "not established",
    "les services voient des adresses différentes": "the services see different addresses",
    "en-têtes typiques d'un proxy reçus": "headers typical of a proxy received",
    "aucun serveur de temps joignable : écart non mesuré": "no time server reachable: offset "
                                                           "not measured",
    "fichier absent ou illisible": "file missing or unreadable",
    "fichier illisible": "file unreadable",
    "registre Windows absent sur ce système": "no Windows registry on this system",
    "aucun réglage de sécurité lisible": "no readable security setting",
    "un nom de domaine au moins n'a pas été résolu": "at least one domain name was not resolved",
    "profil du navigateur non vierge": "browser profile not clean",
}

_EXCEPTIONS: dict[str, str] = {
    "ConnectionError": "why.connection", "ConnectionRefusedError": "why.connection",
    "ConnectionResetError": "why.connection", "ProxyError": "why.connection",
    "Timeout": "why.timeout", "ReadTimeout": "why.timeout", "ConnectTimeout": "why.timeout",
    "TimeoutError": "why.timeout", "timeout": "why.timeout",
    "gaierror": "why.dns", "herror": "why.dns",
    "SSLError": "why.tls", "HTTPError": "why.http", "NTPException": "why.ntp",
    "PermissionError": "why.permission",
}


class Words:
    """Phrases in one language; ``q`` quotes raw data the way that language does."""

    def __init__(self, lang: str) -> None:
        if lang not in ("fr", "en"):
            raise ValueError(lang)
        self.lang = lang

    def __call__(self, pid: str, **values: object) -> str:
        fr, en = PHRASES[pid]
        return (fr if self.lang == "fr" else en).format(**values)

    def q(self, value: object) -> str:
        text = " ".join(str(value).split())
        return f"« {text} »" if self.lang == "fr" else f"“{text}”"

    def listing(self, parts: Iterable[str]) -> str:
        items = [p for p in parts if p]
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + f" {self('and')} " + items[-1]

    def label(self, key: str) -> str:
        return LABELS[key] if self.lang == "fr" else LABELS_EN.get(key, key)

    def why(self, name: str) -> str:
        """Why a service did not answer, from the exception class name the probe kept."""
        pid = _EXCEPTIONS.get(name.strip())
        return self(pid) if pid else self("why.other", v=self.q(name))

    def note(self, note: str) -> str:
        """A reader's French note, each « ; » part worded; unknown parts kept French (and
        quoted in English), raw command output always quoted."""
        return " ; ".join(self._note_part(p.strip()) for p in note.split(" ; ") if p.strip())

    def _note_part(self, part: str) -> str:
        if m := re.fullmatch(r"code de sortie (-?\d+)(?: : (.*))?", part, re.S):
            return (self("note.exit", code=m[1], detail=self.q(m[2])) if m[2]
                    else self("note.exit_bare", code=m[1]))
        for pattern, pid in ((r"commande (.+) absente de ce système", "note.missing_cmd"),
                             (r"pas de réponse en (.+)", "note.no_answer"),
                             (r"pare-feu Windows désactivé pour : (.+)",
                              "note.firewall_off_for")):
            if m := re.fullmatch(pattern, part):
                return self(pid, v=self.q(m[1]) if pid != "note.no_answer" else m[1])
        if m := re.fullmatch(r"lancement impossible \((\w+)\)", part):
            return self("note.launch", why=self.why(m[1]))
        if m := re.fullmatch(r"écart de (-?\d+) ms(?: au-delà du seuil)?", part):
            return self("note.offset", ms=m[1])
        if self.lang == "fr":
            return part if part in NOTES or _looks_french(part) else self.q(part)
        return NOTES.get(part) or self.q(part)


LABELS_EN: dict[str, str] = {
    "hardware": "Workstation", "os": "Operating system", "os_last_update": "Last update",
    "screens": "Screens", "browser": "Capture browser", "security": "Antivirus and firewall",
    "network": "Local network: interfaces and addresses", "gateway": "Gateway",
    "dns_servers": "DNS servers", "dns_resolution": "Resolution of the visited domains",
    "public_ip": "Public IP address", "proxy": "Proxy (system)",
    "transparent_proxy": "No transparent proxy", "clock": "Workstation clock (NTP offset)",
    "remote_tools": "Recording or remote control tools", "session": "Session",
}

_FRENCH_MARKERS = re.compile(r"\b(aucun|aucune|non|absent|absente|lu|lus|lue|illisible|"
                             r"désactivé|activé|inactif|actif|réglage|réglages|pare-feu|"
                             r"fichier|poste|écart|serveur|relevé)\b", re.I)


def _looks_french(text: str) -> bool:
    """A note written by our readers (French words), not a library's raw message."""
    return bool(_FRENCH_MARKERS.search(text))
