"""CLI: ``tsa add/list/remove`` and ``timestamp flush/status/export``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.context import CliContext, CommandResult
from evidence import timestamps as ts
from evidence.errors import BadInput, FileMissing
from evidence.vault import Vault

if TYPE_CHECKING:
    from signing.tsa.flush import FlushConfig


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tsa = sub.add_parser("tsa", help="autorités d'horodatage (RFC 3161)")
    tas = tsa.add_subparsers(dest="action", required=True)
    ta = tas.add_parser("add", help="ajoute une autorité (essayées dans l'ordre d'ajout)")
    ta.add_argument("url")
    ta.add_argument("--trust", required=True,
                    help="certificat(s) PEM de confiance : racine et intermédiaires")
    ta.add_argument("--name", default="")
    ta.add_argument("--tsa-cert", help="certificat de l'autorité, si elle ne le joint pas")
    ta.add_argument("--policy", help="OID de politique exigé")
    tas.add_parser("list", help="liste des autorités")
    tr = tas.add_parser("remove", help="retire une autorité (les jetons obtenus restent)")
    tr.add_argument("id")

    stamp = sub.add_parser("timestamp", help="horodatage des pièces en attente")
    sts = stamp.add_subparsers(dest="action", required=True)
    fl = sts.add_parser("flush", help="obtient les jetons en attente (une requête par lot)")
    fl.add_argument("--constat")
    fl.add_argument("--item", help="horodate une seule pièce, seule")
    fl.add_argument("--dual", action="store_true",
                    help="deux jetons de deux autorités indépendantes")
    st = sts.add_parser("status", help="couverture : pièces horodatées, en attente et écarts")
    st.add_argument("--constat")
    ex = sts.add_parser("export", help="écrit les jetons .tsr et les preuves d'inclusion")
    ex.add_argument("--constat", required=True)
    ex.add_argument("--out", required=True)


def _read_pem(path: str | None) -> str | None:
    if path is None:
        return None
    file = Path(path)
    if not file.is_file():
        raise FileMissing(f"no such file: {file}", path=str(file))
    from signing.tsa.client import load_certificates

    data = file.read_bytes()
    try:
        certs = load_certificates(data)
    except (ValueError, TypeError) as exc:
        raise BadInput(f"{file}: not a certificate ({exc})", path=str(file)) from exc
    if not certs:
        raise BadInput(f"{file}: no certificate in it", path=str(file))
    from asn1crypto import pem

    return "".join(pem.armor("CERTIFICATE", c.dump()).decode() for c in certs)


def cmd_tsa(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.action == "add":
        trust = _read_pem(args.trust)
        assert trust is not None
        auth = ts.add_authority(vault, args.url, trust, name=args.name,
                                tsa_cert_pem=_read_pem(args.tsa_cert), policy=args.policy)
        return CommandResult(auth.to_json(), f"{auth.id}  {auth.name}  {auth.url}")
    if args.action == "remove":
        auth = ts.remove_authority(vault, args.id)
        return CommandResult(auth.to_json(), f"{auth.name} retirée / removed")
    rows = ts.list_authorities(vault)
    return CommandResult([a.to_json() for a in rows],
                         "\n".join(f"{a.position}. {a.name}  {a.url}" for a in rows))


def flush_config(ctx: CliContext, *, dual: bool = False) -> FlushConfig:
    from app.settings import load_settings
    from signing.tsa.flush import FlushConfig  # pyHanko is heavy: loaded when needed

    settings = load_settings(ctx.opts.home)
    return FlushConfig(timeout_s=float(settings.tsa_timeout_s),
                       skew_warning_s=settings.clock_skew_warning_s, dual=dual)


def cmd_timestamp(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from signing.tsa import coverage
    from signing.tsa.flush import flush

    vault = ctx.vault()
    if args.action == "flush":
        result = flush(vault, flush_config(ctx, dual=args.dual), constat_id=args.constat, subject_id=args.item,
                       progress=ctx.progress("horodatage"))
        lines = [f"{result.covered} élément(s) horodaté(s) / timestamped"]
        lines += [f"  {t.tsa_name}  {t.gen_time}  racine {t.root[:16]}…" for t in result.tokens]
        lines += [f"  échec / failed {f.tsa}: {f.detail}" for f in result.failures]
        return CommandResult(result.to_json(), "\n".join(lines))
    if args.action == "export":
        index = coverage.export_timestamps(vault, args.constat, Path(args.out))
        return CommandResult(index, f"{len(index['tokens'])} jeton(s) → {args.out}")
    return _status(vault, args.constat)


def _status(vault: Vault, constat_id: str | None) -> CommandResult:
    from signing.tsa import coverage
    from signing.tsa.flush import journal_covered

    items = coverage.coverage(vault, constat_id)
    pending = [i for i in items if i.status == "pending"]
    head = vault.db.query_one("SELECT MAX(seq) FROM journal")
    data = {"covered": len(items) - len(pending), "pending": len(pending),
            "journal_covered_seq": journal_covered(vault),
            "journal_head_seq": int(head[0]) if head and head[0] is not None else 0,
            "items": [i.to_json() for i in items]}
    lines = [f"{data['covered']} horodatée(s), {data['pending']} en attente"]
    for i in items:
        state = (f"TSA {i.tsa_times[0]}  écart {i.gap_s:+.1f} s" if i.status == "covered"
                 else f"en attente : {i.pending_reason}")
        lines.append(f"  annexe {i.annex:<6} {i.captured_at}  {state}")
    return CommandResult(data, "\n".join(lines))


def timestamp_after_capture(ctx: CliContext, vault: Vault, constat_id: str) -> dict[str, object]:
    """Right after a capture: try to cover it now; offline, it simply stays queued."""
    from app.settings import load_settings
    from signing.tsa.errors import TimestampError
    from signing.tsa.flush import try_flush

    if not load_settings(ctx.opts.home).timestamp_after_capture or not ts.list_authorities(vault):
        return {"status": "pending", "reason": "no TSA configured"}
    result = try_flush(vault, flush_config(ctx), constat_id=constat_id)
    if isinstance(result, TimestampError):
        return {"status": "pending", "reason": result.code}
    return {"status": "covered", "tokens": [t.id for t in result.tokens]}
