"""Every menu entry of the main window opens its screen on the real session; the
settings' idle delay applies at once; locking from the menu locks."""

from __future__ import annotations

from pathlib import Path

from app.cli.context import GlobalOptions
from tests.fixtures.cli import offline_settings


def test_the_menus_open_their_screens(qtbot, shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    offline_settings(home)
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    window = app.window
    window.show()
    qtbot.waitUntil(lambda: app.session.is_unlocked, timeout=30000)
    opened = {}
    for key in ("settings", "journal", "verify_vault", "verify_bundle", "about", "users"):
        app.tool = None
        window.menu_actions[key].trigger()
        qtbot.waitUntil(lambda: app.tool is not None, timeout=20000)
        opened[key] = type(app.tool).__name__
        assert app.tool.isVisible(), key
        app.tool.close()
    assert opened["settings"] == "SettingsDialog" and opened["users"] == "UsersDialog"

    window.menu_actions["settings"].trigger()
    dialog = app.tool
    dialog.idle_lock.setValue(3)
    dialog.save()
    # The save runs on the worker; the window hears of it when the dialog's `saved` arrives.
    qtbot.waitUntil(lambda: window._idle.interval() == 3 * 60_000, timeout=10000)
    assert app.session.settings.auto_lock_minutes == 3

    window.menu_actions["lock"].trigger()
    assert not app.session.is_unlocked and window.unlock_button.isVisible()
    assert "à votre demande" in window.state_label.text()


def test_the_status_bar_says_whether_trusted_time_is_reachable(qtbot, shell, pki_live,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path) -> None:
    from tests.fixtures.cli import Probant

    home = tmp_path / "home"
    offline_settings(home)
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    label = app.window.status_network
    qtbot.waitUntil(lambda: "non vérifié" in label.text(), timeout=30000)  # no TSA yet
    assert Probant(home)("tsa", "add", pki_live.tsa_url, "--trust",
                         str(pki_live.ca_bundle_pem), demo=True).code == 0
    app.menu("settings")  # the settings closed: the network state is asked again at once
    qtbot.waitUntil(lambda: app.tool is not None, timeout=20000)
    app.tool.close()
    qtbot.waitUntil(lambda: label.text().startswith("En ligne (127.0.0.1)"), timeout=30000)
    pki_live.stop_server()
    try:
        app.check_network()
        qtbot.waitUntil(lambda: label.text().startswith("Hors ligne"), timeout=30000)
    finally:
        pki_live.start_server()


def test_the_status_bar_shows_every_label_whole_in_a_1200_px_window(  # type: ignore[no-untyped-def]
        qtbot, shell, tmp_path: Path) -> None:
    """At the window's default width each status label gets its whole text: the demo mark
    used to be the bar's message, the part that shrinks (« sans valeur probant »)."""
    from tests.ui.looks import look_at

    home = tmp_path / "home"
    offline_settings(home)
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    window = app.window
    window.resize(1200, 760)
    window.show()
    qtbot.waitUntil(lambda: app.session.is_unlocked, timeout=30000)
    qtbot.waitUntil(lambda: "non vérifié" in window.status_network.text(), timeout=30000)
    assert window.status_network.toolTip() == "Aucune autorité d'horodatage n'est configurée."
    demo = window.status_demo
    assert demo.isVisible() and demo.text() == "DÉMONSTRATION — sans valeur probante"
    labels = [w for w in (demo, window.status_lock, window.status_user, window.status_pending,
                          window.status_network) if w.isVisible() and w.text()]
    assert window.width() <= 1200
    for label in labels:
        whole = label.fontMetrics().horizontalAdvance(label.text())
        assert label.width() >= whole, (label.text(), label.width(), whole)
    look_at(window.statusBar(), "status-bar-demo", shows=labels, min_colours=8)
