"""The CLI contract (shared/cli-contract.md) command by command: each case checks the exact
exit code and the message, in French by default, in English with ``--lang en``, and the
``--json`` error object ``{"error": {"code", "message", "detail"}}``.

Read-only cases share one demo home (module fixture); a case that writes makes its own.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import tsp

from app.messages import ERRORS, translate
from tests.fixtures.cli import ROOT, Probant, Run, offline_settings
from tests.fixtures.xvfb import XDisplay

OFFICER = "Maître Jeanne DUPONT"
P12_ENV = {"PROBANT_SIGNER_PIN": "probant-test"}


def fr(code: str, **params: object) -> str:
    return translate(ERRORS, code, "fr", **params)


def en(code: str, **params: object) -> str:
    return translate(ERRORS, code, "en", **params)


def refused_saying(run: Run, exit_code: int, code: str, fragment: str) -> None:
    """As ``refused``, where the message carries a technical detail: a part of it."""
    assert run.code == exit_code, (run.code, run.stdout, run.stderr)
    assert run.json["error"]["code"] == code, run.json
    assert fragment in run.json["error"]["message"], run.json
    assert "Traceback" not in run.stderr


def refused(run: Run, exit_code: int, code: str, message: str) -> None:
    """The contract's error: exit code, JSON error object, and the message on stderr."""
    assert run.code == exit_code, (run.code, run.stdout, run.stderr)
    error = run.json["error"]
    assert error["code"] == code, error
    assert error["message"] == message, error
    assert "detail" in error
    assert run.stderr.strip().splitlines()[-1] == f"probant: {message}", run.stderr
    assert "Traceback" not in run.stderr


@dataclass(frozen=True)
class Demo:
    probant: Probant
    dossier: str
    constat: str
    user: str


def _new_home(root: Path) -> Probant:
    home = root / "probant-home"
    offline_settings(home)
    return Probant(home)


def _constat(probant: Probant, *, name: str = OFFICER) -> tuple[str, str, str]:
    init = probant.setup("init", "--name", name, demo=True)
    assert init.code == 0, init.stderr
    dossier = probant.setup("dossier", "new", "Affaire Martin", "--requester",
                            "SAS Martin, Paris")
    assert dossier.code == 0, dossier.stderr
    constat = probant.setup("constat", "new", "--dossier", dossier.json["id"], "--mission",
                            "Constater la page d'accueil", "--place", "Poste de l'étude, Paris")
    assert constat.code == 0, constat.stderr
    return init.json["user_id"], dossier.json["id"], constat.json["id"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """One initialised demo home for the cases that only read."""
    probant = _new_home(tmp_path_factory.mktemp("cli-contract"))
    user, dossier, constat = _constat(probant)
    return Demo(probant, dossier, constat, user)


def _real_vault(tmp_path: Path, pin: str = "4862") -> tuple[Probant, Path, str]:
    """A non-demo vault on a software authenticator created with a PIN."""
    probant = _new_home(tmp_path)
    token = tmp_path / "token.json"
    probant.env["PROBANT_AUTHENTICATOR"] = f"soft:{token}"
    init = probant("init", "--name", OFFICER, env={"PROBANT_PIN": pin})
    assert init.code == 0, init.stderr
    return probant, token, init.json["recovery_code"]


# -- read-only commands -----------------------------------------------------------------

def test_dossier_show_gives_the_dossier_and_its_constats(demo: Demo) -> None:
    shown = demo.probant("dossier", "show", demo.dossier)
    assert shown.code == 0, shown.stderr
    assert shown.json["id"] == demo.dossier and shown.json["requester"] == "SAS Martin, Paris"
    assert [c["id"] for c in shown.json["constats"]] == [demo.constat]
    human = demo.probant("dossier", "show", demo.dossier, json_out=False)
    assert human.code == 0
    lines = human.stdout.splitlines()
    assert lines[0] == f"{demo.dossier}  Affaire Martin"
    assert "  requérant : SAS Martin, Paris" in lines
    assert f"  {demo.constat}  open  Constater la page d'accueil" in lines


def test_dossier_show_of_an_unknown_id_exit_2_in_french_english_and_json(demo: Demo) -> None:
    refused(demo.probant("dossier", "show", "dos_inconnu"), 2, "not_found",
            fr("not_found", kind="dossier", id="dos_inconnu"))
    assert "Introuvable : dossier « dos_inconnu »" in fr("not_found", kind="dossier",
                                                         id="dos_inconnu")
    english = demo.probant("--lang", "en", "dossier", "show", "dos_inconnu")
    refused(english, 2, "not_found", "Not found: dossier 'dos_inconnu'. Check the id (use the "
                                     "'list' command).")


def test_constat_list_all_and_by_dossier(demo: Demo) -> None:
    listed = demo.probant("constat", "list")
    assert listed.code == 0 and [c["id"] for c in listed.json] == [demo.constat]
    assert listed.json[0]["status"] == "open" and listed.json[0]["dossier_id"] == demo.dossier
    by_dossier = demo.probant("constat", "list", "--dossier", demo.dossier)
    assert by_dossier.code == 0 and [c["id"] for c in by_dossier.json] == [demo.constat]
    human = demo.probant("constat", "list", json_out=False)
    assert human.code == 0 and human.stdout.startswith(f"{demo.constat}  open  ")
    assert human.stdout.rstrip().endswith("Constater la page d'accueil")


def test_user_list_names_the_officer(demo: Demo) -> None:
    listed = demo.probant("user", "list")
    assert listed.code == 0
    assert [(u["id"], u["role"], u["name"]) for u in listed.json] == [
        (demo.user, "commissaire", OFFICER)]
    human = demo.probant("user", "list", json_out=False)
    assert human.stdout.strip() == f"{demo.user}  commissaire    {OFFICER}"


def test_tsa_and_signer_lists_are_empty_json_arrays_in_a_new_vault(demo: Demo) -> None:
    for command in (("tsa", "list"), ("signer", "list")):
        run = demo.probant(*command)
        assert run.code == 0 and run.json == [], (command, run.stdout, run.stderr)


def test_tsa_remove_of_an_unknown_id_exit_2(demo: Demo) -> None:
    refused(demo.probant("tsa", "remove", "tsa_inconnue"), 2, "not_found",
            fr("not_found", kind="tsa", id="tsa_inconnue"))


def test_no_tsa_configured_pv_upgrade_and_archive_exit_2(demo: Demo) -> None:
    message = ("Aucun service d'horodatage n'est déclaré. Ajoutez-en un avec "
               "« probant tsa add URL --trust CERTIFICAT.pem ».")
    for action in ("upgrade", "archive"):
        refused(demo.probant("pv", action, "--constat", demo.constat), 2,
                "tsa_none_configured", message)


def test_probant_home_selects_the_home(demo: Demo, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROBANT_")}
    env["PROBANT_LOG_DIR"] = str(tmp_path / "logs")

    def run(home: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app.main", "--json", "dossier", "list"],
                              cwd=ROOT, env={**env, "PROBANT_HOME": str(home)},
                              capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)

    found = run(demo.probant.home)
    assert found.returncode == 0, found.stderr
    assert [d["id"] for d in json.loads(found.stdout)] == [demo.dossier]
    empty = tmp_path / "vide"
    missing = run(empty)
    assert missing.returncode == 2
    assert json.loads(missing.stdout)["error"]["message"] == fr("vault_missing", home=empty)
    assert f"Aucun coffre dans {empty}." in missing.stderr


# -- bad input (exit 2) -------------------------------------------------------------------

# -- authentication (exit 3) --------------------------------------------------------------

def test_wrong_then_blocked_pin_exit_3(tmp_path: Path) -> None:
    probant, token, recovery = _real_vault(tmp_path)
    refused(probant("dossier", "list", env={"PROBANT_PIN": "0000"}), 3, "fido_wrong_pin",
            "PIN incorrect (7 essais restants).")
    # The authenticator's own retry counter (signing/fido/soft_authenticator.py: blocked
    # after 8 wrong PINs) brought to its last try, as after 7 wrong PINs.
    state = json.loads(token.read_text())
    state["retries"] = 1
    token.write_text(json.dumps(state))
    blocked = fr("fido_pin_blocked")
    refused(probant("dossier", "list", env={"PROBANT_PIN": "0000"}), 3, "fido_pin_blocked",
            blocked)
    refused(probant("dossier", "list", env={"PROBANT_PIN": "4862"}), 3, "fido_pin_blocked",
            blocked)  # the right PIN no longer opens it
    english = probant("--lang", "en", "dossier", "list", env={"PROBANT_PIN": "4862"})
    refused(english, 3, "fido_pin_blocked", "PIN blocked: this key can no longer open the "
                                            "vault. Use a spare key or the recovery code.")
    assert probant("dossier", "list", env={"PROBANT_RECOVERY_CODE": recovery}).code == 0


# -- problem found (exit 1) ---------------------------------------------------------------

def test_journal_verify_on_a_broken_chain_exit_1(tmp_path: Path) -> None:
    import sqlcipher3

    from app.identity import DEMO_PIN
    from app.services import access
    from app.services.context import AppContext
    from app.settings import load_settings
    from signing.handlers import FixedAnswers

    probant = _new_home(tmp_path)
    _, dossier, _ = _constat(probant)
    assert probant("journal", "--verify").json["ok"]
    answers = FixedAnswers(DEMO_PIN)
    vault = access.unlock(AppContext(probant.home, load_settings(probant.home), answers,
                                     answers, demo=True))
    key = vault.keys.database
    vault.close()
    # Someone holding the database key edits an entry, bypassing the triggers.
    conn = sqlcipher3.connect(str(probant.home / "vault" / "vault.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("DROP TRIGGER journal_no_update")
    conn.execute("UPDATE journal SET details = '{\"title\":\"Autre\"}' "
                 "WHERE action = 'dossier_created'")
    seq = conn.execute("SELECT seq FROM journal WHERE action = 'dossier_created'").fetchone()[0]
    conn.commit()
    conn.close()
    run = probant("journal", "--verify")
    assert run.code == 1, run.stderr
    assert not run.json["ok"]
    human = probant("journal", "--verify", json_out=False)
    assert human.code == 1
    assert human.stdout.splitlines()[:2] == ["Journal ALTÉRÉ :", f"  seq {seq} : hash"]
    assert dossier  # the edited entry is the dossier's creation


# -- the trusted-time authority answers wrongly (exit 4, the items stay queued) -----------

@pytest.fixture
def bad_tsa(pki) -> Iterator[dict[str, str]]:  # type: ignore[no-untyped-def]
    """A TSA on loopback answering each path wrongly in its own way."""
    import requests

    def answer(path: str, body: bytes) -> bytes:
        if path == "/rejection":
            status = tsp.PKIStatusInfo({"status": "rejection",
                                        "status_string": ["request refused"]}).dump()
            return b"\x30" + bytes([len(status)]) + status  # TimeStampResp without a token
        if path == "/oversized":
            return b"\x30\x84" + b"\x00" * (2 << 20)
        return requests.post(pki.tsa_url, data=body, timeout=10).content

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            data = answer(self.path, self.rfile.read(int(self.headers["Content-Length"])))
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading (oversized)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield {name: f"{base}/{name}" for name in ("rejection", "oversized")}
    server.shutdown()
    server.server_close()


def test_refused_tsa_answers_keep_the_items_queued_exit_4(pki_live, bad_tsa,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    pki = pki_live
    probant = _new_home(tmp_path)
    _, _, constat = _constat(probant)
    cases = [("oversized", "tsa_garbage", {}),
             ("policy", "tsa_wrong_policy", {"--policy": "1.2.3.4.5"})]
    for name, code, extra in cases:
        url = bad_tsa.get(name, pki.tsa_url)
        options = [x for pair in extra.items() for x in pair]
        added = probant("tsa", "add", url, "--trust", str(pki.ca_bundle_pem), "--name", name,
                        *options)
        assert added.code == 0, added.stderr
        assert [a["name"] for a in probant("tsa", "list").json] == [name]
        flushed = probant("timestamp", "flush")
        assert flushed.code == 4, (name, flushed.stdout, flushed.stderr)
        error = flushed.json["error"]
        assert error["code"] == "tsa_unavailable" and name in error["detail"], (name, error)
        assert error["message"].startswith("Aucun service d'horodatage n'a donné de réponse "
                                           "valable ; "), error
        status = probant("timestamp", "status", "--constat", constat).json
        assert status["covered"] == 0 and status["pending"] >= 1
        assert all(code in i["pending_reason"] for i in status["items"]), (name, status)
        removed = probant("tsa", "remove", added.json["id"])
        assert removed.code == 0 and removed.json["id"] == added.json["id"]
        assert probant("tsa", "list").json == []


# -- the procès-verbal and the bundle with the TSA down, in the wrong state ---------------

def test_pv_and_export_exit_codes_through_a_signature(pki_live, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.integration.test_pv import complete

    pki = pki_live
    probant = _new_home(tmp_path)
    _, _, constat = _constat(probant)
    assert probant.setup("tsa", "add", pki.tsa_url, "--trust", str(pki.ca_bundle_pem)).code == 0
    piece = tmp_path / "piece.txt"
    piece.write_text("courriel remis par le client")
    assert probant.setup("annex", "add", "--constat", constat, str(piece)).code == 0
    assert probant.setup("constat", "close", constat).code == 0
    assert probant.setup("timestamp", "flush").code == 0
    # A signer from another root: the chain given does not lead to it.
    other = probant("signer", "add", "--pkcs12", str(pki.p12("signer")), "--trust",
                    str(pki.other_root_pem), env=P12_ENV)
    assert other.code == 1, other.stderr
    assert other.json["error"]["code"] == "signer_untrusted"
    message = other.json["error"]["message"]
    assert message.startswith("Le certificat de signature de ") and "Maitre Jeanne DUPONT" in message
    assert "ne se rattache pas aux autorités de confiance déclarées : " in message, message
    assert probant("signer", "list").json == []
    added = probant("signer", "add", "--pkcs12", str(pki.p12("signer")), "--trust",
                    str(pki.ca_bundle_pem), env=P12_ENV)
    assert added.code == 0, added.stderr
    listed = probant("signer", "list")
    assert listed.code == 0 and [s["id"] for s in listed.json] == [added.json["id"]]
    human = probant("signer", "list", json_out=False).stdout.strip()
    assert human.startswith(f"{added.json['id']}  pkcs12  ") and "DUPONT" in human
    complete(probant, constat)

    def pvs() -> list[dict]:
        return [e for e in probant("evidence", "list", "--constat", constat).json
                if e["kind"] == "pv"]

    pki.stop_server()
    try:
        sealed = probant("pv", "sign", "--constat", constat, env=P12_ENV)  # online, TSA down
        refused_saying(sealed, 4, "signing_remote_failed",
                "L'autorité d'horodatage ou le service de révocation n'a pas répondu")
        assert pvs() == []  # nothing half-signed
        offline = probant("pv", "sign", "--constat", constat, "--offline", env=P12_ENV)
        assert offline.code == 0, offline.stderr
        early = probant("pv", "archive", "--constat", constat)  # B-B: nothing to archive yet
        assert early.code == 2, (early.stdout, early.stderr)
        assert "Traceback" not in early.stderr and early.json["error"]["message"]
        upgrade_down = probant("pv", "upgrade", "--constat", constat)
        refused_saying(upgrade_down, 4, "signing_remote_failed",
                       "rien n'a été signé ni enregistré")
        bundle = tmp_path / "dossier.zip"
        export_down = probant("export", "--constat", constat, "--out", str(bundle))
        # Written whole, its summary not stamped by the configured TSA: « remote failed ».
        assert export_down.code == 4, (export_down.stdout, export_down.stderr)
        assert not export_down.json["timestamped"] and bundle.is_file()
    finally:
        pki.start_server()
    assert [p["annex"] for p in pvs()] == ["0.1"]
    assert probant("pv", "upgrade", "--constat", constat).code == 0
    assert [p["annex"] for p in pvs()] == ["0.1", "0.2"]
    out = tmp_path / "pv.pdf"
    out.write_bytes(b"deja la")
    refused(probant("pv", "export", "--constat", constat, "--out", str(out)), 2,
            "output_exists", fr("output_exists", path=out))
    assert out.read_bytes() == b"deja la"


# -- captures on a real X server ----------------------------------------------------------

def test_capture_window_by_id_and_an_unknown_window(xvfb: XDisplay, tmp_path: Path) -> None:
    import numpy as np

    probant = _new_home(tmp_path)
    _, _, constat = _constat(probant)
    pattern = np.zeros((120, 160, 3), dtype=np.uint8)
    pattern[:, :, 0] = 200
    proc, window = xvfb.show_pattern(pattern, 50, 60, tmp_path)
    try:
        shot = probant("capture", "window", window, "--constat", constat,
                       env={"DISPLAY": xvfb.display})
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert shot.code == 0, shot.stderr
    assert shot.json["kind"] == "screenshot" and shot.json["constat_id"] == constat
    assert shot.json["metadata"]["window_title"] == "Motif Probant — é"
    unknown = probant("capture", "window", "0x7ffffff0", "--constat", constat,
                      env={"DISPLAY": xvfb.display})
    assert unknown.code == 2, (unknown.stdout, unknown.stderr)
    assert unknown.json["error"]["code"] == "capture_no_such_window"
    assert unknown.json["error"]["message"].startswith("Fenêtre introuvable : ")


def _spawn(probant: Probant, *args: str, env: dict[str, str] | None = None,
           json_out: bool = True, stderr: int = subprocess.PIPE) -> subprocess.Popen[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("PROBANT_")}
    full.update(probant.env)
    full.update(env or {})
    full.setdefault("PROBANT_LOG_DIR", str(probant.home.parent / "probant-logs"))
    return subprocess.Popen([sys.executable, "-m", "app.main", "--home", str(probant.home),
                             *(["--json"] if json_out else []), *args], cwd=ROOT, env=full,
                            stdout=subprocess.PIPE, stderr=stderr, text=True,
                            stdin=subprocess.DEVNULL)


def test_sigint_during_capture_record_keeps_every_segment(xvfb: XDisplay,
                                                          tmp_path: Path) -> None:
    probant = _new_home(tmp_path)
    _, _, constat = _constat(probant)
    proc = _spawn(probant, "capture", "record", "--constat", constat, "--fps", "10",
                  "--region", "0,0,320,240", env={"DISPLAY": xvfb.display})
    assert proc.stderr is not None
    said = []
    while not any(line.startswith("segment ") for line in said):
        line = proc.stderr.readline()
        assert line, f"the recording ended first: {''.join(said)}"
        said.append(line)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    playlist = json.loads(out)["playlist"]
    stored = [e for e in probant("evidence", "list", "--constat", constat).json
              if e["kind"] == "video_segment"]
    assert len(stored) == len(playlist["segments"]) >= 1
    assert probant("verify").json["ok"]


def test_cancelling_the_bundle_export_leaves_nothing(tmp_path: Path) -> None:
    """Ctrl+C while the archive is being written: no archive, no temporary, not journaled.

    Nothing is timed: the command's progress goes to a terminal (a pseudo-terminal) whose
    output is suspended, as Ctrl+S does, so its first progress line — written once the
    archive's temporary file is open — blocks it there until SIGINT has been sent. It
    cannot finish first, however loaded the machine (a 5 ms poll of the folder could)."""
    probant = _new_home(tmp_path)
    _, _, constat = _constat(probant)
    piece = tmp_path / "grosse-piece.bin"
    piece.write_bytes(os.urandom(8 << 20))  # its size no longer decides who wins
    assert probant("annex", "add", "--constat", constat, str(piece)).code == 0
    piece.unlink()
    folder = tmp_path / "sortie"
    folder.mkdir()
    out = folder / "dossier.zip"
    reader, terminal = os.openpty()
    try:
        termios.tcflow(terminal, termios.TCOOFF)  # what the command writes there waits
        proc = _spawn(probant, "export", "--constat", constat, "--out", str(out),
                      "--without-pv", "--no-timestamp", json_out=False, stderr=terminal)
        deadline = time.monotonic() + 120
        while not _writing_to_stderr(proc.pid):  # a state it stays in until released
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the export never showed its progress"
            time.sleep(0.01)
        written = list(folder.iterdir())
        assert len(written) == 1 and written[0] != out, written  # only its temporary file
        proc.send_signal(signal.SIGINT)
        termios.tcflow(terminal, termios.TCOON)
        stdout, _ = proc.communicate(timeout=60)
    finally:
        os.close(terminal)
    said = _read_terminal(reader)
    assert proc.returncode == 1, (stdout, said)
    assert stdout == ""
    assert said.rstrip().endswith(f"probant: {fr('interrupted')}"), said
    assert "Traceback" not in said
    assert list(folder.iterdir()) == []  # no archive, no temporary left
    journal = probant("journal", "--constat", constat).json
    assert "bundle_exported" not in [e["action"] for e in journal]


def _writing_to_stderr(pid: int) -> bool:
    """The process is inside a write(2) to its stderr (Linux: /proc/PID/syscall)."""
    write = {"x86_64": "1", "aarch64": "64"}[platform.machine()]
    try:
        call = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return call[:2] == [write, "0x2"]


def _read_terminal(reader: int) -> str:
    """All a pseudo-terminal received, once its other end is closed everywhere."""
    chunks = []
    try:
        while chunk := os.read(reader, 65536):
            chunks.append(chunk)
    except OSError:  # EIO: the other end is closed and everything was read
        pass
    finally:
        os.close(reader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_demo_flag_on_a_real_vault_exit_2_in_french(tmp_path: Path) -> None:
    probant, _, _ = _real_vault(tmp_path)
    run = probant("dossier", "list", demo=True, env={"PROBANT_PIN": "4862"})
    assert run.code == 2, run.stderr
    assert run.json["error"]["code"] == "demo_on_real_vault"
    message = run.json["error"]["message"]
    assert message.startswith("Ce coffre n'est pas un coffre de démonstration"), message
    assert "was given" not in message, f"English in the French message: {message}"


def test_a_non_certificate_trust_file_exit_2_in_french(demo: Demo, tmp_path: Path) -> None:
    junk = tmp_path / "pas-un-certificat.pem"
    junk.write_text("bonjour\n")
    run = demo.probant("tsa", "add", "http://127.0.0.1:9/tsa", "--trust", str(junk))
    refused(run, 2, "not_a_certificate", fr("not_a_certificate", detail=junk))
    assert demo.probant("tsa", "list").json == []  # nothing added


# -- authentication (exit 3) --------------------------------------------------------------


def test_bad_paths_and_regions_exit_2_with_the_real_reason(demo: Demo, xvfb: XDisplay,
                                                            tmp_path: Path) -> None:
    """Issue 18, point 6: each refusal names what is wrong, in French, exit 2, nothing
    written — a folder or a named pipe given as a piece, a file name that is not UTF-8, a
    home that is a file, a region beyond the screens."""
    probant, constat = demo.probant, demo.constat
    before = probant("evidence", "list", "--constat", constat).json
    folder = tmp_path / "pieces"
    folder.mkdir()
    pipe = tmp_path / "tube"
    os.mkfifo(pipe)
    latin1 = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))
    latin1.write_bytes(b"piece")
    cases = {folder: ("path_is_folder", f"« {folder} » est un dossier, pas un fichier"),
             pipe: ("not_a_file", f"« {pipe} » n'est pas un fichier ordinaire"),
             latin1: ("file_name_not_utf8", "caf\N{REPLACEMENT CHARACTER}.txt » n'est pas en "
                      "UTF-8")}
    for path, (code, said) in cases.items():
        refused = probant("annex", "add", "--constat", constat, str(path))
        assert refused.code == 2, (path, refused.stderr)
        assert refused.json["error"]["code"] == code
        assert said in refused.json["error"]["message"], refused.json["error"]["message"]
        assert "Traceback" not in refused.stderr
    a_file = tmp_path / "home-file"
    a_file.write_text("")
    for home in (a_file, a_file / "sous-dossier"):
        refused = Probant(home)("evidence", "list")
        assert refused.code == 2 and refused.json["error"]["code"] == "home_not_folder"
        assert f"« {a_file} » est un fichier" in refused.json["error"]["message"]
    width, height = xvfb.width, xvfb.height
    off = probant("capture", "region", f"{width - 50},{height - 50},100,100", "--constat",
                  constat, env={"DISPLAY": xvfb.display})
    assert off.code == 2 and off.json["error"]["code"] == "capture_region_off_screen", off.stderr
    assert off.json["error"]["message"].startswith(
        f"La zone {width - 50},{height - 50},100,100 dépasse des écrans ({width}×{height}+0+0)")
    assert probant("evidence", "list", "--constat", constat).json == before
