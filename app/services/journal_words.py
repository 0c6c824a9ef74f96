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
    "key_rotated": ("Clé du coffre renouvelée (les clés retirées ne lisent plus la suite)",
                    "Vault key renewed (removed keys cannot read what follows)"),
    "workstation_key_created": ("Clé du poste créée", "Workstation key created"),
    "dossier_created": ("Dossier créé", "Dossier created"),
    "dossier_updated": ("Dossier modifié", "Dossier edited"),
    "remote_added": ("Stockage distant déclaré", "Remote store defined"),
    "remote_synced": ("Copie envoyée au stockage distant", "Copy sent to the remote store"),
    "remote_sync_failed": ("Envoi au stockage distant en échec",
                           "Sending to the remote store failed"),
    "remote_verified": ("Stockage distant vérifié", "Remote store verified"),
    "remote_pulled": ("Copie mise à jour depuis le stockage distant",
                      "Copy brought up to date from the remote store"),
    "origin_promoted": ("Copie promue poste d'origine du coffre",
                        "Copy promoted to the vault's origin workstation"),
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
    "user_role_changed": ("Rôle modifié", "Role changed"),
    "user_office_changed": ("Étude ou adresse de l'étude modifiée",
                            "Étude name or address changed"),
    "slot_upgraded": ("Clé d'accès dotée de sa clé de signature",
                      "Access key given its signing key"),
    "signing_keys_introduced": ("Clés de signature par clé d'accès",
                                "Per-key signing keys introduced"),
    "unlock_failures_tampered": ("Registre des échecs de déverrouillage altéré",
                                 "Failed-unlock record tampered with"),
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
    "untracked": ("ni horodaté ni en attente d'horodatage (trace perdue)",
                  "neither stamped nor waiting for a stamp (its record was lost)"),
    # what verify's semantic checks find (evidence/verify.py)
    "unjournaled": ("pièce sans entrée au journal", "item without a journal entry"),
    "evidence_missing": ("pièce journalisée mais absente de la base",
                         "item in the journal but missing from the database"),
    "added_after_close": ("ajoutée après la clôture du constat",
                          "added after the constat was closed"),
    "reopened": ("constat rouvert hors de Probant après sa clôture",
                 "constat reopened outside Probant after it was closed"),
    "swapped": ("le fichier contient une autre pièce", "the file holds another item"),
    "seal": ("sceau du fichier chiffré invalide", "encrypted file's seal invalid"),
    "captured_without_role": ("capture par une personne qui n'était pas commissaire",
                              "capture by someone who was not a commissaire"),
    "role_tampered": ("rôle modifié hors du journal", "role changed outside the journal"),
    "role_unproven": ("rôle non certifié par un commissaire",
                      "role not certified by a commissaire"),
    "key_unproven": ("clé non certifiée par un commissaire",
                     "key not certified by a commissaire"),
    "signer_mismatch": ("signée avec la clé d'un autre utilisateur",
                        "signed with another user's key"),
    "key_revoked": ("signée avec une clé retirée", "signed with a removed key"),
    "key_substituted": ("clé publique remplacée dans la base", "public key replaced in the database"),
    "key_unregistered": ("signée par une clé qu'aucune entrée certifiée n'attribue",
                         "signed by a key no certified entry assigns"),
    "legacy_key_after_retirement": ("signée par l'ancienne clé du poste après son retrait",
                                    "signed by the old workstation key after it was retired"),
    "unlock_failures_tampered": ("registre des échecs de déverrouillage altéré ou supprimé",
                                 "failed-unlock record altered or deleted"),
    # the journal head's anchors (evidence/anchors.py)
    "rollback": ("le coffre est plus ancien que son ancre (retour en arrière)",
                 "the vault is older than its anchor (rolled back)"),
    "fork": ("le coffre a divergé de son ancre", "the vault diverged from its anchor"),
    "tampered": ("ancre altérée (MAC invalide)", "anchor altered (MAC invalid)"),
}

AREAS: dict[str, tuple[str, str]] = {
    "journal": ("Journal", "Journal"),
    "evidence": ("Pièce", "Evidence"),
    "manifest": ("Manifeste", "Manifest"),
    "manifests": ("Manifestes", "Manifests"),
    "database": ("Base", "Database"),
    "timestamp": ("Horodatage", "Timestamp"),
    "keyslots": ("Clés d'accès", "Access keys"),
    "user": ("Utilisateur", "User"),
    "key": ("Clé", "Key"),
    "capture": ("Capture", "Capture"),
    "unlock_failures": ("Échecs de déverrouillage", "Failed unlocks"),
    "constat": ("Constat", "Constat"),
    "anchor": ("Ancre", "Anchor"),
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
