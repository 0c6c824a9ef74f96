"""VERIFY.md: how a third party checks the bundle by hand, in French and in English.

The commands name this bundle's real files, so they can be pasted as they are
(tests run them exactly so). Only standard tools: sha256sum, openssl, pdfsig.
"""

from __future__ import annotations

from evidence.bundle.contents import BundleContent

_TEXT = {
    "fr": {
        "title": "# Vérifier ce dossier de preuve — sans Probant",
        "intro": "Constat `{constat}`, exporté le {when} par {user}. Décompressez l'archive "
                 "puis lancez les commandes depuis le dossier obtenu (Linux, macOS ou WSL ; "
                 "OpenSSL 3, poppler-utils et libnss3-tools).",
        "unzip": "## 0. Décompresser",
        "sums": "## 1. Intégrité de chaque fichier (SHA-256)\nChaque ligne doit finir par "
                "« OK » (ou « Réussi »).",
        "seal": "## 2. Signature du sommaire et des manifestes (Ed25519, clé du poste)\n"
                "Chaque commande doit afficher « Signature Verified Successfully ». "
                "`bundle.json` liste chaque fichier avec son SHA-256.",
        "tsa": "## 3. Horodatages RFC 3161\nChaque commande doit afficher « Verification: OK ». "
               "Un jeton couvre une racine de Merkle ; le lien entre un manifeste "
               "(`sha256sum manifests/N.json` = `digest` dans `timestamps/timestamps.json`) et "
               "la racine se vérifie par le chemin `proof` (RFC 6962), recalculé par "
               "l'étape 5. Le sommaire `bundle.json` est horodaté directement "
               "(absent si aucune TSA ne répondait lors de l'export).",
        "pv": "## 4. Signature du procès-verbal (PAdES)\nAttendu : « Signature is Valid » et "
              "« Certificate is Trusted ». Les données de révocation sont dans le PDF "
              "(DSS) ; retirez `-no-ocsp` pour interroger aussi l'autorité en ligne.",
        "no_pv": "## 4. Procès-verbal\nCe dossier ne contient pas de procès-verbal signé.",
        "all": "## 5. Tout à la fois, avec le vérificateur lisible fourni\nUn seul fichier "
               "Python (moins de 800 lignes), sans dépendance autre que `cryptography` : lisez-le "
               "avant de l'exécuter, ou comparez-le à la version publiée.",
        "trust": "Ancres de confiance incluses (`trust/`) : comparez leurs empreintes SHA-256 "
                 "avec celles publiées par les autorités :",
    },
    "en": {
        "title": "# Verifying this evidence bundle — without Probant",
        "intro": "Constat `{constat}`, exported on {when} by {user}. Unzip the archive, then "
                 "run the commands from the unzipped folder (Linux, macOS or WSL; OpenSSL 3, "
                 "poppler-utils and libnss3-tools).",
        "unzip": "## 0. Unzip",
        "sums": "## 1. Integrity of every file (SHA-256)\nEvery line must end with \"OK\".",
        "seal": "## 2. Signature of the summary and of the manifests (Ed25519, workstation "
                "key)\nEach command must print \"Signature Verified Successfully\". "
                "`bundle.json` lists every file with its SHA-256.",
        "tsa": "## 3. RFC 3161 timestamps\nEach command must print \"Verification: OK\". A token "
               "covers a Merkle root; a manifest (`sha256sum manifests/N.json` = `digest` in "
               "`timestamps/timestamps.json`) is linked to that root by its `proof` path "
               "(RFC 6962), recomputed by step 5. The summary `bundle.json` is timestamped "
               "directly (absent when no TSA answered at export time).",
        "pv": "## 4. Signature of the procès-verbal (PAdES)\nExpected: \"Signature is Valid\" "
              "and \"Certificate is Trusted\". Revocation data is inside the PDF (DSS); drop "
              "`-no-ocsp` to also ask the authority online.",
        "no_pv": "## 4. Procès-verbal\nThis bundle holds no signed procès-verbal.",
        "all": "## 5. Everything at once, with the readable verifier provided\nOne Python file "
               "(under 800 lines) needing only `cryptography`: read it before running it, or "
               "compare it with the published version.",
        "trust": "Trust anchors included (`trust/`): compare their SHA-256 fingerprints with "
                 "the ones the authorities publish:",
    },
}


def verify_md(content: BundleContent, bundle_name: str, when: str, user: str,
              anchors: list[tuple[str, str, str]], seal_key: str) -> bytes:
    """``anchors``: (file, subject, SHA-256 fingerprint) of each included trust anchor."""
    parts = []
    for lang in ("fr", "en"):
        t = _TEXT[lang]
        parts += [t["title"], "",
                  t["intro"].format(constat=content.constat.id, when=when, user=user), "",
                  t["unzip"], _sh(f"unzip -q {bundle_name} -d bundle && cd bundle"), "",
                  t["sums"], _sh("sha256sum -c SHA256SUMS"), "",
                  t["seal"], _sh(*_signature_commands(content, seal_key)), "",
                  t["tsa"], _sh(*_token_commands(content)), ""]
        if content.pv_path:
            parts += [t["pv"], _sh(*_pdfsig_commands(content.pv_path, anchors)), ""]
        else:
            parts += [t["no_pv"], ""]
        parts += [t["all"], _sh("python3 -m pip install 'cryptography>=42'",
                                "python3 tools/probant_verify.py ."), "",
                  t["trust"], ""]
        parts += [f"- `{f}` — {subject} — `{fp}`" for f, subject, fp in anchors]
        parts += ["", "---", ""]
    return "\n".join(parts).encode()


def _sh(*lines: str) -> str:
    return "```sh\n" + "\n".join(lines) + "\n```"


def _signature_commands(content: BundleContent, seal_key: str) -> list[str]:
    check = "openssl pkeyutl -verify -pubin -inkey {key} -rawin -in {data} -sigfile {sig}"
    lines = [check.format(key=seal_key, data="bundle.json", sig="bundle.json.sig")]
    key = next(iter(content.keys.values())) if len(content.keys) == 1 else None
    if key is not None:
        lines.append(f'for m in manifests/*.json; do echo "$m"; '
                     f'{check.format(key=key, data="$m", sig="${m%.json}.sig")} || exit 1; done')
    else:  # several workstation keys: one command per manifest
        lines += [check.format(key=content.keys[b.key_id], data=b.manifest_path,
                               sig=b.manifest_path[:-5] + ".sig") for b in content.items]
    return lines


def _token_commands(content: BundleContent) -> list[str]:
    lines = [f"openssl ts -verify -digest {root} -sha256 -in {path} -CAfile trust/tsa.pem"
             for path, root, _ in content.token_files]
    lines.append("openssl ts -verify -data bundle.json -in bundle.json.tsr -CAfile trust/tsa.pem")
    return lines


def _pdfsig_commands(pv_path: str, anchors: list[tuple[str, str, str]]) -> list[str]:
    # The NSS database goes outside the bundle folder: step 5 refuses unlisted files.
    lines = ['NSS="$(mktemp -d)" && certutil -N -d "sql:$NSS" --empty-password']
    lines += [f'certutil -A -d "sql:$NSS" -n {f.rsplit("/", 1)[-1][:-4]} -t CT,C,C -a -i {f}'
              for f, _, _ in anchors]
    lines.append(f'pdfsig -nssdir "sql:$NSS" -no-ocsp {pv_path}')
    return lines
