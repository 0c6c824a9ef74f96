"""The desktop's screens, each built on the session: its actions are application
services run on the session's vault (no screen opens the vault by itself)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.capture_session import CaptureSession, StampConfig
from app.desktop.session import DesktopSession
from app.services import bundles, matters, pv, timestamps, users
from app.services.context import AppContext
from evidence.progress import CancelToken, ProgressCallback
from evidence.vault import Vault
from ui.bundle_export import BundleExportDialog
from ui.capture_panel import CapturePanel
from ui.hotkeys import GlobalHotkeys
from ui.pv_dialog import PvActions, PvDialog
from ui.timestamps import TimestampDialog
from ui.tokens import TokenManager


def choices(session: DesktopSession) -> tuple[tuple[str, str], ...]:
    return session.overview.constat_choices if session.overview is not None else ()


def token_manager(session: DesktopSession, parent: Any = None, confirm: Any = None
                  ) -> TokenManager:
    def enroll(label: str) -> tuple[users.TokenRow, ...]:
        def act(ctx: AppContext, vault: Vault) -> tuple[users.TokenRow, ...]:
            users.enroll_token(ctx, vault, label)
            return users.token_rows(vault)
        return tuple(session.blocking(act))

    def remove(slot_id: str) -> tuple[users.TokenRow, ...]:
        def act(_ctx: AppContext, vault: Vault) -> tuple[users.TokenRow, ...]:
            users.remove_token(vault, slot_id)
            return users.token_rows(vault)
        return tuple(session.blocking(act))

    rows = session.overview.tokens if session.overview is not None else ()
    return TokenManager(rows, enroll, remove, session.describe, confirm=confirm, parent=parent)


def timestamp_dialog(session: DesktopSession, parent: Any = None) -> TimestampDialog:
    def load(constat_id: str) -> Any:
        return session.blocking(lambda _c, v: timestamps.coverage(v, constat_id).items)

    def flush_now(constat_id: str) -> Any:
        def act(ctx: AppContext, vault: Vault) -> Any:
            timestamps.cover_pending(ctx, vault, (constat_id,))  # offline: the table says why
            return timestamps.coverage(vault, constat_id).items
        return session.blocking(act)

    return TimestampDialog(choices(session), load, flush_now, session.describe, parent=parent)


def export_dialog(session: DesktopSession, parent: Any = None) -> BundleExportDialog:
    """A whole-dossier export: the key is touched again for it."""
    def run(constat_id: str, out: Path, require_pv: bool, progress: ProgressCallback,
            cancel: CancelToken) -> Any:
        def act(ctx: AppContext, vault: Vault) -> Any:
            return bundles.export_bundle(ctx, vault, bundles.BundleRequest(
                constat_id, out, require_pv=require_pv), progress, cancel)
        return session.blocking_confirmed("bundle_export", act)

    return BundleExportDialog(choices(session), run, session.describe, parent=parent)


def pv_actions(session: DesktopSession) -> PvActions:
    def check(constat_id: str) -> pv.PvCheck:
        return session.blocking(lambda ctx, v: pv.check_after_flush(ctx, v, constat_id))

    def draft(constat_id: str, narrative: str, confirm: bool) -> pv.PvDraft:
        request = pv.PvRequest(constat_id, narrative, confirm)
        return session.blocking(lambda ctx, v: pv.draft(ctx, v, request))

    def sign(constat_id: str, narrative: str, confirm: bool, signer_id: str | None
             ) -> pv.PvSigned:
        request = pv.PvRequest(constat_id, narrative, confirm)
        return session.blocking_confirmed(
            "pv_sign", lambda ctx, v: pv.sign_and_validate(ctx, v, request, signer_id))

    def upgrade(constat_id: str) -> pv.PvSigned:
        return session.blocking(lambda ctx, v: pv.upgrade_and_validate(ctx, v, constat_id))

    def export(constat_id: str, out: Path) -> Path:
        session.blocking(lambda _c, v: pv.export(v, constat_id, out))
        return out

    def reserve(constat_id: str, point: str, text: str) -> pv.PvCheck:
        def act(ctx: AppContext, vault: Vault) -> pv.PvCheck:
            matters.reserve(vault, constat_id, point, text)
            return pv.check(vault, constat_id)
        return session.blocking(act)

    return PvActions(check, draft, sign, upgrade, export, reserve)


def pv_dialog(session: DesktopSession, parent: Any = None) -> PvDialog:
    return PvDialog(choices(session), pv_actions(session), session.describe, parent=parent)


def capture_panel(session: DesktopSession, on_activity: Any = None, parent: Any = None,
                  **panel_options: Any) -> CapturePanel:
    """The « Constat en cours » panel on the session's vault, with the global hotkeys;
    call ``start()`` to check the role and list the open constats."""
    capture = CaptureSession(session.host, StampConfig(session.ctx))
    panel = CapturePanel(capture, session.describe, GlobalHotkeys(), on_activity=on_activity,
                         parent=parent, **panel_options)
    capture.on_stamped = panel.stamp_callback  # the flush thread reports to the panel
    return panel


def users_dialog(session: DesktopSession, rows: Any, parent: Any = None,
                 confirm: Any = None) -> Any:
    """The étude's users (``rows``: read beforehand off the UI thread, ``user_rows``);
    each action returns the fresh list."""
    from ui.users_dialog import UsersDialog

    def then(act: Any) -> Any:
        def run(ctx: AppContext, vault: Vault) -> Any:
            act(ctx, vault)
            return users.user_rows(vault)
        return tuple(session.blocking(run))

    def add(name: str, role: str, label: str) -> Any:
        return then(lambda ctx, v: users.add_user_with_key(ctx, v, name, role, label))

    def enroll(user_id: str, label: str) -> Any:
        return then(lambda ctx, v: users.enroll_token(ctx, v, label, user_id))

    def deactivate(user_id: str) -> Any:
        return then(lambda _c, v: users.deactivate_user(v, user_id))

    def set_office(office: str, address: str) -> Any:
        return then(lambda _c, v: users.set_office(v, office, address))

    return UsersDialog(rows, add, enroll, deactivate, session.describe, parent=parent,
                       confirm=confirm, set_office=set_office)
