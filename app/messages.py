"""The single place where errors and notices become words, in French or English.

Core errors carry a stable code and parameters; the CLI and the UI both call
:func:`describe` (or :func:`error_message` for a ``ProbantError``). Unknown codes fall
back to a generic sentence plus the error's technical detail, so nothing is ever shown
as a bare code; an exception outside the hierarchy is logged with its traceback under a
short reference and shown as that reference, never as a traceback.
"""

from __future__ import annotations

import errno
import logging
import secrets
import socket
from typing import Any

from app.logs import log_file_path
from app.message_catalog import (
    APPLICATION_ERRORS,
    SIGNING_ERRORS,
    TIMESTAMP_ERRORS,
    WEB_ERRORS,
)
from app.message_catalog import Catalog as Catalog
from evidence.errors import Cancelled, ProbantError, StorageError, StorageFull

log = logging.getLogger("probant")

ERRORS: Catalog = {
    "error": ("Erreur : {detail}", "Error: {detail}"),
    "bad_input": ("Entrée invalide : {detail}", "Invalid input: {detail}"),
    "not_found": ("Introuvable : {kind} « {id} ». Vérifiez l'identifiant (commande « list »).",
                  "Not found: {kind} '{id}'. Check the id (use the 'list' command)."),
    "no_signed_pv": (
        "Le constat {constat} n'a pas de procès-verbal signé : signez-le d'abord "
        "(« probant pv sign ») ou exportez avec --without-pv.",
        "Constat {constat} has no signed procès-verbal: sign it first ('probant pv sign') "
        "or export with --without-pv."),
    "file_missing": ("Fichier ou dossier introuvable : {path}", "No such file or folder: {path}"),
    "home_not_folder": (
        "Le dossier du coffre « {home} » ne peut pas être utilisé : « {file} » est un fichier. "
        "Indiquez un dossier (--home ou PROBANT_HOME).",
        "The vault folder '{home}' cannot be used: '{file}' is a file. Give a folder "
        "(--home or PROBANT_HOME)."),
    "path_is_folder": ("« {path} » est un dossier, pas un fichier : choisissez le fichier lui-même.",
                       "'{path}' is a folder, not a file: choose the file itself."),
    "not_a_file": ("« {path} » n'est pas un fichier ordinaire (tube nommé, périphérique ou socket) "
                   ": rien n'a été lu. Choisissez un fichier.",
                   "'{path}' is not a regular file (named pipe, device or socket): nothing "
                   "was read. Choose a file."),
    "file_unreadable": ("« {path} » ne peut pas être lu : droits insuffisants. Rien n'a été "
                        "enregistré.",
                        "'{path}' cannot be read: permission denied. Nothing was recorded."),
    "file_name_not_utf8": (
        "Le nom du fichier « {path} » n'est pas en UTF-8 (caractères remplacés ici par �) : "
        "il ne pourrait pas être consigné fidèlement au journal, aux manifestes et au "
        "procès-verbal. Renommez le fichier, puis recommencez ; rien n'a été enregistré.",
        "The file name '{path}' is not valid UTF-8 (characters shown here as �): it could "
        "not be recorded faithfully in the journal, the manifests and the PV. Rename the "
        "file and try again; nothing was recorded."),
    "output_exists": ("Le fichier de sortie existe déjà : {path}. Choisissez un autre nom.",
                      "Output file already exists: {path}. Choose another name."),
    "permission_refused": (
        "Action refusée : le rôle « {role} » ne permet pas « {action} ».",
        "Refused: role '{role}' may not '{action}'."),
    "vault_missing": (
        "Aucun coffre dans {home}. Créez-le avec « probant init » (ou « probant --demo init »).",
        "No vault in {home}. Create one with 'probant init' (or 'probant --demo init')."),
    "vault_exists": ("Un coffre existe déjà dans {home}.", "A vault already exists in {home}."),
    "vault_locked": (
        "Coffre verrouillé : branchez votre clé (PIN dans PROBANT_PIN ou saisi) "
        "ou donnez le code de récupération (PROBANT_RECOVERY_CODE).",
        "Vault locked: plug in your key (PIN from PROBANT_PIN or typed) "
        "or give the recovery code (PROBANT_RECOVERY_CODE)."),
    "auth_failed": ("Authentification refusée : {detail}", "Authentication failed: {detail}"),
    "slot_revoked": (
        "Cette clé n'ouvre plus le coffre : son emplacement de clé a été retiré (ou ajouté hors "
        "de Probant), par exemple en remettant un ancien fichier keyslots.json. La tentative "
        "est consignée.",
        "This key no longer opens the vault: its key slot was removed (or added outside "
        "Probant), for instance by putting back an old keyslots.json. The attempt is "
        "recorded."),
    "wrong_recovery_code": (
        "Code de récupération incorrect. La tentative est consignée au journal.",
        "Wrong recovery code. The attempt is recorded in the journal."),
    "storage_full": (
        "Disque plein pendant l'écriture de {what}. Rien n'a été enregistré à moitié ; "
        "libérez de la place puis recommencez.",
        "Disk full while writing {what}. Nothing was half-written; free some space and retry."),
    "storage_error": ("Erreur d'écriture ({what}) : {detail}", "Write error ({what}): {detail}"),
    "integrity_error": ("Intégrité compromise : {detail}", "Integrity failure: {detail}"),
    "immutable_evidence": ("Une preuve ne peut être ni modifiée ni supprimée.",
                           "Evidence can be neither changed nor deleted."),
    "constat_closed": ("Le constat {id} est clos : il ne reçoit plus de pièces.",
                       "Constat {id} is closed: it takes no more evidence."),
    "cancelled": ("Opération annulée.", "Operation cancelled."),
    "fido_no_device": ("Aucune clé FIDO2 détectée : branchez votre clé.",
                       "No FIDO2 key found: plug in your key."),
    "fido_permission": (
        "Une clé semble branchée mais le système en refuse l'accès : installez les règles udev "
        "(paquet libu2f-udev) puis rebranchez-la.",
        "A key seems plugged in but access is denied: install the udev rules (libu2f-udev) "
        "and replug it."),
    "fido_wrong_pin": ("PIN incorrect ({retries_left} essais restants).",
                       "Wrong PIN ({retries_left} tries left)."),
    "fido_pin_blocked": ("PIN bloqué : cette clé ne peut plus ouvrir le coffre. Utilisez une "
                         "clé de secours ou le code de récupération.",
                         "PIN blocked: this key can no longer open the vault. Use a spare key "
                         "or the recovery code."),
    "fido_pin_auth_blocked": ("Trop d'erreurs de PIN : débranchez et rebranchez la clé.",
                              "Too many wrong PINs: unplug and replug the key."),
    "fido_not_enrolled": ("Cette clé n'est pas enrôlée dans ce coffre.",
                          "This key is not enrolled in this vault."),
    "fido_bad_assertion": ("Réponse de la clé refusée : {detail}", "Key response refused: {detail}"),
    "fido_cancelled": ("Coffre verrouillé : PIN de la clé requis (saisi, ou PROBANT_PIN).",
                       "Vault locked: the key's PIN is needed (typed, or PROBANT_PIN)."),
    "fido_error": ("Clé FIDO2 : {detail}", "FIDO2 key: {detail}"),
    "capture_failed": ("Capture impossible : {detail}", "Capture failed: {detail}"),
    "capture_region_off_screen": (
        "La zone {region} dépasse des écrans ({screen}) : sa partie hors écran serait noire. "
        "Choisissez une zone entièrement visible.",
        "The region {region} goes beyond the screens ({screen}): its part off screen would "
        "be black. Choose a region that is wholly visible."),
    "capture_no_monitor": ("Il n'y a pas d'écran n° {monitor} : ce poste en a {count}.",
                           "There is no monitor {monitor}: this workstation has {count}."),
    "capture_no_such_window": ("Fenêtre introuvable : {window}.", "No such window: {window}."),
    "capture_window_unsupported": (
        "La capture d'une fenêtre n'est pas possible sur ce système : capturez sa zone.",
        "Window capture is not possible on this system: capture its zone instead."),
    "capture_no_active_window": (
        "Aucune fenêtre n'a le focus : cliquez dans la fenêtre à capturer.",
        "No window has the focus: click in the window to capture."),
    "capture_no_display": (
        "Aucun écran accessible pour la capture (variable DISPLAY absente).",
        "No display to capture (DISPLAY is unset)."),
    "remote_failed": (
        "Service distant indisponible : {detail}. Le travail reste en file d'attente.",
        "Remote service failed: {detail}. The work stays queued."),
    "network_error": (
        "Erreur réseau : {detail}. Vérifiez la connexion, puis recommencez.",
        "Network error: {detail}. Check the connection, then retry."),
    **TIMESTAMP_ERRORS,
    **SIGNING_ERRORS,
    **WEB_ERRORS,
    **APPLICATION_ERRORS,
}


class _Defaults(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def translate(catalog: Catalog, code: str, lang: str, **params: Any) -> str:
    pair = catalog.get(code)
    if pair is None:
        return code
    template = pair[0] if lang == "fr" else pair[1]
    return template.format_map(_Defaults(params))


def error_message(error: ProbantError, lang: str = "fr") -> str:
    params = {"detail": error.detail or error.code, **error.params}
    codes = [error.code] + [getattr(c, "code", "") for c in type(error).__mro__]
    code = next((c for c in codes if isinstance(c, str) and c in ERRORS), "error")
    return translate(ERRORS, code, lang, **params)


def register(catalog: Catalog) -> None:
    """Domains add their own codes (FIDO2, TSA, signing) at import time."""
    ERRORS.update(catalog)


# -- errors the boundary itself gives a code -------------------------------------------


class Interrupted(Cancelled):
    """Ctrl+C (KeyboardInterrupt) during a command."""

    code = "interrupted"


class AccessDenied(StorageError):
    """The system refused a file or folder (EACCES, EPERM) the core did not wrap."""

    code = "storage_access_denied"


class NetworkError(ProbantError):
    code = "network_error"


class UnexpectedError(ProbantError):
    """Any exception outside the hierarchy: a bug, shown only as its log reference."""

    code = "unexpected"


_NETWORK = (ConnectionError, TimeoutError, socket.gaierror, socket.herror)


def as_probant_error(exc: BaseException) -> ProbantError | None:
    """The error as the hierarchy knows it, or ``None`` when it is unexpected (a bug)."""
    if isinstance(exc, ProbantError):
        return exc
    if isinstance(exc, KeyboardInterrupt):
        return Interrupted("interrupted")
    if isinstance(exc, OSError):
        return _wrap_os_error(exc)
    return None


def _wrap_os_error(exc: OSError) -> ProbantError:
    # Logged because the core should have wrapped it: the traceback says where.
    log.warning("OSError not wrapped by the core: %s", exc, exc_info=exc)
    # requests' exceptions derive from OSError (IOError) without being about files.
    if isinstance(exc, _NETWORK) or type(exc).__module__.split(".")[0] in ("requests", "urllib3"):
        return NetworkError(str(exc))
    path = str(exc.filename) if exc.filename else "?"
    if exc.errno == errno.ENOSPC:
        return StorageFull(str(exc), what=path)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return AccessDenied(str(exc), path=path, what=path)
    return StorageError(str(exc), what=path)


def report_unexpected(exc: BaseException) -> UnexpectedError:
    """Logs ``exc`` with its traceback under a new reference; the error that names it."""
    reference = secrets.token_hex(4).upper()
    log.error("unexpected error, reference %s: %s", reference, type(exc).__name__,
              exc_info=exc)
    path = log_file_path()
    return UnexpectedError(f"{type(exc).__name__} (reference {reference})",
                           reference=reference, log=str(path) if path else "?")


def describe(exc: BaseException, lang: str = "fr") -> str:
    """What to tell a person about ``exc``: the one describer the CLI and the GUI share."""
    return error_message(as_probant_error(exc) or report_unexpected(exc), lang)
