"""CLI: ``signer add/list``, ``pv build/check/sign/upgrade/export`` and ``validate``."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.context import CliContext, CommandResult
from app.services.timestamps import read_certificates
from evidence.atomic import create_file
from evidence.errors import BadInput
from evidence.inputs import input_file

if TYPE_CHECKING:
    from app.services import pv


def cmd_signer(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from app.services import pv  # pyHanko and ReportLab: only for the commands that use them
    from signing.pv.sign import SignerSpec

    vault = ctx.vault()
    if args.action == "list":
        rows = pv.list_signers(vault)
        return CommandResult([s.to_json() for s in rows],
                             "\n".join(f"{s.id}  {s.kind}  {s.subject}" for s in rows))
    if args.pkcs12:
        file = Path(args.pkcs12)
        spec = SignerSpec("pkcs12", args.label or file.name,
                          pkcs12=input_file(file).read_bytes())
    else:
        spec = SignerSpec("pkcs11", args.label or args.token_label or "PKCS#11",
                          module=args.pkcs11, token_label=args.token_label,
                          key_label=args.key_label)
    signer = pv.add_signer(ctx.app, vault, spec, read_certificates(Path(args.trust)))
    return CommandResult(signer.to_json(), f"{signer.id}  {signer.subject}")


def _request(args: argparse.Namespace) -> pv.PvRequest:
    """An empty narrative lets the service take the one stored with the constat."""
    from app.services import pv  # pyHanko and ReportLab: only for the commands that use them

    narrative = args.narrative
    if args.narrative_file:
        narrative = read_text_file(Path(args.narrative_file))
    return pv.PvRequest(args.constat, narrative, args.confirm_pending)


def read_text_file(path: Path) -> str:
    """A text the officer wrote in a file (narrative): UTF-8, read whole."""
    input_file(path)
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: not UTF-8 text ({exc.reason})", path=str(path)) from exc


def cmd_pv(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from app.services import pv  # pyHanko and ReportLab: only for the commands that use them

    vault = ctx.vault()
    if args.action == "check":
        request = _request(args)
        check = pv.check(vault, args.constat, confirm_pending=args.confirm_pending,
                         narrative=request.narrative, signer_id=args.signer)
        lines = [("✓ " if r.ok else "✗ ") + r.rule
                 + ("" if r.ok and not r.reservation else f" : {r.message_fr}")
                 + (" [réserve possible : « probant constat reserve --point "
                    f"{r.rule} »]" if r.reservable and not r.ok else "")
                 for r in check.rules]
        return CommandResult({"ok": check.ok, "rules": [r.to_json() for r in check.rules]},
                             "\n".join(lines), 0 if check.ok else 1)
    if args.action == "build":
        out = Path(args.out)
        draft = pv.draft(ctx.app, vault, _request(args))
        create_file(out, lambda handle: handle.write(draft.data))
        return CommandResult({"out": str(out.absolute()), "pages": draft.pages},
                             f"{args.out} ({draft.pages} pages)")
    if args.action == "export":
        out = Path(args.out)
        item = pv.export(vault, args.constat, out)
        return CommandResult({**item.to_json(), "out": str(out.absolute())},
                             f"{args.out}  {item.metadata.get('level')}")
    if args.action in ("upgrade", "archive"):
        step = pv.upgrade if args.action == "upgrade" else pv.archive
        item = step(ctx.app, vault, args.constat)
        return CommandResult(item.to_json(), f"PV {item.metadata.get('level')}  {item.id}")
    item = pv.sign(ctx.app, vault, _request(args), signer_id=args.signer, offline=args.offline)
    return CommandResult(item.to_json(), f"PV signé / signed {item.metadata.get('level')}"
                                         f"  {item.id}")


def cmd_validate(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from app.services import pv  # pyHanko and ReportLab: only for the commands that use them

    if args.history:
        history = pv.validation_history(ctx.vault())
        return CommandResult([v.to_json() for v in history], "\n".join(
            f"{v.at}  {v.file_name}  {'valide' if v.ok else 'NON VALIDE'}  {v.level}  {v.id}"
            for v in history))
    if not args.pdf:
        raise BadInput("give the PDF to validate, or --history")
    path = input_file(Path(args.pdf))
    trust = read_certificates(Path(args.trust)).encode() if args.trust else None
    at = _moment(args.at)
    # Against the vault's anchors and now: the report is kept in the vault (pv.validate).
    vault = ctx.vault() if trust is None else None
    done = pv.validate(vault, path.read_bytes(), path.name, trust_pem=trust, at=at)
    report = done.report
    lines = [("PDF signé valide" if report.ok else "PDF signé NON VALIDE")
             + f" — niveau {report.level}"]
    for s in report.signatures:
        lines += [f"  signataire : {s.signer}", f"  heure (horodatage) : {s.timestamp_time}",
                  f"  intègre : {s.intact}  confiance : {s.trusted}  révocation : {s.revocation}",
                  f"  couverture : {s.coverage}  modifications : {s.modifications}",
                  f"  ETSI EN 319 102-1 (pyHanko) : {s.ades}"]
    lines += [f"  horodatage de document : {t}" for t in report.document_timestamps]
    lines += [f"  ✗ {p}" for p in report.problems]
    if done.stored is not None:
        lines.append(f"  rapport conservé dans le coffre : {done.stored}")
    return CommandResult(done.to_json(), "\n".join(lines), 0 if report.ok else 1)


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise BadInput(f"--at: not an ISO 8601 date: {text!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
