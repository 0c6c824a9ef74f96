"""Getting into the vault: creating it, unlocking it, and the fresh key touch.

One place for what ``probant init`` and the first-run wizard do, for what every
CLI command and the desktop's unlock do, and for the presence check the desktop
asks before each PV signature and each whole-dossier export (the vault stays
open for the session; those two acts still need the officer's finger now).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from app import identity
from app.services.context import AppContext
from evidence import anchors
from evidence.errors import AuthenticationFailed, BadInput
from evidence.keyslots import RecoveryCodeOpener, SlotOpener, new_recovery_code, recovery_slot
from evidence.model import OfficerIdentity
from evidence.vault import (
    Vault,
    VaultHeader,
    create_vault,
    open_vault,
    set_slots_generation,
    vault_folder,
)
from signing.handlers import RememberNewPin

DEMO_OFFICER = "Maître Démo (DÉMONSTRATION)"
# A demo PV heads with an étude too (the PV rule « etude »), marked as the demo's.
DEMO_OFFICE = "Étude de démonstration (DÉMONSTRATION)"
DEMO_ADDRESS = "1 place de la Démonstration, 75001 Paris (DÉMONSTRATION)"
DEMO_TOKEN_LABEL = "Authentificateur de démonstration"


@dataclass(frozen=True)
class NewVault:
    """What creating a vault hands back once: the recovery code is never shown again."""

    vault: Vault
    recovery_code: str


@dataclass(frozen=True)
class OfficerRequest:
    name: str
    office: str = ""
    address: str = ""
    token_label: str = "Clé principale"


def create_officer_vault(ctx: AppContext, request: OfficerRequest) -> NewVault:
    """``init`` and the wizard: enrolls the officer's key (its PIN set if new), plus the
    recovery code; in demo mode, the software authenticator kept in the home."""
    name = request.name.strip() or (DEMO_OFFICER if ctx.demo else "")
    if not name:
        raise BadInput("init needs the officer's name: --name \"Maître Prénom NOM\"",
                       field="name")
    label = DEMO_TOKEN_LABEL if ctx.demo else (request.token_label or "Clé principale")
    code = new_recovery_code()
    asker = RememberNewPin(ctx.interaction)  # a new key's PIN: set, confirmed, not asked again
    factors = [*identity.first_factors(ctx.home, ctx.demo, asker, name, label),
               lambda uid: recovery_slot(code, uid)]
    office = request.office.strip() or (DEMO_OFFICE if ctx.demo else "")
    address = request.address.strip() or (DEMO_ADDRESS if ctx.demo else "")
    vault = create_vault(ctx.home, OfficerIdentity(name, office, address), factors,
                         demo=ctx.demo)
    return NewVault(vault, code)


def is_demo_vault(ctx: AppContext) -> bool:
    return VaultHeader.read(vault_folder(ctx.home)).demo


ACCEPT_ANCHOR_LOSS = "PROBANT_ACCEPT_ANCHOR_LOSS"


def unlock(ctx: AppContext) -> Vault:
    """The vault, opened with the factors the environment and the person give.

    When an anchor kept outside the vault (head file, OS keyring) says this database is
    older than what was committed, or was tampered with, the vault opens read-only
    (``Vault.read_only``; ``vault.anchors.quarantine`` says why, ``probant verify``
    reports it and exits 1) and every write is refused with ``vault_rolled_back``.
    A commissaire who knows why (a backup restored after a disk failure) accepts the
    loss by naming the database's journal entry the refusal gives, in
    ``PROBANT_ACCEPT_ANCHOR_LOSS``: journaled (``anchor_loss_accepted``), reported by every
    later ``verify`` as a warning, then the vault is writable again.
    """
    demo = is_demo_vault(ctx)
    anchors.register_store_factory(remote_anchor)
    return open_vault(ctx.home, identity.unlock_openers(ctx.home, demo, ctx.interaction),
                      accept_anchor_loss=_accepted_loss())


def remote_anchor(vault_id: str, folder: Path) -> anchors.AnchorStore | None:
    """The étude's remote store as one more anchor of the journal head, when the home
    defines one (evidence/sync/anchor.py; the sync code is loaded only then)."""
    if not (folder.parent / "remotes.json").exists():
        return None
    from evidence.sync.anchor import remote_anchor as make

    return make(vault_id, folder)


def _accepted_loss() -> int | None:
    raw = os.environ.get(ACCEPT_ANCHOR_LOSS, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise BadInput(f"{ACCEPT_ANCHOR_LOSS} must be the journal entry number the refusal "
                       "names", field=ACCEPT_ANCHOR_LOSS)
    return int(raw)


def open_or_create_demo(ctx: AppContext) -> Vault:
    """Demo mode with no hardware: the demo vault, created on first use."""
    from evidence.vault import vault_exists

    if vault_exists(ctx.home):
        return unlock(ctx)
    return create_officer_vault(ctx, OfficerRequest(DEMO_OFFICER)).vault


def reconfirm_presence(ctx: AppContext, vault: Vault, purpose: str) -> None:
    """A fresh PIN and touch by the session's own user, before an act that binds them.

    The factor must unwrap one of *this* user's slots: another enrolled key (a
    collaborateur's) does not confirm the officer. Journaled with its purpose.
    """
    user = vault.session.user
    slots = [s for s in vault.slots.load() if s.user_id == user.id]
    opener = _presence_opener(ctx, vault)
    candidates = [s for s in slots if s.kind == opener.kind]
    if not candidates:
        raise AuthenticationFailed(f"no {opener.kind} slot for this user", factor=opener.kind)
    secret = opener.open(candidates)
    from evidence.keyslots import unseal_slot

    record = next((s for s in candidates if s.id == secret.slot_id), None)
    if record is None or unseal_slot(vault.id, record, secret.secret) is None:
        raise AuthenticationFailed("this key does not open the vault for this user",
                                   factor=opener.kind)
    generation = None
    if secret.state_update is not None:
        generation = vault.save_slots([replace(s, state=dict(secret.state_update))
                                       if s.id == record.id else s for s in vault.slots.load()])
    with vault.db.transaction() as conn:
        if generation is not None:
            set_slots_generation(conn, generation)
        vault.record(conn, "presence_confirmed", subject=record.id,
                     details={"purpose": purpose, "factor": record.kind})


def _presence_opener(ctx: AppContext, vault: Vault) -> SlotOpener:
    if vault.session.factor == "recovery":  # unlocked with the code: the code again
        code = os.environ.get("PROBANT_RECOVERY_CODE")
        if not code:
            raise AuthenticationFailed("the recovery code is needed again", factor="recovery")
        return RecoveryCodeOpener(code)
    return identity.Fido2Opener(identity.authenticator_spec(ctx.home, vault.demo),
                                identity.effective_interaction(vault.demo, ctx.interaction))
