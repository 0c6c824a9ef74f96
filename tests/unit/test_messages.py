"""Every error code has words in both languages; anything else becomes a logged reference."""

from __future__ import annotations

import errno
import importlib
import logging
import pkgutil
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.logs import setup_logging
from app.messages import ERRORS, as_probant_error, describe, error_message
from app.settings import Settings
from evidence.errors import ProbantError, StorageError, StorageFull

# ui/ too: it raises a few codes of its own (the web capture session), and imports
# offscreen (tests/conftest.py sets QT_QPA_PLATFORM).
PACKAGES = ("capture", "evidence", "signing", "app", "ui")

# The parameters each code's raisers pass (``detail`` is always there): a message may
# only use these, or a person would read "?" in its place.
PARAMS: dict[str, set[str]] = {
    "remote_name_invalid": {"name"},
    "blob_file_changed": {"remote", "blobs", "refused"},
    "promotion_refused": {"remote", "origin_seq", "copy_seq"},
    "origin_superseded": {"remote", "head", "seq"},
    "remote_endpoint_invalid": {"endpoint"},
    "remote_folder_missing": {"path"},
    "keyring_unavailable": {"remote"},
    "not_found": {"kind", "id"},
    "rotation_needs_unlock": {"label", "slot", "user"},
    "no_signed_pv": {"constat"},
    "file_missing": {"path"},
    "path_is_folder": {"path"},
    "home_not_folder": {"home", "file"},
    "not_a_file": {"path"},
    "file_unreadable": {"path"},
    "file_name_not_utf8": {"path"},
    "output_exists": {"path"},
    "permission_refused": {"role", "action"},
    "vault_missing": {"home"},
    "vault_exists": {"home"},
    "auth_failed": {"factor"},
    "storage_full": {"what"},
    "storage_error": {"what"},
    "storage_access_denied": {"path", "what"},
    "integrity_error": {"problem"},
    "constat_closed": {"id"},
    "fido_wrong_pin": {"retries_left"},
    "capture_no_monitor": {"monitor", "count"},
    "capture_region_off_screen": {"region", "screen"},
    "capture_no_such_window": {"window"},
    "signing_error": {"level"},
    "signer_revoked": {"subject"},
    "signer_expired": {"subject"},
    "signer_untrusted": {"subject"},
    "pv_rules_failed": {"rules"},
    "pv_font_missing": {"font"},
    "pv_template_error": {"key"},
    "tsa_unreachable": {"tsa"},
    "tsa_timeout": {"tsa", "seconds"},
    "tsa_http_error": {"tsa", "status"},
    "tsa_garbage": {"tsa"},
    "tsa_rejected": {"tsa", "status"},
    "tsa_wrong_nonce": {"tsa"},
    "tsa_wrong_imprint": {"tsa"},
    "tsa_wrong_policy": {"tsa", "policy"},
    "tsa_no_certificate": {"tsa"},
    "tsa_bad_signature": {"tsa"},
    "tsa_untrusted": {"tsa", "reason"},
    "tsa_cert_expired": {"tsa"},
    "tsa_revoked": {"tsa"},
    "tsa_unavailable": {"pending", "reasons"},
    "unexpected": {"reference", "log"},
    "web_bad_url": {"url"},
    "web_unreachable": {"url", "error", "certificate_error"},
    "web_tls_refused": {"url", "error", "certificate_error"},
    "web_load_failed": {"url", "error", "certificate_error"},
    "web_proxy_present": {"proxies"},
    "web_session_partial": {"partial", "records", "exchanges"},
}


def _import_everything() -> None:
    for package in PACKAGES:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, f"{package}."):
            importlib.import_module(info.name)


def _subclasses(cls: type[ProbantError]) -> Iterator[type[ProbantError]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _all_codes() -> dict[str, str]:
    _import_everything()
    return {c.code: f"{c.__module__}.{c.__qualname__}"
            for c in (ProbantError, *_subclasses(ProbantError))}


def test_every_error_code_has_a_french_and_an_english_message() -> None:
    codes = _all_codes()
    assert len(codes) > 60  # the walk did reach the domains (TSA, FIDO2, PV, capture)
    missing = {code: where for code, where in codes.items()
               if not all(text.strip() for text in ERRORS.get(code, ("", "")))}
    assert not missing, f"codes without a French and an English message: {missing}"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("code", sorted(ERRORS))
def test_each_message_formats_with_its_parameters(code: str) -> None:
    french, english = ERRORS[code]
    assert _fields(french) == _fields(english), "both languages use the same parameters"
    allowed = {"detail"} | PARAMS.get(code, set())
    assert _fields(french) <= allowed, f"{code} uses parameters its raisers do not pass"
    params = {name: f"<{name}>" for name in allowed}
    error = ProbantError(params.pop("detail"), **params)
    error.code = code  # an instance of the code, whatever class raises it
    for lang in ("fr", "en"):
        text = error_message(error, lang)
        assert "{" not in text and "}" not in text and "?" not in text, text


def test_a_subclass_without_its_own_message_uses_its_parents() -> None:
    class Narrow(StorageFull):
        code = "storage_full_narrow"

    text = error_message(Narrow("ENOSPC", what="blob"), "en")
    assert text.startswith("Disk full while writing blob")


def test_os_errors_the_core_did_not_wrap_get_a_clear_code() -> None:
    full = as_probant_error(OSError(errno.ENOSPC, "No space left on device", "/data/x"))
    assert isinstance(full, StorageFull) and full.exit_code == 1
    denied = as_probant_error(PermissionError(errno.EACCES, "Permission denied", "/data/y"))
    assert denied is not None and denied.code == "storage_access_denied"
    assert "/data/y" in error_message(denied, "fr") and "/data/y" in error_message(denied, "en")
    other = as_probant_error(OSError(errno.EIO, "Input/output error", "/data/z"))
    assert isinstance(other, StorageError) and other.code == "storage_error"
    network = as_probant_error(ConnectionResetError(errno.ECONNRESET, "reset"))
    assert network is not None and network.code == "network_error"
    interrupted = as_probant_error(KeyboardInterrupt())
    assert interrupted is not None and interrupted.code == "interrupted"
    assert as_probant_error(ValueError("bug")) is None


def test_an_unexpected_error_is_a_reference_whose_traceback_is_in_the_log(
        tmp_path: Path) -> None:
    log_file = setup_logging(Settings(log_folder=str(tmp_path / "logs")))
    try:
        try:
            int("not a number")
        except ValueError as exc:
            french = describe(exc, "fr")
            english = describe(exc, "en")
        found = re.fullmatch(r"Erreur inattendue \(référence ([0-9A-F]{8})\)\. Le détail "
                             r"technique est consigné dans le journal de l'application : "
                             r"(.+)\.", french)
        assert found is not None, french
        assert found.group(2) == str(log_file)
        assert english.startswith("Unexpected error (reference ") and str(log_file) in english
        text = log_file.read_text("utf-8")
        reference = found.group(1)
        after = text[text.index(f"reference {reference}"):]
        assert "Traceback (most recent call last)" in after
        assert "ValueError: invalid literal for int()" in after
        assert "test_an_unexpected_error_is_a_reference" in after  # the frame that raised
    finally:
        _detach_log()


def test_setup_logging_is_idempotent_and_private(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    try:
        first = setup_logging(Settings(log_folder=str(folder), log_level="DEBUG"))
        second = setup_logging(Settings(log_folder=str(folder), log_level="DEBUG"))
        assert first == second == folder / "probant.log"
        handlers = [h for h in logging.getLogger("probant").handlers
                    if getattr(h, "baseFilename", None) == str(first)]
        assert len(handlers) == 1
        assert logging.getLogger("evidence").isEnabledFor(logging.DEBUG)
        assert first.stat().st_mode & 0o777 == 0o600
        assert folder.stat().st_mode & 0o777 == 0o700
    finally:
        _detach_log()


def test_the_environment_folder_wins_over_the_setting(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROBANT_LOG_DIR", str(tmp_path / "from-env"))
    try:
        path = setup_logging(Settings(log_folder=str(tmp_path / "from-settings")))
        assert path == tmp_path / "from-env" / "probant.log"
        relative = Settings(log_folder="logs")
        monkeypatch.delenv("PROBANT_LOG_DIR")
        assert setup_logging(relative, home=tmp_path / "home") == (
            tmp_path / "home" / "logs" / "probant.log")
    finally:
        _detach_log()


def _detach_log() -> None:
    """Leaves the test process's loggers as they were (other tests use caplog)."""
    from app import logs

    for name in logs.LOGGERS:
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            if getattr(handler, "baseFilename", None):
                logger.removeHandler(handler)
                handler.close()
        logger.setLevel(logging.NOTSET)
