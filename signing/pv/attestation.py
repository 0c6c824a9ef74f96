"""Attestation de dépôt as PDF: a client handed files in; the officer certifies who handed
them, when, and their SHA-256 at receipt, and says in plain words that the conditions of
their creation are not certified. Such files are never presented as constatations.

Same layout, fonts, footer, watermark and signature box as the PV (``signing.pv.render``).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from signing.pv.layout import (
    FONT,
    FRAME_W,
    ListedAnnex,
    PdfMeta,
    SignatureSpot,
    Texts,
    annex_index,
    attachment_for,
    french_date,
    grid,
    hash_para,
    load_texts,
    officer_intro,
    para,
    paragraphs,
    produce,
    signature_block,
    size_text,
    styles,
)
from signing.pv.model import AttestationDocument, PvDocument, ReceivedFile, RenderedPdf


def attestation_from_pv(doc: PvDocument) -> AttestationDocument:
    """A constat that only holds handed-in files (``doc.attestation``), as an attestation.

    The environment reports are left out: they describe the officer's workstation,
    not the handed-in files. The requester is taken as the person who handed them in.
    No finding per file, no narrative and no NF Z67-147 reservation is required of an
    attestation (``signing.pv.build.is_attestation``); whatever the officer wrote is
    printed all the same: an observation under its file, the narrative, the reservations.
    """
    files = tuple(
        ReceivedFile(annex=e.annex, filename=e.filename, size=e.size, sha256=e.sha256,
                     received_local=e.captured_local, description=e.description,
                     tsa_time=e.tsa_time, tsa_pending_reason=e.tsa_pending_reason,
                     attachment=None if e.referenced_only else (e.attachment or e.image),
                     referenced_only=e.referenced_only, mime=e.mime, observation=e.finding,
                     tsa_name=e.tsa_name)
        for e in doc.entries if e.kind != "environment")
    return AttestationDocument(
        attestation_id=doc.pv_id, constat_id=doc.constat_id, officer=doc.officer,
        dossier_title=doc.dossier_title, requester=doc.requester, handed_by=doc.requester,
        received_local=doc.started_local, files=files, narrative=doc.narrative,
        demo=doc.demo, software=doc.software, place=doc.place, pending_note=doc.pending_note,
        signer=doc.signer, built_at=doc.built_at, reservations=doc.reservations)


def _caveat(t: Texts, s: dict[str, ParagraphStyle]) -> Table:
    """The non-certification mention, boxed so that nobody can miss it."""
    box = Table([[para(t("attestation_caveat"), s["warn"])]], colWidths=[FRAME_W])
    box.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8),  # not Helvetica
                             ("BOX", (0, 0), (-1, -1), 0.8, colors.HexColor("#8a4b00")),
                             ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
                             ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm)]))
    return box


def _file_block(f: ReceivedFile, t: Texts, s: dict[str, ParagraphStyle]) -> list[Any]:
    parts: list[Any] = [para(t("file_heading", annex=f.annex, name=f.filename), s["h3"]),
                        para(t("received_line", time=f.received_local), s["small"])]
    if f.tsa_time:
        parts.append(para(t("timestamp_done", time=f.tsa_time,
                            tsa=f.tsa_name or t("tsa_unnamed")), s["small"]))
    elif f.tsa_pending_reason:
        parts.append(para(t("timestamp_pending", reason=f.tsa_pending_reason), s["warn"]))
    parts += paragraphs(f.description, s["body"])
    if f.observation:
        parts += [para(t("observation_label"), s["h4"]), *paragraphs(f.observation, s["body"])]
    if f.referenced_only:
        parts.append(para(t("referenced_only"), s["small"]))
    elif f.attachment is not None:
        parts.append(para(t("attached", name=f"annexe-{f.annex}-{f.filename}"), s["small"]))
    parts += [para(t("sha256_label", size=size_text(f.size)), s["small"]),
              hash_para(f.sha256, s["mono"])]
    return parts


def _story(doc: AttestationDocument, t: Texts, s: dict[str, ParagraphStyle],
           pages: int | None) -> tuple[list[Any], SignatureSpot]:
    o = doc.officer
    story: list[Any] = [
        para(t("title_attestation"), s["title"]),
        para(t("act_date", date=french_date(doc.received_local)), s["body"]),
        para(t("requester_intro"), s["h3"]), *paragraphs(doc.requester, s["body"]),
        para(f"{t('dossier_label')} {doc.dossier_title}", s["small"]), Spacer(1, 2 * mm),
        para(officer_intro(t, o), s["body"]),
        para(t("legal_basis"), s["body"])]
    if doc.place:
        story.append(para(t("operations_place", place=doc.place), s["body"]))
    story += [para(t("attestation_intro", handed_by=doc.handed_by,
                     date=french_date(doc.received_local)), s["body"]),
              Spacer(1, 2 * mm), _caveat(t, s), para(t("files_title"), s["h2"])]
    c = s["cell"]
    rows: list[list[Any]] = [[para(t(k), c) for k in
                              ("annex_col", "file_col", "size_col", "received_col", "hash_col")]]
    rows += [[para(f.annex, c), para(f.filename, c), para(size_text(f.size), c),
              para(f.received_local, c), hash_para(f.sha256, s["monocell"], True)]
             for f in doc.files]
    story.append(grid(rows, (16 * mm, FRAME_W - 126 * mm, 22 * mm, 30 * mm, 58 * mm)))
    blocks = [_file_block(f, t, s) for f in doc.files] or [[]]
    blocks[0].insert(0, para(t("file_details_title"), s["h2"]))
    story += [KeepTogether(block) for block in blocks]
    if doc.pending_note:
        story += [para(t("pending_note_title"), s["h2"]), para(doc.pending_note, s["warn"])]
    if doc.narrative.strip():
        story += [para(t("narrative_title"), s["h2"]), *paragraphs(doc.narrative, s["body"])]
    if doc.reservations:
        story += [para(t("reservations_title"), s["h2"])]
        for r in doc.reservations:
            story.append(para(t("reservation_heading", label=r.label), s["h3"]))
            story += paragraphs(r.text, s["body"])
    story.append(para(t("time_statement"), s["small"]))
    spot = SignatureSpot()
    legal = ("signature_legal_qualified" if doc.signer and doc.signer.qualified else
             "signature_legal_unqualified" if doc.signer else "signature_legal_unknown")
    story += signature_block(t, s, o.name, "signature_text_attestation", pages, spot, legal)
    return story, spot


def render_attestation(doc: AttestationDocument, lang: str = "fr") -> RenderedPdf:
    """The attestation de dépôt: PDF bytes, page count and signature box."""
    t, s = load_texts(lang), styles()
    o = doc.officer
    meta = PdfMeta(
        doc_id=doc.attestation_id, title=f"{t('title_attestation')} {doc.attestation_id}",
        subject=t("subject_attestation", dossier=doc.dossier_title), author=o.name,
        creator=doc.software, header=t("header", office=o.office, name=o.name).strip(" —"),
        address=o.address, demo=doc.demo, built_at=doc.built_at)
    attachments = [attachment_for(f.annex, f.filename, f.attachment, f.mime, f.sha256)
                   for f in doc.files if f.attachment is not None and not f.referenced_only]
    # The environment reports are not listed in an attestation (see attestation_from_pv).
    attachments.append(annex_index(doc.attestation_id, doc.constat_id, [
        ListedAnnex(f.annex, "imported", f.sha256, f.size, f.filename) for f in doc.files],
        omitted_kinds=("environment",)))
    return produce(lambda pages: _story(doc, t, s, pages), meta, t, attachments)
