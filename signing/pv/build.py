"""From the vault's records to a PV: collect, check the named rules, render.

Every blocking rule that fails is reported at once (the officer fixes them all
in one pass); signing is impossible while one fails. Pending timestamps block
too, unless the officer confirms: the PV then says which items are pending and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evidence import dossiers, users
from evidence.items import list_evidence
from evidence.manifests import check_constat_manifests, row_to_manifest
from evidence.model import Constat, EvidenceItem
from evidence.software import SOFTWARE
from evidence.vault import Vault
from signing.pv.model import EnvironmentSummary, Officer, PvDocument, PvEntry
from signing.tsa.coverage import ItemCoverage, coverage

IMAGE_KINDS = ("screenshot", "photo")
ATTACH_KINDS = ("video_segment",)


@dataclass(frozen=True)
class RuleResult:
    rule: str
    ok: bool
    message_fr: str
    subjects: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "message": self.message_fr,
                "subjects": list(self.subjects)}


@dataclass(frozen=True)
class PvInputs:
    constat: Constat
    items: tuple[EvidenceItem, ...]  # the annexes: everything but the PV's own versions
    all_items: tuple[EvidenceItem, ...]
    cover: dict[str, ItemCoverage]


def _inputs(vault: Vault, constat_id: str) -> PvInputs:
    constat = dossiers.get_constat(vault, constat_id)
    every = tuple(list_evidence(vault, constat_id))
    return PvInputs(constat, tuple(i for i in every if i.kind != "pv"), every,
                    {c.evidence_id: c for c in coverage(vault, constat_id)})


def check_rules(vault: Vault, constat_id: str, *, confirm_pending: bool = False
                ) -> list[RuleResult]:
    inp = _inputs(vault, constat_id)
    c, items = inp.constat, inp.items
    dossier = dossiers.get_dossier(vault, c.dossier_id)
    results = [
        RuleResult("requester", bool(dossier.requester.strip()),
                   "Le requérant du dossier n'est pas renseigné."),
        RuleResult("mission", bool(c.mission.strip()), "La mission du constat n'est pas renseignée."),
        RuleResult("closed", c.status == "closed",
                   "Le constat doit être clos avant la signature du procès-verbal."),
        RuleResult("signer_role", vault.session.user.role == "commissaire"
                   and vault.session.user.id == c.officer_id,
                   "Seul le commissaire de justice qui a mené le constat peut le signer."),
    ]
    phases = {i.metadata.get("phase") for i in items if i.kind == "environment"}
    missing = [p for p in ("start", "end") if p not in phases]
    results.append(RuleResult("environment", not missing,
                              "Relevé d'environnement manquant : "
                              + ", ".join({"start": "début", "end": "fin"}[p] for p in missing),
                              tuple(missing)))
    damaged = [i.annex_label for i in items if not vault.blobs.check(i.blob_id, i.sha256).ok]
    results.append(RuleResult("annex_integrity", not damaged,
                              "Annexe absente ou altérée : " + ", ".join(damaged), tuple(damaged)))
    results.append(_unchanged_rule(vault, inp))
    results.append(_chronology_rule(items))
    pending = [i.annex_label for i in items if inp.cover[i.id].status == "pending"]
    results.append(RuleResult(
        "timestamps", not pending or confirm_pending,
        "Horodatage en attente pour les annexes " + ", ".join(pending)
        + " : obtenez-les (timestamp flush) ou confirmez que le PV le mentionne.",
        tuple(pending)))
    return results


def _unchanged_rule(vault: Vault, inp: PvInputs) -> RuleResult:
    keys = {r["id"]: bytes(r["public_key"])
            for r in vault.db.query("SELECT id, public_key FROM workstation_keys")}
    manifests = [row_to_manifest(r) for r in vault.db.query(
        "SELECT * FROM manifests WHERE constat_id = ?", (inp.constat.id,))]
    problems = check_constat_manifests(manifests, list(inp.all_items), keys)
    annex = {i.id: i.annex_label for i in inp.items}
    changed = sorted({annex.get(p.evidence_id, p.evidence_id) for p in problems})
    return RuleResult("unchanged", not changed,
                      "Pièce modifiée depuis sa capture (manifeste signé) : " + ", ".join(changed),
                      tuple(changed))


def _chronology_rule(items: tuple[EvidenceItem, ...]) -> RuleResult:
    firsts = [i for i in items if i.part_no in (0, 1)]
    firsts.sort(key=lambda i: i.annex_no)
    bad = [b.annex_label for a, b in zip(firsts, firsts[1:], strict=False)
           if b.captured_at <= a.captured_at and b.annex_no != a.annex_no]
    return RuleResult("chronology", not bad,
                      "Les heures des annexes ne croissent pas strictement : " + ", ".join(bad),
                      tuple(bad))


def _description(item: EvidenceItem) -> str:
    meta = item.metadata
    for key in ("description", "window_title", "title"):
        if isinstance(meta.get(key), str) and meta[key]:
            return str(meta[key])
    if item.origin == "imported":
        return f"Fichier remis par le requérant : {item.filename} (contexte de création non certifié)."
    return {"screenshot": "Capture d'écran.", "video": "Enregistrement vidéo de l'écran.",
            "video_segment": "Segment de l'enregistrement vidéo.", "photo": "Photographie.",
            "environment": "Relevé automatique de l'environnement de constatation."}.get(
        item.kind, item.kind)


def collect(vault: Vault, constat_id: str, *, pv_id: str, narrative: str = "",
            attachment_limit: int = 50 << 20, confirm_pending: bool = False) -> PvDocument:
    inp = _inputs(vault, constat_id)
    c = inp.constat
    dossier = dossiers.get_dossier(vault, c.dossier_id)
    officer = users.get_user(vault, c.officer_id)
    attach_total = sum(i.size for i in inp.items if i.kind in ATTACH_KINDS)
    entries, env = [], []
    for item in inp.items:
        cov = inp.cover[item.id]
        content = (vault.blobs.read_all(item.blob_id)
                   if item.kind in IMAGE_KINDS or (item.kind in ATTACH_KINDS
                                                   and attach_total <= attachment_limit) else None)
        entries.append(PvEntry(
            annex=item.annex_label, kind=item.kind, origin=item.origin,
            captured_local=item.captured_local[:19].replace("T", " "),
            tsa_time=cov.tsa_times[0][:19].replace("T", " ") if cov.tsa_times else None,
            tsa_pending_reason=cov.pending_reason, description=_description(item),
            sha256=item.sha256, size=item.size, filename=item.filename or item.id,
            image=content if item.kind in IMAGE_KINDS else None,
            attachment=content if item.kind in ATTACH_KINDS else None,
            referenced_only=item.kind in ATTACH_KINDS and attach_total > attachment_limit))
        if item.kind == "environment":
            env.append(EnvironmentSummary(
                str(item.metadata.get("phase", "")), item.captured_local[:19].replace("T", " "),
                item.annex_label, tuple(item.metadata.get("summary_fr", ())),
                tuple(item.metadata.get("warnings", ()))))
    pending = [e for e in entries if e.tsa_time is None]
    note = None
    if pending and confirm_pending:
        note = ("Le commissaire de justice constate que l'horodatage qualifié des annexes "
                + ", ".join(f"{e.annex} ({e.tsa_pending_reason})" for e in pending)
                + " n'a pas pu être obtenu à la date du présent acte ; leur empreinte figure "
                  "ci-dessus et leur horodatage sera joint au lot de preuves dès son obtention.")
    return PvDocument(
        pv_id=pv_id, constat_id=c.id,
        officer=Officer(officer.name, officer.office, officer.address),
        dossier_title=dossier.title, requester=dossier.requester, mission=c.mission,
        started_local=c.started_local[:19].replace("T", " "),
        ended_local=c.ended_local[:19].replace("T", " ") if c.ended_local else None,
        environment=tuple(env), entries=tuple(entries), narrative=narrative,
        demo=vault.demo, software=SOFTWARE, pending_note=note,
        attestation=bool(inp.items) and all(i.origin == "imported" or i.kind == "environment"
                                            for i in inp.items))
