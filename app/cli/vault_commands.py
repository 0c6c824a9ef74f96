"""CLI commands of the vault: init, dossier, constat, annex, evidence, verify, journal."""

from __future__ import annotations

import argparse
from pathlib import Path

from app import identity
from app.cli.capture_commands import record_environment
from app.cli.context import CliContext, CommandResult
from evidence import dossiers, items
from evidence import journal as journal_mod
from evidence.errors import BadInput
from evidence.keyslots import new_recovery_code, recovery_slot
from evidence.model import EvidenceItem, OfficerIdentity
from evidence.vault import create_vault
from evidence.verify import check_journal, verify_vault

DEMO_OFFICER = "Maître Démo (DÉMONSTRATION)"


def cmd_init(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    demo = ctx.opts.demo
    name = (args.name or (DEMO_OFFICER if demo else "")).strip()
    if not name:
        raise BadInput("init needs the officer's name: --name \"Maître Prénom NOM\"", field="name")
    officer = OfficerIdentity(name, args.office or "", args.address or "")
    code = new_recovery_code()
    label = "Authentificateur de démonstration" if demo else (args.token_label or "Clé principale")
    factors = [*identity.first_factors(ctx.opts.home, demo, ctx.interaction(demo), name, label),
               lambda uid: recovery_slot(code, uid)]
    vault = create_vault(ctx.opts.home, officer, factors, demo=demo)
    ctx._vault = vault
    data = {"id": vault.id, "demo": demo, "user_id": vault.session.user.id,
            "recovery_code": code, "home": str(ctx.opts.home),
            "factors": [s.kind for s in vault.slots.load()]}
    fr = ctx.lang == "fr"
    human = "\n".join([
        (f"Coffre créé : {vault.id}" if fr else f"Vault created: {vault.id}")
        + (" (DÉMONSTRATION — sans valeur probante)" if demo else ""),
        "",
        ("CODE DE RÉCUPÉRATION (affiché une seule fois, à conserver hors ligne) :" if fr
         else "RECOVERY CODE (shown once; keep it offline):"),
        f"    {code}",
    ])
    if vault.session.simulated:
        human += ("\n\nAuthentificateur LOGICIEL (simulation) : il ne protège rien." if fr
                  else "\n\nSOFTWARE authenticator (simulation): it protects nothing.")
    return CommandResult(data, human)


def cmd_dossier(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.action == "new":
        d = dossiers.create_dossier(vault, args.title, args.requester or "", args.deadline)
        return CommandResult(d.to_json(), d.id)
    if args.action == "list":
        rows = dossiers.list_dossiers(vault)
        return CommandResult([d.to_json() for d in rows],
                             "\n".join(f"{d.id}  {d.title}  {d.requester}" for d in rows))
    d = dossiers.get_dossier(vault, args.id)
    constats = dossiers.list_constats(vault, d.id)
    data = {**d.to_json(), "constats": [c.to_json() for c in constats]}
    human = "\n".join([f"{d.id}  {d.title}", f"  requérant : {d.requester}",
                       f"  échéance : {d.deadline or '-'}",
                       *[f"  {c.id}  {c.status}  {c.mission}" for c in constats]])
    return CommandResult(data, human)


def cmd_constat(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.action == "new":
        c = dossiers.create_constat(vault, args.dossier, args.mission or "")
        # NF Z67-147: the environment is recorded at the start, automatically.
        env, _ = record_environment(ctx, c.id, "start")
        return CommandResult({**c.to_json(), "environment_start": env.id}, c.id)
    if args.action == "list":
        rows = dossiers.list_constats(vault, args.dossier)
        return CommandResult([c.to_json() for c in rows],
                             "\n".join(f"{c.id}  {c.status}  {c.started_local}  {c.mission}"
                                       for c in rows))
    if args.action == "close":
        dossiers.require_open(vault, args.id)
        vault.require_role("commissaire", action="close_constat")
        env, _ = record_environment(ctx, args.id, "end")  # ... and again at the end
        c = dossiers.close_constat(vault, args.id)
        return CommandResult({**c.to_json(), "environment_end": env.id},
                             f"{c.id} clos / closed {c.ended_local}")
    c = dossiers.get_constat(vault, args.id)
    evidence = items.list_evidence(vault, c.id)
    data = {**c.to_json(), "evidence": [e.to_json() for e in evidence]}
    human = "\n".join([f"{c.id}  {c.status}  {c.mission}",
                       f"  début : {c.started_local}  fin : {c.ended_local or '-'}",
                       *[_evidence_line(e) for e in evidence]])
    return CommandResult(data, human)


def _evidence_line(e: EvidenceItem) -> str:
    mark = " [simulé]" if e.simulated else ""
    return f"  annexe {e.annex_label:>6}  {e.id}  {e.kind:<12} {e.sha256}  {e.size} o{mark}"


def cmd_annex(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    paths = [Path(p) for p in args.files]
    added = items.import_files(vault, args.constat, paths, progress=ctx.progress("import"))
    data = [e.to_json() for e in added]
    return CommandResult(data if len(data) != 1 else data[0],
                         "\n".join(_evidence_line(e) for e in added))


def cmd_evidence(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.action == "list":
        rows = items.list_evidence(vault, args.constat)
        return CommandResult([e.to_json() for e in rows],
                             "\n".join(_evidence_line(e) for e in rows))
    if args.action == "show":
        e = items.get_evidence(vault, args.id)
        manifest = items.get_manifest(vault, e.id)
        data = {**e.to_json(), "manifest": manifest.to_json() if manifest else None}
        return CommandResult(data, "\n".join(f"{k}: {v}" for k, v in data.items()))
    e = items.export_evidence(vault, args.id, Path(args.out), progress=ctx.progress("export"))
    return CommandResult({"id": e.id, "out": str(Path(args.out).absolute()), "sha256": e.sha256,
                          "size": e.size}, f"{args.out}  {e.sha256}")


def cmd_verify(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    if args.bundle:
        from app.cli.bundle_commands import cmd_verify_bundle

        return cmd_verify_bundle(ctx, args)
    vault = ctx.vault()
    from signing.tsa.coverage import check_timestamps

    report = verify_vault(vault, progress=ctx.progress("vérification"),
                          extra_checks=(check_timestamps,))
    fr = ctx.lang == "fr"
    lines = [("Coffre intègre" if fr else "Vault intact") if report.ok
             else ("DOMMAGES DÉTECTÉS" if fr else "DAMAGE FOUND"),
             f"  {report.items_checked} pièces, {report.bytes_checked} octets, "
             f"{report.journal_entries} entrées de journal"]
    for d in report.damages:
        where = f" (annexe {d.annex}, constat {d.constat_id})" if d.annex else ""
        lines.append(f"  ✗ {d.area} {d.subject}{where} : {d.problem} {d.detail}".rstrip())
    lines += [f"  note : {n}" for n in report.notes]
    return CommandResult(report.to_json(), "\n".join(lines), 0 if report.ok else 1)


def cmd_journal(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.verify:
        count, damages = check_journal(vault)
        data = {"ok": not damages, "entries": count, "damages": [d.to_json() for d in damages]}
        human = (f"Journal intègre : {count} entrées" if not damages else
                 "Journal ALTÉRÉ :\n" + "\n".join(f"  {d.subject} : {d.problem}" for d in damages))
        return CommandResult(data, human, 0 if not damages else 1)
    if args.constat:
        dossiers.get_constat(vault, args.constat)
        rows = vault.db.query("SELECT * FROM journal WHERE constat_id = ? ORDER BY seq",
                              (args.constat,))
    else:
        rows = vault.db.query("SELECT * FROM journal ORDER BY seq")
    entries = [journal_mod.row_to_entry(r) for r in rows]
    return CommandResult([e.to_json() for e in entries],
                         "\n".join(f"{e.seq:>6}  {e.at_local}  {e.user_id:<16} {e.action:<20} "
                                   f"{e.subject}" for e in entries))
