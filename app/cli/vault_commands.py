"""CLI commands of the vault: init, dossier, constat, annex, evidence, verify, journal.

Each command parses, calls one application service (``app/services``) and words
the result; the use cases themselves live in the services, shared with the desktop.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.context import CliContext, CommandResult
from app.services import matters
from evidence.errors import BadInput

if TYPE_CHECKING:
    from evidence.findings import Finding
    from evidence.model import Dossier, EvidenceItem
    from evidence.vault import Vault


def cmd_init(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from app.services import access

    created = access.create_officer_vault(ctx.app, access.OfficerRequest(
        args.name or "", args.office or "", args.address or "",
        args.token_label or "Clé principale"))
    vault, code, demo = ctx.adopt(created.vault), created.recovery_code, ctx.opts.demo
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
        d = matters.create_dossier(vault, matters.NewDossier(
            args.title, args.requester or "", args.deadline, args.reference or ""))
        return CommandResult(d.to_json(), d.id)
    if args.action == "edit":
        return _edit_dossier(vault, args)
    if args.action == "list":
        rows = matters.list_dossiers(vault)
        return CommandResult([d.to_json() for d in rows],
                             "\n".join(f"{d.id}  {d.title}  {d.requester}" for d in rows))
    detail = matters.show_dossier(vault, args.id)
    data = {**detail.dossier.to_json(), "constats": [c.to_json() for c in detail.constats]}
    return CommandResult(data, "\n".join([*_dossier_lines(detail.dossier),
                                          *[f"  {c.id}  {c.status}  {c.mission}"
                                            for c in detail.constats]]))


def _dossier_lines(d: Dossier) -> list[str]:
    return [f"{d.id}  {d.title}", f"  référence : {d.reference or '-'}",
            f"  requérant : {d.requester}", f"  échéance : {d.deadline or '-'}"]


def _edit_dossier(vault: Vault, args: argparse.Namespace) -> CommandResult:
    fields = {name: getattr(args, name) for name in ("title", "requester", "deadline",
                                                     "reference")}
    if all(value is None for value in fields.values()):
        raise BadInput("dossier edit: give --title, --requester, --deadline or --reference")
    d = matters.update_dossier(vault, args.id, **fields)
    return CommandResult(d.to_json(), "\n".join(_dossier_lines(d)))


def cmd_constat(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.action == "new":
        opened = matters.open_constat(ctx.app, vault, matters.NewConstat(
            args.dossier, args.mission or "", args.place or ""), progress=ctx.progress("relevé"))
        c = opened.constat
        return CommandResult({**c.to_json(), "environment_start": opened.environment.item.id},
                             c.id)
    if args.action == "list":
        rows = matters.list_constats(vault, args.dossier)
        return CommandResult([c.to_json() for c in rows],
                             "\n".join(f"{c.id}  {c.status}  {c.started_local}  {c.mission}"
                                       for c in rows))
    if args.action == "close":
        closed = matters.close_constat(ctx.app, vault, args.id, progress=ctx.progress("relevé"))
        c = closed.constat
        return CommandResult({**c.to_json(), "environment_end": closed.environment.item.id},
                             f"{c.id} clos / closed {c.ended_local}")
    if args.action == "narrative":
        from app.cli.pv_commands import read_text_file

        text = args.text if args.file is None else read_text_file(Path(args.file))
        n = matters.set_narrative(vault, args.id, text)
        return CommandResult(n.to_json(), f"{n.constat_id}  narration v{n.version}")
    if args.action == "reserve":
        r = matters.reserve(vault, args.id, args.point, args.text)
        return CommandResult(r.to_json(), f"{r.constat_id}  réserve {r.point} v{r.version}"
                                          + ("" if r.text else " (retirée)"))
    return _show_constat(matters.show_constat(vault, args.id))


def _show_constat(detail: matters.ConstatDetail) -> CommandResult:
    c, found = detail.constat, detail.findings
    narrative = detail.narrative.text if detail.narrative else None
    data = {**c.to_json(), "narrative": narrative,
            "evidence": [{**e.to_json(), "finding": _finding_json(found.get(e.id))}
                         for e in detail.evidence]}
    lines = [f"{c.id}  {c.status}  {c.mission}", f"  lieu : {c.place or '(non indiqué)'}",
             f"  début : {c.started_local}  fin : {c.ended_local or '-'}"]
    for e in detail.evidence:
        lines.append(evidence_line(e))
        if e.id in found:
            lines.append(f"      constatation : {finding_words(found[e.id])}")
    lines.append(f"  narration : {narrative or '(aucune)'}")
    return CommandResult(data, "\n".join(lines))


def _finding_json(finding: Finding | None) -> dict[str, Any] | None:
    return None if finding is None else finding.to_json()


def finding_words(finding: Finding) -> str:
    return "sans observation" if finding.no_observation else finding.text


def evidence_line(e: EvidenceItem) -> str:
    mark = " [simulé]" if e.simulated else ""
    return f"  annexe {e.annex_label:>6}  {e.id}  {e.kind:<12} {e.sha256}  {e.size} o{mark}"


def cmd_annex(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    added = matters.import_files(ctx.vault(), args.constat, tuple(Path(p) for p in args.files),
                                 progress=ctx.progress("import"))
    data = [e.to_json() for e in added]
    return CommandResult(data if len(data) != 1 else data[0],
                         "\n".join(evidence_line(e) for e in added))


def cmd_evidence(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.action == "list":
        rows = matters.list_evidence(vault, args.constat)
        return CommandResult([e.to_json() for e in rows],
                             "\n".join(evidence_line(e) for e in rows))
    if args.action == "show":
        detail = matters.show_evidence(vault, args.id)
        data = {**detail.item.to_json(), "manifest": detail.manifest,
                "finding": _finding_json(detail.finding)}
        human = "\n".join(f"{k}: {v}" for k, v in data.items() if k != "finding")
        if detail.finding is not None:
            human += (f"\nconstatation (v{detail.finding.version}) : "
                      f"{finding_words(detail.finding)}")
        return CommandResult(data, human)
    if args.action == "describe":
        f = matters.describe_evidence(vault, args.id, args.text or "", no_observation=args.none)
        return CommandResult(f.to_json(), f"{f.evidence_id}  constatation v{f.version} : "
                                          f"{finding_words(f)}")
    e = matters.export_evidence(vault, args.id, Path(args.out), progress=ctx.progress("export"))
    return CommandResult({"id": e.id, "out": str(Path(args.out).absolute()), "sha256": e.sha256,
                          "size": e.size}, f"{args.out}  {e.sha256}")


def cmd_verify(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    if args.bundle:
        from app.cli.bundle_commands import cmd_verify_bundle

        return cmd_verify_bundle(ctx, args)
    from app.services import bundles

    report = bundles.verify_vault(ctx.vault(), progress=ctx.progress("vérification"))
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
    from app.services import bundles

    vault = ctx.vault()
    if args.verify:
        check = bundles.check_journal(vault)
        human = (f"Journal intègre : {check.entries} entrées" if check.ok else
                 "Journal ALTÉRÉ :\n" + "\n".join(f"  {d.subject} : {d.problem}"
                                                 for d in check.damages))
        return CommandResult(check.to_json(), human, 0 if check.ok else 1)
    entries = bundles.journal_entries(vault, args.constat)
    return CommandResult([e.to_json() for e in entries],
                         "\n".join(f"{e.seq:>6}  {e.at_local}  {e.user_id:<16} {e.action:<20} "
                                   f"{e.subject}" for e in entries))
