"""VERIFY.md: how a third party checks the bundle by hand, in French and in English.

The commands name this bundle's real files, so they can be pasted as they are
(tests run them exactly so, under ``bash -e``). Only standard tools: sha256sum,
openssl, pdfsig/pdfdetach (poppler-utils), certutil, unzip.

What the manual steps prove without the verifier: ``SHA256SUMS`` is signed with the
workstation key and timestamped by the vault's TSA, so a file swapped and the list
regenerated fails step 2; each annex is tied to the officer's signed PV by the
list of annexes embedded in it (step 4), which no key in the bundle can redo.
Steps keep their numbers whatever the bundle holds (a step with nothing to check
says so), so that the texts can name each other.
"""

from __future__ import annotations

from evidence.bundle.contents import BundleContent

_TEXT = {
    "fr": {
        "title": "# Vérifier ce dossier de preuve — sans Probant",
        "intro": "Constat `{constat}`, exporté le {when} par {user}. Décompressez l'archive "
                 "puis lancez les commandes depuis le dossier obtenu (Linux, macOS ou WSL ; "
                 "OpenSSL 3, poppler-utils, libnss3-tools, unzip). Chaque commande doit "
                 "réussir : `bash -e` enchaîne tous les blocs et s'arrête au premier échec.",
        "unzip": "## 0. Décompresser",
        "sums": "## 1. Intégrité de chaque fichier (SHA-256)\nChaque ligne doit finir par "
                "« OK » (ou « Réussi »).",
        "sums_seal": "## 2. La liste SHA256SUMS elle-même : signée et horodatée\n"
                     "Sans ce sceau, remplacer un fichier et recalculer `SHA256SUMS` passerait "
                     "l'étape 1. La signature (Ed25519, clé du poste, vérifiable par OpenSSL 3 "
                     "seul) doit afficher « Signature Verified Successfully » ; le jeton RFC 3161 "
                     "de l'autorité d'horodatage du coffre, « Verification: OK », et sa date "
                     "(« Time stamp ») doit précéder la remise du dossier : une liste refaite "
                     "après coup porterait un jeton plus récent, ou aucun. La clé seule ne dit "
                     "pas qui a signé (elle est dans le dossier) : l'identité des annexes "
                     "repose sur l'étape 4, la date sur le jeton.",
        "no_sums_tsr": "ÉCHEC : SHA256SUMS.tsr absent — aucune autorité d'horodatage n'a "
                       "répondu lors de l'export ; la date de la liste n'est pas prouvée "
                       "(exportez de nouveau une fois le réseau revenu)",
        "annexes": "## 4. Chaque annexe est celle que liste le procès-verbal signé\n"
                   "Le PV embarque, dans les octets que l'officier a signés, la liste de ses "
                   "annexes avec leur SHA-256 (`probant-annexes.json`, aussi imprimée dans "
                   "son tableau des annexes). Chaque fichier de `evidence/` doit y figurer "
                   "(« OK »), et chaque annexe listée doit être dans le dossier. L'étape 3 "
                   "établit que ce PV est bien signé.",
        "not_in_pv": "ÉCHEC : absent de la liste des annexes du PV",
        "missing": "ÉCHEC : annexe du PV absente du dossier :",
        "all_in": "chaque annexe du PV est dans le dossier",
        "seal": "## 5. Signature du sommaire et des manifestes (Ed25519, clé du poste)\n"
                "Chaque commande doit afficher « Signature Verified Successfully ». "
                "`bundle.json` liste chaque fichier avec son SHA-256.",
        "tsa": "## 6. Horodatages RFC 3161\nChaque commande doit afficher « Verification: OK ». "
               "Un jeton couvre une racine de Merkle ; le lien entre un manifeste "
               "(`sha256sum manifests/N.json` = `digest` dans `timestamps/timestamps.json`) et "
               "la racine se vérifie par le chemin `proof` (RFC 6962), recalculé par "
               "l'étape 8. Le sommaire `bundle.json` est horodaté directement "
               "(absent si aucune TSA ne répondait lors de l'export).",
        "web": "## 7. Archives web (WACZ) : rejouer et vérifier\n"
               "Chaque session du navigateur de constatation est archivée octet par octet "
               "(WARC 1.1 dans un WACZ 1.1.1), signée selon la spécification de signature "
               "WACZ (`datapackage-digest.json` : ECDSA P-256 d'une clé à usage unique, "
               "dont la clé publique est dans le manifeste signé de la pièce) et horodatée. "
               "Attendu : « OK », « Verified OK », « Verification: OK ». Pour la rejouer "
               "hors ligne : ouvrez le fichier `.wacz` dans l'application de bureau "
               "ReplayWeb.page (https://replayweb.page/docs, sans réseau), ou sur "
               "https://replayweb.page puis « Choose File » (seule l'application vient du "
               "réseau ; le fichier est lu localement, rien n'est envoyé) ; les pages sont "
               "servies depuis l'archive seule. `wacz validate` (paquet Python `wacz`, à installer dans un venv : "
               "`python3 -m venv /tmp/w && /tmp/w/bin/pip install wacz`, puis "
               "`PATH=/tmp/w/bin:$PATH`) vérifie l'index et chaque fichier du paquet.",
        "key_mismatch": "ÉCHEC : clé différente de celle du manifeste",
        "failed": "ÉCHEC : datapackage.json diffère de son empreinte signée",
        "pv": "## 3. Signature du procès-verbal (PAdES)\nAttendu : « Signature is Valid » et "
              "« Certificate is Trusted ». Ce que vérifie cette commande : la signature CMS "
              "sur les octets signés de chaque révision, et la chaîne du certificat jusqu'aux "
              "ancres importées dans la base NSS, **à la date d'aujourd'hui**. Avec "
              "`-no-ocsp`, la révocation n'est **pas** vérifiée du tout : poppler ne lit pas "
              "les données de révocation que le PDF contient (DSS). Sans `-no-ocsp`, NSS "
              "interroge en ligne le répondeur OCSP nommé dans le certificat (statut "
              "d'aujourd'hui, pas celui du jour de la signature). Les données de révocation "
              "du PDF (DSS, telles qu'au jour de la signature, sous horodatage) ne sont "
              "vérifiées que par `probant verify` (pyHanko).",
        "no_pv": "## 3. Procès-verbal\nCe dossier ne contient pas de procès-verbal signé.",
        "no_annexes": "## 4. Annexes\nSans procès-verbal signé, rien ne rattache les annexes à "
                      "la signature de l'officier : seules les étapes 1, 2, 5 et 6 les couvrent.",
        "no_web": "## 7. Archives web\nCe dossier ne contient pas d'archive web (WACZ).",
        "all": "## 8. Tout à la fois, avec le vérificateur lisible fourni\nUn seul fichier "
               "Python, sans dépendance autre que `cryptography` 38 ou plus : lisez-le "
               "avant de l'exécuter, ou comparez-le à la version publiée. Debian 12 ou "
               "Ubuntu : `sudo apt install python3-cryptography` ; ailleurs, sans toucher au "
               "Python du système (PEP 668) : `python3 -m venv /tmp/pv && /tmp/pv/bin/pip "
               "install cryptography`, puis `/tmp/pv/bin/python` au lieu de `python3`. "
               "Codes de sortie : 0 « INTÈGRE ET RATTACHÉ » (chaque chaîne aboutit à une ancre "
               "que vous fournissez avec `--trust FICHIER.pem`) ; "
               "5 « INTÈGRE, NON RATTACHÉ » (intact, mais une chaîne n'aboutit qu'à une ancre "
               "que vous n'avez pas fournie : celle du dossier lui-même, ou du magasin du "
               "système, fait pour les sites web) ; 1 problème trouvé ; 2 usage incorrect. Ajoutez "
               "`--lang en` pour un rapport en anglais.",
        "trust": "Ancres de confiance incluses (`trust/`) : elles ne prouvent rien par "
                 "elles-mêmes. Comparez leurs empreintes SHA-256 avec celles publiées par les "
                 "autorités (pour une TSA qualifiée, la liste de confiance de l'UE), puis "
                 "donnez le fichier de l'autorité au vérificateur avec `--trust` :",
    },
    "en": {
        "title": "# Verifying this evidence bundle — without Probant",
        "intro": "Constat `{constat}`, exported on {when} by {user}. Unzip the archive, then "
                 "run the commands from the unzipped folder (Linux, macOS or WSL; OpenSSL 3, "
                 "poppler-utils, libnss3-tools, unzip). Every command must succeed: `bash -e` "
                 "runs all the blocks and stops at the first failure.",
        "unzip": "## 0. Unzip",
        "sums": "## 1. Integrity of every file (SHA-256)\nEvery line must end with \"OK\".",
        "sums_seal": "## 2. The SHA256SUMS list itself: signed and timestamped\n"
                     "Without this seal, replacing a file and regenerating `SHA256SUMS` would "
                     "pass step 1. The signature (Ed25519, workstation key, checked by "
                     "OpenSSL 3 alone) must print \"Signature Verified Successfully\"; the "
                     "RFC 3161 token of the vault's timestamp authority \"Verification: OK\", "
                     "and its date (\"Time stamp\") must be before the bundle was handed "
                     "over: a list remade afterwards would carry a later token, or none. The "
                     "key alone does not say who signed (it is in the bundle): the annexes' "
                     "identity rests on step 4, the date on the token.",
        "no_sums_tsr": "FAILED: SHA256SUMS.tsr absent — no timestamp authority answered at "
                       "export time; the list's date is not proven (export again once the "
                       "network is back)",
        "annexes": "## 4. Each annex is the one the signed procès-verbal lists\n"
                   "The PV embeds, inside the bytes the officer signed, the list of its "
                   "annexes with their SHA-256 (`probant-annexes.json`, also printed in its "
                   "table of annexes). Every file in `evidence/` must be in it (\"OK\"), and "
                   "every listed annex must be in the bundle. Step 3 establishes that this "
                   "PV is signed.",
        "not_in_pv": "FAILED: not in the PV's list of annexes",
        "missing": "FAILED: annex of the PV missing from the bundle:",
        "all_in": "every annex of the PV is in the bundle",
        "seal": "## 5. Signature of the summary and of the manifests (Ed25519, workstation "
                "key)\nEach command must print \"Signature Verified Successfully\". "
                "`bundle.json` lists every file with its SHA-256.",
        "tsa": "## 6. RFC 3161 timestamps\nEach command must print \"Verification: OK\". A token "
               "covers a Merkle root; a manifest (`sha256sum manifests/N.json` = `digest` in "
               "`timestamps/timestamps.json`) is linked to that root by its `proof` path "
               "(RFC 6962), recomputed by step 8. The summary `bundle.json` is timestamped "
               "directly (absent when no TSA answered at export time).",
        "web": "## 7. Web archives (WACZ): replay and check\n"
               "Each session of the recording browser is archived byte for byte (WARC 1.1 "
               "in a WACZ 1.1.1), signed per the WACZ signing spec (`datapackage-digest.json`: "
               "ECDSA P-256 with a one-time key whose public key is in the item's signed "
               "manifest) and timestamped. Expected: \"OK\", \"Verified OK\", "
               "\"Verification: OK\". To replay it offline: open the `.wacz` file in "
               "the ReplayWeb.page desktop app (https://replayweb.page/docs, no network), or "
               "https://replayweb.page then \"Choose File\" (only the app comes from the "
               "network; the file is read locally, nothing is uploaded); pages are served "
               "from the archive alone. `wacz validate` (Python package `wacz`, installed in a venv: "
               "`python3 -m venv /tmp/w && /tmp/w/bin/pip install wacz`, then "
               "`PATH=/tmp/w/bin:$PATH`) checks the index and every file of the package.",
        "key_mismatch": "FAILED: not the key its manifest names",
        "failed": "FAILED: datapackage.json differs from its signed digest",
        "pv": "## 3. Signature of the procès-verbal (PAdES)\nExpected: \"Signature is Valid\" "
              "and \"Certificate is Trusted\". What this command checks: the CMS signature "
              "over each revision's signed bytes, and the certificate chain up to the anchors "
              "imported in the NSS database, **as of today**. With `-no-ocsp`, revocation is "
              "**not** checked at all: poppler does not read the revocation data the PDF "
              "holds (DSS). Without `-no-ocsp`, NSS asks the OCSP responder named in the "
              "certificate online (today's status, not the status on the day of signing). "
              "The PDF's own revocation data (DSS, as on the day of signing, under a "
              "timestamp) are checked only by `probant verify` (pyHanko).",
        "no_pv": "## 3. Procès-verbal\nThis bundle holds no signed procès-verbal.",
        "no_annexes": "## 4. Annexes\nWithout a signed procès-verbal nothing ties the annexes "
                      "to the officer's signature: only steps 1, 2, 5 and 6 cover them.",
        "no_web": "## 7. Web archives\nThis bundle holds no web archive (WACZ).",
        "all": "## 8. Everything at once, with the readable verifier provided\nOne Python file "
               "needing only `cryptography` 38 or later: read it before running it, or "
               "compare it with the published version. Debian 12 or Ubuntu: `sudo apt install "
               "python3-cryptography`; elsewhere, without touching the system's Python "
               "(PEP 668): `python3 -m venv /tmp/pv && /tmp/pv/bin/pip install cryptography`, "
               "then `/tmp/pv/bin/python` instead of `python3`. Exit status: 0 \"INTACT AND "
               "ANCHORED\" (every chain ends at an anchor you give with `--trust FILE.pem`); "
               "5 \"INTACT, NOT ANCHORED\" (intact, but a chain ends only at an anchor you "
               "did not give: the bundle's own, or the system store's, made for web sites); 1 a problem was found; 2 bad "
               "usage. Add `--lang en` for an English report.",
        "trust": "Trust anchors included (`trust/`): they prove nothing by themselves. Compare "
                 "their SHA-256 fingerprints with the ones the authorities publish (for a "
                 "qualified TSA, the EU trusted list), then give the authority's file to the "
                 "verifier with `--trust`:",
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
                  t["sums_seal"], _sh(*_sums_commands(seal_key, t)), ""]
        if content.pv_path:
            parts += [t["pv"], _sh(*_pdfsig_commands(content.pv_path, anchors)), "",
                      t["annexes"], _sh(*_annex_commands(content, t)), ""]
        else:
            parts += [t["no_pv"], "", t["no_annexes"], ""]
        parts += [t["seal"], _sh(*_signature_commands(content, seal_key)), "",
                  t["tsa"], _sh(*_token_commands(content)), ""]
        if content.web:
            parts += [t["web"], _sh(*_web_commands(content, t)), ""]
        else:
            parts += [t["no_web"], ""]
        parts += [t["all"], _sh(f"python3 tools/probant_verify.py --lang {lang} ."), "",
                  t["trust"], ""]
        parts += [f"- `{f}` — {subject} — `{fp}`" for f, subject, fp in anchors]
        parts += ["", "---", ""]
    return "\n".join(parts).encode()


def _sh(*lines: str) -> str:
    return "```sh\n" + "\n".join(lines) + "\n```"


def _sums_commands(seal_key: str, t: dict[str, str]) -> list[str]:
    return [f"openssl pkeyutl -verify -pubin -inkey {seal_key} -rawin -in SHA256SUMS "
            "-sigfile SHA256SUMS.sig",
            f'[ -f SHA256SUMS.tsr ] || {{ echo "{t["no_sums_tsr"]}"; false; }}',
            "openssl ts -verify -data SHA256SUMS -in SHA256SUMS.tsr -CAfile trust/tsa.pem",
            'openssl ts -reply -in SHA256SUMS.tsr -text | grep "^Time stamp"']


def _annex_commands(content: BundleContent, t: dict[str, str]) -> list[str]:
    files = " ".join(b.path for b in content.items if b.path.startswith("evidence/"))
    lines = ['T="$(mktemp -d)"',  # outside the bundle: step 8 refuses unlisted files
             f'pdfdetach -savefile probant-annexes.json -o "$T/annexes.json" {content.pv_path}',
             """grep -o '"sha256":"[0-9a-f]*"' "$T/annexes.json" | cut -d'"' -f4 | sort """
             """> "$T/in-pv\""""]
    if files:
        lines.append(f'for f in {files}; do grep -qx "$(sha256sum "$f" | cut -d" " -f1)" '
                     f'"$T/in-pv" && echo "$f: OK" || {{ echo "$f: {t["not_in_pv"]}"; false; }}; '
                     'done')
    lines += ['sha256sum evidence/* environment/* 2>/dev/null | cut -d" " -f1 | sort '
              '> "$T/in-bundle"',
              'gone="$(comm -23 "$T/in-pv" "$T/in-bundle")"',
              f'[ -z "$gone" ] && echo "{t["all_in"]}" || {{ echo "{t["missing"]} $gone"; '
              'false; }']
    return lines


def _signature_commands(content: BundleContent, seal_key: str) -> list[str]:
    check = "openssl pkeyutl -verify -pubin -inkey {key} -rawin -in {data} -sigfile {sig}"
    lines = [check.format(key=seal_key, data="bundle.json", sig="bundle.json.sig")]
    key = next(iter(content.keys.values())) if len(content.keys) == 1 else None
    if key is not None:
        lines.append(f'for m in manifests/*.json; do echo "$m"; '
                     f'{check.format(key=key, data="$m", sig="${m%.json}.sig")} || false; done')
    else:  # several workstation keys: one command per manifest
        lines += [check.format(key=content.keys[b.key_id], data=b.manifest_path,
                               sig=b.manifest_path[:-5] + ".sig") for b in content.items]
    return lines


def _token_commands(content: BundleContent) -> list[str]:
    lines = [f"openssl ts -verify -digest {root} -sha256 -in {path} -CAfile trust/tsa.pem"
             for path, root, _ in content.token_files]
    lines.append("openssl ts -verify -data bundle.json -in bundle.json.tsr -CAfile trust/tsa.pem")
    return lines


def _web_commands(content: BundleContent, t: dict[str, str]) -> list[str]:
    lines = ['T="${T:-$(mktemp -d)}"']
    for w in content.web:
        d = f'"$T/wacz-{w.annex}"'
        lines += [
            f"mkdir -p {d} && unzip -o -q {w.wacz} datapackage.json datapackage-digest.json "
            f"-d {d}",
            f'h="$(sha256sum {d}/datapackage.json | cut -d" " -f1)"',
            f'grep -q "\\"hash\\": \\"sha256:$h\\"" {d}/datapackage-digest.json '
            f'&& echo "{w.wacz} datapackage.json: OK" || {{ echo "{w.wacz}: {t["failed"]}"; '
            'false; }',
            # the one-time key: the one the signed manifest names (step 4 checks its signature)
            f'grep -q "\\"publicKey\\":\\"$(sed \'1d;$d\' {w.public_key} | tr -d \'\\n\')\\"" '
            f'{w.manifest} && echo "{w.public_key}: OK" || {{ echo "{w.public_key}: '
            f'{t["key_mismatch"]}"; false; }}',
            f"printf 'sha256:%s' \"$h\" > {d}/signed",
            f"openssl dgst -sha256 -verify {w.public_key} -signature {w.signature} {d}/signed"]
        if w.token:
            lines.append(f'openssl ts -verify -digest "$h" -sha256 -in {w.token} '
                         "-CAfile trust/tsa.pem")
        lines.append(f"wacz validate -f {w.wacz}")
    return lines


def _pdfsig_commands(pv_path: str, anchors: list[tuple[str, str, str]]) -> list[str]:
    # The NSS database goes outside the bundle folder: step 8 refuses unlisted files.
    lines = ['NSS="$(mktemp -d)" && certutil -N -d "sql:$NSS" --empty-password']
    lines += [f'certutil -A -d "sql:$NSS" -n {f.rsplit("/", 1)[-1][:-4]} -t CT,C,C -a -i {f}'
              for f, _, _ in anchors]
    lines.append(f'pdfsig -nssdir "sql:$NSS" -no-ocsp {pv_path}')
    return lines
