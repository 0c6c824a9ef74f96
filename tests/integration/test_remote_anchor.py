"""The étude's remote store as an anchor of the journal head (S point 1 (c), E): a whole
home put back from an old copy, on a machine without a keyring, passes every check the
home itself can make (its head file is old too); the head record the last sync left on the
remote is newer, and ``probant verify`` says so: exit 1, the remote named, the entries
missing counted. Without the remote the same copy passes — what the remote adds. Real CLI,
a real folder remote (a NAS or USB disk of the étude)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.fixtures.cli import Probant, offline_settings


def _annex(probant: Probant, constat: str, tmp_path: Path, name: str) -> None:
    piece = tmp_path / name
    piece.write_text(f"pièce {name}")
    assert probant("annex", "add", "--constat", constat, str(piece), demo=True).code == 0


def test_a_home_older_than_the_remote_head_is_a_rollback(tmp_path: Path) -> None:
    home = tmp_path / "home"
    offline_settings(home)
    probant = Probant(home)
    assert probant.setup("init", "--name", "Maître Jeanne DUPONT", demo=True).code == 0
    dossier = probant.setup("dossier", "new", "Affaire Martin", demo=True).json["id"]
    constat = probant("constat", "new", "--dossier", dossier, "--place", "Étude",
                      demo=True).json["id"]
    nas = tmp_path / "nas"
    nas.mkdir()
    assert probant("remote", "add", "folder", "etude", str(nas), demo=True).code == 0
    _annex(probant, constat, tmp_path, "a.txt")
    assert probant("sync", demo=True).code == 0
    checked = probant("verify", demo=True)
    assert checked.code == 0, checked.stdout + checked.stderr  # the remote agrees

    old = tmp_path / "old-home"
    shutil.copytree(home, old)  # the whole home, as a backup would hold it
    _annex(probant, constat, tmp_path, "b.txt")
    _annex(probant, constat, tmp_path, "c.txt")
    assert probant("sync", demo=True).code == 0

    shutil.rmtree(home)
    shutil.copytree(old, home)  # put back: head file and database both old
    rolled = probant("verify", demo=True)
    assert rolled.code == 1, rolled.stdout + rolled.stderr
    text = rolled.stdout + rolled.stderr
    assert "Le coffre est plus ancien que son ancre du stockage distant « etude »" in text, text
    refused = probant("annex", "add", "--constat", constat, str(tmp_path / "a.txt"),
                      demo=True)
    assert refused.code == 1 and refused.json["error"]["code"] == "vault_rolled_back"

    # The same copy without the remote: nothing in the home can tell (hence the remote).
    (home / "remotes.json").unlink()
    assert probant("verify", demo=True).code == 0
