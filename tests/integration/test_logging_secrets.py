"""The application log, written by the real ``probant`` at DEBUG: commands and outcomes in,
no PIN, recovery code, key or evidence content; an unexpected failure is a reference."""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import replace
from pathlib import Path

from app.identity import DEMO_PIN, unlock_openers
from app.settings import load_settings, save_settings
from evidence.vault import open_vault
from signing.handlers import FixedAnswers
from tests.fixtures.cli import Probant, offline_settings


def _debug_probant(tmp_path: Path) -> tuple[Probant, Path]:
    home = tmp_path / "home"
    offline_settings(home)
    save_settings(home, replace(load_settings(home), log_level="DEBUG"))
    logs = tmp_path / "logs"
    return Probant(home, env={"PROBANT_LOG_DIR": str(logs)}), logs / "probant.log"


def _key_forms(home: Path) -> list[str]:
    """Every key the unlocked vault holds, as hex and base64 (what a careless log would do)."""
    with open_vault(home, unlock_openers(home, True, FixedAnswers(DEMO_PIN))) as vault:
        keys = vault.keys
        secrets = [keys.master, keys.database, keys.blob_root, keys.blob_id, keys.journal_mac]
    forms = []
    for key in secrets:
        forms += [key.hex(), base64.b64encode(key).decode(), base64.urlsafe_b64encode(key).decode()]
    return forms


def test_the_log_tells_the_commands_and_keeps_no_secret(tmp_path: Path) -> None:
    probant, log_file = _debug_probant(tmp_path)
    init = probant("init", demo=True)
    assert init.code == 0, init.stderr
    recovery = init.json["recovery_code"]
    dossier = probant("dossier", "new", "Affaire Martin", demo=True).json["id"]
    constat = probant("constat", "new", "--dossier", dossier, demo=True).json["id"]
    marker = f"CONTENU-CONFIDENTIEL-{uuid.uuid4().hex}"
    piece = tmp_path / "piece.txt"
    piece.write_text(f"Contrat de bail\n{marker}\n", "utf-8")
    imported = probant("annex", "add", "--constat", constat, str(piece), demo=True).json
    added = imported[0] if isinstance(imported, list) else imported  # one file: one object
    exported = tmp_path / "copie.txt"
    assert probant("evidence", "export", added["id"], "--out", str(exported),
                   demo=True).code == 0
    bundle = probant("export", "--constat", constat, "--out", str(tmp_path / "bundle.zip"),
                     "--without-pv", "--no-timestamp", demo=True)
    assert bundle.code == 0, bundle.stderr
    assert probant("journal", "--verify", demo=True).json["ok"]
    by_code = probant("journal", demo=True, env={"PROBANT_RECOVERY_CODE": recovery})
    assert by_code.code == 0, by_code.stderr
    wrong = probant("journal", demo=True, env={"PROBANT_RECOVERY_CODE": "AAAA-" * 7 + "AAAA"})
    assert wrong.code == 3
    assert probant("constat", "show", "cst_inconnu", demo=True).code == 2

    text = log_file.read_text("utf-8")
    for line in ("command init started", "command annex add started",
                 "command evidence export ended: exit code 0",
                 "command journal ended: exit code 3", "command failed: wrong_recovery_code",
                 "command failed: not_found", "opened with factor recovery",
                 "opened with factor fido2", f"written for constat {constat}"):
        assert line in text, line
    # The PIN as a token of its own: ids and hashes may hold the digits by chance, and the
    # pid is the only bare number a line starts with.
    scrubbed = re.sub(r"\[pid \d+\]", "", text)
    assert not re.search(r"(?<![0-9A-Za-z])123456(?![0-9A-Za-z])", scrubbed)
    upper = text.upper()
    assert recovery.upper() not in upper and recovery.replace("-", "").upper() not in upper
    assert marker not in text and marker.lower() not in text.lower()
    for form in _key_forms(probant.home):
        assert form not in text


def test_an_unexpected_failure_is_a_reference_never_a_traceback(tmp_path: Path) -> None:
    probant, log_file = _debug_probant(tmp_path)
    assert probant("init", demo=True).code == 0
    # A damaged demo authenticator file: the unlock meets a state it never expects.
    (probant.home / "demo-authenticator.json").write_text("{}", "utf-8")
    failed = probant("dossier", "list", demo=True)
    assert failed.code == 1
    assert "Traceback" not in failed.stdout + failed.stderr
    error = failed.json["error"]
    reference = error["reference"]
    assert error["code"] == "unexpected" and re.fullmatch(r"[0-9A-F]{8}", reference)
    assert f"Erreur inattendue (référence {reference})" in failed.stderr
    assert str(log_file) in failed.stderr
    human = probant("--lang", "en", "dossier", "list", demo=True, json_out=False)
    assert human.code == 1 and "Traceback" not in human.stdout + human.stderr
    assert human.stderr.startswith("probant: Unexpected error (reference ")
    text = log_file.read_text("utf-8")
    logged = text[text.index(f"reference {reference}"):]
    assert logged.splitlines()[1] == "Traceback (most recent call last):"
