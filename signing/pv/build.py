"""From the vault's records to a PV: collect, check the named rules, render.

Every blocking rule that fails is reported at once (the officer fixes them all
in one pass); signing is impossible while one fails. Pending timestamps block
too, unless the officer confirms: the PV then says which items are pending and why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from asn1crypto import x509

from evidence import dossiers, users
from evidence.findings import current_findings, narrative_of
from evidence.items import list_evidence
from evidence.manifests import check_constat_manifests, row_to_manifest
from evidence.model import Constat, EvidenceItem
from evidence.reservations import Reservation, reservations_of
from evidence.software import SOFTWARE
from evidence.timestamps import list_tokens
from evidence.vault import Vault
from signing.pv import claims, times, z67
from signing.pv.model import (
    CertificateFacts,
    EnvironmentSummary,
    Officer,
    PvDocument,
    PvEntry,
    PvReservation,
)
from signing.pv.web import sessions as web_sessions
from signing.tsa.coverage import ItemCoverage, coverage

IMAGE_KINDS = ("screenshot", "photo", "web_viewport", "web_fullpage")
ATTACH_KINDS = ("video_segment",)
# What needs no finding of the officer: the automatic reports, the web session's log and
# its archive (the captures taken from it carry the findings).
NO_FINDING_KINDS = ("environment", "web_log", "web_archive", "pv")


def is_attestation(items: tuple[EvidenceItem, ...]) -> bool:
    """Only handed-in files (and the automatic reports): an attestation de dépôt, not a PV.

    It certifies receipt, date and content of files the officer did not make, and says
    that they are not the officer's constatations: so no finding per file and no
    narrative are required (printed when written), and the NF Z67-147 points, which
    concern the workstation that captures, are not rules of it (``check_rules``)."""
    return any(i.origin == "imported" for i in items) and all(
        i.origin == "imported" or i.kind == "environment" for i in items)


@dataclass(frozen=True)
class RuleResult:
    """One rule of the PV. ``ok`` is what blocks: a failing ``reservable`` point that the
    officer reserved is ok (``reservation`` holds the text) and the PV prints the reservation.
    ``blocking``: a failed rule refuses the signature (all do today)."""

    rule: str
    ok: bool
    message_fr: str
    subjects: tuple[str, ...] = ()
    blocking: bool = True
    reservable: bool = False
    reservation: str = ""  # the officer's reservation on this point, if any
    holds: bool | None = None  # reservable points: whether the point itself holds

    @property
    def code(self) -> str:
        return self.rule

    def to_json(self) -> dict[str, Any]:
        return {"code": self.rule, "rule": self.rule, "ok": self.ok,
                "blocking": self.blocking, "reservable": self.reservable,
                "message": self.message_fr, "subjects": list(self.subjects),
                "reservation": self.reservation or None,
                "holds": self.ok if self.holds is None else self.holds}


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


def check_rules(vault: Vault, constat_id: str, *, confirm_pending: bool = False,
                narrative: str = "", signer_id: str | None = None) -> list[RuleResult]:
    """Every rule at once. ``narrative``: one given for this PV (else the stored one);
    ``signer_id``: the certificate to sign with (else the user's newest)."""
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
    results.append(RuleResult("place", bool(c.place.strip()),
                              "Le lieu des opérations n'est pas renseigné (poste de l'étude ou "
                              "adresse du site)."))
    results.append(_etude_rule(vault, c))
    results += _signer_rules(vault, c, signer_id)
    if is_attestation(items):  # see is_attestation: said as such, never a silent pass
        return [*results, RuleResult(
            "findings", True, "Sans objet : une attestation de dépôt ne comporte pas de "
            "constatation ; une observation écrite sur un fichier y est imprimée."), RuleResult(
            "narrative", True, "Sans objet : une attestation de dépôt n'exige pas de "
            "narration ; celle qui est écrite y est imprimée.")]
    results.append(_findings_rule(vault, inp))
    stored = narrative_of(vault, constat_id)
    results.append(RuleResult("narrative", bool(narrative.strip() or (stored and stored.text)),
                              "La narration du commissaire de justice n'est pas rédigée."))
    results += _reservable_rules(vault, inp)
    return results


def _etude_rule(vault: Vault, constat: Constat) -> RuleResult:
    """The officer's étude and its address head the PV (art. 648 CPC: the officer's
    name, « demeure » and signature); a PV signed with « [étude non renseignée] » would
    be missing them."""
    officer = users.get_user(vault, constat.officer_id)
    missing = tuple(field for field, value in (("office", officer.office),
                                               ("address", officer.address))
                    if not value.strip())
    words = " et ".join({"office": "le nom", "address": "l'adresse"}[f] for f in missing)
    return RuleResult("etude", not missing,
                      f"L'étude du commissaire de justice n'est pas renseignée ({words}), "
                      "que le procès-verbal imprime (art. 648 CPC) : « Utilisateurs » › "
                      "« Modifier l'étude… », ou « probant user etude --office … "
                      "--address … ».", missing)


def _signer_row(vault: Vault, signer_id: str | None) -> Any:
    rows = vault.db.query("SELECT * FROM signers WHERE active = 1 AND user_id = ?"
                          " ORDER BY added_at DESC", (vault.session.user.id,))
    return next((r for r in rows if signer_id in (None, r["id"])), None)


def signer_certificate(vault: Vault, signer_id: str | None = None) -> x509.Certificate | None:
    """The certificate kept with the signer (schema 9); None for one added before."""
    row = _signer_row(vault, signer_id)
    if row is None or row["certificate"] is None:
        return None
    return x509.Certificate.load(bytes(row["certificate"]))


def officer_name(vault: Vault, constat: Constat) -> str:
    return users.get_user(vault, constat.officer_id).name


def identity_rule(officer: str, cert_name: str) -> RuleResult:
    return RuleResult("signer_identity", claims.names_match(officer, cert_name),
                      f"Le certificat de signature est au nom de « {cert_name} », qui n'est "
                      f"pas le commissaire de justice du constat ({officer}).", (cert_name,))


def key_usage_rule(cert: x509.Certificate) -> RuleResult:
    usage = sorted(cert.key_usage_value.native) if cert.key_usage_value else []
    return RuleResult("signer_key_usage", claims.key_usage_allows_signing(cert),
                      "L'usage de la clé du certificat ne permet pas la signature "
                      "(non-répudiation absente ; usages : " + (", ".join(usage) or "aucun")
                      + ").", tuple(usage))


def _signer_rules(vault: Vault, c: Constat, signer_id: str | None) -> list[RuleResult]:
    row = _signer_row(vault, signer_id)
    if row is None:
        return [RuleResult("signer_identity", False,
                           "Aucun certificat de signature n'est enregistré (« probant signer "
                           "add » ou les réglages).")]
    officer = officer_name(vault, c)
    cert = signer_certificate(vault, row["id"])
    if cert is None:  # added before schema 9: its recorded subject; the rest at signing
        return [identity_rule(officer, claims.subject_common_name(row["subject"]))]
    expired = cert.not_valid_after < datetime.now(UTC)
    return [identity_rule(officer, claims.certificate_name(cert)), key_usage_rule(cert),
            RuleResult("signer_validity", not expired,
                       f"Le certificat de signature a expiré le {cert.not_valid_after:%d/%m/%Y}.")]


def _needs_finding(item: EvidenceItem) -> bool:
    return item.kind not in NO_FINDING_KINDS


def _findings_rule(vault: Vault, inp: PvInputs) -> RuleResult:
    """Each piece has the officer's finding, or « sans observation »; a video segment is
    part of its annex: the finding on the annex's part 0 (the recording) covers it."""
    found = current_findings(vault, inp.constat.id)
    by_annex = {i.annex_no for i in inp.items if i.part_no == 0 and i.id in found}
    missing = [i.annex_label for i in inp.items if _needs_finding(i) and i.id not in found
               and not (i.part_no > 0 and i.annex_no in by_annex)]
    return RuleResult("findings", not missing,
                      "Constatation manquante (ou « sans observation ») pour les annexes "
                      + ", ".join(missing), tuple(missing))


def environment_reports(vault: Vault, items: tuple[EvidenceItem, ...]) -> list[z67.Report]:
    out = []
    for item in items:
        if item.kind != "environment":
            continue
        try:
            body = json.loads(vault.blobs.read_all(item.blob_id))
            checks = {str(c["key"]): c for c in body.get("checks", ())}
        except (ValueError, KeyError, TypeError):
            checks = {}
        out.append(z67.Report(str(item.metadata.get("phase", "")), item.annex_label, checks))
    return out


def _web_sessions(vault: Vault, items: tuple[EvidenceItem, ...]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        if item.kind == "web_log":
            try:
                out.append(dict(json.loads(vault.blobs.read_all(item.blob_id))["session"]))
            except (ValueError, KeyError, TypeError):
                out.append({})
    return out


def _tsa_skews(vault: Vault, inp: PvInputs) -> tuple[list[z67.TsaSkew], list[str]]:
    """The clock offset measured by each captured item's first token, and the captured
    items that have none yet."""
    tokens = {t.id: t for t in list_tokens(vault, constat_id=inp.constat.id)}
    names: dict[str, str] = {}
    skews, unstamped = [], []
    for item in inp.items:
        if item.origin != "captured":
            continue
        cov = inp.cover[item.id]
        first = tokens.get(cov.tokens[0]) if cov.tokens else None
        if first is None:
            unstamped.append(item.annex_label)
        else:
            if first.id not in names:
                names[first.id] = _tsa_name(first)
            offset, plus = times.tsa_skew(first)  # genTime's resolution counted
            skews.append(z67.TsaSkew(item.annex_label, names[first.id], offset, 2 * plus))
    return skews, unstamped


def _reservable_rules(vault: Vault, inp: PvInputs) -> list[RuleResult]:
    reports = environment_reports(vault, inp.items)
    skews, unstamped = _tsa_skews(vault, inp)
    outcomes = z67.evaluate(reports, _web_sessions(vault, inp.items), skews, unstamped)
    screens = [i.annex_label for i in inp.items if i.kind in z67.SCREEN_KINDS
               and i.origin == "captured"]
    outcomes.append(z67.screens_rule(reports, screens))
    reserved = reservations_of(vault, inp.constat.id)
    results = []
    for o in outcomes:
        r = reserved.get(o.code)
        message = o.message_fr if r is None or o.ok else (
            o.message_fr.replace(" Réserve requise pour signer.", "")
            + f" Réserve du commissaire de justice : « {r.text} »")
        results.append(RuleResult(o.code, o.ok or r is not None, message, o.subjects,
                                  reservable=True, reservation=r.text if r else "",
                                  holds=o.ok))
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
    if item.kind.startswith("web_") and meta.get("url"):
        return ""  # a browser capture: its address and title are printed on their own line
    for key in ("description", "window_title", "title"):
        if isinstance(meta.get(key), str) and meta[key]:
            return str(meta[key])
    if item.origin == "imported":
        return f"Fichier remis par le requérant : {item.filename} (contexte de création non certifié)."
    return {"screenshot": "Capture d'écran.", "video": "Enregistrement vidéo de l'écran.",
            "video_segment": "Segment de l'enregistrement vidéo.", "photo": "Photographie.",
            "environment": "Relevé automatique de l'environnement de constatation.",
            "web_archive": "Archive WACZ signée de la session de navigation : tout ce que le "
                           "navigateur a reçu, rejouable hors ligne.",
            "web_log": "Journal de navigation de la session (adresses, serveurs, "
                       "certificats)."}.get(
        item.kind, item.kind)


def _finding_text(item: EvidenceItem, found: dict[str, Any], by_annex: dict[int, str]
                  ) -> str:
    f = found.get(item.id)
    if f is not None:
        return "Sans observation." if f.no_observation else str(f.text)
    if item.part_no > 0 and item.annex_no in by_annex:
        return f"Voir la constatation de l'annexe {by_annex[item.annex_no]}."
    return ""


def reservation_entries(vault: Vault, constat_id: str, rules: list[RuleResult]
                        ) -> tuple[PvReservation, ...]:
    """The reservations the PV prints: each with the point's label and what was found."""
    reserved: dict[str, Reservation] = reservations_of(vault, constat_id)
    by_code = {r.rule: r for r in rules}
    out = []
    for code, label in z67.RESERVABLE.items():
        r = reserved.get(code)
        if r is None:
            continue
        rule = by_code.get(code)
        finding = "" if rule is None or rule.holds else rule.message_fr.split(
            " Réserve du commissaire de justice")[0]
        out.append(PvReservation(code, label, r.text, finding, r.written_local[:19]
                                 .replace("T", " ")))
    return tuple(out)


def _tsa_name(token: Any) -> str:
    """The TSA as its certificate names it (CN), else as configured."""
    cert = claims.tsa_certificate(token.response)
    if cert is not None:
        return claims.certificate_name(cert) or claims.distinguished_name(cert.subject)
    return claims.subject_common_name(token.tsa_subject) or token.tsa_name


def _ntp(vault: Vault, items: tuple[EvidenceItem, ...]) -> list[times.NtpReading]:
    envs = [i for i in items if i.kind == "environment"]
    reports = environment_reports(vault, items)
    return times.ntp_readings([(i.captured_at, r.checks) for i, r in zip(envs, reports,
                                                                          strict=True)],
                              [f"{z67.PHASES_FR.get(r.phase, 'relevé')}, annexe {r.annex}"
                               for r in reports])


def collect(vault: Vault, constat_id: str, *, pv_id: str, narrative: str = "",
            attachment_limit: int = 50 << 20, confirm_pending: bool = False,
            signer: CertificateFacts | None = None) -> PvDocument:
    """``signer``: the certificate that will sign (the signature path passes the one it
    opened); else the one kept with the user's newest signer, if any. Every time is
    printed with its zone (``times.legal``); ``built_at`` is now, the PDF's creation date."""
    built_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    inp = _inputs(vault, constat_id)
    c = inp.constat
    dossier = dossiers.get_dossier(vault, c.dossier_id)
    officer = users.get_user(vault, c.officer_id)
    if signer is None:
        cert = signer_certificate(vault)
        signer = claims.certificate_facts(cert) if cert is not None else None
    found = current_findings(vault, constat_id)
    by_annex = {i.annex_no: i.annex_label for i in inp.items
                if i.part_no == 0 and i.id in found}
    attach_total = sum(i.size for i in inp.items if i.kind in ATTACH_KINDS)
    tokens = {t.id: t for t in list_tokens(vault, constat_id=constat_id)}
    names = {t.id: _tsa_name(t) for t in tokens.values()}
    readings = _ntp(vault, inp.items)
    entries, env = [], []
    for item in inp.items:
        cov = inp.cover[item.id]
        first = tokens.get(cov.tokens[0]) if cov.tokens else None
        content = (vault.blobs.read_all(item.blob_id)
                   if item.kind in IMAGE_KINDS or (item.kind in ATTACH_KINDS
                                                   and attach_total <= attachment_limit) else None)
        web = item.kind.startswith("web_") and item.kind not in ("web_archive", "web_log")
        entries.append(PvEntry(
            annex=item.annex_label, kind=item.kind, origin=item.origin,
            captured_local=times.legal(item.captured_at),
            tsa_time=times.legal(cov.tsa_times[0]) if cov.tsa_times else None,
            tsa_pending_reason=cov.pending_reason, description=_description(item),
            sha256=item.sha256, size=item.size, filename=item.filename or item.id,
            image=content if item.kind in IMAGE_KINDS else None,
            attachment=content if item.kind in ATTACH_KINDS else None,
            referenced_only=item.kind in ATTACH_KINDS and attach_total > attachment_limit,
            finding=_finding_text(item, found, by_annex),
            # A report, a handed-in file: their time is not a capture's on the clock.
            clock=times.clock_offset(item.captured_at, readings, first,
                                     names.get(first.id, "") if first else "")
            if item.origin == "captured" else None,
            tsa_name=names.get(first.id, "") if first else "",
            url=str(item.metadata.get("url", "")) if web else "",
            title=str(item.metadata.get("title", "")) if web else ""))
        if item.kind == "environment":
            env.append(EnvironmentSummary(
                str(item.metadata.get("phase", "")), times.legal(item.captured_at),
                item.annex_label, tuple(item.metadata.get("summary_fr", ())),
                tuple(item.metadata.get("warnings", ()))))
    pending = [e for e in entries if e.tsa_time is None]
    note = None
    if pending and confirm_pending:
        note = ("Le commissaire de justice constate que l'horodatage des annexes "
                + ", ".join(f"{e.annex} ({e.tsa_pending_reason})" for e in pending)
                + " n'a pas pu être obtenu à la date du présent acte ; leur empreinte figure "
                  "ci-dessus et leur horodatage sera joint au lot de preuves dès son obtention.")
    tsas = claims.tsa_facts([(names[t.id], t.policy, t.response) for t in tokens.values()])
    rules = _reservable_rules(vault, inp)
    return PvDocument(
        pv_id=pv_id, constat_id=c.id,
        officer=Officer(officer.name, officer.office, officer.address),
        dossier_title=dossier.title, requester=dossier.requester, mission=c.mission,
        started_local=times.legal(c.started_at),
        ended_local=times.legal(c.ended_at) if c.ended_at else None,
        environment=tuple(env), entries=tuple(entries), narrative=narrative,
        demo=vault.demo, software=SOFTWARE, pending_note=note,
        attestation=is_attestation(inp.items), place=c.place, signer=signer, tsas=tsas,
        reservations=reservation_entries(vault, constat_id, rules), built_at=built_at,
        web=web_sessions(vault, inp.items, times.legal), journal_head=_journal_head(vault))


def _journal_head(vault: Vault) -> tuple[int, str] | None:
    from evidence.vault import db_head

    head = db_head(vault.db)
    return (head.seq, head.hash) if head.seq else None
