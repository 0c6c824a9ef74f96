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


def test_log_settings_default_validate_and_keep_version_2_files_readable(tmp_path: Path) -> None:
    assert (Settings().log_level, Settings().log_folder) == ("INFO", "")
    # A version-2 file written before the log settings existed: the defaults, no rewrite.
    (tmp_path / "settings.json").write_text(json.dumps({"version": 2, "language": "en"}))
    assert load_settings(tmp_path) == Settings(language="en")
    save_settings(tmp_path, Settings(log_level="DEBUG", log_folder="/var/log/probant"))
    loaded = load_settings(tmp_path)
    assert (loaded.log_level, loaded.log_folder) == ("DEBUG", "/var/log/probant")
    (tmp_path / "settings.json").write_text(json.dumps({"version": VERSION, "log_level": "debug"}))
    assert load_settings(tmp_path).log_level == "DEBUG"
    (tmp_path / "settings.json").write_text(json.dumps({"version": VERSION, "log_level": "TRACE"}))
    with pytest.raises(BadInput):
        load_settings(tmp_path)
