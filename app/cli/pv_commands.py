"""CLI: ``signer add/list``, ``pv build/check/sign/upgrade/export`` and ``validate``."""

from __future__ import annotations

import argparse
import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

from app.cli.context import CliContext, CommandResult
from app.cli.prompts import TerminalInteraction
from evidence.atomic import write_atomic
from evidence.errors import BadInput, FileMissing, OutputExists
from signing.handlers import FixedAnswers, InteractionHandler


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    signer = sub.add_parser("signer", help="certificat de signature du commissaire")
    ss = signer.add_subparsers(dest="action", required=True)
    sa = ss.add_parser("add", help="PKCS#12 (fichier) ou PKCS#11 (carte, YubiKey PIV)")
    how = sa.add_mutually_exclusive_group(required=True)
    how.add_argument("--pkcs12")
    how.add_argument("--pkcs11", metavar="LIB")
    sa.add_argument("--token-label")
    sa.add_argument("--key-label")
    sa.add_argument("--label", default="")
    sa.add_argument("--trust", required=True, help="racine et intermédiaires (PEM)")
    ss.add_parser("list", help="certificats enregistrés")

    pv = sub.add_parser("pv", help="procès-verbal")
    ps = pv.add_subparsers(dest="action", required=True)
    pb = ps.add_parser("build", help="génère le PV (non signé) pour relecture")
    pc = ps.add_parser("check", help="règles de cohérence avant signature")
    psg = ps.add_parser("sign", help="vérifie les règles puis signe (PAdES)")
    pu = ps.add_parser("upgrade", help="complète un PV signé hors ligne jusqu'à B-LTA")
    pa = ps.add_parser("archive", help="horodatage d'archivage : prolonge la preuve d'un PV "
                                       "B-LTA (nouvelle version)")
    pe = ps.add_parser("export", help="écrit le dernier PV signé")
    for p in (pb, pc, psg, pu, pa, pe):
        p.add_argument("--constat", required=True)
    for p in (pb, pc, psg):
        p.add_argument("--confirm-pending", action="store_true",
                       help="le PV mentionnera les horodatages en attente")
        p.add_argument("--narrative", default="", help="observations du commissaire")
    pb.add_argument("--out", required=True)
    pe.add_argument("--out", required=True)
    psg.add_argument("--offline", action="store_true", help="signature B-B, sans réseau")
    psg.add_argument("--signer")

    val = sub.add_parser("validate", help="rapport de validation d'un PDF signé")
    val.add_argument("pdf", nargs="?")
    val.add_argument("--trust", help="racine(s) de confiance (PEM); défaut : celles du coffre"
                                     " (le rapport est alors conservé dans le coffre)")
    val.add_argument("--at", help="valider à cette date (ISO 8601, UTC par défaut), "
                                  "p. ex. pour montrer qu'un PV tient encore plus tard")
    val.add_argument("--history", action="store_true",
                     help="les rapports de validation conservés dans le coffre")


def _handler(ctx: CliContext) -> InteractionHandler:
    pin = os.environ.get("PROBANT_SIGNER_PIN")
    return FixedAnswers(pin) if pin is not None else TerminalInteraction(ctx.lang,
                                                                          "PROBANT_SIGNER_PIN")


def _write_new(path: Path, data: bytes) -> None:
    if path.exists():
        raise OutputExists(f"{path} already exists", path=str(path))
    if not path.parent.is_dir():
        raise FileMissing(f"no such folder: {path.parent}", path=str(path.parent))
    write_atomic(path, data)


def cmd_signer(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from app.cli.time_commands import _read_pem
    from signing.pv import workflow
    from signing.pv.sign import SignerSpec

    vault = ctx.vault()
    if args.action == "list":
        rows = workflow.list_signers(vault)
        return CommandResult([s.to_json() for s in rows],
                             "\n".join(f"{s.id}  {s.kind}  {s.subject}" for s in rows))
    if args.pkcs12:
        file = Path(args.pkcs12)
        if not file.is_file():
            raise FileMissing(f"no such file: {file}", path=str(file))
        spec = SignerSpec("pkcs12", args.label or file.name, pkcs12=file.read_bytes())
    else:
        spec = SignerSpec("pkcs11", args.label or args.token_label or "PKCS#11",
                          module=args.pkcs11, token_label=args.token_label,
                          key_label=args.key_label)
    trust = _read_pem(args.trust) or ""
    signer = workflow.add_signer(vault, spec, _handler(ctx), trust)
    return CommandResult(signer.to_json(), f"{signer.id}  {signer.subject}")


def cmd_pv(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from app.settings import load_settings
    from evidence.timestamps import list_authorities
    from signing.pv import build, workflow

    vault = ctx.vault()
    settings = load_settings(ctx.opts.home)
    if args.action == "check":
        rules = build.check_rules(vault, args.constat, confirm_pending=args.confirm_pending)
        ok = all(r.ok for r in rules)
        lines = [("✓ " if r.ok else "✗ ") + (r.rule if r.ok else r.message_fr) for r in rules]
        return CommandResult({"ok": ok, "rules": [r.to_json() for r in rules]},
                             "\n".join(lines), 0 if ok else 1)
    if args.action == "build":
        pdf = workflow.build_pv(vault, args.constat, narrative=args.narrative,
                                confirm_pending=args.confirm_pending,
                                attachment_limit=settings.attachment_threshold_mb << 20)
        _write_new(Path(args.out), pdf.data)
        vault.log("pv_built", constat_id=args.constat, details={"pages": pdf.page_count})
        return CommandResult({"out": str(Path(args.out).absolute()), "pages": pdf.page_count},
                             f"{args.out} ({pdf.page_count} pages)")
    if args.action == "export":
        item = workflow.latest_pv(vault, args.constat)
        _write_new(Path(args.out), vault.blobs.read_all(item.blob_id))
        vault.log("pv_exported", subject=item.id, constat_id=args.constat,
                  details={"sha256": item.sha256, "to": Path(args.out).name})
        return CommandResult({**item.to_json(), "out": str(Path(args.out).absolute())},
                             f"{args.out}  {item.metadata.get('level')}")
    authorities = list_authorities(vault)
    tsa_url = authorities[0].url if authorities else None
    if args.action in ("upgrade", "archive"):
        if tsa_url is None:
            from signing.tsa.errors import NoTsaConfigured

            raise NoTsaConfigured("no TSA configured: add one with `probant tsa add URL --trust`")
        step = workflow.upgrade_pv if args.action == "upgrade" else workflow.archive_pv
        item = step(vault, args.constat, trust_pem=workflow.signing_trust(vault),
                    tsa_url=tsa_url, timeout_s=settings.tsa_timeout_s)
        return CommandResult(item.to_json(), f"PV {item.metadata.get('level')}  {item.id}")
    item = workflow.sign_pv(vault, args.constat, _handler(ctx),
                            trust_pem=workflow.signing_trust(vault, args.signer),
                            tsa_url=None if args.offline else tsa_url,
                            narrative=args.narrative, confirm_pending=args.confirm_pending,
                            signer_id=args.signer, timeout_s=settings.tsa_timeout_s)
    return CommandResult(item.to_json(), f"PV signé / signed {item.metadata.get('level')}"
                                         f"  {item.id}")


def cmd_validate(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from app.cli.time_commands import _read_pem
    from signing.pv.validate import validate_pdf

    if args.history:
        from evidence.validations import list_validations

        history = list_validations(ctx.vault())
        return CommandResult([v.to_json() for v in history], "\n".join(
            f"{v.at}  {v.file_name}  {'valide' if v.ok else 'NON VALIDE'}  {v.level}  {v.id}"
            for v in history))
    if not args.pdf:
        raise BadInput("give the PDF to validate, or --history")
    pdf = Path(args.pdf)
    if not pdf.is_file():
        raise FileMissing(f"no such file: {pdf}", path=str(pdf))
    if args.trust:
        trust = (_read_pem(args.trust) or "").encode()
    else:
        from signing.pv.workflow import signing_trust

        trust = signing_trust(ctx.vault())
    data = pdf.read_bytes()
    report = validate_pdf(data, trust, at=_moment(args.at))
    lines = [("PDF signé valide" if report.ok else "PDF signé NON VALIDE")
             + f" — niveau {report.level}"]
    for s in report.signatures:
        lines += [f"  signataire : {s.signer}", f"  heure (horodatage) : {s.timestamp_time}",
                  f"  intègre : {s.intact}  confiance : {s.trusted}  révocation : {s.revocation}",
                  f"  couverture : {s.coverage}  modifications : {s.modifications}",
                  f"  ETSI EN 319 102-1 (pyHanko) : {s.ades}"]
    lines += [f"  horodatage de document : {t}" for t in report.document_timestamps]
    lines += [f"  ✗ {p}" for p in report.problems]
    result = {**report.to_json(), "validated_at": (_moment(args.at) or datetime.now(UTC)).isoformat()}
    if not args.trust and not args.at:  # validated against the vault's anchors: the report is kept there
        from evidence.validations import store_validation

        kept = store_validation(ctx.vault(), pdf.name, hashlib.sha256(data).hexdigest(), result)
        result = {**result, "stored": kept.id, "evidence_id": kept.evidence_id}
        lines.append(f"  rapport conservé dans le coffre : {kept.id}")
    return CommandResult(result, "\n".join(lines), 0 if report.ok else 1)


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise BadInput(f"--at: not an ISO 8601 date: {text!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
