"""Whole-vault verification: every blob's chunks and hash, the database, the journal chain,
the anchors of the journal head kept outside the vault, and semantic cross-checks
(every evidence row journaled and every journaled addition present, nothing added to a
closed constat, unreferenced blobs named, items still waiting for a timestamp)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from evidence import anchors, journal
from evidence.blobstore import LEGACY
from evidence.errors import IntegrityError, StorageError
from evidence.items import list_evidence
from evidence.manifests import cert_verifies, check_constat_manifests, row_to_manifest
from evidence.model import EvidenceItem
from evidence.progress import NEVER_CANCELLED, CancelToken, ProgressCallback, no_progress
from evidence.vault import Vault, role_statement

T = TypeVar("T")


@dataclass(frozen=True)
class Damage:
    area: str  # "evidence", "database", "journal", "keyslots"
    subject: str  # evidence id, journal seq, database page...
    problem: str  # stable reason: chunk_tag, sha256, missing, truncated, hash, link...
    annex: str | None = None
    constat_id: str | None = None
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"area": self.area, "subject": self.subject, "problem": self.problem,
                "annex": self.annex, "constat_id": self.constat_id, "detail": self.detail}


@dataclass(frozen=True)
class VerifyReport:
    items_checked: int
    bytes_checked: int
    journal_entries: int
    damages: tuple[Damage, ...]
    orphan_blobs: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)  # every note and warning, in words
    warnings: tuple[Warning_, ...] = ()  # not damage: what the vault does not yet prove
    anchors: tuple[anchors.AnchorFinding, ...] = ()
    orphan_blob_ids: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.damages

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "items_checked": self.items_checked,
                "bytes_checked": self.bytes_checked, "journal_entries": self.journal_entries,
                "orphan_blobs": self.orphan_blobs, "orphan_blob_ids": list(self.orphan_blob_ids),
                "notes": list(self.notes), "warnings": [w.to_json() for w in self.warnings],
                "anchors": [a.to_json() for a in self.anchors],
                "damages": [d.to_json() for d in self.damages]}


@dataclass(frozen=True)
class Warning_:
    code: str  # timestamp_pending, anchor_unavailable, anchor_loss_accepted...
    count: int
    text: str  # French, as the report shows it

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "count": self.count, "text": self.text}


def check_journal(vault: Vault) -> tuple[int, list[Damage]]:
    try:
        rows = vault.db.query("SELECT * FROM journal ORDER BY seq")
    except (IntegrityError, StorageError) as exc:
        return 0, [Damage("journal", "-", "unreadable", detail=str(exc))]
    entries = [journal.row_to_entry(r) for r in rows]
    problems = journal.verify_chain(entries, vault.id)
    return len(entries), [Damage("journal", f"seq {p.seq}", p.problem) for p in problems]


def check_manifests(vault: Vault, items: list[EvidenceItem]) -> list[Damage]:
    """Every item's signed manifest, and the manifest chain of each constat."""
    try:
        keys = {r["id"]: bytes(r["public_key"])
                for r in vault.db.query("SELECT id, public_key FROM workstation_keys")}
        manifests = [row_to_manifest(r) for r in vault.db.query("SELECT * FROM manifests")]
    except (IntegrityError, StorageError) as exc:
        return [Damage("manifests", "-", "unreadable", detail=str(exc))]
    annex = {i.id: i.annex_label for i in items}
    damages: list[Damage] = []
    for constat_id in sorted({i.constat_id for i in items} | {m.constat_id for m in manifests}):
        problems = check_constat_manifests(
            [m for m in manifests if m.constat_id == constat_id],
            [i for i in items if i.constat_id == constat_id], keys)
        damages += [Damage("manifest", p.evidence_id, p.problem, annex=annex.get(p.evidence_id),
                           constat_id=constat_id) for p in problems]
    return damages


@dataclass
class _Key:
    user: str
    public: bytes
    revoked_at: int | None = None


_NEVER = 1 << 62


class _Signers:
    """Who held which signing key and which role when, rebuilt from the journal alone, each
    grant and key taken only with a certificate signed by a key whose user was a
    commissaire at that entry (the founder's first slot is the root; before the slot keys
    existed, a legacy vault's roles are taken as journaled)."""

    def __init__(self, vault: Vault, rows: list[Any]) -> None:
        self.vault = vault
        self.roles: dict[str, list[tuple[int, str]]] = {}
        self.keys: dict[str, _Key] = {}
        self.legacy_slots: dict[str, str] = {}
        self.added: dict[str, int] = {}  # evidence id -> seq of its evidence_added
        self.damages: list[Damage] = []
        self.boundary = _NEVER  # entries from here on need certificates
        founder: str | None = None
        founding = True
        for row in rows:
            seq, action, subject = int(row["seq"]), str(row["action"]), str(row["subject"])
            d = json.loads(row["details"])
            if action == "vault_created" and d.get("slot_keys"):
                self.boundary = 0
            if action == "signing_keys_introduced" and self.boundary == _NEVER:
                self.boundary = seq
            founding = founding and action in ("vault_created", "user_added", "slot_added")
            if action == "user_added" and founder is None:
                founder = subject
                self.roles[subject] = [(seq, str(d.get("role")))]
            elif action in ("user_added", "user_role_changed"):
                self._grant(seq, subject, str(d.get("role")), d.get("cert"))
            elif action in ("slot_added", "slot_upgraded"):
                user = str(d.get("user") or founder or row["user_id"])
                self._key(seq, action, subject, user, d, founding)
            elif action == "slot_removed":
                self._revoke(subject, seq)
            elif action == "user_deactivated":
                for slot in d.get("slots_removed", []):
                    self._revoke(str(slot), seq)
            elif action == "evidence_added":
                self.added.setdefault(subject, seq)

    def role_at(self, user: str, seq: int) -> str | None:
        held = [role for at, role in self.roles.get(user, []) if at <= seq]
        return held[-1] if held else None

    def _valid(self, key_id: str, seq: int) -> _Key | None:
        key = self.keys.get(key_id)
        if key is None or (key.revoked_at is not None and seq >= key.revoked_at):
            return None
        return key

    def _officer_key(self, key_id: str, seq: int) -> _Key | None:
        key = self._valid(key_id, seq)
        return key if key is not None and self.role_at(key.user, seq) == "commissaire" else None

    def _grant(self, seq: int, user: str, role: str, cert: Any) -> None:
        signer = self._officer_key(str(cert.get("by")), seq) if isinstance(cert, dict) else None
        if seq < self.boundary or (signer is not None and cert_verifies(
                cert, signer.public, self.vault.id, role_statement(user, role))):
            self.roles.setdefault(user, []).append((seq, role))
            return
        self.damages.append(Damage(
            "user", user, "role_unproven",
            detail=f"le rôle « {role} » donné à l'entrée {seq} du journal ne porte pas la "
                   "signature d'un commissaire de justice : il n'est pas pris en compte"))

    def _key(self, seq: int, action: str, slot: str, user: str, d: dict[str, Any],
             founding: bool) -> None:
        public = d.get("signing_key")
        if public is None:  # a slot from before the slot keys
            self.legacy_slots.setdefault(slot, user)
            return
        cert = d.get("cert")
        by = str(cert.get("by")) if isinstance(cert, dict) else ""
        statement = {"what": "signing_key", "key": slot, "public_key": public, "user": user}
        signer: _Key | None
        if founding:  # the root: the founder's slots, the first one self-certified
            signer = _Key(user, bytes.fromhex(public)) if by == slot else self.keys.get(by)
        elif action == "slot_upgraded":
            # A legacy slot gets its key at its first unlock after the update: self-
            # certified, once, for the user it was added for (trust on first use).
            ok = by == slot and self.legacy_slots.get(slot) == user and slot not in self.keys
            signer = _Key(user, bytes.fromhex(public)) if ok else None
        else:  # a commissaire's key, or a valid key of the same user (their own new token)
            same_user = self._valid(by, seq)
            signer = self._officer_key(by, seq) or (
                same_user if same_user is not None and same_user.user == user else None)
        allowed, signer_public = signer is not None, signer.public if signer else b""
        if allowed and cert_verifies(cert, signer_public, self.vault.id, statement):
            self.keys[slot] = _Key(user, bytes.fromhex(public))
            return
        self.damages.append(Damage(
            "key", slot, "key_unproven",
            detail=f"la clé de signature de l'emplacement {slot} (utilisateur {user}, entrée "
                   f"{seq}) n'est certifiée ni par un commissaire de justice ni par une autre "
                   "clé de cet utilisateur : rien de ce qu'elle signe n'est accepté"))

    def _revoke(self, slot: str, seq: int) -> None:
        key = self.keys.get(slot)
        if key is not None and key.revoked_at is None:
            key.revoked_at = seq


def check_signers(vault: Vault, items: list[EvidenceItem]) -> list[Damage]:
    """Every manifest signed by a key the journal certifies, of the user it names, not
    removed by then; every capture by a user who was a commissaire at that entry; the
    users table's roles are the journal's."""
    try:
        rows = vault.db.query("SELECT seq, user_id, action, subject, details FROM journal"
                              " ORDER BY seq")
        table = {str(r["id"]): (bytes(r["public_key"]), str(r["kind"]))
                 for r in vault.db.query("SELECT id, public_key, kind FROM workstation_keys")}
        manifests = [row_to_manifest(r) for r in vault.db.query("SELECT * FROM manifests")]
        users = {str(r["id"]): (str(r["name"]), str(r["role"]))
                 for r in vault.db.query("SELECT id, name, role FROM users")}
    except (IntegrityError, StorageError) as exc:
        return [Damage("journal", "-", "unreadable", detail=str(exc))]
    signers = _Signers(vault, rows)
    damages = list(signers.damages)
    by_id = {i.id: i for i in items}
    usurped: dict[str, list[EvidenceItem]] = {}
    for m in manifests:
        item, seq = by_id.get(m.evidence_id), signers.added.get(m.evidence_id)
        if item is None or seq is None:
            continue  # reported by the semantic checks
        key = signers.keys.get(m.key_id)
        public, kind = table.get(m.key_id, (b"", ""))
        where = {"annex": item.annex_label, "constat_id": item.constat_id}
        if key is None:
            if kind == "workstation" and seq < signers.boundary:
                continue  # signed before the slot keys, by the workstation key of then
            problem = ("legacy_key_after_retirement" if kind == "workstation"
                       else "key_unregistered")
            damages.append(Damage("manifest", item.id, problem, **where,
                                  detail=f"signé par la clé {m.key_id}, qu'aucune entrée "
                                         "certifiée du journal n'attribue à cette date"))
            continue
        if public != key.public:
            damages.append(Damage("manifest", item.id, "key_substituted", **where,
                                  detail=f"la clé publique {m.key_id} de la base n'est pas "
                                         "celle que le journal a certifiée"))
        if key.user != (m.body.get("user") or {}).get("id") or key.user != item.created_by:
            damages.append(Damage("manifest", item.id, "signer_mismatch", **where,
                                  detail=f"signé par une clé de {key.user}, attribué à "
                                         f"{item.created_by}"))
        if key.revoked_at is not None and seq >= key.revoked_at:
            damages.append(Damage("manifest", item.id, "key_revoked", **where,
                                  detail=f"signé par la clé {m.key_id}, retirée à l'entrée "
                                         f"{key.revoked_at} du journal"))
        if item.origin == "captured" and signers.role_at(key.user, seq) != "commissaire":
            usurped.setdefault(key.user, []).append(item)
    for user, taken in usurped.items():
        name = users.get(user, (user, ""))[0]
        role = signers.role_at(user, signers.added[taken[-1].id]) or "aucun"
        damages.append(Damage(
            "capture", user, "captured_without_role",
            annex=", ".join(i.annex_label for i in taken), constat_id=taken[0].constat_id,
            detail=f"{name} ({user}) n'était pas commissaire de justice quand ont été faites "
                   f"les captures {', '.join(f'{i.annex_label} ({i.id})' for i in taken)} : "
                   f"son rôle au journal était « {role} »"))
    for user, (name, role) in sorted(users.items()):
        granted = signers.roles.get(user)
        if granted and granted[-1][1] != role:
            damages.append(Damage(
                "user", user, "role_tampered",
                detail=f"le rôle de {name} dans la table des utilisateurs (« {role} ») n'est "
                       f"pas celui que le journal lui a donné (« {granted[-1][1]} »)"))
    return damages


def check_anchors(vault: Vault) -> tuple[list[anchors.AnchorFinding], list[Damage],
                                         list[Warning_]]:
    """The anchors as the unlock found them (before it wrote anything) and as they are
    now: an alarm in either is damage; an anchor that cannot be read is said, never
    taken as a pass."""
    at_open = {f.anchor: f for f in vault.anchors.at_open}
    now = {f.anchor: f for f in vault.check_anchors()}
    findings: list[anchors.AnchorFinding] = []
    for name in [*at_open, *[n for n in now if n not in at_open]]:
        first, current = at_open.get(name), now.get(name)
        chosen = first if first is not None and (first.alarm or current is None) else current
        assert chosen is not None
        findings.append(chosen)
    damages = [Damage("anchor", f.anchor, f.state, detail=f.french()) for f in findings
               if f.alarm]
    warnings = [Warning_(f"anchor_{f.state}", 1, f.french()) for f in findings
                if f.state in (anchors.UNAVAILABLE, anchors.ABSENT, anchors.BEHIND)]
    for row in vault.db.query("SELECT seq, at_local, user_id, details FROM journal"
                              " WHERE action = 'anchor_loss_accepted' ORDER BY seq"):
        warnings.append(Warning_("anchor_loss_accepted", 1,
                                 f"Perte acceptée à l'ouverture (entrée {row['seq']}, "
                                 f"{row['at_local']}, par {row['user_id']}) : le coffre était "
                                 "plus ancien que ses ancres ; les entrées perdues manquent"))
    return findings, damages, warnings


def check_semantics(vault: Vault, items: list[EvidenceItem]) -> list[Damage]:
    """Every evidence row has its ``evidence_added`` entry and every such entry its row;
    nothing captured or imported into a constat after its ``constat_closed`` entry (the
    PV, generated, comes after closing by design); a constat closed in the journal is
    closed in its table."""
    try:
        added = vault.db.query("SELECT seq, subject, constat_id, details FROM journal"
                               " WHERE action = 'evidence_added' ORDER BY seq")
        closed = {str(r["constat_id"]): int(r["seq"]) for r in reversed(vault.db.query(
            "SELECT seq, constat_id FROM journal WHERE action = 'constat_closed'"
            " ORDER BY seq"))}
        status = {str(r["id"]): str(r["status"])
                  for r in vault.db.query("SELECT id, status FROM constats")}
    except (IntegrityError, StorageError) as exc:
        return [Damage("journal", "-", "unreadable", detail=str(exc))]
    by_id = {i.id: i for i in items}
    journaled: dict[str, int] = {}
    damages: list[Damage] = []
    for row in added:
        evidence_id, seq = str(row["subject"]), int(row["seq"])
        journaled.setdefault(evidence_id, seq)
        item = by_id.get(evidence_id)
        if item is None:
            damages.append(Damage("journal", f"seq {seq}", "evidence_missing",
                                  constat_id=row["constat_id"],
                                  detail=f"journaled evidence {evidence_id} has no row"))
            continue
        close_seq = closed.get(item.constat_id)
        if close_seq is not None and seq > close_seq and item.origin != "generated":
            damages.append(Damage(
                "constat", item.constat_id, "added_after_close", annex=item.annex_label,
                constat_id=item.constat_id,
                detail=f"evidence {item.id} (journal seq {seq}) after constat_closed "
                       f"(seq {close_seq})"))
    for item in items:
        if item.id not in journaled:
            damages.append(Damage("evidence", item.id, "unjournaled", annex=item.annex_label,
                                  constat_id=item.constat_id,
                                  detail="no evidence_added journal entry"))
    for constat_id, seq in closed.items():
        if status.get(constat_id, "closed") != "closed":
            damages.append(Damage("constat", constat_id, "reopened", constat_id=constat_id,
                                  detail=f"closed in the journal (seq {seq}), open in its table"))
    return damages


def failures_tampering(vault: Vault) -> list[Damage]:
    """Failed unlock attempts hidden: the file that holds them while the vault is locked
    was deleted, shortened or edited (found at an unlock, journaled then)."""
    try:
        rows = vault.db.query("SELECT seq, at_local, details FROM journal"
                              " WHERE action = 'unlock_failures_tampered' ORDER BY seq")
    except (IntegrityError, StorageError):
        return []
    return [Damage("unlock_failures", f"seq {r['seq']}", "unlock_failures_tampered",
                   detail=f"le registre des tentatives d'ouverture échouées "
                          f"(vault/unlock-failures.jsonl) a été supprimé ou modifié, constaté "
                          f"à l'ouverture du {r['at_local']} : "
                          + "; ".join(json.loads(r["details"]).get("problems", [])))
            for r in rows]


def pending_timestamps(vault: Vault) -> list[Warning_]:
    try:
        rows = vault.db.query("SELECT subject_kind, count(*) FROM timestamp_queue"
                              " GROUP BY subject_kind")
    except (IntegrityError, StorageError):
        return []
    counts = {str(r[0]): int(r[1]) for r in rows}
    if not counts:
        return []
    words = {"evidence": "pièce(s)", "journal": "entrée(s) de journal"}
    parts = ", ".join(f"{n} {words.get(kind, kind)}" for kind, n in sorted(counts.items()))
    return [Warning_("timestamp_pending", sum(counts.values()),
                     f"Pas encore d'horodatage qualifié pour {parts} : en attente, "
                     "« probant timestamp flush » les couvrira")]


def _blob_detail(item: EvidenceItem, holds: str,
                 by_blob: dict[str, list[EvidenceItem]]) -> str:
    """A blob file that holds another blob's content: name both sides."""
    if not holds:
        return ""
    others = by_blob.get(holds, [])
    whose = (", ".join(f"{o.id} (annexe {o.annex_label})" for o in others)
             if others else "aucune pièce enregistrée")
    return (f"le fichier du blob {item.blob_id} (pièce {item.id}, annexe {item.annex_label}) "
            f"contient le blob {holds}, celui de : {whose}")


ExtraCheck = Callable[[Vault, list[EvidenceItem]], list[Damage]]


def _guarded(vault: Vault, check: str, run: Callable[[], T], damages: list[Damage],
             empty: T) -> T:
    """``run()``, or ``empty`` with the unreadable part recorded in ``damages``; the
    next check then reads on a fresh connection (SQLCipher keeps a page's error on the
    connection that met it)."""
    try:
        return run()
    except (IntegrityError, StorageError) as exc:
        damages.append(Damage("database", check, "unreadable", detail=str(exc)))
        _fresh_connection(vault)
        return empty


def _fresh_connection(vault: Vault) -> None:
    try:
        vault.db.reconnect()
    except (IntegrityError, StorageError):
        pass  # the file cannot be opened at all: each later check says it cannot read


def verify_vault(vault: Vault, *, progress: ProgressCallback = no_progress,
                 cancel: CancelToken = NEVER_CANCELLED,
                 extra_checks: Sequence[ExtraCheck] = ()) -> VerifyReport:
    """``extra_checks`` come from other domains (timestamps, signatures) without a cycle."""
    damages: list[Damage] = []
    damages += [Damage("database", "pages", "integrity", detail=p)
                for p in vault.db.integrity_problems()]
    if damages:
        _fresh_connection(vault)
    unreadable_items = False
    try:
        items = list_evidence(vault)
    except (IntegrityError, StorageError) as exc:
        items, unreadable_items = [], True
        damages.append(Damage("database", "evidence table", "unreadable", detail=str(exc)))
        _fresh_connection(vault)
    total = sum(i.size for i in items)
    done = 0
    referenced = set()
    legacy = 0
    by_blob: dict[str, list[EvidenceItem]] = {}
    for item in items:
        by_blob.setdefault(item.blob_id, []).append(item)
    for item in items:
        cancel.raise_if_cancelled()
        referenced.add(item.blob_id)
        check = vault.blobs.check(item.blob_id, item.sha256, cancel=cancel)
        legacy += check.binding == LEGACY
        if not check.ok:
            damages.append(Damage("evidence", item.id, check.problem, annex=item.annex_label,
                                  constat_id=item.constat_id,
                                  detail=_blob_detail(item, check.holds, by_blob)))
        elif check.size != item.size:
            damages.append(Damage("evidence", item.id, "size", annex=item.annex_label,
                                  constat_id=item.constat_id))
        done += item.size
        progress(done, total)
    # Each check reads its own tables: a damaged page in one of them is reported as that
    # check's finding and the others still run (a per-item report, never an abort).
    none: list[Damage] = []
    damages += _guarded(vault, "manifests", partial(check_manifests, vault, items), damages, none)
    for check_more in extra_checks:
        damages += _guarded(vault, getattr(check_more, "__name__", "check"),
                            partial(check_more, vault, items), damages, none)
    no_journal: tuple[int, list[Damage]] = (0, [])
    entries, journal_damage = _guarded(vault, "journal", partial(check_journal, vault), damages,
                                       no_journal)
    damages += journal_damage
    damages += _guarded(vault, "semantics", partial(check_semantics, vault, items), damages, none)
    damages += _guarded(vault, "signers", partial(check_signers, vault, items), damages, none)
    damages += _guarded(vault, "unlock_failures", partial(failures_tampering, vault), damages, none)
    no_anchors: tuple[list[anchors.AnchorFinding], list[Damage], list[Warning_]] = ([], [], [])
    findings, anchor_damage, warnings = _guarded(vault, "anchors", partial(check_anchors, vault),
                                                 damages, no_anchors)
    damages += anchor_damage
    no_warnings: list[Warning_] = []
    warnings += _guarded(vault, "timestamps", partial(pending_timestamps, vault), damages,
                         no_warnings)
    if legacy:
        warnings.append(Warning_("blob_legacy_binding", legacy,
                                 f"{legacy} pièce(s) chiffrée(s) avant le format 2 : leur "
                                 "empreinte est contrôlée par leur nom, sans sceau qui lie "
                                 "l'identifiant et l'empreinte (liaison ancienne)"))
    orphan_ids = tuple(sorted(b for b in vault.blobs.all_blob_ids() if b not in referenced))
    notes = [w.text for w in warnings]
    if orphan_ids and not items and unreadable_items:
        notes.append(f"{len(orphan_ids)} encrypted blob(s) not matched to their records: "
                     "the evidence table could not be read (see above)")
        orphan_ids = ()
    if orphan_ids:
        why = ("left by the rollback: the rows that referenced them are missing"
               if anchor_damage else
               "an interrupted write (a crash between the blob and its commit), or a record "
               "removed")
        notes.append(f"{len(orphan_ids)} encrypted blob(s) not referenced ({why}): "
                     + ", ".join(orphan_ids))
    report = VerifyReport(len(items), done, entries, tuple(damages), len(orphan_ids),
                          tuple(notes), tuple(warnings), tuple(findings), orphan_ids)
    try:
        vault.log("vault_verified", details={"ok": report.ok, "items": report.items_checked,
                                             "damages": len(report.damages)})
    except (IntegrityError, StorageError):
        pass  # a damaged database may refuse the write; the report still stands
    return report
