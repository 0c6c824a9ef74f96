"""Auto-lock: after the idle time, and as soon as the token is unplugged (here the demo's
software authenticator disappears), the window forgets the unlocked state; the key
unlocks it again."""

from __future__ import annotations

from pathlib import Path

from app.cli.context import GlobalOptions
from tests.fixtures.cli import Probant
from ui.main_window import MainWindow, VaultState


def test_idle_time_locks_and_input_delays_it(qtbot, tmp_path: Path) -> None:
    window = MainWindow(on_export=lambda: None, on_tokens=lambda: None)
    qtbot.addWidget(window)
    window.show()
    window.arm_auto_lock(400)
    window.show_state(VaultState(str(tmp_path), True, True, False, officer="Maître Dupont",
                                 constat_choices=(("cst_1", "constat"),)))
    assert window.export_button.isVisible() and "Maître Dupont" in window.state_label.text()
    for _ in range(4):  # activity keeps it open past the idle time
        qtbot.wait(200)
        qtbot.mouseMove(window.state_label)
        qtbot.keyClick(window, "a")
    assert window.state is not None and window.state.unlocked
    qtbot.waitUntil(lambda: window.state is not None and not window.state.unlocked,
                    timeout=3000)
    assert "inactivité" in window.state_label.text()
    assert "Maître Dupont" not in window.state_label.text()
    assert not window.export_button.isVisible() and not window.tokens_button.isVisible()
    assert window.unlock_button.isVisible()


def test_unplugging_the_token_locks_then_the_key_unlocks_again(qtbot, shell, tmp_path: Path) -> None:
    opts = GlobalOptions(home=tmp_path, demo=True, json=False, lang="fr")
    window = shell(opts).window
    window.show()
    qtbot.waitUntil(lambda: window.state is not None and window.state.unlocked, timeout=20000)
    token = tmp_path / "demo-authenticator.json"
    away = tmp_path / "unplugged.json"
    token.rename(away)
    qtbot.waitUntil(lambda: not window.state.unlocked, timeout=6000)
    assert "clé retirée" in window.state_label.text()
    away.rename(token)
    window.unlock_button.click()
    qtbot.waitUntil(lambda: window.state.unlocked, timeout=20000)
    assert "Coffre ouvert" in window.state_label.text()
    journal = Probant(tmp_path)("journal", demo=True).json  # the lock, journaled at unlock
    assert [e["details"]["reason"] for e in journal if e["action"] == "session_locked"] == [
        "token_removed"]
