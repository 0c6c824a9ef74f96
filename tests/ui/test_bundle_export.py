"""The export dialog on the real vault: the constat comes from the unlocked state, the
archive streams on a worker thread with a progress bar, the result verifies, errors
read in French. Screenshot under test-output/<worker>/ui/."""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.cli.context import GlobalOptions
from app.desktop import screens
from evidence.bundle.probant_verify import verify
from signing.handlers import FixedAnswers
from tests.fixtures.cli import Probant, offline_settings
from tests.fixtures.output import worker_output_dir
from tests.ui.looks import look_at

OUT = worker_output_dir("ui")


def _demo_constat(home: Path, tmp_path: Path) -> str:
    offline_settings(home)
    probant = Probant(home)
    assert probant("init", demo=True).code == 0
    dossier = probant("dossier", "new", "Affaire Martin", "--requester", "SAS Martin").json["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--mission", "Page d'accueil"
                      ).json["id"]
    piece = tmp_path / "piece.bin"
    piece.write_bytes(bytes(range(256)) * 40000)  # 10 MB: several progress reports
    assert probant("annex", "add", "--constat", constat, str(piece)).code == 0
    return constat


def test_export_dialog_streams_a_verifiable_bundle(qtbot, unlocked, tmp_path: Path) -> None:
    home = tmp_path / "home"
    constat = _demo_constat(home, tmp_path)
    opts = GlobalOptions(home=home, demo=True, json=False, lang="fr")
    session = unlocked(opts, FixedAnswers("123456"))
    assert [c for c, _ in screens.choices(session)] == [constat]
    dialog = screens.export_dialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    values: list[int] = []
    dialog.progressed.connect(lambda done, total: values.append(done))
    dialog.start()  # no file chosen yet: a French hint, nothing started
    assert "Choisissez" in dialog.status.text() and not dialog.running
    out = tmp_path / "export" / "dossier"
    out.parent.mkdir()
    dialog.path.setText(str(out))
    dialog.start()  # a signed PV is required by default: refused in French
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert "procès-verbal signé" in dialog.status.text(), dialog.status.text()
    assert not list(out.parent.iterdir())
    dialog.without_pv.setChecked(True)
    dialog.start()
    assert dialog.running and not dialog.start_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    text = dialog.status.text()
    assert "Dossier de preuve exporté" in text and "NON horodaté" in text, text
    assert dialog.bar.value() == 1000 and len(values) >= 2
    bundle = out.with_suffix(".zip")
    report = verify(bundle)
    assert report.ok, report.errors
    with zipfile.ZipFile(bundle) as z:
        assert any(n.startswith("evidence/") and n.endswith("piece.bin") for n in z.namelist())
    look_at(dialog, "bundle-export-done", shows=(dialog.status, dialog.bar))
    dialog.start()  # the same file again: refused, the first archive untouched
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert "existe déjà" in dialog.status.text()
    assert verify(bundle).ok
