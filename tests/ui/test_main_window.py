"""The desktop shell: real widgets (offscreen), the real vault behind them."""

from __future__ import annotations

from pathlib import Path

from app.cli.context import GlobalOptions
from tests.fixtures.output import worker_output_dir
from tests.ui.looks import look_at
from ui.main_window import MainWindow
from ui.worker import run_task

OUT = worker_output_dir("ui")


def _opts(home: Path, demo: bool) -> GlobalOptions:
    return GlobalOptions(home=home, demo=demo, json=False, lang="fr")


def test_demo_mode_creates_and_shows_a_marked_demo_vault(qtbot, shell, tmp_path: Path) -> None:
    window = shell(_opts(tmp_path, True)).window
    window.show()
    qtbot.waitUntil(lambda: "Coffre ouvert" in window.state_label.text(), timeout=20000)
    assert window.windowTitle() == "Probant"
    assert window.banner.isVisible()
    assert "DÉMONSTRATION" in window.banner.text()
    assert "Maître Démo" in window.state_label.text()
    assert (tmp_path / "vault" / "vault.json").exists()
    look_at(window, "main-window-demo", shows=(window.state_label,),
            tinted=((window.banner, (0xb0, 0x00, 0x20)),))


def test_without_vault_the_window_says_how_to_create_one(qtbot, shell, tmp_path: Path) -> None:
    window = shell(_opts(tmp_path, False)).window
    assert "Aucun coffre" in window.state_label.text()
    assert "probant init" in window.state_label.text()
    assert not window.banner.isVisible()


def test_worker_delivers_errors_on_the_gui_thread(qtbot) -> None:
    got: list[BaseException] = []

    def boom() -> None:
        raise ValueError("échec")

    run_task(boom, lambda _: None, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert isinstance(got[0], ValueError)


def test_english_translation_is_installed(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_translator

    app = QApplication.instance()
    assert install_translator(app, "en")
    try:
        window = MainWindow()
        qtbot.addWidget(window)
        assert window.banner.text() == "DEMONSTRATION — no probative value"
    finally:
        from ui import i18n

        for translator in i18n._installed:
            app.removeTranslator(translator)
        i18n._installed.clear()


def test_login_with_pin_dialog_and_token(qtbot, shell, tmp_path: Path, monkeypatch) -> None:
    """Non-demo vault: locked window, PIN typed in the real dialog, wrong then right."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    from app import identity
    from evidence.keyslots import new_recovery_code, recovery_slot
    from evidence.model import OfficerIdentity
    from evidence.vault import create_vault
    from signing.handlers import FixedAnswers

    spec = f"soft:{tmp_path / 'token.json'}"
    monkeypatch.setenv("PROBANT_AUTHENTICATOR", spec)
    monkeypatch.delenv("PROBANT_RECOVERY_CODE", raising=False)
    code = new_recovery_code()
    create_vault(tmp_path / "home", OfficerIdentity("Maître Jeanne DUPONT"),
                 [identity.fido2_factor(spec, FixedAnswers("4862"), "Clé", "JD"),
                  lambda uid: recovery_slot(code, uid)], demo=False).close()
    window = shell(_opts(tmp_path / "home", False)).window
    window.show()
    qtbot.waitUntil(lambda: window.unlock_button.isVisible(), timeout=10000)
    assert "verrouillé" in window.state_label.text()
    look_at(window, "login-locked", shows=(window.unlock_button, window.state_label),
            max_share=0.98)  # a login screen is mostly background

    def answer(pin: str) -> None:
        def fill() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QInputDialog):
                QTimer.singleShot(50, fill)
                return
            dialog.setTextValue(pin)
            dialog.accept()

        QTimer.singleShot(50, fill)

    answer("0000")
    window.unlock_button.click()
    qtbot.waitUntil(lambda: "PIN incorrect" in window.state_label.text(), timeout=10000)
    assert "7 essais restants" in window.state_label.text()
    look_at(window, "login-wrong-pin", shows=(window.unlock_button, window.state_label),
            max_share=0.98)  # a login screen is mostly background
    answer("4862")
    window.unlock_button.click()
    qtbot.waitUntil(lambda: "Coffre ouvert" in window.state_label.text(), timeout=10000)
    assert "Maître Jeanne DUPONT" in window.state_label.text()
    # Created without its étude: the window says where to set it, since the PV needs it.
    assert "Étude : à renseigner (Outils › Utilisateurs" in window.state_label.text()
    assert not window.banner.isVisible()


def test_first_run_wizard_enrolls_the_key_and_shows_the_recovery_code_once(
        qtbot, tmp_path: Path, monkeypatch) -> None:
    """The new PIN is asked twice (set, confirm) and never again; the vault is left open
    for the session (no locked window, no further prompt after the wizard)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog

    from app.desktop.session import DesktopSession
    from app.desktop.shell import first_run_wizard
    from evidence.keyslots import RecoveryCodeOpener
    from evidence.vault import open_vault
    from ui.interaction import QtInteraction

    monkeypatch.setenv("PROBANT_AUTHENTICATOR", f"soft:{tmp_path / 'token.json'}")
    home = tmp_path / "home"
    interaction = QtInteraction()
    session = DesktopSession(_opts(home, False), interaction)
    wizard = first_run_wizard(session)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentPage() is wizard.begin and wizard.begin.new_vault.isChecked()
    wizard.next()  # « Créer le coffre de l'étude »
    wizard.identity.name.setText("Maître Jeanne DUPONT")
    wizard.identity.office.setText("Étude Dupont")
    wizard.identity.address.setText("1 rue du Palais, Paris")
    wizard.next()
    assert wizard.currentPage() is wizard.key and not wizard.key.isComplete()

    asked: list[str] = []

    def answer_dialogs() -> None:  # the new PIN and its confirmation: nothing else
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            asked.append(dialog.objectName())
            dialog.setTextValue("4862")
            dialog.accept()
        if not wizard.key.isComplete():
            QTimer.singleShot(30, answer_dialogs)

    QTimer.singleShot(30, answer_dialogs)
    wizard.key.button.click()
    qtbot.waitUntil(wizard.key.isComplete, timeout=15000)
    assert asked == ["pinDialog", "pinConfirmDialog"], asked
    assert session.is_unlocked and session.overview is not None
    assert session.overview.officer == "Maître Jeanne DUPONT"
    wizard.next()
    code = wizard.recovery.code.text()
    assert len(code.replace("-", "")) == 32
    assert not wizard.recovery.isComplete()
    wizard.recovery.confirm.setText(code.split("-")[-1].lower())
    assert wizard.recovery.isComplete()
    look_at(wizard, "first-run-recovery", shows=(wizard.recovery.code,))
    with open_vault(home, [RecoveryCodeOpener(code)]) as vault:
        assert vault.session.user.name == "Maître Jeanne DUPONT"
        assert vault.session.user.office == "Étude Dupont"
        assert [s.kind for s in vault.slots.load()] == ["fido2", "recovery"]
    session.close()
