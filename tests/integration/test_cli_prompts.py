"""The token PIN typed at the terminal prompt (no PROBANT_PIN): the real CLI on a
pseudo-terminal (it is its controlling terminal, as for a person at a console), on a
software authenticator created with a PIN."""

from __future__ import annotations

import os
import pty
import select
import sys
import time
from pathlib import Path

from tests.fixtures.cli import ROOT, Probant, offline_settings

PIN = "4862"


def _real_vault(tmp_path: Path) -> Probant:
    home = tmp_path / "probant-home"
    offline_settings(home)
    probant = Probant(home, {"PROBANT_AUTHENTICATOR": f"soft:{tmp_path / 'token.json'}"})
    init = probant("init", "--name", "Maître Jeanne DUPONT", env={"PROBANT_PIN": PIN})
    assert init.code == 0, init.stderr
    return probant


class Terminal:
    """``probant ARGS`` with a pseudo-terminal as its controlling terminal and stdio."""

    def __init__(self, probant: Probant, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PROBANT_")}
        env.update(probant.env)
        env["PROBANT_LOG_DIR"] = str(probant.home.parent / "probant-logs")
        argv = [sys.executable, "-m", "app.main", "--home", str(probant.home), *args]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: exec at once
            os.chdir(ROOT)
            os.execve(sys.executable, argv, env)
        self.seen = b""

    def expect(self, text: str, timeout: float = 60) -> str:
        """Everything shown until ``text`` appears (fails on time-out or end of output)."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never shown; shown: {self.seen.decode(errors='replace')}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                assert chunk, f"{text!r} never shown: {self.seen.decode(errors='replace')}"
                self.seen += chunk
        return self.seen.decode(errors="replace")

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\n")

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        """The exit code and the rest of what was shown."""
        deadline = time.monotonic() + timeout
        while True:
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                self.seen += chunk
                if chunk:
                    continue
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status), self.seen.decode(errors="replace")
            assert time.monotonic() < deadline, self.seen


def test_pin_typed_at_the_prompt_opens_the_vault(tmp_path: Path) -> None:
    probant = _real_vault(tmp_path)
    term = Terminal(probant, "dossier", "new", "Affaire tapée")
    shown = term.expect("PIN de ")
    assert "(essais restants : 8) PIN de authentificateur logiciel (simulation) : " in shown
    term.type(PIN)
    code, shown = term.finish()
    assert code == 0, shown
    assert PIN not in shown  # typed without echo
    listed = probant("dossier", "list", env={"PROBANT_PIN": PIN})
    assert [d["title"] for d in listed.json] == ["Affaire tapée"]


def test_wrong_pin_at_the_prompt_exit_3_then_the_right_one_opens(tmp_path: Path) -> None:
    probant = _real_vault(tmp_path)
    term = Terminal(probant, "--lang", "en", "dossier", "list")
    assert "(tries left: 8) PIN for " in term.expect("PIN for ")
    term.type("0000")
    code, shown = term.finish()
    assert code == 3, shown
    assert "probant: Wrong PIN (7 tries left)." in shown
    term = Terminal(probant, "dossier", "new", "Après erreur")
    assert "(essais restants : 7) PIN de " in term.expect("PIN de ")
    term.type(PIN)
    code, shown = term.finish()
    assert code == 0, shown
    journal = probant("journal", env={"PROBANT_PIN": PIN}).json
    failed = [e for e in journal if e["action"] == "unlock_failed"]
    assert [e["details"]["reason"] for e in failed] == ["fido_wrong_pin"]
