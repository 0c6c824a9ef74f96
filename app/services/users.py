"""Users, their roles and their keys (FIDO2 slots, the recovery code)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from app import identity
from app.services.context import AppContext
from evidence import users
from evidence.keyslots import SlotRecord
from evidence.model import User
from evidence.users import OfficeChange
from evidence.vault import Vault
from signing.handlers import InteractionHandler


@dataclass(frozen=True)
class TokenRow:
    """One key slot as lists show it (no wrapped key)."""

    id: str  # the slot's
    kind: str
    label: str
    user: str
    created_at: str
    simulated: bool


def add_user(vault: Vault, name: str, role: str) -> User:
    return users.add_user(vault, name, role)


def list_users(vault: Vault) -> tuple[User, ...]:
    return tuple(users.list_users(vault))


def token_rows(vault: Vault) -> tuple[TokenRow, ...]:
    names = {u.id: u.name for u in users.list_users(vault)}
    return tuple(TokenRow(s.id, s.kind, s.label, names.get(s.user_id, s.user_id), s.created_at,
                          bool(s.params.get("simulated", False))) for s in vault.slots.load())


def list_slots(vault: Vault) -> tuple[SlotRecord, ...]:
    return tuple(vault.slots.load())


def enroll_token(ctx: AppContext, vault: Vault, label: str, user_id: str | None = None,
                 interaction: InteractionHandler | None = None) -> SlotRecord:
    """The key plugged in, for a user (default: oneself). The unlocking key is
    ``PROBANT_AUTHENTICATOR``; the one to enroll may be another
    (``PROBANT_NEW_AUTHENTICATOR``: a software one, for tests and demos)."""
    user = users.get_user(vault, user_id or vault.session.user.id)
    spec = os.environ.get("PROBANT_NEW_AUTHENTICATOR") or identity.authenticator_spec(
        ctx.home, vault.demo)
    # The CLI names the new key's PIN source itself; the desktop asks (demo: the fixed PIN).
    asker = interaction or identity.effective_interaction(vault.demo, ctx.interaction)
    factor = identity.fido2_factor(spec, asker, label, user.name)
    return users.enroll_slot(vault, user.id, factor(user.id))


def remove_token(vault: Vault, slot_id: str) -> SlotRecord:
    return users.remove_slot(vault, slot_id)


@dataclass(frozen=True)
class UserRow:
    """A user as the users screen lists them, with how many keys open the vault for them."""

    user: User
    keys: int
    me: bool = False  # the user who unlocked the vault


def user_rows(vault: Vault) -> tuple[UserRow, ...]:
    slots = vault.slots.load()
    return tuple(UserRow(u, sum(1 for s in slots if s.user_id == u.id and s.kind == "fido2"),
                         u.id == vault.session.user.id)
                 for u in users.list_users(vault))


def add_user_with_key(ctx: AppContext, vault: Vault, name: str, role: str, label: str
                      ) -> SlotRecord:
    """A new member of the étude and their own key, enrolled now (PIN set on the key)."""
    user = users.add_user(vault, name, role)
    return enroll_token(ctx, vault, label, user.id)


def deactivate_user(vault: Vault, user_id: str) -> User:
    return users.deactivate_user(vault, user_id)


def change_role(vault: Vault, user_id: str, role: str) -> User:
    """A role changed by a commissaire, journaled with their signed certificate."""
    return users.change_role(vault, user_id, role)


def set_office(vault: Vault, office: str | None = None,
               address: str | None = None) -> OfficeChange:
    """The commissaire's étude and its address (printed by the PV, art. 648 CPC) set or
    corrected, journaled with before and after values; the users of the same étude follow
    (evidence.users.set_office). ``None`` leaves a value as it is; empty is refused."""
    return users.set_office(vault, office, address)
