"""CLI: ``remote add s3|folder / list / test / verify``, ``sync``, ``restore`` (docs/sync.md)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

from app.cli.context import PROGRESS_LINE, CliContext, CommandResult
from app.services import sync as sync_service
from app.services.sync import RemoteConfig, S3Credentials


def _s3_credentials(ctx: CliContext, args: argparse.Namespace) -> S3Credentials | None:
    """``--access-key-id`` and its secret: PROBANT_S3_SECRET, else typed without echo; never
    an argument (it would sit in the shell's history and the process list)."""
    if not args.access_key_id:
        return None
    secret = os.environ.get("PROBANT_S3_SECRET", "")
    if not secret and sys.stdin is not None and sys.stdin.isatty():
        secret = getpass.getpass("Clé secrète S3 : " if ctx.lang == "fr" else "S3 secret key: ")
    return S3Credentials(args.access_key_id, secret)


def cmd_remote(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    home = ctx.opts.home
    if args.action == "add":
        if args.kind == "s3":
            cfg = RemoteConfig(args.name, "s3", endpoint=args.endpoint, bucket=args.bucket,
                               region=args.region, path_style=not args.virtual_host,
                               prefix=args.prefix, retention_days=args.retention_days,
                               max_rate=args.max_rate)
        else:
            from pathlib import Path

            cfg = RemoteConfig(args.name, "folder", path=str(Path(args.path).resolve()),
                               max_rate=args.max_rate)
        credentials = _s3_credentials(ctx, args) if args.kind == "s3" else None
        from evidence.vault import vault_exists

        # journaled where there is a vault; an empty home (before a restore) has none yet
        vault = ctx.vault() if vault_exists(home) else None
        added = sync_service.add_remote(home, cfg, credentials, vault)
        return CommandResult({"id": added.name, **added.to_json(),
                              "credentials": "keyring" if credentials else "environment"
                              if added.kind == "s3" else "none"},
                             f"{added.name}  {added.kind}  {added.where()}")
    if args.action == "list":
        rows = sync_service.list_remotes(home)
        return CommandResult([r.to_json() for r in rows],
                             "\n".join(f"{r.name}  {r.kind}  {r.where()}" for r in rows))
    if args.action == "test":
        caps = sync_service.test_remote(home, args.name)
        data = {"remote": args.name, **caps.__dict__, "missing": list(caps.missing),
                "ok": caps.reachable and caps.writable}
        lines = [f"{args.name} : joignable {_yes(caps.reachable)}, écriture "
                 f"{_yes(caps.writable)}, versionnage {_yes(caps.versioning)}, Object Lock "
                 f"{_yes(caps.object_lock)}" + (f" ({caps.lock_mode}, {caps.retention_days} j)"
                                               if caps.lock_mode else "")]
        lines += [f"  manque : {m}" for m in caps.missing]
        return CommandResult(data, "\n".join(lines), 0 if data["ok"] else 4)
    if args.action == "promote":
        return _promote(ctx, args)
    vault = ctx.vault()
    result = sync_service.verify_remote(
        vault, home, args.name, deep=args.deep, max_rate=args.max_rate,
        progress=transfer_progress("relecture") if args.deep else ctx.progress("vérification"))
    lines = [f"{args.name} : {result.checked} objet(s) vérifié(s)"
             + (" (relus)" if result.deep else "")]
    lines += [f"  manquant / missing : {n}" for n in result.missing]
    lines += [f"  endommagé / corrupt : {n}" for n in result.corrupt]
    if result.rollback:
        lines.append(f"  ALERTE : le stockage distant est en avance sur le coffre (journal "
                     f"{result.remote_seq} contre {result.local_seq}) : retour en arrière ?")
    if result.missing or result.corrupt:
        lines.append("  « probant sync » renverra ces objets.")
    return CommandResult(result.to_json(), "\n".join(lines), 0 if result.ok else 1)


def _promote(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    if not args.confirm:
        from evidence.errors import BadInput

        raise BadInput("remote promote makes this copy the vault's origin: the former origin "
                       "workstation must no longer be used for this vault; run again with "
                       "--confirm", problem="confirm")
    report = sync_service.promote(ctx.vault(), ctx.opts.home, args.name,
                                  progress=transfer_progress("envoi"))
    done = report.promotion
    text = (f"Ce poste est désormais le poste d'origine du coffre (il reprend le journal "
            f"{done.base_seq} de {done.remote}). L'ancien poste d'origine ne doit plus servir "
            "pour ce coffre : ses envois seront refusés.")
    if report.pushed is not None:
        text += f"\n{done.remote} : synchronisé, journal {report.pushed.journal_seq}"
    elif report.push_error is not None:
        text += (f"\n{done.remote} : envoi en attente ({report.push_error.detail}) ; "
                 "lancez « probant sync »")
    return CommandResult(report.to_json(), text)


def cmd_sync(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    vault = ctx.vault()
    if args.pull:
        if args.remote and len(args.remote) > 1:
            from evidence.errors import BadInput

            raise BadInput("sync --pull takes one remote")
        pulled = sync_service.pull(vault, ctx.opts.home, args.remote[0] if args.remote
                                   else None, max_rate=args.max_rate,
                                   progress=transfer_progress("réception"))
        if not pulled.pulled:
            text = f"{pulled.remote} : copie déjà à jour (journal {pulled.to_seq})"
        else:
            text = (f"{pulled.remote} : copie mise à jour, journal {pulled.from_seq} → "
                    f"{pulled.to_seq}, {pulled.blobs} fichier(s) reçu(s)"
                    + (f" ; {len(pulled.set_aside)} entrée(s) de ce poste gardée(s) dans "
                       f"{pulled.kept_as}" if pulled.set_aside else ""))
        return CommandResult(pulled.to_json(), text)
    report = sync_service.sync(vault, ctx.opts.home, args.remote or (),
                               max_rate=args.max_rate, progress=transfer_progress("envoi"))
    lines = [f"{r.remote} : {r.blobs_sent} envoyé(s), {r.blobs_repaired} réparé(s), "
             f"{r.already_there} déjà présent(s), journal {r.journal_seq}"
             for r in report.results]
    if report.failures:
        name, first = report.failures[0]
        if not report.results:
            raise first
        lines += [f"{n} : échec, file conservée ({e.detail})" for n, e in report.failures]
        return CommandResult(report.to_json(), "\n".join(lines), first.exit_code)
    return CommandResult(report.to_json(), "\n".join(lines))


def cmd_restore(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    result = sync_service.restore(ctx.opts.home, args.remote, vault_id=args.vault,
                                  max_rate=args.max_rate,
                                  progress=transfer_progress("restauration"))
    return CommandResult({"id": result.vault_id, **result.to_json()},
                         f"Coffre {result.vault_id} restauré ({result.blobs} fichier(s), "
                         f"journal {result.journal_seq}). Déverrouillez-le avec votre clé ou "
                         "le code de récupération, puis lancez « probant verify ».")


def _yes(flag: bool) -> str:
    return "oui" if flag else "non"



def _size(n: float) -> str:
    for unit in ("o", "Kio", "Mio", "Gio"):
        if n < 1024 or unit == "Gio":
            return f"{n:.0f} {unit}" if unit == "o" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} Gio"


class _ProgressLine:
    """The line ``transfer_progress`` draws: bytes, percentage, rate, ETA, and the objects
    done out of those to do when the core counts them (``items``, evidence.progress)."""

    def __init__(self, label: str, out: TextIO, clock: Callable[[], float]) -> None:
        self.label, self.out, self.clock = label, out, clock
        self.start = clock()
        self.last = 0.0
        self.objects = (0, 0)

    def items(self, done: int, total: int) -> None:
        self.objects = (done, total)  # drawn with the next bytes

    def __call__(self, done: int, total: int) -> None:
        if not getattr(self.out, "isatty", lambda: False)():
            return
        now = self.clock()
        finished = bool(total) and done >= total
        if now - self.last < 0.2 and not finished:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-3)
        text = f"\r{self.label} : {_size(done)}"
        if total:
            eta = (total - done) / rate if rate > 0 else 0
            text += (f" / {_size(total)} ({done * 100 // total:3d} %), {_size(rate)}/s, "
                     f"reste {int(eta) // 60:d} min {int(eta) % 60:02d} s")
        else:
            text += f", {_size(rate)}/s"
        if self.objects[1]:
            text += f", {self.objects[0]}/{self.objects[1]} éléments"
        print(text.ljust(79), end="\n" if finished else "", file=self.out, flush=True)
        PROGRESS_LINE.open = not finished


def transfer_progress(label: str, *, stream: TextIO | None = None,
                      clock: Callable[[], float] = time.monotonic) -> _ProgressLine:
    """Bytes, percentage, rate, ETA and objects on stderr, redrawn at most 5 times a
    second, only when stderr is a terminal: stdout (and ``--json``) never sees it."""
    return _ProgressLine(label, stream if stream is not None else sys.stderr, clock)
