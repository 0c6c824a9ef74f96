"""The evidence bundle end to end: a real constat made through the CLI (software FIDO2
authenticator, a screenshot on Xvfb, certomancer's TSA, a SoftHSM2 signer), exported,
then verified by ``probant verify`` from an empty home, by the standalone verifier with
only ``cryptography``, and by hand with the commands of its VERIFY.md; then tampered."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.softhsm import make_softhsm
from tests.integration.test_pv import complete

SITE = Path(json.__file__).parent  # stdlib; the venv's packages are found below


@dataclass(frozen=True)
class Made:
    probant: Probant
    constat: str
    bundle: Path
    items: list[dict]
    tmp: Path


@pytest.fixture(scope="module")
def made(pki, xvfb,  # type: ignore[no-untyped-def]
         tmp_path_factory: pytest.TempPathFactory) -> Made:
    tmp = tmp_path_factory.mktemp("bundle")
    home = tmp / "home"
    offline_settings(home)
    probant = Probant(home)
    hsm = make_softhsm(pki, tmp / "hsm")
    signer_env = {**hsm.env, "PROBANT_SIGNER_PIN": hsm.pin}
    # The officer the test PKI's signer names (the signer must be the officer).
    assert probant.setup("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Affaire Martin", "--requester",
                            "SAS Martin").json["id"]
    constat = probant.setup("constat", "new", "--dossier", dossier, "--mission",
                            "Constater la page d'accueil", "--place",
                            "Poste de travail de l'étude, 12 rue de la Paix, 75002 Paris"
                            ).json["id"]
    assert probant.setup("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    shot = probant("capture", "region", "0,0,320,240", "--constat", constat,
                   env={"DISPLAY": xvfb.display})
    assert shot.code == 0, shot.stderr
    # Another client's matter, interleaved: the bundle must not reveal any of it.
    other = probant.setup("dossier", "new", "Affaire Durand-Secret", "--requester",
                          "M. Durand-Secret").json["id"]
    hidden = probant.setup("constat", "new", "--dossier", other).json["id"]
    (tmp / "durand-secret.txt").write_text("pièce confidentielle")
    assert probant.setup("annex", "add", "--constat", hidden,
                         str(tmp / "durand-secret.txt")).code == 0
    src = tmp / "courriel remis.txt"
    src.write_text("courriel remis par le client")
    assert probant.setup("annex", "add", "--constat", constat, str(src)).code == 0
    assert probant.setup("constat", "close", constat).code == 0
    assert probant.setup("timestamp", "flush").code == 0
    # A PKCS#11 module is never loaded in this process (it would keep its first token
    # folder for every later test of the worker): the command itself runs.
    added = probant("signer", "add", "--pkcs11", str(hsm.module), "--token-label",
                    hsm.token_label, "--key-label", hsm.key_label, "--trust",
                    str(pki.ca_bundle_pem), env=signer_env)
    assert added.code == 0, added.stderr
    complete(probant, constat)  # findings, narrative, reservations written before signing
    signed = probant("pv", "sign", "--constat", constat, env=signer_env)
    assert signed.code == 0, signed.stderr
    bundle = tmp / "constat.zip"
    export = probant("export", "--constat", constat, "--out", str(bundle))
    assert export.code == 0, export.stderr
    assert export.json["timestamped"] and export.json["pv"]
    items = probant("evidence", "list", "--constat", constat).json
    return Made(probant, constat, bundle, items, tmp)


def _verify(bundle: Path, tmp: Path, *extra: str) -> tuple[int, dict]:
    empty = tmp / "empty-home"
    run = Probant(empty)("verify", str(bundle), *extra)
    assert not empty.exists(), "verify BUNDLE must not create a home"
    return run.code, run.json


def test_bundle_holds_everything_and_verifies_from_an_empty_home(made: Made, pki,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    with zipfile.ZipFile(made.bundle) as z:
        names = set(z.namelist())
        index = json.loads(z.read("bundle.json"))
    for item in made.items:  # every evidence file, its manifest and signature
        entry = next(i for i in index["items"] if i["evidence_id"] == item["id"])
        assert {entry["file"], entry["manifest"], entry["signature"]} <= names
        assert entry["sha256"] == item["sha256"]
    kinds = {i["kind"] for i in index["items"]}
    assert {"screenshot", "imported", "environment", "pv"} <= kinds
    assert {"VERIFY.md", "SHA256SUMS", "bundle.json.sig", "bundle.json.tsr",
            "journal/journal.jsonl", "timestamps/timestamps.json", "trust/tsa.pem",
            "tools/probant_verify.py"} <= names
    assert any(n.endswith(".tsr") and n.startswith("timestamps/") for n in names)
    with zipfile.ZipFile(made.bundle) as z:
        for name in z.namelist():
            assert b"Durand-Secret" not in z.read(name), name  # professional secrecy
        journal = [json.loads(line) for line in z.read("journal/journal.jsonl").splitlines()]
    assert any(e.get("redacted") for e in journal)  # other matters: hashes, no details
    assert all(e["seq"] == journal[0]["seq"] + i for i, e in enumerate(journal))
    # S point 1: the signed, stamped summary names the vault's journal head at export (an
    # anchor the court keeps); the vault's journal holds that very entry.
    head = index["constat"]["journal_head"]
    held = next(e for e in made.probant("journal").json if e["seq"] == head["seq"])
    assert held["hash"] == head["hash"] and head["seq"] >= journal[-1]["seq"]
    # The set-up made during the constat (its TSA, its signing certificate) is shown in full.
    setup = {e["action"]: e for e in journal if e["action"] in ("tsa_added", "signer_added")}
    assert set(setup) == {"tsa_added", "signer_added"}
    assert not any(e.get("redacted") for e in setup.values())
    assert setup["tsa_added"]["details"]["url"] == pki.tsa_url
    assert "DUPONT" in setup["signer_added"]["details"]["subject"]
    assert all(e.get("redacted") for e in journal if e.get("constat") not in (None, made.constat))
    code, report = _verify(made.bundle, tmp_path)
    # Intact, but only the bundle's own anchors vouch for it: « INTÈGRE, NON RATTACHÉ », 5.
    assert code == 5, report["errors"]
    assert report["ok"] and report["status"] == "not_anchored" and not report["attached"]
    assert report["pv_level"] == "B-LTA"
    assert report["counts"]["items"] == len(made.items) and report["counts"]["tokens"] >= 2
    assert not [w for w in report["warnings"] if w["check"] == "timestamps"]
    # Anchors the bundle brings vouch for nothing by themselves: said, with the fingerprint.
    vouched = [w for w in report["warnings"] if w["check"] == "trust"]
    assert vouched and all("SHA-256" in w["problem"] for w in vouched)
    code, report = _verify(made.bundle, tmp_path, "--trust", str(pki.ca_bundle_pem))
    assert code == 0 and not [w for w in report["warnings"] if w["check"] == "trust"]
    assert report["status"] == "intact" and report["attached"]
    # Only the root given: the bundle's intermediate is passed through, up to it.
    code, report = _verify(made.bundle, tmp_path, "--trust", str(pki.root_pem))
    assert code == 0 and report["attached"], report
    assert not any(w["check"] == "sums" for w in report["warnings"])  # signed and stamped


def test_verify_answers_in_the_chosen_language_without_traceback(made: Made,
                                                                   tmp_path: Path) -> None:
    bad = _rewrite(made.bundle, tmp_path / "bad.zip", _resave_pv_in(tmp_path))
    empty = Probant(tmp_path / "empty-home")
    for lang, headline, other, finding in (
            ("en", "PROBLEMS FOUND", "PROBLÈMES TROUVÉS", "the PV is not signed"),
            ("fr", "PROBLÈMES TROUVÉS", "PROBLEMS FOUND", "le PV n'est pas signé")):
        run = empty("--lang", lang, "verify", str(bad), json_out=False)
        assert run.code == 1
        assert headline in run.stdout + run.stderr and other not in run.stdout + run.stderr
        assert finding in run.stdout + run.stderr
        assert "Traceback" not in run.stderr and "pyhanko" not in run.stderr.lower(), run.stderr
    garbage = _rewrite(made.bundle, tmp_path / "garbage.zip", _garbage_pv)
    run = empty("--lang", "en", "verify", str(garbage), json_out=False)
    assert run.code == 1 and "not a readable PDF" in run.stdout, run.stdout + run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    intact = empty("--lang", "en", "verify", str(made.bundle), json_out=False)
    assert intact.code == 5 and "INTACT, NOT ANCHORED" in intact.stdout + intact.stderr
    assert "made in DEMO mode: no evidential value" in intact.stdout  # D3 point 10
    intact = empty("--lang", "fr", "verify", str(made.bundle), json_out=False)
    assert "fait en mode DÉMO : sans valeur probante" in intact.stdout, intact.stdout


def _standalone_python(tmp: Path) -> list[str]:
    """Python with the standard library and cryptography (and what pip brings with it:
    cffi, pycparser), nothing else: -I -S leaves site-packages out."""
    import cryptography

    site = Path(cryptography.__file__).parents[1]
    only = tmp / "only-cryptography"
    only.mkdir()
    for entry in site.iterdir():
        if re.match(r"(cryptography|cffi|_cffi_backend|pycparser)\b", entry.name):
            (only / entry.name).symlink_to(entry)
    boot = f"import sys; sys.path.append({str(only)!r}); sys.argv = sys.argv[1:]; "
    return [sys.executable, "-I", "-S", "-c", boot + "import runpy; runpy.run_path(sys.argv[0],"
            " run_name='__main__')"]


def test_standalone_verifier_needs_only_cryptography(made: Made, pki,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(made.bundle) as z:
        z.extractall(folder)
    python = _standalone_python(tmp_path)
    for target in (made.bundle, folder):
        run = subprocess.run([*python, str(folder / "tools/probant_verify.py"), str(target),
                              "--json", "--trust", str(pki.ca_bundle_pem)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
        report = json.loads(run.stdout)
        assert report["ok"] and report["pv_level"] == "B-LTA"
    (folder / "evidence").joinpath(next((folder / "evidence").iterdir()).name).write_bytes(b"x")
    run = subprocess.run([*python, str(folder / "tools/probant_verify.py"), str(folder)],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "evidence/" in run.stdout


SYSTEM_PYTHON = Path("/usr/bin/python3")


def _system_cryptography() -> str | None:
    """The version of the distribution's python3-cryptography (Debian 12: 38.0.4), if any."""
    if not SYSTEM_PYTHON.exists():
        return None
    run = subprocess.run([str(SYSTEM_PYTHON), "-I", "-c",
                          "import cryptography; print(cryptography.__version__)"],
                         capture_output=True, text=True)
    return run.stdout.strip() if run.returncode == 0 else None


def test_standalone_verifier_runs_on_the_systems_cryptography(made: Made, pki,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    """Debian 12's python3-cryptography 38 (no pip, PEP 668); without the package, the
    verifier says which version it needs and how to get it in a venv, no traceback."""
    with zipfile.ZipFile(made.bundle) as z:
        (tmp_path / "probant_verify.py").write_bytes(z.read("tools/probant_verify.py"))
    tool = str(tmp_path / "probant_verify.py")
    version = _system_cryptography()
    if version is not None:
        run = subprocess.run([str(SYSTEM_PYTHON), "-I", tool, str(made.bundle), "--json",
                              "--trust", str(pki.ca_bundle_pem)], capture_output=True, text=True)
        assert run.returncode == 0, f"cryptography {version}: " + run.stdout + run.stderr
        report = json.loads(run.stdout)
        assert report["ok"] and report["attached"] and report["pv_level"] == "B-LTA"
    python = str(SYSTEM_PYTHON) if SYSTEM_PYTHON.exists() else sys.executable
    bare = subprocess.run([python, "-I", "-S", tool, str(made.bundle)], capture_output=True,
                          text=True)  # -S: no site-packages, hence no cryptography
    assert bare.returncode == 2 and "Traceback" not in bare.stderr, bare.stderr
    assert "cryptography' 38.0 or later" in bare.stderr
    assert "python3 -m venv" in bare.stderr and "apt install python3-cryptography" in bare.stderr


def _rewrite(src: Path, dst: Path, edit: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(src) as z:
        files = {n: z.read(n) for n in z.namelist()}
    edit(files)
    with zipfile.ZipFile(dst, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return dst


def _flip(name_part: str) -> Callable[[dict[str, bytes]], None]:
    def edit(files: dict[str, bytes]) -> None:
        name = next(n for n in files if n.startswith(name_part))
        data = bytearray(files[name])
        data[len(data) // 2] ^= 0x01
        files[name] = bytes(data)
    return edit


def _remove(files: dict[str, bytes]) -> None:
    del files[next(n for n in files if n.startswith("evidence/"))]


def _edit_manifest(files: dict[str, bytes]) -> None:
    name = next(n for n in files if n.startswith("manifests/") and n.endswith(".json"))
    files[name] = files[name].replace(b'"size":', b'"size":1')


def _swap_tokens(files: dict[str, bytes]) -> None:
    first, second = sorted(n for n in files if n.startswith("timestamps/") and n.endswith(".tsr"))[:2]
    files[first], files[second] = files[second], files[first]


def _resave_pv(files: dict[str, bytes], tmp: Path) -> None:
    name = json.loads(files["bundle.json"])["pv"]
    (tmp / "in.pdf").write_bytes(files[name])
    subprocess.run(["pdftocairo", "-pdf", str(tmp / "in.pdf"), str(tmp / "out.pdf")], check=True)
    files[name] = (tmp / "out.pdf").read_bytes()


def _garbage_pv(files: dict[str, bytes]) -> None:
    files[json.loads(files["bundle.json"])["pv"]] = b"%PDF-1.7\n" + b"\x00garbage" * 50


def _resave_pv_in(tmp: Path) -> Callable[[dict[str, bytes]], None]:
    return lambda files: _resave_pv(files, tmp)


def _drop_annex(files: dict[str, bytes]) -> None:
    """Remove a capture consistently from the summary too: the PV still lists it."""
    index = json.loads(files["bundle.json"])
    item = next(i for i in index["items"] if i["kind"] == "imported")
    index["items"].remove(item)
    gone = {item["file"], item["manifest"], item["signature"]}
    index["files"] = [f for f in index["files"] if f["path"] not in gone]
    for name in gone:
        del files[name]
    files["bundle.json"] = json.dumps(index).encode()


@pytest.mark.parametrize("case, edit, named, deeper", [
    ("dropped annex", _drop_annex, "pv/", "annexes"),
    ("flipped byte", _flip("evidence/"), "evidence/", "files"),
    ("removed file", _remove, "evidence/", "files"),
    ("edited manifest", lambda f: _edit_manifest(f), "manifests/", "manifests"),
    ("swapped tsr", _swap_tokens, "timestamps/", "timestamps"),
    ("pv re-saved", None, "pv/", "pv"),
])
def test_tampering_is_detected_and_named(made: Made, tmp_path: Path, case: str, edit, named: str,
                                         deeper: str) -> None:  # type: ignore[no-untyped-def]
    editor = edit or (lambda files: _resave_pv(files, tmp_path))
    bad = _rewrite(made.bundle, tmp_path / "bad.zip", editor)
    code, report = _verify(bad, tmp_path)
    assert code == 1, case
    assert not report["ok"]
    assert any(e["file"].startswith(named) for e in report["errors"]), report["errors"]
    assert any(e["check"] == deeper and e["file"].startswith(named) for e in report["errors"]), \
        report["errors"]


def _blocks(verify_md: str, lang_title: str) -> list[str]:
    section = verify_md.split(lang_title, 1)[1].split("\n---\n", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


def _run_verify_md(bundle: Path, workdir: Path, *, lang: str = "en",
                   trust: Path | None = None) -> tuple[subprocess.CompletedProcess[str], int]:
    """Every fenced block of VERIFY.md as written, under ``bash -e``, in a folder holding
    only the bundle; the verifier's block last, its exit status returned apart. Only
    ``python3`` and ``wacz`` are pointed at this venv's."""
    workdir.mkdir(exist_ok=True)
    shutil.copy(bundle, workdir / bundle.name)
    with zipfile.ZipFile(bundle) as z:
        text = z.read("VERIFY.md").decode()
    title = "# Vérifier ce dossier de preuve" if lang == "fr" else "# Verifying this evidence"
    *steps, everything = _blocks(text, title)
    verifier = everything.replace("python3 ", f"{sys.executable} ")
    if trust is not None:
        verifier = verifier.replace("probant_verify.py ", f"probant_verify.py --trust {trust} ")
    script = "set -e\n" + "\n".join(steps) + f"\nset +e\n{verifier}\necho \"verifier exit $?\"\n"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    run = subprocess.run(["bash", "-c", script], cwd=workdir, capture_output=True, text=True,
                         env=env)
    found = re.search(r"verifier exit (\d+)", run.stdout)
    return run, int(found.group(1)) if found else -1


def test_by_hand_with_the_commands_of_verify_md(made: Made, pki,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    with zipfile.ZipFile(made.bundle) as z:
        text = z.read("VERIFY.md").decode()
        tokens = [n for n in z.namelist() if n.endswith(".tsr")]
        files = [n for n in z.namelist() if not n.startswith("SHA256SUMS")]
        annexes = [n for n in z.namelist() if n.startswith("evidence/")]
    assert "# Vérifier ce dossier de preuve" in text and "# Verifying this evidence" in text
    assert "SHA256SUMS.tsr" in tokens
    # The corrected claim: -no-ocsp checks no revocation at all, poppler ignores the DSS.
    assert "les données de révocation sont dans le PDF" not in text.lower()
    assert "revocation is **not** checked at all" in text
    run, verifier = _run_verify_md(made.bundle, tmp_path / "en")
    out = run.stdout + run.stderr
    assert verifier == 5, out  # intact, attached only to the bundle's own anchors
    assert "INTACT, NOT ANCHORED" in out
    checked = re.findall(r"^(?!Verification)(\S+): (?:OK|Réussi)$", out, re.M)  # sha256sum -c
    assert set(checked) == set(files), out
    assert all(checked.count(a) == 2 for a in annexes), out  # and each one in the PV's list
    assert "every annex of the PV is in the bundle" in out
    assert out.count("Signature Verified Successfully") == 2 + len(
        [n for n in files if n.startswith("manifests/") and n.endswith(".json")])
    assert out.count("Verification: OK") == len(tokens)
    assert re.search(r"^Time stamp: ", out, re.M)
    assert "Signature is Valid" in out and "Certificate is Trusted" in out
    # pdfsig with its own OCSP lookup (no -no-ocsp): the responder is asked, online.
    pv = json.loads(zipfile.ZipFile(made.bundle).read("bundle.json"))["pv"]
    pdfsig = next(b for b in _blocks(text, "# Verifying this evidence") if "pdfsig" in b)
    online = subprocess.run(["bash", "-e", "-c", pdfsig.replace(" -no-ocsp ", " ")],
                            cwd=tmp_path / "en" / "bundle", capture_output=True, text=True)
    assert pv in online.args[-1] and online.returncode == 0, online.stderr
    assert online.stdout.count("Certificate is Trusted") >= 1, online.stdout
    assert "Unknown issue" not in online.stdout, online.stdout
    run, verifier = _run_verify_md(made.bundle, tmp_path / "fr", lang="fr",
                                   trust=pki.ca_bundle_pem)
    assert verifier == 0 and "INTÈGRE ET RATTACHÉ" in run.stdout, run.stdout + run.stderr


def _regenerate_sums(files: dict[str, bytes]) -> None:
    lines = [f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
             if not name.startswith("SHA256SUMS")]
    files["SHA256SUMS"] = "".join(lines).encode()


def _swap_annex(files: dict[str, bytes]) -> None:
    name = next(n for n in files if n.startswith("evidence/") and n.endswith(".txt"))
    files[name] = b"un autre courriel, substitue apres coup"
    _regenerate_sums(files)


def _resealed(tsa_url: str, tmp: Path) -> Callable[[dict[str, bytes]], None]:
    """The swap done by someone who also re-signs SHA256SUMS with a key of their own (put
    in place of the workstation's) and gets a fresh token from the very same TSA."""
    def edit(files: dict[str, bytes]) -> None:
        _swap_annex(files)
        key = Ed25519PrivateKey.generate()
        seal_key = json.loads(files["bundle.json"])["keys"][json.loads(
            files["bundle.json"])["signed_with"]]
        files[seal_key] = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        _regenerate_sums(files)
        files["SHA256SUMS.sig"] = key.sign(files["SHA256SUMS"])
        (tmp / "sums").write_bytes(files["SHA256SUMS"])
        subprocess.run(["openssl", "ts", "-query", "-data", str(tmp / "sums"), "-sha256",
                        "-cert", "-out", str(tmp / "q.tsq")], check=True, capture_output=True)
        request = urllib.request.Request(tsa_url, (tmp / "q.tsq").read_bytes(),
                                         {"Content-Type": "application/timestamp-query"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            files["SHA256SUMS.tsr"] = answer.read()
    return edit


@pytest.mark.parametrize("attack", ["regenerated", "resealed"])
def test_a_swapped_file_fails_the_manual_steps_even_with_sha256sums_regenerated(
        made: Made, pki, tmp_path: Path, attack: str) -> None:  # type: ignore[no-untyped-def]
    edit = _swap_annex if attack == "regenerated" else _resealed(pki.tsa_url, tmp_path)
    (tmp_path / "out").mkdir()
    bad = _rewrite(made.bundle, tmp_path / "out" / made.bundle.name, edit)  # same name
    run, verifier = _run_verify_md(bad, tmp_path / "steps")
    out = run.stdout + run.stderr
    assert run.returncode != 0 and verifier == -1, out  # stopped before the verifier
    assert re.search(r"^evidence/\S+\.txt: OK$", out, re.M)  # sha256sum -c is fooled...
    if attack == "regenerated":  # ...but not the signature over SHA256SUMS
        assert "Signature Verification Failure" in out, out
    else:  # ...nor the PV's signed list of annexes, which no key in the bundle can redo
        assert out.count("Signature Verified Successfully") == 1 and "Verification: OK" in out
        assert "not in the PV's list of annexes" in out, out


def test_export_is_refused_without_a_signed_pv_and_leaves_nothing(probant: Probant,
                                                                  tmp_path: Path) -> None:
    assert probant("init", demo=True).code == 0
    dossier = probant("dossier", "new", "A", "--requester", "R").json["id"]
    constat = probant("constat", "new", "--dossier", dossier).json["id"]
    out = tmp_path / "b.zip"
    refused = probant("export", "--constat", constat, "--out", str(out))
    assert refused.code == 2 and refused.json["error"]["code"] == "no_signed_pv"
    assert not out.exists() and not list(tmp_path.glob(".b.zip*"))
    draft = probant("export", "--constat", constat, "--out", str(out), "--without-pv",
                    "--verify")
    assert not draft.json["timestamped"]  # no TSA configured
    # Intact, but nothing attaches it to an authority: no token, no signed PV.
    assert draft.code == 5 and draft.json["verification"]["status"] == "not_anchored"
    code, report = _verify(out, tmp_path)
    assert code == 5 and {w["check"] for w in report["warnings"]} >= {"pv", "seal", "demo",
                                                                      "sums"}
    with zipfile.ZipFile(out) as z:
        text = z.read("VERIFY.md").decode()
    assert "SHA256SUMS.sig" in z.namelist() and "SHA256SUMS.tsr" not in z.namelist()
    assert "FAILED: SHA256SUMS.tsr absent" in text  # the step says what is missing
    again = probant("export", "--constat", constat, "--out", str(out), "--without-pv")
    assert again.code == 2 and again.json["error"]["code"] == "output_exists"
    journal = probant("journal", "--constat", constat).json
    assert [e["action"] for e in journal].count("bundle_exported") == 1


def test_validation_report_is_kept_in_the_vault(made: Made, tmp_path: Path) -> None:
    pv = next(i for i in made.items if i["kind"] == "pv")
    out = tmp_path / "pv.pdf"
    assert made.probant("evidence", "export", pv["id"], "--out", str(out)).code == 0
    report = made.probant("validate", str(out))  # the vault's anchors: the report is kept
    assert report.code == 0, report.stdout
    assert report.json["level"] == "B-LTA" and report.json["evidence_id"] == pv["id"]
    history = made.probant("validate", "--history").json
    kept = next(v for v in history if v["id"] == report.json["stored"])
    assert kept["pdf_sha256"] == pv["sha256"] and kept["ok"] and kept["level"] == "B-LTA"
    assert kept["report"]["signatures"][0]["intact"]
    journal = made.probant("journal").json
    assert any(e["action"] == "pdf_validated" and e["subject"] == kept["id"] for e in journal)
    assert made.probant("validate").code == 2  # neither a PDF nor --history


def test_the_system_store_checks_a_chain_but_does_not_attach_it(  # type: ignore[no-untyped-def]
        made: Made, pki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Roots the operating system chose for web servers are not anchors the person checking
    gave: a chain ending there is intact, « NON RATTACHÉ », said with its fingerprint."""
    from evidence.bundle import probant_verify

    store = tmp_path / "ca-certificates.crt"
    store.write_bytes(pki.ca_bundle_pem.read_bytes())
    monkeypatch.setattr(probant_verify, "SYSTEM_STORES", (str(store),))
    report = probant_verify.verify(made.bundle)
    assert report.ok and report.status == "not_anchored" and report.exit_code == 5
    assert any(w.check == "trust" and "system store holds it" in w.problem
               for w in report.warnings), report.warnings
    given = probant_verify.verify(made.bundle, [pki.root_pem.read_bytes()])
    assert given.status == "intact" and given.exit_code == 0, given.warnings
