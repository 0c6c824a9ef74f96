"""« Réglages » on the session: the preferences saved through the session, the TSAs and
the signing certificates added, tested and removed through the application services.

The dialog runs each action on its own worker; the vault work goes to the vault's
thread through ``session.blocking``, while reading files and waiting for a TSA's answer
stay on the dialog's worker so the vault's thread is never held by the network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from app.desktop.session import DesktopSession
from app.services import pv, timestamps, tsa_check
from app.services.context import AppContext
from app.services.timestamps import NewAuthority, read_certificates
from app.settings import Settings
from evidence.inputs import input_file
from evidence.vault import Vault
from ui.settings_dialog import Preferences, SettingsActions, SettingsDialog, SignerForm, TsaForm


def preferences(settings: Settings) -> Preferences:
    return Preferences(settings.language, settings.auto_lock_minutes,
                       settings.timestamp_after_capture, settings.log_level,
                       settings.export_folder)


def settings_dialog(session: DesktopSession, parent: Any = None,
                    confirm: Callable[[str], bool] | None = None) -> SettingsDialog:
    """The dialog, its lists being read; the caller shows it (``open()``)."""
    role = session.overview.role if session.overview is not None else ""
    dialog = SettingsDialog(preferences(session.settings), _actions(session),
                            session.describe, editable_certificates=role == "commissaire",
                            confirm=confirm, parent=parent)
    dialog.refresh()
    return dialog


def _actions(session: DesktopSession) -> SettingsActions:
    def tsas() -> Any:
        return session.blocking(lambda _c, v: timestamps.list_authorities(v))

    def remove_tsa(authority_id: str) -> Any:
        def act(_ctx: AppContext, vault: Vault) -> Any:
            timestamps.remove_authority(vault, authority_id)
            return timestamps.list_authorities(vault)
        return session.blocking(act)

    def test_tsa(authority_id: str) -> tsa_check.TsaProbe:
        endpoint = session.blocking(lambda c, v: tsa_check.endpoint_for(c, v, authority_id))
        return tsa_check.probe(endpoint)  # the network wait, on this worker

    def signers() -> Any:
        return session.blocking(lambda _c, v: pv.list_signers(v))

    def save(prefs: Preferences) -> None:
        session.save_settings(replace(
            session.settings, language=prefs.language,
            auto_lock_minutes=prefs.auto_lock_minutes,
            timestamp_after_capture=prefs.stamp_after_capture, log_level=prefs.log_level,
            export_folder=prefs.export_folder))

    return SettingsActions(tsas, lambda form: _add_tsa(session, form), remove_tsa, test_tsa,
                           signers, lambda form: _add_signer(session, form), save)


def _add_tsa(session: DesktopSession, form: TsaForm) -> Any:
    request = NewAuthority(form.url, read_certificates(form.trust_file),
                           form.name, policy=form.policy or None)

    def act(_ctx: AppContext, vault: Vault) -> Any:
        timestamps.add_authority(vault, request)
        return timestamps.list_authorities(vault)
    return session.blocking(act)


def _add_signer(session: DesktopSession, form: SignerForm) -> Any:
    """As ``probant signer add``: the core opens the certificate once and asks its
    password or PIN through the session's handler."""
    from signing.pv.sign import SignerSpec

    trust = read_certificates(form.trust_file)
    if form.kind == "pkcs12" and form.pkcs12_file is not None:
        spec = SignerSpec("pkcs12", form.label or form.pkcs12_file.name,
                          pkcs12=input_file(form.pkcs12_file).read_bytes())
    else:
        spec = SignerSpec("pkcs11", form.label or form.token_label or "PKCS#11",
                          module=form.module, token_label=form.token_label,
                          key_label=form.key_label or None)

    def act(ctx: AppContext, vault: Vault) -> Any:
        pv.add_signer(ctx, vault, spec, trust)
        return pv.list_signers(vault)
    return session.blocking(act)
