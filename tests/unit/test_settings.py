"""Typed settings: defaults, versioned migration, refusal of bad values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.settings import VERSION, Settings, load_settings, save_settings
from evidence.errors import BadInput


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()


def test_version_1_file_is_migrated_and_rewritten(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({"lock_after_minutes": 3, "language": "en"}))
    settings = load_settings(tmp_path)
    assert settings.auto_lock_minutes == 3 and settings.language == "en"
    stored = json.loads((tmp_path / "settings.json").read_text())
    assert stored["version"] == VERSION and "lock_after_minutes" not in stored


def test_round_trip_and_bad_values(tmp_path: Path) -> None:
    save_settings(tmp_path, Settings(language="en", ntp_servers=("127.0.0.1",)))
    assert load_settings(tmp_path).ntp_servers == ("127.0.0.1",)
    (tmp_path / "settings.json").write_text(json.dumps({"version": VERSION, "language": "de"}))
    with pytest.raises(BadInput):
        load_settings(tmp_path)
    (tmp_path / "settings.json").write_text(json.dumps({"version": VERSION, "auto_lock_minutes": "x"}))
    with pytest.raises(BadInput):
        load_settings(tmp_path)


def test_language_setting_drives_the_cli(tmp_path: Path) -> None:
    from tests.fixtures.cli import Probant

    probant = Probant(tmp_path / "home")
    save_settings(probant.home, Settings(language="en"))
    assert "No vault" in probant("dossier", "list", json_out=False).stderr
