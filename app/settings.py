"""Settings: declared once, typed, with defaults and versioned migrations.

Stored as ``settings.json`` in the home folder (no secret ever goes there:
remote credentials live in the OS keyring). Unknown keys are kept out; a file
from an older version is migrated step by step and rewritten atomically.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from evidence.atomic import write_atomic
from evidence.errors import BadInput

VERSION = 2
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


@dataclass(frozen=True)
class Settings:
    language: str = "fr"
    auto_lock_minutes: int = 10
    ntp_servers: tuple[str, ...] = ("0.fr.pool.ntp.org", "time.cloudflare.com")
    public_ip_services: tuple[str, ...] = ("https://api.ipify.org", "https://ifconfig.me/ip")
    proxy_check_url: str = "http://neverssl.com/"
    network_timeout_s: int = 3
    attachment_threshold_mb: int = 50
    tsa_timeout_s: int = 10
    clock_skew_warning_s: int = 2  # workstation vs TSA time, beyond which the constat says so
    timestamp_after_capture: bool = True  # try a flush right after each capture
    recent_homes: tuple[str, ...] = field(default_factory=tuple)
    # Application log (app/logs.py). No version bump: an older Probant ignores these keys
    # and a file without them gets the defaults.
    log_level: str = "INFO"  # one of LOG_LEVELS
    log_folder: str = ""  # "" = the platform's log folder; PROBANT_LOG_DIR overrides both
    # Where export dialogs start (PV, bundle). No version bump, as for the log keys.
    export_folder: str = ""  # "" = the user's home folder

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def _v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    # Version 1 named the idle lock "lock_after_minutes".
    out = dict(raw)
    if "lock_after_minutes" in out:
        out["auto_lock_minutes"] = out.pop("lock_after_minutes")
    return out


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def _coerce(raw: dict[str, Any]) -> Settings:
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            continue
        default = getattr(Settings(), key)
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise BadInput(f"setting {key} must be a list of strings", key=key)
            value = tuple(value)
        elif not isinstance(value, type(default)):
            raise BadInput(f"setting {key} must be {type(default).__name__}", key=key)
        values[key] = value
    settings = replace(Settings(), **values)
    if settings.language not in ("fr", "en"):
        raise BadInput("setting language must be fr or en", key="language")
    if settings.log_level.upper() not in LOG_LEVELS:
        raise BadInput(f"setting log_level must be one of {', '.join(LOG_LEVELS)}",
                       key="log_level")
    return replace(settings, log_level=settings.log_level.upper())


def load_settings(home: Path) -> Settings:
    path = home / "settings.json"
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text("utf-8"))
    except ValueError as exc:
        raise BadInput(f"settings file is not valid JSON: {exc}", path=str(path)) from exc
    version = int(raw.pop("version", 1))
    migrated = version < VERSION
    while version < VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    settings = _coerce(raw)
    if migrated:
        save_settings(home, settings)
    return settings


def save_settings(home: Path, settings: Settings) -> None:
    home.mkdir(parents=True, exist_ok=True)
    doc = {"version": VERSION, **settings.to_json()}
    write_atomic(home / "settings.json", json.dumps(doc, indent=1, ensure_ascii=False).encode())
