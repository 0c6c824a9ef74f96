"""The desktop's procès-verbal wiring: the dialog's actions on the core (signing/pv).

Kept out of app/gui.py, which only connects the main window's « Procès-verbal… »
button to ``connect_pv``. Every action opens the vault with the officer's key (PIN
and touch, ``_open_with_key``): a signature is never made on a vault left open,
the key is asked again before each one, then the signing certificate's PIN.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.cli.context import GlobalOptions
from evidence.model import EvidenceItem
from evidence.vault import Vault
from signing.handlers import InteractionHandler
from ui.pv_dialog import PvActions, PvCheck, PvDialog, PvDraft, PvSigned


def _latest_level(vault: Vault, constat_id: str) -> str | None:
    """What the newest PV version proves (older Probant versions recorded B-LTA for any
    online signature, so its metadata is not trusted for this)."""
    from evidence.errors import NotFound
    from signing.pv import workflow

    try:
        latest = workflow.latest_pv(vault, constat_id)
    except NotFound:
        return None
    if not workflow.list_signers(vault):  # no anchors of this user's to judge it: as recorded
        return str(latest.metadata.get("level"))
    return workflow.proven_level(vault.blobs.read_all(latest.blob_id),
                                 workflow.signing_trust(vault))


def _validated(vault: Vault, item: EvidenceItem, trust: bytes, tsa_configured: bool) -> PvSigned:
    """The signed PV's validation report, kept in the vault like `probant validate` does."""
    from evidence.validations import store_validation
    from signing.pv.validate import validate_pdf

    data = vault.blobs.read_all(item.blob_id)
    report = validate_pdf(data, trust)
    kept = store_validation(vault, item.filename or item.id, item.sha256, {
        **report.to_json(), "validated_at": datetime.now(UTC).isoformat()})
    reason = item.metadata.get("offline_reason")
    # The level shown is the one the file proves, not the one the signing step recorded.
    return PvSigned(item.id, item.annex_label, report.level or "invalid", item.sha256,
                    report, kept.id, tsa_configured, None if reason is None else str(reason),
                    data, str(item.metadata.get("status", "")))


def pv_actions(opts: GlobalOptions, interaction: InteractionHandler) -> PvActions:
    from app.gui import _flush_config, _open_with_key
    from app.settings import load_settings
    from evidence.atomic import create_file
    from evidence.errors import IntegrityError
    from evidence.timestamps import list_authorities
    from signing.pv import build, workflow
    from signing.tsa.flush import try_flush

    def check(constat_id: str) -> PvCheck:
        with _open_with_key(opts, interaction) as vault:
            # What is still pending gets its trusted time first (offline: it stays pending,
            # the rule says so), so that the draft then reviewed is the PV that is signed.
            if list_authorities(vault):
                try_flush(vault, _flush_config(opts), constat_id=constat_id)
            # Without confirmation: the dialog's tick is the CLI's --confirm-pending,
            # given to the core again when building and signing.
            rules = build.check_rules(vault, constat_id)
            signers = tuple((s.id, f"{s.label} — {s.subject}")
                            for s in workflow.list_signers(vault))
            return PvCheck(constat_id, tuple(rules), signers, _latest_level(vault, constat_id))

    def draft(constat_id: str, narrative: str, confirm: bool) -> PvDraft:
        limit = load_settings(opts.home).attachment_threshold_mb << 20
        with _open_with_key(opts, interaction) as vault:
            pdf = workflow.build_pv(vault, constat_id, narrative=narrative,
                                    confirm_pending=confirm, attachment_limit=limit)
            vault.log("pv_built", constat_id=constat_id, details={"pages": pdf.page_count})
            return PvDraft(pdf.data, pdf.page_count, hashlib.sha256(pdf.data).hexdigest())

    def sign(constat_id: str, narrative: str, confirm: bool, signer_id: str | None) -> PvSigned:
        timeout = float(load_settings(opts.home).tsa_timeout_s)
        with _open_with_key(opts, interaction) as vault:  # the key again, for this signature
            authorities = list_authorities(vault)
            tsa_url = authorities[0].url if authorities else None
            trust = workflow.signing_trust(vault, signer_id)
            item = workflow.sign_pv(vault, constat_id, interaction, trust_pem=trust,
                                    tsa_url=tsa_url, narrative=narrative,
                                    confirm_pending=confirm, signer_id=signer_id,
                                    timeout_s=timeout, offline_fallback=True)
            return _validated(vault, item, trust, tsa_url is not None)

    def upgrade(constat_id: str) -> PvSigned:
        from signing.tsa.errors import NoTsaConfigured

        timeout = float(load_settings(opts.home).tsa_timeout_s)
        with _open_with_key(opts, interaction) as vault:
            authorities = list_authorities(vault)
            if not authorities:
                raise NoTsaConfigured("no TSA configured: add one with `probant tsa add`")
            trust = workflow.signing_trust(vault)
            item = workflow.upgrade_pv(vault, constat_id, trust_pem=trust,
                                       tsa_url=authorities[0].url, timeout_s=timeout)
            return _validated(vault, item, trust, True)

    def export(constat_id: str, out: Path) -> Path:
        with _open_with_key(opts, interaction) as vault:
            item = workflow.latest_pv(vault, constat_id)
            data = vault.blobs.read_all(item.blob_id)
            if hashlib.sha256(data).hexdigest() != item.sha256:
                raise IntegrityError(f"signed PV {item.id}: SHA-256 differs from the record")
            create_file(out, lambda handle: handle.write(data))  # refuses an existing file
            vault.log("pv_exported", subject=item.id, constat_id=constat_id,
                      details={"sha256": item.sha256, "to": out.name})
            return out

    return PvActions(check, draft, sign, upgrade, export)


def build_pv_dialog(opts: GlobalOptions, interaction: InteractionHandler, state: Any,
                    parent: Any = None) -> PvDialog:
    from app.gui import _describer

    return PvDialog(state.constat_choices, pv_actions(opts, interaction), _describer(opts),
                    parent=parent)


def connect_pv(window: Any, opts: GlobalOptions, interaction: InteractionHandler) -> None:
    """« Procès-verbal… » opens the dialog (one at a time); locking the window closes it."""
    holder: list[PvDialog] = []

    def open_dialog() -> None:
        if holder and holder[0].isVisible():
            holder[0].raise_()
            return
        if holder and not holder[0].busy:  # a signature in flight still reports to it
            holder.pop().deleteLater()
        holder[:] = []
        if window.state is None:
            return
        dialog = build_pv_dialog(opts, interaction, window.state, window)
        # The key's "touch it" prompt went to the main window: its state comes back after.
        dialog.action_finished.connect(
            lambda: window.state is not None and window.show_state(window.state))
        holder.append(dialog)
        dialog.open()

    def locked(_reason: str) -> None:
        if holder:
            holder[0].close()  # the rules and the draft it shows go with the unlocked state

    window.pv_button.clicked.connect(open_dialog)
    window.locked.connect(locked)
