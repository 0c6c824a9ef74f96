"""The desktop's tools: the journal viewer, the vault's check, a bundle's check (also by
dropping a .zip on a window) and « À propos ». Each is built on the session: the
vault's work runs on the vault's thread through it; a bundle's check needs no vault
and works while the vault is locked."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import PackageMetadata, PackageNotFoundError, metadata
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app import logs
from app.desktop.session import DesktopSession
from app.frozen import build_commit
from app.services import bundles, matters, users
from app.version import VERSION
from evidence.progress import CancelToken
from evidence.vault import Vault
from ui.about_dialog import AboutDialog, AboutInfo, Library
from ui.journal_view import JournalActions, JournalData, JournalView
from ui.verify_dialogs import BundleDropFilter, VerifyBundleDialog, VerifyVaultDialog

# (shown name, distributions that may provide it, licence when the metadata is silent,
#  what the metadata cannot say: a library bundled inside the wheel)
COMPONENTS: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("PySide6 (Qt)", ("PySide6", "PySide6-Essentials"), "LGPL-3.0", ""),
    ("pyHanko", ("pyHanko",), "MIT", ""),
    ("cryptography", ("cryptography",), "Apache-2.0 OR BSD-3-Clause", ""),
    ("PyAV", ("av",), "BSD-3-Clause", "FFmpeg inclus : LGPL-2.1+"),
    ("SQLCipher (sqlcipher3)", ("sqlcipher3", "sqlcipher3-binary", "sqlcipher3-wheels"),
     "zlib", "SQLCipher : BSD-3-Clause"),
    ("ReportLab", ("reportlab",), "BSD", ""),
    ("fido2", ("fido2",), "BSD-2-Clause", ""),
    ("OpenCV", ("opencv-python-headless", "opencv-python", "opencv-contrib-python"),
     "Apache-2.0", ""),
    ("mss", ("mss",), "MIT", ""),
    ("platformdirs", ("platformdirs",), "MIT", ""),
)


# -- the journal --------------------------------------------------------------------------

def journal_data(vault: Vault) -> JournalData:
    """Entries, user names and the dossiers and constats for the filters, in one read."""
    constats = tuple((c.id, c.dossier_id, matters.constat_label(c))
                     for c in matters.list_constats(vault))
    return JournalData(bundles.journal_entries(vault),
                       {u.id: u.name for u in users.list_users(vault)},
                       tuple((d.id, d.title) for d in matters.list_dossiers(vault)), constats)


def journal_view(session: DesktopSession, parent: QWidget | None = None) -> JournalView:
    """The journal, read at once (off the GUI thread); « Vérifier la chaîne » included."""
    def load(done: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
        session.call(lambda _ctx, vault: journal_data(vault), done, failed, writes=False)

    def verify(done: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
        session.call(lambda _ctx, vault: bundles.check_journal(vault), done, failed,
                     writes=False)

    view = JournalView(JournalActions(load, verify), session.describe, session.opts.lang,
                       parent=parent)
    view.reload()
    return view


# -- the vault and a bundle ----------------------------------------------------------------

def verify_vault_dialog(session: DesktopSession, parent: QWidget | None = None
                        ) -> VerifyVaultDialog:
    """Call ``start()`` (or let the officer press « Vérifier »); the check is journaled,
    so the session's overview is read again after it."""
    def start(on_progress: Callable[[int, int], None], done: Callable[[Any], None],
              failed: Callable[[BaseException], None]) -> CancelToken:
        return session.run_long(
            lambda _ctx, vault, progress, cancel: bundles.verify_vault(vault, progress, cancel),
            done, failed, on_progress=on_progress)

    return VerifyVaultDialog(start, session.describe, session.opts.lang, parent=parent)


def verify_bundle_dialog(session: DesktopSession, parent: QWidget | None = None
                         ) -> VerifyBundleDialog:
    """No vault: the bundle carries everything its check needs."""
    def verify(path: Path, trust_files: tuple[Path, ...]) -> Any:
        return bundles.verify_bundle(path, tuple(f.read_bytes() for f in trust_files))

    return VerifyBundleDialog(verify, session.describe, parent=parent)


def install_bundle_drop(session: DesktopSession, window: QWidget) -> BundleDropFilter:
    """A .zip dropped on ``window`` opens « Vérifier un dossier de preuve » on it."""
    def dropped(path: Path) -> None:
        dialog = verify_bundle_dialog(session, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.check(path)

    drops = BundleDropFilter(dropped, window)
    drops.install(window)
    return drops


# -- about ---------------------------------------------------------------------------------

def about_dialog(session: DesktopSession, parent: QWidget | None = None) -> AboutDialog:
    return AboutDialog(about_info(session), parent=parent)


def about_info(session: DesktopSession) -> AboutInfo:
    view = session.overview
    log_file = logs.log_file_path()
    return AboutInfo(VERSION, build_commit(), session.opts.demo or bool(view and view.demo),
                     view.simulated_authenticator if view is not None else None,
                     str(log_file) if log_file is not None else None, library_licences())


def library_licences() -> tuple[Library, ...]:
    return tuple(_library(*component) for component in COMPONENTS)


def _library(name: str, dists: tuple[str, ...], fallback: str, note: str) -> Library:
    for dist in dists:
        try:
            meta = metadata(dist)
        except PackageNotFoundError:
            continue
        licence = _declared_licence(meta) or fallback
        return Library(name, str(meta["Version"]), f"{licence} ; {note}" if note else licence)
    return Library(name, "", f"{fallback} ; {note}" if note else fallback)


def _declared_licence(meta: PackageMetadata) -> str:
    """License-Expression (PEP 639), else a short License field, else the classifiers:
    some packages put their whole licence text in License."""
    expression = meta.get_all("License-Expression") or []
    if expression:
        return str(expression[0])
    field = str((meta.get_all("License") or [""])[0]).strip()
    if field and "\n" not in field and len(field) <= 60:
        return field
    prefix = "License :: OSI Approved :: "
    found = [c[len(prefix):] for c in meta.get_all("Classifier") or [] if c.startswith(prefix)]
    return ", ".join(found)
