"""CLI: ``user add/list/role/etude`` and ``token enroll/list/remove``."""

from __future__ import annotations

import argparse
import os

from app.cli.context import CliContext, CommandResult
from app.cli.prompts import TerminalInteraction
from app.services import users


def cmd_user(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.action == "add":
        user = users.add_user(vault, args.name, args.role)
        return CommandResult(user.to_json(), f"{user.id}  {user.name}  {user.role}")
    if args.action == "role":
        user = users.change_role(vault, args.id, args.role)
        return CommandResult(user.to_json(), f"{user.id}  {user.name}  {user.role}")
    if args.action == "etude":
        change = users.set_office(vault, args.office, args.address)
        names = ", ".join(u.name for u in change.users)
        return CommandResult(change.to_json(), f"{change.office} — {change.address}"
                             + (f"  ({names})" if names else "  (inchangée / unchanged)"))
    rows = users.list_users(vault)
    return CommandResult([u.to_json() for u in rows],
                         "\n".join(f"{u.id}  {u.role:<14} {u.name}" for u in rows))


def cmd_token(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.action == "enroll":
        # The new key's PIN: PROBANT_NEW_PIN when the unlocking key's differs, else PROBANT_PIN.
        pin_env = "PROBANT_NEW_PIN" if os.environ.get("PROBANT_NEW_PIN") else "PROBANT_PIN"
        record = users.enroll_token(ctx.app, vault, args.label, args.user,
                                    TerminalInteraction(ctx.lang, pin_env))
        return CommandResult(record.public(), f"{record.id}  {record.label}  {record.user_id}")
    if args.action == "list":
        slots = users.list_slots(vault)
        return CommandResult([s.public() for s in slots],
                             "\n".join(f"{s.id}  {s.kind:<8} {s.user_id}  {s.label}"
                                       for s in slots))
    removed = users.remove_token(vault, args.id)
    return CommandResult(removed.public(), f"{removed.id} retirée / removed")
