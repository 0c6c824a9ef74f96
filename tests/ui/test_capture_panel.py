"""The « Constat en cours » panel (offscreen widgets) on the real core: a real vault opened
once with the (software) key on the session's thread, real screenshots of an Xvfb screen
showing a known picture, the real TSA of the test PKI. A collaborateur is refused, in
French, before anything is grabbed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest

from app import identity
from app.cli.context import GlobalOptions
from app.desktop import screens
from evidence import dossiers
from evidence import timestamps as ts
from evidence.items import export_evidence, list_evidence
from evidence.keyslots import new_recovery_code, recovery_slot
from evidence.model import OfficerIdentity
from evidence.users import add_user, enroll_slot
from evidence.vault import Vault, create_vault, open_vault
from signing.handlers import FixedAnswers
from tests.fixtures.output import worker_output_dir
from tests.fixtures.xvfb import XDisplay
from tests.ui.looks import look_at

OUT = worker_output_dir("ui")


def _pattern() -> np.ndarray:
    rng = np.random.default_rng(11)
    return rng.integers(0, 256, size=(200, 300, 3), dtype=np.uint8)


def _officer_vault(home: Path, spec: str, pin: str) -> None:
    code = new_recovery_code()
    create_vault(home, OfficerIdentity("Maître Jeanne DUPONT", "Étude Dupont", "Paris"),
                 [identity.fido2_factor(spec, FixedAnswers(pin), "Clé", "Maître Jeanne DUPONT"),
                  lambda uid: recovery_slot(code, uid)], demo=False).close()


def _open(home: Path, spec: str, pin: str) -> Vault:
    return open_vault(home, [identity.Fido2Opener(spec, FixedAnswers(pin))])


def _constat(vault: Vault) -> str:
    dossier = dossiers.create_dossier(vault, "Affaire Martin c/ Société X", "Société X SAS")
    return dossiers.create_constat(vault, dossier.id, "Constater la page litigieuse").id


def test_capture_button_commits_lists_and_timestamps(qtbot, unlocked, on_xvfb: XDisplay, pki_live,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path, monkeypatch) -> None:
    home, spec = tmp_path / "home", f"soft:{tmp_path / 'officer.json'}"
    monkeypatch.setenv("PROBANT_AUTHENTICATOR", spec)
    monkeypatch.delenv("PROBANT_RECOVERY_CODE", raising=False)
    _officer_vault(home, spec, "1111")
    with _open(home, spec, "1111") as vault:
        constat = _constat(vault)
        ts.add_authority(vault, pki_live.tsa_url, pki_live.ca_bundle_pem.read_text())
    pattern = _pattern()
    window, pattern_window = on_xvfb.show_pattern(pattern, 100, 150, tmp_path)
    opts = GlobalOptions(home=home, demo=False, json=False, lang="fr")
    try:
        subprocess.run(["xdotool", "mousemove", "1900", "1070"], env=on_xvfb.env(), check=True)
        panel = screens.capture_panel(unlocked(opts, FixedAnswers("1111")), grab_delay_ms=50,
                                      window_delay_ms=200)
        qtbot.addWidget(panel)
        panel.show()
        panel.start()
        qtbot.waitUntil(lambda: panel.ready, timeout=30000)
        assert "Maître Jeanne DUPONT" in panel.officer.text()
        assert panel.constat.currentData() == constat
        # Offscreen Qt has no global hotkeys: the panel says so, its buttons work.
        assert "Utilisez les boutons" in panel.shortcuts.text()
        with qtbot.waitSignal(panel.captured, timeout=30000) as got:
            panel.buttons["screen"].click()
        row = got.args[0]
        assert (row.annex, row.width, row.height) == ("1", 1920, 1080)
        assert panel.table.rowCount() == 1
        assert panel.table.item(0, 0).text() == "1"
        assert panel.table.item(0, 2).text() == row.sha256[:16] + "…"
        assert "Annexe 1 enregistrée (1920 × 1080 px)" in panel.message.text()
        # The flush after the capture: the row turns "horodatée" once the TSA answered.
        qtbot.waitUntil(lambda: panel.table.rowCount() == 1
                        and panel.table.item(0, 3).text() == "horodatée", timeout=30000)
        look_at(panel, "capture-panel", shows=(panel.table, panel.message))
        # "Fenêtre active" from the button: the window that has the focus after the delay.
        subprocess.run(["xdotool", "windowfocus", "--sync", pattern_window], env=on_xvfb.env(),
                       check=True)
        with qtbot.waitSignal(panel.captured, timeout=30000) as got_window:
            panel.buttons["window"].click()
        assert (got_window.args[0].target, got_window.args[0].width) == ("window", 300)
        with qtbot.waitSignal(panel.captured, timeout=30000) as got_monitor:
            panel.buttons["monitor"].click()  # the screen under the pointer: the only one
        assert (got_monitor.args[0].target, got_monitor.args[0].annex) == ("monitor", "3")
        # A constat closed meanwhile (elsewhere): refused, in French, nothing grabbed.
        with _open(home, spec, "1111") as elsewhere:
            dossiers.close_constat(elsewhere, constat)
        with qtbot.waitSignal(panel.failed, timeout=30000) as closed:
            panel.buttons["screen"].click()
        assert "est clos : il ne reçoit plus de pièces" in closed.args[0]
        panel.end()
        assert panel._session.wait_closed(30)
    finally:
        window.terminate()
        window.wait()
    with _open(home, spec, "1111") as vault:
        items = [i for i in list_evidence(vault, constat) if i.kind == "screenshot"]
        assert [i.metadata["target"] for i in items] == ["screen", "window", "monitor"]
        item = items[0]
        assert item.id == row.item_id
        assert not ts.pending(vault, constat_id=constat)  # the session's last flush, at its end
        out_window = tmp_path / "window.png"
        export_evidence(vault, items[1].id, out_window)
        out = tmp_path / "shot.png"
        export_evidence(vault, item.id, out)
        journal = vault.db.query("SELECT action, subject FROM journal ORDER BY seq")
    pixels = cv2.imread(str(out), cv2.IMREAD_COLOR)[:, :, ::-1]
    assert np.array_equal(pixels[150:350, 100:400], pattern)
    assert np.array_equal(cv2.imread(str(out_window), cv2.IMREAD_COLOR)[:, :, ::-1], pattern)
    assert ("evidence_added", item.id) in [(r["action"], r["subject"]) for r in journal]


def test_a_collaborateur_is_refused_in_french(qtbot, unlocked, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    officer, staff = f"soft:{tmp_path / 'officer.json'}", f"soft:{tmp_path / 'staff.json'}"
    _officer_vault(home, officer, "1111")
    with _open(home, officer, "1111") as vault:
        _constat(vault)
        clerk = add_user(vault, "Paul Martin", "collaborateur")
        enroll_slot(vault, clerk.id, identity.fido2_factor(
            staff, FixedAnswers("2222"), "Clé de Paul", "Paul Martin")(clerk.id))
    monkeypatch.setenv("PROBANT_AUTHENTICATOR", staff)
    monkeypatch.delenv("PROBANT_RECOVERY_CODE", raising=False)
    panel = screens.capture_panel(unlocked(GlobalOptions(home=home, demo=False, json=False,
                                                         lang="fr"), FixedAnswers("2222")))
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.failed, timeout=30000) as refused:
        panel.start()
    assert refused.args[0] == ("Action refusée : le rôle « collaborateur » ne permet pas "
                               "« capture ».")
    assert panel.ended and not any(b.isEnabled() for b in panel.buttons.values())
    assert panel._session.wait_closed(30)
    with _open(home, officer, "1111") as vault:
        rows = vault.db.query("SELECT action, user_id, details FROM journal ORDER BY seq")
    refusals = [r for r in rows if r["action"] == "permission_refused"]
    assert len(refusals) == 1 and refusals[0]["user_id"] == clerk.id
    assert '"capture"' in refusals[0]["details"]


def test_incomplete_orders_are_refused_by_the_core() -> None:
    from capture.commit import CaptureOrder, resolve
    from evidence.errors import BadInput

    for order in (CaptureOrder("cst_x", "region"), CaptureOrder("cst_x", "everything")):
        with pytest.raises(BadInput):
            resolve(order)
