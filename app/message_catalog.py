"""Messages of the signing, trusted-time and PV domains, and of the application boundary.

Kept apart from :mod:`app.messages` (which merges them into ``ERRORS`` at import) so
that file stays readable. Each entry: (French, English). The parameters are the ones
the raising code passes (see each ``raise``); ``{detail}`` is always there, in English,
so the French sentence never depends on it alone to say what happened.
"""

from __future__ import annotations

Catalog = dict[str, tuple[str, str]]

_QUEUED_FR = "Les pièces restent en attente d'horodatage"
_QUEUED_EN = "The items stay waiting for their timestamp"

TIMESTAMP_ERRORS: Catalog = {
    "tsa_error": (
        "L'horodatage a échoué : {detail}. " + _QUEUED_FR
        + " ; relancez « probant timestamp flush » plus tard.",
        "Timestamping failed: {detail}. " + _QUEUED_EN
        + "; run 'probant timestamp flush' again later."),
    "tsa_unreachable": (
        "Le service d'horodatage {tsa} est injoignable (réseau coupé ou adresse erronée). "
        + _QUEUED_FR + " ; vérifiez la connexion puis relancez « probant timestamp flush ».",
        "The timestamp authority {tsa} cannot be reached (network down or wrong address). "
        + _QUEUED_EN + "; check the connection, then run 'probant timestamp flush'."),
    "tsa_timeout": (
        "Le service d'horodatage {tsa} n'a pas répondu dans le délai de {seconds} s. "
        + _QUEUED_FR + " ; relancez « probant timestamp flush » plus tard.",
        "The timestamp authority {tsa} did not answer within {seconds} s. "
        + _QUEUED_EN + "; run 'probant timestamp flush' again later."),
    "tsa_http_error": (
        "Le service d'horodatage {tsa} a répondu par l'erreur HTTP {status}. " + _QUEUED_FR
        + " ; vérifiez son adresse (« probant tsa list ») ou réessayez plus tard.",
        "The timestamp authority {tsa} answered with HTTP error {status}. " + _QUEUED_EN
        + "; check its address ('probant tsa list') or retry later."),
    "tsa_garbage": (
        "La réponse du service d'horodatage {tsa} est illisible ({detail}) : elle a été "
        "écartée. " + _QUEUED_FR + " ; vérifiez son adresse (« probant tsa list »).",
        "The answer of the timestamp authority {tsa} is unreadable ({detail}) and was "
        "discarded. " + _QUEUED_EN + "; check its address ('probant tsa list')."),
    "tsa_rejected": (
        "Le service d'horodatage {tsa} a refusé la demande (statut {status}). " + _QUEUED_FR
        + " ; vérifiez votre abonnement auprès de ce service.",
        "The timestamp authority {tsa} refused the request (status {status}). " + _QUEUED_EN
        + "; check your subscription with this authority."),
    "tsa_wrong_nonce": (
        "La réponse de {tsa} ne correspond pas à la demande envoyée (réponse rejouée ou "
        "destinée à un autre) : elle a été écartée. " + _QUEUED_FR + ".",
        "The answer of {tsa} does not match the request sent (replayed or meant for someone "
        "else) and was discarded. " + _QUEUED_EN + "."),
    "tsa_wrong_imprint": (
        "Le jeton de {tsa} porte sur d'autres données que celles envoyées : il a été écarté. "
        + _QUEUED_FR + ".",
        "The token from {tsa} covers other data than what was sent and was discarded. "
        + _QUEUED_EN + "."),
    "tsa_wrong_policy": (
        "Le jeton de {tsa} suit la politique {policy}, différente de celle déclarée : il a été "
        "écarté. Vérifiez la politique déclarée pour ce service (« probant tsa list »).",
        "The token from {tsa} follows policy {policy}, not the declared one, and was "
        "discarded. Check the policy declared for this authority ('probant tsa list')."),
    "tsa_no_certificate": (
        "Le jeton de {tsa} ne joint pas le certificat du service et aucun n'est déclaré : il "
        "ne peut pas être vérifié. Déclarez ce certificat (« probant tsa add … --tsa-cert »).",
        "The token from {tsa} carries no authority certificate and none is declared, so it "
        "cannot be checked. Declare the certificate ('probant tsa add … --tsa-cert')."),
    "tsa_bad_signature": (
        "La signature du jeton de {tsa} n'est pas valide ({detail}) : il a été écarté. "
        + _QUEUED_FR + ".",
        "The signature of the token from {tsa} is not valid ({detail}); it was discarded. "
        + _QUEUED_EN + "."),
    "tsa_untrusted": (
        "Le certificat du service d'horodatage {tsa} ne se rattache pas à l'autorité de "
        "confiance déclarée : le jeton a été écarté. Vérifiez le certificat donné à "
        "« probant tsa add --trust ».",
        "The certificate of the timestamp authority {tsa} does not chain to the declared "
        "trust anchor; the token was discarded. Check the certificate given to "
        "'probant tsa add --trust'."),
    "tsa_cert_expired": (
        "Le certificat du service d'horodatage {tsa} n'était pas valide à la date du jeton "
        "({detail}) : le jeton a été écarté. " + _QUEUED_FR + ".",
        "The certificate of the timestamp authority {tsa} was not valid at the token's date "
        "({detail}); the token was discarded. " + _QUEUED_EN + "."),
    "tsa_revoked": (
        "Le certificat du service d'horodatage {tsa} est révoqué : le jeton a été écarté. "
        "Déclarez un autre service d'horodatage (« probant tsa add »).",
        "The certificate of the timestamp authority {tsa} is revoked; the token was "
        "discarded. Declare another timestamp authority ('probant tsa add')."),
    "tsa_unavailable": (
        "Aucun service d'horodatage n'a donné de réponse valable ; {pending} élément(s) "
        "restent en attente d'horodatage. Relancez « probant timestamp flush » plus tard. "
        "Détail : {detail}",
        "No timestamp authority gave a valid answer; {pending} item(s) stay waiting for "
        "their timestamp. Run 'probant timestamp flush' again later. Detail: {detail}"),
    "tsa_none_configured": (
        "Aucun service d'horodatage n'est déclaré. Ajoutez-en un avec "
        "« probant tsa add URL --trust CERTIFICAT.pem ».",
        "No timestamp authority is declared. Add one with "
        "'probant tsa add URL --trust CERTIFICATE.pem'."),
    "tsa_bad_trust": (
        "Le certificat de confiance donné pour le service d'horodatage est inutilisable : "
        "{detail}. Fournissez le certificat racine de l'autorité au format PEM.",
        "The trust certificate given for the timestamp authority is unusable: {detail}. "
        "Give the authority's root certificate in PEM format."),
}

SIGNING_ERRORS: Catalog = {
    "signing_error": (
        "La signature du procès-verbal n'a pas abouti : {detail}. Rien n'a été enregistré ; "
        "vérifiez le certificat et le service d'horodatage, puis recommencez.",
        "Signing the procès-verbal did not succeed: {detail}. Nothing was recorded; check "
        "the certificate and the timestamp authority, then retry."),
    "signer_wrong_pin": (
        "Le certificat de signature n'a pas pu être déverrouillé : {detail}. Vérifiez son "
        "code PIN ou son mot de passe (saisi, ou PROBANT_SIGNER_PIN) ; des erreurs répétées "
        "peuvent bloquer la carte ou la clé.",
        "The signing certificate could not be unlocked: {detail}. Check its PIN or password "
        "(typed, or PROBANT_SIGNER_PIN); repeated errors may lock the card or token."),
    "signer_pin_locked": (
        "Le code PIN du certificat de signature est bloqué (trop d'essais erronés) : {detail}. "
        "Débloquez la carte ou la clé avec son code de déblocage (PUK) ou l'outil de son "
        "fournisseur, puis recommencez.",
        "The signing certificate's PIN is locked (too many wrong attempts): {detail}. Unblock "
        "the card or token with its unblocking code (PUK) or its supplier's tool, then retry."),
    "signer_unavailable": (
        "Le certificat de signature est indisponible : {detail}. Branchez la carte ou la clé "
        "qui le porte, ou vérifiez le certificat déclaré (« probant signer list »).",
        "The signing certificate is unavailable: {detail}. Plug in the card or token holding "
        "it, or check the declared certificate ('probant signer list')."),
    "signer_revoked": (
        "Le certificat de signature de {subject} est révoqué : il ne peut plus signer. "
        "Faites émettre un nouveau certificat et déclarez-le (« probant signer add »).",
        "The signing certificate of {subject} is revoked and can no longer sign. Have a new "
        "certificate issued and declare it ('probant signer add')."),
    "signer_expired": (
        "Le certificat de signature de {subject} a expiré ({detail}). Renouvelez-le auprès "
        "de votre autorité de certification et déclarez le nouveau (« probant signer add »).",
        "The signing certificate of {subject} has expired ({detail}). Renew it with your "
        "certification authority and declare the new one ('probant signer add')."),
    "signer_untrusted": (
        "Le certificat de signature de {subject} ne se rattache pas aux autorités de "
        "confiance déclarées : {detail}. Vérifiez la chaîne donnée à « probant signer add "
        "--trust ».",
        "The signing certificate of {subject} does not chain to the declared trust anchors: "
        "{detail}. Check the chain given to 'probant signer add --trust'."),
    "signer_key_usage": (
        "Ce certificat ne permet pas de signer : l'usage de sa clé ne comprend pas la "
        "non-répudiation ({detail}). Déclarez le certificat de signature que votre autorité "
        "vous a délivré (« probant signer add »).",
        "This certificate cannot sign: its key usage lacks non-repudiation ({detail}). "
        "Declare the signing certificate your authority issued to you ('probant signer "
        "add')."),
    "pv_rules_failed": (
        "Le procès-verbal ne peut pas encore être signé : {detail}. Complétez le constat "
        "sur ces points, puis relancez la signature.",
        "The procès-verbal cannot be signed yet; unmet rules (in French): {detail}. Complete "
        "the constat on these points, then sign again."),
    "pv_font_missing": (
        "Les polices nécessaires au procès-verbal ne sont pas installées ({font} "
        "introuvable). Installez le paquet fonts-dejavu-core (ou réinstallez Probant), puis "
        "recommencez.",
        "The fonts the procès-verbal needs are not installed ({font} not found). Install the "
        "fonts-dejavu-core package (or reinstall Probant), then retry."),
    "pv_template_error": (
        "Le modèle de procès-verbal est incorrect : le texte « {key} » manque ou utilise un "
        "champ inconnu ({detail}). Rétablissez le modèle d'origine ou corrigez-le.",
        "The procès-verbal template is wrong: text '{key}' is missing or uses an unknown "
        "field ({detail}). Restore the original template or fix it."),
}

WEB_ERRORS: Catalog = {
    "web_bad_url": (
        "Adresse web invalide : {detail}. Donnez une adresse complète commençant par http:// "
        "ou https:// (ou @FICHIER lisible, une adresse par ligne).",
        "Invalid web address: {detail}. Give a full address starting with http:// or "
        "https:// (or a readable @FILE, one address a line)."),
    "web_unreachable": (
        "Le site {url} n'a pas pu être chargé ({error}) : rien n'a été enregistré. Vérifiez "
        "l'adresse et la connexion, puis recommencez la capture.",
        "The site {url} could not be loaded ({error}): nothing was recorded. Check the "
        "address and the connection, then capture again."),
    "web_tls_refused": (
        "Le certificat de sécurité du site {url} a été refusé ({error}) : rien n'a été "
        "enregistré. Probant ne contourne pas cette protection ; vérifiez l'adresse exacte du "
        "site.",
        "The security certificate of the site {url} was refused ({error}): nothing was "
        "recorded. Probant does not bypass this protection; check the site's exact address."),
    "web_load_failed": (
        "La page {url} ne s'est pas chargée ({error}) : rien n'a été enregistré. Vérifiez "
        "l'adresse et la connexion, puis recommencez la capture.",
        "The page {url} did not load ({error}): nothing was recorded. Check the address and "
        "the connection, then capture again."),
    "web_channel_unsafe": (
        "La capture web est interrompue : le canal de contrôle du navigateur n'est pas sûr "
        "ou s'est fermé ({detail}). Fermez le navigateur de capture, puis recommencez la "
        "capture de la page.",
        "Web capture stopped: the browser's control channel is not safe or has closed "
        "({detail}). Close the capture browser, then capture the page again."),
    "web_session_interrupted": (
        "Le navigateur de constatation s'est arrêté avant « Terminer » (code de sortie "
        "{detail}). Les "
        "captures déjà reçues restent enregistrées dans le constat ; l'archive WACZ et le "
        "journal de navigation de cette session n'ont pas été reçus et rien n'en a été "
        "enregistré. Rouvrez le navigateur pour reprendre la constatation.",
        "The recording browser stopped before « Terminer » (exit code {detail}). The "
        "captures already "
        "received stay stored in the constat; this session's WACZ archive and navigation log "
        "were not received and nothing of them was stored. Open the browser again to go on "
        "with the constat."),
    "web_session_partial": (
        "Le navigateur de constatation s'est arrêté avant « Terminer » (code de sortie "
        "{detail}). Les captures déjà reçues restent enregistrées dans le constat, et "
        "l'archive web reçue jusque-là est enregistrée en annexe {partial}, marquée "
        "incomplète : {records} enregistrements WARC, {exchanges} réponses. Le journal de "
        "navigation signé n'a pas été reçu. Rouvrez le navigateur pour reprendre la "
        "constatation.",
        "The recording browser stopped before « Terminer » (exit code {detail}). The captures "
        "already received stay stored in the constat, and the web archive received until "
        "then is stored as annex {partial}, marked incomplete: {records} WARC records, "
        "{exchanges} responses. The signed navigation log was not received. Open the browser "
        "again to go on with the constat."),
    "web_proxy_present": (
        "Un proxy est configuré sur ce poste ({proxies}). Le navigateur de constatation ne "
        "l'utilise pas, mais sa présence doit être reconnue : relancez avec --accept-proxy "
        "(la reconnaissance est enregistrée).",
        "A proxy is configured on this workstation ({proxies}). The recording browser does "
        "not use it, but its presence must be acknowledged: run again with --accept-proxy "
        "(the acknowledgement is recorded)."),
}

APPLICATION_ERRORS: Catalog = {
    "requester_sealed": (
        "Le requérant de ce dossier ne peut plus être modifié : un procès-verbal signé le "
        "nomme. L'intitulé, la référence et l'échéance restent modifiables ; pour un autre "
        "requérant, ouvrez un nouveau dossier.",
        "The requester of this dossier can no longer be changed: a signed procès-verbal "
        "names them. The title, reference and deadline can still be changed; for another "
        "requester, open a new dossier."),
    "findings_sealed": (
        "Le procès-verbal de ce constat est signé : ses constatations et sa narration sont "
        "celles de l'acte et ne peuvent plus être modifiées.",
        "The procès-verbal of this constat is signed: its findings and narrative are those "
        "of the act and can no longer be changed."),
    "rotation_needs_unlock": (
        "Retrait refusé : la clé d'accès « {label} » ({slot}, de {user}) doit d'abord ouvrir "
        "le coffre une fois. Retirer une clé renouvelle la clé du coffre, qui est remise à "
        "chaque clé d'accès restante sans elle ; celle-ci, créée avant ce mécanisme, ne "
        "pourra la recevoir qu'après avoir été utilisée une fois (sinon elle n'ouvrirait "
        "plus le coffre). Déverrouillez le coffre avec elle, puis recommencez le retrait.",
        "Removal refused: the access key « {label} » ({slot}, {user}'s) must unlock the "
        "vault once first. Removing a key renews the vault's key, which is given to every "
        "remaining access key without it; this one, made before that mechanism, can receive "
        "it only once it has been used once (otherwise it would no longer open the vault). "
        "Unlock the vault with it, then remove the key again."),
    "vault_key_stale": (
        "Cette clé d'accès s'ouvre, mais la clé qu'elle donne n'ouvre plus la base du "
        "coffre : le fichier des clés (vault/keyslots.json) est plus ancien que le dernier "
        "renouvellement de la clé du coffre (une ancienne copie remise en place — une clé "
        "retirée ne revient pas ainsi), ou la base est endommagée. Remettez en place le "
        "fichier des clés actuel (sauvegarde, stockage distant). La tentative est consignée.",
        "This access key opens, but the key it gives no longer opens the vault's database: "
        "the key slot file (vault/keyslots.json) is older than the last renewal of the "
        "vault's key (an old copy put back — a removed key does not come back that way), "
        "or the database is damaged. Put the current key slot file back (backup, remote "
        "store). The attempt is recorded."),
    "vault_rolled_back": (
        "Retour en arrière détecté : ce coffre est plus ancien que ce qui a été enregistré, "
        "ou une ancre de son journal tenue hors du coffre a été falsifiée ({detail}). Il est "
        "ouvert en lecture seule : rien n'y est écrit. « probant verify » en donne le détail ; "
        "si la cause est connue (une sauvegarde restaurée), un commissaire de justice peut "
        "accepter la perte avec PROBANT_ACCEPT_ANCHOR_LOSS=<n° d'entrée du coffre>, ce qui "
        "est inscrit au journal.",
        "Rollback detected: this vault is older than what was recorded, or an anchor of its "
        "journal kept outside the vault was tampered with ({detail}). It is open read-only: "
        "nothing is written to it. 'probant verify' gives the detail; if the cause is known "
        "(a restored backup), a commissaire can accept the loss with "
        "PROBANT_ACCEPT_ANCHOR_LOSS=<the vault's entry number>, which is journaled."),
    "reservation_point_unknown": (
        "Aucune réserve ne peut être formulée sur ce point ({detail}). Les points qui en "
        "admettent une sont ceux que « probant pv check --constat ID » signale comme tels.",
        "No reservation can be written on this point ({detail}). The points that take one "
        "are those 'probant pv check --constat ID' marks as such."),
    "vault_error": (
        "Le coffre n'a pas pu mener l'opération à bien : {detail}. Contrôlez-le avec "
        "« probant verify », puis recommencez.",
        "The vault could not complete the operation: {detail}. Check it with "
        "'probant verify', then retry."),
    "capture_nothing": (
        "Rien n'a été capturé ({detail}) : aucune pièce n'a été ajoutée au constat. "
        "Relancez la capture.",
        "Nothing was captured ({detail}): no evidence was added to the constat. Start the "
        "capture again."),
    "interrupted": (
        "Commande interrompue. Ce qui était déjà enregistré reste intact ; relancez la "
        "commande si nécessaire.",
        "Command interrupted. What was already recorded is intact; run the command again "
        "if needed."),
    "storage_access_denied": (
        "Le système refuse l'accès à {path}. Vérifiez les droits sur ce fichier ou ce "
        "dossier, ou choisissez un autre emplacement, puis recommencez.",
        "The system denies access to {path}. Check the permissions of this file or folder, "
        "or choose another location, then retry."),
    "not_a_certificate": (
        "Le fichier {detail} n'est pas un certificat (PEM ou DER attendu) : rien n'a été "
        "ajouté. Choisissez le certificat de l'autorité de confiance.",
        "The file {detail} is not a certificate (PEM or DER expected): nothing was added. "
        "Choose the trust anchor's certificate."),
    "user_self_deactivation": (
        "Vous ne pouvez pas désactiver votre propre compte : demandez-le à un autre "
        "commissaire de justice de l'étude.",
        "You cannot deactivate your own account: ask another commissaire of the étude."),
    "etude_empty": (
        "Le nom et l'adresse de l'étude ne peuvent pas être vides : le procès-verbal les "
        "imprime (art. 648 CPC). Rien n'a été modifié.",
        "The office's name and address cannot be empty: the procès-verbal prints them "
        "(art. 648 CPC). Nothing was changed."),
    "user_last_officer": (
        "Refusé : le coffre doit garder au moins un commissaire de justice actif.",
        "Refused: the vault must keep at least one active commissaire."),
    "remote_unreachable": (
        "Le stockage distant est injoignable ({detail}). Rien n'est perdu : ce qui reste à "
        "envoyer est gardé en file ; vérifiez la connexion ou le disque, puis relancez "
        "« probant sync ».",
        "The remote store cannot be reached ({detail}). Nothing is lost: what is left to send "
        "stays queued; check the connection or the disk, then run 'probant sync' again."),
    "remote_denied": (
        "Le stockage distant refuse l'accès ({detail}) : identifiants absents ou refusés "
        "(trousseau du système, ou AWS_ACCESS_KEY_ID), ou compartiment inexistant. La file "
        "est conservée ; « probant remote test » dit ce qui manque.",
        "The remote store denies access ({detail}): credentials missing or refused (system "
        "keyring, or AWS_ACCESS_KEY_ID), or no such bucket. The queue is kept; "
        "'probant remote test' says what is missing."),
    "remote_read_only": (
        "Le dossier distant est en lecture seule ({detail}) : rien n'a pu y être écrit. La "
        "file est conservée ; rendez le disque inscriptible puis relancez « probant sync ».",
        "The remote folder is read-only ({detail}): nothing could be written. The queue is "
        "kept; make the disk writable, then run 'probant sync' again."),
    "remote_full": (
        "Le stockage distant est plein ({detail}) : l'envoi s'est arrêté sans rien écrire à "
        "moitié. La file est conservée ; libérez de la place puis relancez « probant sync ».",
        "The remote store is full ({detail}): sending stopped, nothing half-written. The "
        "queue is kept; free some space, then run 'probant sync' again."),
    "remote_conflict": (
        "Un objet du stockage distant porte déjà ce nom avec un autre contenu ({detail}) : "
        "il n'est jamais écrasé. Lancez « probant remote verify --deep ».",
        "An object of the remote store already has that name with other content ({detail}): "
        "it is never overwritten. Run 'probant remote verify --deep'."),
    "remote_unknown": (
        "Stockage distant inconnu ({detail}). « probant remote list » donne ceux déclarés ; "
        "« probant remote add » en déclare un.",
        "Unknown remote store ({detail}). 'probant remote list' shows those defined; "
        "'probant remote add' defines one."),
    "remote_exists": (
        "Un stockage distant porte déjà ce nom ({detail}) : choisissez-en un autre.",
        "A remote store already has that name ({detail}): choose another."),
    "blob_file_changed": (
        "Des fichiers du coffre ne correspondent plus à ce qui a été écrit ; ils n'ont pas été "
        "envoyés à {remote} (tout le reste l'a été) : {blobs}. Lancez « probant verify ».",
        "Vault files no longer match what was written; they were not sent to {remote} "
        "(everything else was): {blobs}. Run 'probant verify'."),
    "remote_name_invalid": (
        "Nom de stockage invalide « {name} » : lettres, chiffres, point, tiret et souligné "
        "seulement (63 au plus). Rien n'a été enregistré.",
        "Invalid remote store name '{name}': letters, digits, dot, hyphen and underscore "
        "only (63 at most). Nothing was saved."),
    "remote_endpoint_invalid": (
        "L'adresse du service S3 « {endpoint} » n'est pas une adresse web : elle commence par "
        "https:// (http:// pour un service de l'étude). Rien n'a été enregistré.",
        "The S3 service address '{endpoint}' is not a web address: it starts with https:// "
        "(http:// for a service inside the étude). Nothing was saved."),
    "remote_bucket_missing": (
        "Indiquez le compartiment (bucket) que votre hébergeur a créé pour l'étude. Rien n'a "
        "été enregistré.",
        "Give the bucket your provider created for the étude. Nothing was saved."),
    "remote_folder_missing": (
        "Le dossier « {path} » n'existe pas : branchez le disque ou choisissez un dossier "
        "existant. Rien n'a été enregistré.",
        "The folder '{path}' does not exist: connect the disk or choose an existing folder. "
        "Nothing was saved."),
    "remote_credentials_incomplete": (
        "Donnez l'identifiant de la clé d'accès et la clé secrète ensemble, ou aucun des deux "
        "(les variables AWS_* ou ~/.aws servent alors). Rien n'a été enregistré.",
        "Give the access key id and the secret key together, or neither (the AWS_* variables "
        "or ~/.aws are used then). Nothing was saved."),
    "keyring_unavailable": (
        "Le trousseau du système n'a pas accepté les identifiants du stockage « {remote} » "
        "({detail}) : le stockage n'a pas été déclaré. Déverrouillez le trousseau, ou "
        "laissez les identifiants vides pour utiliser les variables AWS_* ou ~/.aws.",
        "The system keyring did not take the credentials of remote store '{remote}' "
        "({detail}): the store was not defined. Unlock the keyring, or leave the credentials "
        "empty to use the AWS_* variables or ~/.aws."),
    "remote_empty": (
        "Aucun coffre à restaurer sur ce stockage distant ({detail}).",
        "No vault to restore on this remote store ({detail})."),
    "restore_not_empty": (
        "Ce dossier contient déjà un coffre ({detail}) : la restauration se fait dans un "
        "dossier vide (--home).",
        "This home already holds a vault ({detail}): restore into an empty home (--home)."),
    "signing_remote_failed": (
        "L'autorité d'horodatage ou le service de révocation n'a pas répondu ({detail}) : "
        "rien n'a été signé ni enregistré. Signez hors ligne (« probant pv sign --offline », "
        "niveau B-B) puis complétez quand le réseau revient (« probant pv upgrade »).",
        "The timestamp authority or the revocation service did not answer ({detail}): "
        "nothing was signed or stored. Sign offline ('probant pv sign --offline', level B-B) "
        "then complete it when the network is back ('probant pv upgrade')."),
    "demo_on_real_vault": (
        "Ce coffre n'est pas un coffre de démonstration : retirez l'option --demo et "
        "déverrouillez-le avec votre clé.",
        "This vault is not a demonstration vault: drop --demo and unlock it with your key."),
    "unexpected": (
        "Erreur inattendue (référence {reference}). Le détail technique est consigné dans le "
        "journal de l'application : {log}.",
        "Unexpected error (reference {reference}). The technical detail is in the "
        "application log: {log}."),
    "pull_refused": (
        "Cette copie contient un travail qui lui est propre depuis sa dernière mise à jour "
        "({detail}) : la recevoir le masquerait ; rien n'a été changé. Ce travail se fait sur "
        "le poste d'origine.",
        "This copy holds work of its own since it was last brought up to date ({detail}): "
        "pulling would hide it; nothing was changed. Such work belongs on the origin "
        "workstation."),
    "promotion_refused": (
        "Le poste d'origine a écrit sur « {remote} » après la dernière mise à jour de cette "
        "copie (journal {origin_seq} sur le stockage, {copy_seq} ici) : promue maintenant, "
        "elle laisserait ce travail de côté. Mettez-la d'abord à jour (probant sync --pull) ; "
        "rien n'a été changé.",
        "The origin workstation wrote to \"{remote}\" after this copy was last brought up to "
        "date (journal {origin_seq} on the store, {copy_seq} here): promoted now, it would "
        "leave that work out. Bring it up to date first (probant sync --pull); nothing was "
        "changed."),
    "origin_superseded": (
        "Le stockage « {remote} » porte une tête du poste d'origine (journal {seq}) que le "
        "journal de ce coffre ne contient pas : un autre poste écrit comme poste d'origine de "
        "ce coffre (sans doute une copie promue). Rien n'a été envoyé comme tête ; n'utilisez plus ce "
        "poste pour ce coffre sans l'avis du commissaire.",
        "The store \"{remote}\" holds an origin head (journal {seq}) that this vault's journal "
        "does not contain: another workstation writes as this vault's origin (probably a promoted "
        "copy). No head was written; do not use this workstation for this vault without the "
        "officer's word."),
}
