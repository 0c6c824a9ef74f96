"""A remote store defined from the window (issue E): the « Synchronisation » panel's form
takes an S3 store's address, bucket and access key, refuses a wrong field in French with
nothing written, puts the secret in the OS keyring (never in a Probant file), journals the
definition, tests the store, and the next round sends the vault there. Real SeaweedFS S3
gateway, real Secret Service keyring (gnome-keyring in a private D-Bus session)."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit

from app.cli.context import GlobalOptions
from app.services import sync as sync_service
from tests.fixtures.seaweedfs import CREDENTIALS, S3Server
from tests.ui.looks import look_at
from tests.ui.test_background_sync import _demo_vault

WAIT = 60_000
KEY_ID, SECRET = CREDENTIALS["AWS_ACCESS_KEY_ID"], CREDENTIALS["AWS_SECRET_ACCESS_KEY"]


def test_an_s3_store_is_defined_tested_and_filled_from_the_window(  # type: ignore[no-untyped-def]
        qtbot, shell, seaweedfs: S3Server, keyring_service, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)  # the keyring's credentials, or none
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    home = tmp_path / "home"
    _demo_vault(home, tmp_path)
    bucket = seaweedfs.bucket()
    app = shell(GlobalOptions(home=home, demo=True, json=False, lang="fr"))
    qtbot.waitUntil(lambda: app.session.is_unlocked, timeout=WAIT)
    app.menu("sync")
    panel = app.sync.panel
    qtbot.waitUntil(lambda: "Ajouter un stockage" in panel.status.text(), timeout=WAIT)
    assert not panel.sync_button.isEnabled() and panel.add_button.isEnabled()

    panel.add_button.click()
    form = app.sync.form
    fields = [w for kind in (QLineEdit, QComboBox, QAbstractSpinBox) for w in form.findChildren(kind)
              if not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]  # not their inner
    unnamed = [w for w in fields if not w.accessibleName()]
    unnamed += [b for b in form.findChildren(QAbstractButton) if not (b.accessibleName()
                                                                       or b.text())]
    assert len(fields) == 11 and not unnamed, unnamed  # a screen reader names every control
    form.name.setText("etude-s3")
    form.endpoint.setText(seaweedfs.endpoint.split("//", 1)[1])  # no scheme: refused
    form.bucket.setText(bucket)
    form.key_id.setText(KEY_ID)
    form.secret.setText(SECRET)
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: not form.busy, timeout=WAIT)
    assert "n'est pas une adresse web" in form.status.text(), form.status.text()
    assert "Rien n'a été enregistré" in form.status.text()
    assert not (home / "remotes.json").exists()
    assert keyring.get_password("Probant S3", "etude-s3") is None
    assert form.isVisible()  # kept for the correction

    form.endpoint.setText(seaweedfs.endpoint)
    look_at(form, "remote-form", shows=(form.endpoint, form.secret, form.status))
    form.buttons.accepted.emit()
    qtbot.waitUntil(lambda: app.sync.form is None, timeout=WAIT)
    # Tested at once: reachable with the keyring's key, and the bucket's Object Lock.
    qtbot.waitUntil(lambda: "joignable" in panel.status.text(), timeout=WAIT)
    said = panel.status.text()
    assert said.startswith("« etude-s3 » : joignable, écriture possible, versionnage actif, "
                           "Object Lock COMPLIANCE"), said

    # The secret is in the keyring, and in no file of the home; the journal names the store.
    stored = json.loads(keyring.get_password("Probant S3", "etude-s3") or "{}")
    assert stored == {"access_key_id": KEY_ID, "secret_access_key": SECRET}
    definition = json.loads((home / "remotes.json").read_text("utf-8"))["remotes"]
    assert [(r["name"], r["endpoint"], r["bucket"]) for r in definition] == [
        ("etude-s3", seaweedfs.endpoint, bucket)]
    assert not [p for p in home.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    added = app.session.blocking(lambda _c, vault: vault.db.query(
        "SELECT subject, details FROM journal WHERE action = 'remote_added'"))
    assert [(subject, json.loads(details)["where"], json.loads(details)["credentials"])
            for subject, details in added] == [
        ("etude-s3", f"{seaweedfs.endpoint}/{bucket}", "keyring")]
    assert SECRET not in json.dumps([list(row) for row in added])

    # « Synchroniser maintenant » sends the vault there, with the keyring's credentials.
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1 and panel.sync_button.isEnabled(),
                    timeout=WAIT)
    panel.sync_button.click()
    qtbot.waitUntil(lambda: app.sync.running is None
                    and panel.table.item(0, 2).text() == "0", timeout=WAIT)
    listed = seaweedfs.client().list_objects_v2(Bucket=bucket).get("KeyCount", 0)
    assert listed > 0
    panel.table.selectRow(0)
    assert panel.test_button.isEnabled()
    panel.status.setText("")
    panel.test_button.click()  # « Tester » again, on the chosen store
    qtbot.waitUntil(lambda: panel.status.text().startswith("« etude-s3 » : joignable"),
                    timeout=WAIT)
    look_at(panel, "sync-panel-s3", shows=(panel.table, panel.add_button, panel.test_button))
    state = app.session.blocking(lambda _c, vault: sync_service.status(vault, home))
    assert state.remotes == 1 and state.pending == 0
