"""The application log: one rotating file per user, private, that support can ask for.

What goes there: commands and their outcome, the core's milestones (vault opened,
evidence committed, timestamps obtained, bundles written) and the traceback of any
unexpected error under the reference the person was shown. What never goes there: a
PIN, a key, the recovery code, a password or evidence content; the core's loggers
write ids, kinds, sizes and counts only.

Only Probant's own loggers get the file: a library's DEBUG output (a FIDO2 exchange,
an HTTP request) could hold what must not be written down.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO, Any

from app.settings import LOG_LEVELS, Settings

LOG_NAME = "probant.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5
# "probant" is the boundary's logger; the others are the packages' ``__name__`` loggers.
LOGGERS = ("probant", "app", "capture", "evidence", "signing", "ui")
ENV_FOLDER = "PROBANT_LOG_DIR"


class _PrivateFileHandler(RotatingFileHandler):
    """A rotating file created 0600 (the base class would follow the umask, often 0644)."""

    def _open(self) -> IO[Any]:  # type: ignore[override]  # typeshed says TextIOWrapper
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


class _Formatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        # ISO 8601 with the offset: the log is read beside journal entries in local time.
        moment = datetime.fromtimestamp(record.created).astimezone()
        return moment.isoformat(timespec="milliseconds")


_current: Path | None = None


def log_folder(settings: Settings, home: Path | None = None) -> Path:
    """Where the log goes: PROBANT_LOG_DIR, else the setting, else the platform's folder."""
    chosen = os.environ.get(ENV_FOLDER) or settings.log_folder
    if not chosen:
        import platformdirs  # only when no folder is chosen: every command starts here

        return Path(platformdirs.user_log_dir("Probant", appauthor=False))
    folder = Path(chosen).expanduser()
    # A relative setting is read from the home, like the settings file itself.
    return folder if folder.is_absolute() or home is None else home / folder


def setup_logging(settings: Settings, *, home: Path | None = None) -> Path:
    """Sends Probant's loggers to the rotating file; returns its path.

    Idempotent: a second call replaces the handler (another folder or level) instead of
    adding one. Raises OSError when the folder cannot be made; :func:`safe_setup_logging`
    is the variant that never stops the application for its log.
    """
    global _current
    folder = log_folder(settings, home)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)  # an existing folder too: the log names the officer's files
    path = folder / LOG_NAME
    handler = _PrivateFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                  encoding="utf-8")
    os.chmod(path, 0o600)  # a file left by an earlier version with other rights
    handler.setFormatter(_Formatter("%(asctime)s %(levelname)s %(name)s [pid %(process)d] "
                                    "%(message)s"))
    # Settings built in code skip load_settings' check: a bad level must not stop the log.
    level = settings.log_level.upper() if settings.log_level.upper() in LOG_LEVELS else "INFO"
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if isinstance(h, _PrivateFileHandler)]:
            logger.removeHandler(old)
            old.close()
        logger.addHandler(handler)
        logger.setLevel(level)
    # Libraries (pyHanko, certvalidator…) log their own warnings with tracebacks; with no
    # handler anywhere Python's last-resort handler prints them on stderr, where the person
    # must read our message, never a traceback. They go nowhere instead (not to the file:
    # a library's DEBUG could hold what must not be written down).
    root = logging.getLogger()
    if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
        root.addHandler(logging.NullHandler())
    _current = path
    return path


def safe_setup_logging(settings: Settings, *, home: Path | None = None) -> Path | None:
    """:func:`setup_logging`, or ``None`` with a note on stderr when the folder is refused."""
    try:
        return setup_logging(settings, home=home)
    except OSError as exc:
        import sys

        print(f"probant: journal de l'application indisponible ({exc})", file=sys.stderr)
        return None


def log_file_path() -> Path | None:
    """The file :func:`setup_logging` opened, or ``None`` before (or without) it."""
    return _current
