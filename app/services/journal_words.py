"""The journal and the vault check in words (French and English), Qt-free.

The journal stores stable action codes (``evidence_added``, ``pv_built``...) and the
checks stable problem codes (``hash``, ``chunk_tag``...); a person reads sentences.
The tables live here, once, so that the desktop and any later CLI wording agree;
an unknown code is shown as it is rather than hidden.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

# action code -> (French, English)
ACTIONS: dict[str, tuple[str, str]] = {
    "vault_created": ("Coffre créé", "Vault created"),
    "unlock": ("Coffre déverrouillé", "Vault unlocked"),
    "unlock_failed": ("Échec de déverrouillage", "Unlock failed"),
    "session_locked": ("Session verrouillée", "Session locked"),
    "presence_confirmed": ("Présence confirmée sur la clé", "Presence confirmed on the key"),
    "permission_refused": ("Action refusée (rôle)", "Action refused (role)"),
    "user_added": ("Utilisateur ajouté", "User added"),
    "slot_added": ("Clé d'accès ajoutée", "Access key added"),
    "slot_removed": ("Clé d'accès retirée", "Access key removed"),
    "workstation_key_created": ("Clé du poste créée", "Workstation key created"),
    "dossier_created": ("Dossier créé", "Dossier created"),
    "dossier_updated": ("Dossier modifié", "Dossier edited"),
    "remote_synced": ("Copie envoyée au stockage distant", "Copy sent to the remote store"),
    "remote_sync_failed": ("Envoi au stockage distant en échec",
                           "Sending to the remote store failed"),
    "remote_verified": ("Stockage distant vérifié", "Remote store verified"),
    "reservation_written": ("Réserve écrite", "Reservation written"),
    "anchor_loss_accepted": ("Perte d'ancre acceptée par le commissaire",
                             "Anchor loss accepted by the commissaire"),
    "evidence_described": ("Constatation écrite sur une pièce", "Finding written on an item"),
    "narrative_written": ("Narration du constat écrite", "Constat narrative written"),
    "user_deactivated": ("Utilisateur désactivé", "User deactivated"),
    "constat_created": ("Constat ouvert", "Constat opened"),
    "constat_closed": ("Constat clos", "Constat closed"),
    "evidence_added": ("Pièce ajoutée", "Evidence added"),
    "evidence_exported": ("Pièce exportée", "Evidence exported"),
    "environment_warning_acknowledged": ("Avertissement d'environnement pris en compte",
                                         "Environment warning acknowledged"),
    "tsa_added": ("Autorité d'horodatage ajoutée", "Timestamp authority added"),
    "tsa_removed": ("Autorité d'horodatage retirée", "Timestamp authority removed"),
    "timestamp_obtained": ("Horodatage obtenu", "Timestamp obtained"),
    "timestamp_failed": ("Échec d'horodatage", "Timestamp failed"),
    "timestamps_exported": ("Jetons d'horodatage exportés", "Timestamp tokens exported"),
    "clock_skew_warning": ("Écart d'horloge constaté", "Clock skew noticed"),
    "signer_added": ("Certificat de signature ajouté", "Signing certificate added"),
    "pv_built": ("Procès-verbal préparé", "Procès-verbal drafted"),
    "pv_exported": ("Procès-verbal exporté", "Procès-verbal exported"),
    "pdf_validated": ("Signature du PDF validée", "PDF signature validated"),
    "bundle_exported": ("Dossier de preuve exporté", "Evidence bundle exported"),
    "vault_verified": ("Coffre vérifié", "Vault verified"),
}

# Damage.problem -> (French, English): what was found, for the journal and the vault check
PROBLEMS: dict[str, tuple[str, str]] = {
    "hash": ("contenu modifié après son enregistrement (empreinte différente)",
             "content changed after it was written (hash differs)"),
    "link": ("lien rompu avec l'entrée précédente", "link to the previous entry broken"),
    "gap": ("entrée(s) manquante(s) avant celle-ci", "entry or entries missing before this one"),
    "unreadable": ("illisible", "unreadable"),
    "integrity": ("page de la base endommagée", "database page damaged"),
    "missing": ("absent", "missing"),
    "header": ("en-tête du fichier chiffré endommagé", "encrypted file header damaged"),
    "truncated": ("fichier chiffré tronqué", "encrypted file truncated"),
    "chunk_tag": ("bloc chiffré altéré (authentification refusée)",
                  "encrypted chunk altered (authentication failed)"),
    "sha256": ("empreinte SHA-256 différente", "SHA-256 differs"),
    "size": ("taille différente", "size differs"),
    "signature": ("signature du manifeste invalide", "manifest signature invalid"),
    "chain": ("chaîne des manifestes rompue", "manifest chain broken"),
    "content": ("le manifeste ne décrit pas la pièce", "the manifest does not describe the item"),
    "subject": ("l'élément horodaté a changé", "the stamped element changed"),
    "inclusion": ("preuve d'inclusion dans l'horodatage invalide",
                  "inclusion proof in the timestamp invalid"),
    "leaves": ("feuilles de l'horodatage incohérentes", "timestamp leaves inconsistent"),
}

AREAS: dict[str, tuple[str, str]] = {
    "journal": ("Journal", "Journal"),
    "evidence": ("Pièce", "Evidence"),
    "manifest": ("Manifeste", "Manifest"),
    "manifests": ("Manifestes", "Manifests"),
    "database": ("Base", "Database"),
    "timestamp": ("Horodatage", "Timestamp"),
    "keyslots": ("Clés d'accès", "Access keys"),
}


def _pick(table: Mapping[str, tuple[str, str]], code: str, lang: str) -> str:
    words = table.get(code)
    if words is None:
        return code  # a new code is shown as is rather than hidden
    return words[0] if lang == "fr" else words[1]


def action_phrase(code: str, lang: str = "fr") -> str:
    return _pick(ACTIONS, code, lang)


def problem_phrase(code: str, lang: str = "fr") -> str:
    return _pick(PROBLEMS, code, lang)


def damage_line(damage: Any, lang: str = "fr") -> str:
    """One ``evidence.verify.Damage`` as a sentence naming its annex when it has one."""
    fr = lang == "fr"
    subject = str(damage.subject)
    if damage.area == "journal" and subject.startswith("seq "):
        where = (f"Entrée n° {subject[4:]} du journal" if fr
                 else f"Journal entry #{subject[4:]}")
    else:
        where = _pick(AREAS, damage.area, lang) + " " + subject
    if getattr(damage, "annex", None):
        where += (f" (annexe {damage.annex}" if fr else f" (annex {damage.annex}")
        where += f", constat {damage.constat_id})" if damage.constat_id else ")"
    line = f"{where} : {problem_phrase(damage.problem, lang)}"
    return f"{line} — {damage.detail}" if damage.detail else line


QUIET = frozenset({"demo", "authenticator"})


def summarise(details: Mapping[str, Any], limit: int = 90) -> str:
    """``key: value`` pairs on one line, cut at ``limit`` characters (the full text is
    the tooltip): a journal row stays one line however large its details."""
    parts = []
    # The demo and authenticator marks are on every entry of a demo vault: said last.
    for key, value in sorted(details.items(), key=lambda kv: kv[0] in QUIET):
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        parts.append(f"{key}: {text}")
    line = ", ".join(parts)
    return line if len(line) <= limit else line[: limit - 1] + "…"
