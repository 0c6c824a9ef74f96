"""Users, roles and their key slots. Roles are enforced in the core (Vault.require_role) and
proven by signatures: every role given (a new user, a role change) carries a certificate
signed by the acting commissaire's slot key, which verify checks against the roles the
journal gave before (a role written into the users table by SQL proves nothing)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from evidence import rotation
from evidence.clock import TimeReading
from evidence.errors import BadInput, NotFound
from evidence.keyslots import NewSlot, SlotRecord
from evidence.model import ROLES, User, new_id, user_from_row
from evidence.vault import Vault, role_statement, slots_generation


def add_user(vault: Vault, name: str, role: str) -> User:
    vault.require_role("commissaire", action="add_user")
    name = name.strip()
    if not name:
        raise BadInput("a user needs a name", field="name")
    if role not in ROLES:
        raise BadInput(f"role must be one of {', '.join(ROLES)}", field="role")
    now = TimeReading.now()
    me = get_user(vault, vault.session.user.id)  # the étude as it is now (set_office)
    user = User(new_id("usr"), name, role, me.office, me.address, now.utc, True)
    cert = vault.certify(role_statement(user.id, role))
    with vault.db.transaction() as conn:
        conn.execute("INSERT INTO users (id, name, role, office, address, created_at)"
                     " VALUES (?,?,?,?,?,?)",
                     (user.id, user.name, user.role, user.office, user.address, user.created_at))
        vault.record(conn, "user_added", subject=user.id, when=now,
                     details={"name": name, "role": role, "cert": cert})
    return user


def change_role(vault: Vault, user_id: str, role: str) -> User:
    """The only way a role changes: by a commissaire, journaled with their signed
    certificate, the users table updated right after the entry (a trigger refuses any
    other order). Not one's own role, never the last active commissaire's."""
    vault.require_role("commissaire", action="change_role")
    if role not in ROLES:
        raise BadInput(f"role must be one of {', '.join(ROLES)}", field="role")
    user = get_user(vault, user_id)
    if user.role == role:
        raise BadInput(f"{user.name} is already {role}", field="role")
    if user.id == vault.session.user.id:
        raise SelfDeactivation("refused: you cannot change your own role", field="user")
    officers = [u for u in list_users(vault) if u.active and u.role == "commissaire"]
    if user.role == "commissaire" and len(officers) <= 1:
        raise LastOfficer("refused: the vault keeps at least one active commissaire",
                          field="user")
    cert = vault.certify(role_statement(user.id, role))
    with vault.db.transaction() as conn:
        vault.record(conn, "user_role_changed", subject=user.id,
                     details={"name": user.name, "from": user.role, "role": role,
                              "cert": cert})
        conn.execute("UPDATE users SET role = ? WHERE id = ?", (role, user.id))
    return get_user(vault, user.id)


@dataclass(frozen=True)
class OfficeChange:
    """The étude's name and address before and after, and the users it was changed for
    (the acting commissaire first); none when nothing changed."""

    office: str
    address: str
    before_office: str
    before_address: str
    users: tuple[User, ...]

    def to_json(self) -> dict[str, Any]:
        return {"office": self.office, "address": self.address,
                "before": {"office": self.before_office, "address": self.before_address},
                "users": [u.to_json() for u in self.users]}


def set_office(vault: Vault, office: str | None = None,
               address: str | None = None) -> OfficeChange:
    """The acting commissaire's étude (name, address: art. 648 CPC, printed by the PV)
    set or corrected after the vault's creation; ``None`` leaves a value as it is, an empty
    one is refused. Journaled once (``user_office_changed``, before and after values and
    the users changed) in the transaction that changes the rows.

    Who follows: every active user whose étude and address were exactly the officer's
    (``add_user`` copied them from the commissaire who added them: the same étude, which
    moved or was never filled in), so that the officer's collaborateurs and associates
    keep the étude they share and a PV prints the same étude whoever of them opens the
    constat. A user of another étude (other values), or deactivated (their row is
    history: the journal names them as they were), is left as is."""
    vault.require_role("commissaire", action="change_office")
    if office is None and address is None:
        raise EtudeEmpty("give the étude's name or its address (or both)", field="office")
    me = get_user(vault, vault.session.user.id)
    wanted = {"office": me.office if office is None else _filled(office, "office"),
              "address": me.address if address is None else _filled(address, "address")}
    changes = {name: {"before": getattr(me, name), "after": value}
               for name, value in wanted.items() if getattr(me, name) != value}
    if not changes:
        return OfficeChange(me.office, me.address, me.office, me.address, ())
    same = [u for u in list_users(vault) if u.active and u.id != me.id
            and (u.office, u.address) == (me.office, me.address)]
    moved = [me, *same]
    with vault.db.transaction() as conn:
        vault.record(conn, "user_office_changed", subject=me.id,
                     details={"changes": changes, "users": [u.id for u in moved],
                              "names": [u.name for u in moved]})
        conn.executemany("UPDATE users SET office = ?, address = ? WHERE id = ?",
                         [(wanted["office"], wanted["address"], u.id) for u in moved])
    # The session's copy of its user too: add_user copies its étude into a new user's row.
    vault.session = replace(vault.session, user=get_user(vault, me.id))
    return OfficeChange(wanted["office"], wanted["address"], me.office, me.address,
                        tuple(get_user(vault, u.id) for u in moved))


def _filled(value: str, field: str) -> str:
    value = value.strip()
    if not value:
        raise EtudeEmpty(f"the étude's {'name' if field == 'office' else field} cannot be "
                         "empty", field=field)
    return value


def get_user(vault: Vault, user_id: str) -> User:
    row = vault.db.query_one("SELECT * FROM users WHERE id = ?", (user_id,))
    if row is None:
        raise NotFound(f"unknown user {user_id}", kind="user", id=user_id)
    return user_from_row(row)


def list_users(vault: Vault) -> list[User]:
    return [user_from_row(r) for r in vault.db.query("SELECT * FROM users ORDER BY created_at")]


def enroll_slot(vault: Vault, user_id: str, new: NewSlot) -> SlotRecord:
    """A token for a user: the commissaire enrolls anyone's; a user may add their own."""
    if user_id != vault.session.user.id:
        vault.require_role("commissaire", action="enroll_token_for_other")
    get_user(vault, user_id)
    return vault.add_slot(new)


def remove_slot(vault: Vault, slot_id: str) -> SlotRecord:
    """Never leaves the vault without a way in: the recovery code or another token remains.
    The vault's master key is renewed (rotation.py): what is written from here on, the
    removed token cannot read even with an old keyslots.json and a later copy of the vault."""
    vault.require_role("commissaire", action="remove_token")
    slots = vault.slots.load()
    target = next((s for s in slots if s.id == slot_id), None)
    if target is None:
        raise NotFound(f"unknown token slot {slot_id}", kind="slot", id=slot_id)
    if target.kind == "recovery":
        raise BadInput("the recovery code slot cannot be removed")
    remaining = [s for s in slots if s.id != slot_id]
    if not any(s.kind == "recovery" for s in remaining) and not any(
            s.kind == "fido2" for s in remaining):
        raise BadInput("refused: this is the last way into the vault")

    def journal(conn: Any, generation: int) -> None:
        # From this entry on the slot no longer unlocks (even from an old keyslots.json
        # put back) and its signing key signs nothing verify accepts.
        vault.record(conn, "slot_removed", subject=slot_id,
                     details={"kind": target.kind, "label": target.label,
                              "user": target.user_id, "keyslots_generation": generation,
                              "key_epoch": vault.keys.epoch + 1})

    rotation.rotate(vault, [slot_id], journal)
    return target


class EtudeEmpty(BadInput):
    code = "etude_empty"


class SelfDeactivation(BadInput):
    code = "user_self_deactivation"


class LastOfficer(BadInput):
    code = "user_last_officer"


def deactivate_user(vault: Vault, user_id: str) -> User:
    """A user who left the étude: never deleted (the journal names them), no longer able
    to unlock; their keys are removed from the slots. Not oneself, not the last officer."""
    vault.require_role("commissaire", action="deactivate_user")
    user = get_user(vault, user_id)
    if user.id == vault.session.user.id:
        raise SelfDeactivation("refused: you cannot deactivate yourself", field="user")
    if not user.active:
        return user
    officers = [u for u in list_users(vault) if u.active and u.role == "commissaire"]
    if user.role == "commissaire" and len(officers) <= 1:
        raise LastOfficer("refused: the vault keeps at least one active commissaire",
                          field="user")
    theirs = [s.id for s in vault.slots.load() if s.user_id == user.id]

    def journal(conn: Any, generation: int) -> None:
        conn.execute("UPDATE users SET active = 0 WHERE id = ?", (user.id,))
        vault.record(conn, "user_deactivated", subject=user.id,
                     details={"name": user.name, "role": user.role, "slots_removed": theirs,
                              "keyslots_generation": generation,
                              **({"key_epoch": vault.keys.epoch + 1} if theirs else {})})

    if theirs:  # their slots could unwrap the master key: it is renewed (rotation.py)
        rotation.rotate(vault, theirs, journal)
    else:  # no slot left (removed before, each with its rotation): nothing to renew
        with vault.db.transaction() as conn:
            journal(conn, slots_generation(vault.db) or 0)
    return get_user(vault, user.id)
