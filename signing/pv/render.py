"""Procès-verbal de constat as PDF (reportlab platypus).

Order of a classic constat: heading and art. 648 CPC mentions, mission, technical
prerequisites (start and end environment reports), chronological constatations
(time, RFC 3161 time or why it is pending, description, thumbnail, SHA-256), the
officer's narrative, the list of annexes, the closing formula and signature box;
then the annexes: screenshots and photos full-size, one per page. Videos and other
files are PDF attachments, or referenced by hash when too large.
Layout, fonts, PDF/A caveats and determinism: ``signing.pv.layout``.
"""

from __future__ import annotations

import io
from typing import Any

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from signing.pv.layout import (
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
    picture_watermark,
    produce,
    signature_block,
    size_text,
    styles,
)
from signing.pv.model import ClockOffset, PvDocument, PvEntry, RenderedPdf
from signing.pv.times import signed_ms

THUMB_BOX = (75 * mm, 50 * mm)
ANNEX_BOX = (FRAME_W, 195 * mm)


class Picture(Flowable):
    """An opaque image scaled into a box, aspect kept (Pillow does the decoding).

    Only the header is read up front; pixels are decoded when drawn, and not at all in
    a ``draft`` (the page-counting pass only needs the size). ``watermark``: the demo
    mention drawn over the picture (D3 point 10): a demo capture is never shown bare.
    """

    def __init__(self, data: bytes, box: tuple[float, float], max_px: int | None = None,
                 draft: bool = False, max_scale: float | None = None,
                 watermark: str = "") -> None:
        super().__init__()
        self.data, self.max_px, self.draft, self.watermark = data, max_px, draft, watermark
        w, h = image_size(data)
        scale = fit_scale((w, h), box, max_scale)
        self.width, self.height = w * scale, h * scale
        self.hAlign = "LEFT"

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if not self.draft:
            self.canv.drawImage(self._reader(), 0, 0, self.width, self.height)
        self.canv.setStrokeColor(colors.HexColor("#bbbbbb"))
        self.canv.setLineWidth(0.4)
        self.canv.rect(0, 0, self.width, self.height)
        if self.watermark:
            picture_watermark(self.canv, self.watermark, self.width, self.height)

    def _reader(self) -> Any:
        with PILImage.open(io.BytesIO(self.data)) as img:
            if img.format == "JPEG" and img.mode in ("RGB", "L") and self.max_px is None:
                # JPEG goes into the PDF untouched (DCT pass-through): no quality loss.
                return ImageReader(io.BytesIO(self.data))
            rgb = _opaque(img)
        if self.max_px is not None:  # an image shown only small: no need for every pixel
            rgb.thumbnail((self.max_px, self.max_px), PILImage.Resampling.LANCZOS)
        return ImageReader(rgb)


def image_size(data: bytes) -> tuple[int, int]:
    with PILImage.open(io.BytesIO(data)) as img:
        return img.size


def fit_scale(size: tuple[int, int], box: tuple[float, float],
              max_scale: float | None = None) -> float:
    """Points per pixel of an image fitted into a box, at most ``max_scale``."""
    scale = min(box[0] / size[0], box[1] / size[1])
    return scale if max_scale is None else min(scale, max_scale)


#: A screen pixel at 96 dpi, in PDF points: a screenshot drawn at this scale is in real size.
REAL_SIZE = 72 / 96
#: Captures made of screen pixels (a screen, the recording browser's viewport or page).
SCREEN_PIXELS = ("screenshot", "web_viewport", "web_fullpage")


def _annex_box(first: bool) -> tuple[float, float]:
    return ANNEX_BOX[0], ANNEX_BOX[1] - 12 * mm * first


def _reproduction(e: PvEntry, first: bool, t: Texts) -> str:
    """What the annex page shows: « taille réelle » only for a screen capture drawn at
    one screen pixel per 1/96 inch; else the reduction, or for a photograph none claimed."""
    if e.kind not in SCREEN_PIXELS:
        return t("reproduction_whole", annex=e.annex)
    scale = fit_scale(image_size(e.image or b""), _annex_box(first), REAL_SIZE)
    percent = round(100 * scale / REAL_SIZE)
    if percent >= 100:
        return t("reproduction_real_size", annex=e.annex)
    return t("reproduction_reduced", annex=e.annex, percent=percent)


def _opaque(img: PILImage.Image) -> PILImage.Image:
    """Flatten alpha onto white: no soft masks, i.e. no transparency in the PDF."""
    if img.mode in ("RGBA", "LA", "P", "PA"):
        rgba = img.convert("RGBA")
        white = PILImage.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return img.convert("RGB")


def _timestamp(e: PvEntry, t: Texts, s: dict[str, ParagraphStyle]) -> Paragraph:
    """What the first token proves (D3 point 7): the file and its manifest existed at the
    latest at its genTime, stated by the TSA named."""
    if e.tsa_time:
        return para(t("timestamp_done", time=e.tsa_time, tsa=e.tsa_name or t("tsa_unnamed")),
                    s["small"])
    return para(t("timestamp_pending", reason=e.tsa_pending_reason
                  or t("timestamp_pending_unknown")), s["warn"])


def _clock(c: ClockOffset, t: Texts) -> str:
    if c.offset_ms is None:
        return t("clock_offset_none")
    key = "clock_offset_ntp" if c.reference == "ntp" else "clock_offset_tsa"
    return t(key, ms=signed_ms(c.offset_ms), source=c.source, where=c.where,
             uncertainty=c.uncertainty_ms)


def _entry_block(e: PvEntry, t: Texts, s: dict[str, ParagraphStyle], draft: bool,
                 first_image: bool = False, mark: str = "") -> list[Any]:
    parts: list[Any] = [
        para(t("entry_heading", annex=e.annex, kind=t.kind(e.kind), time=e.captured_local),
             s["h3"])]
    if e.clock is not None:
        parts.append(para(t("capture_clock", offset=_clock(e.clock, t)), s["small"]))
    parts += [_timestamp(e, t, s), *paragraphs(e.description, s["small"])]
    if e.url and e.kind == "web_download":
        parts.append(para(t("web_download_of", url=e.url), s["small"]))
    elif e.url:
        parts.append(para(t("web_capture_of", url=e.url, title=e.title or t("web_no_title")),
                          s["small"]))
    if e.kind != "environment":
        if e.finding:
            parts += [para(t("finding_label"), s["h4"]), *paragraphs(e.finding, s["body"])]
        else:
            parts.append(para(t("finding_missing"), s["warn"]))
    if e.image:
        # The same pixels as the full-size annex page: reportlab stores one image object
        # for both (a downscaled copy would be a second object, 1.5x the build time).
        parts += [Picture(e.image, THUMB_BOX, draft=draft, watermark=mark), Spacer(1, 1.5 * mm),
                  para(_reproduction(e, first_image, t), s["small"])]
    if e.referenced_only:
        parts.append(para(t("referenced_only"), s["small"]))
    elif e.attachment is not None:
        parts.append(para(t("attached", name=f"annexe-{e.annex}-{e.filename}"), s["small"]))
    parts += [para(t("sha256_label", size=size_text(e.size)), s["small"]),
              hash_para(e.sha256, s["mono"])]
    return parts


def _shown(e: PvEntry, t: Texts) -> str:
    if e.image:
        return t("shown_image")
    if e.referenced_only:
        return t("shown_referenced")
    return t("shown_attached" if e.attachment is not None else "shown_bundle")


def _pv_story(doc: PvDocument, t: Texts, s: dict[str, ParagraphStyle], pages: int | None
              ) -> tuple[list[Any], SignatureSpot]:
    o = doc.officer
    story: list[Any] = [
        para(t("title_pv"), s["title"]),
        para(t("act_date", date=french_date(doc.started_local)), s["body"]),
        para(t("requester_intro"), s["h3"]), *paragraphs(doc.requester, s["body"]),
        para(f"{t('dossier_label')} {doc.dossier_title}", s["small"]), Spacer(1, 2 * mm),
        para(officer_intro(t, o), s["body"]),
        para(t("legal_basis"), s["body"]),
        para(t("mission_intro"), s["h3"]), *paragraphs(doc.mission, s["body"]),
        para(t("operations", start=doc.started_local,
               end=doc.ended_local or t("operations_open")), s["body"])]
    if doc.place:
        story.append(para(t("operations_place", place=doc.place), s["body"]))
    story += [para(t("software_line", software=doc.software), s["small"])]
    if doc.journal_head is not None:
        story.append(para(t("journal_head_line", seq=doc.journal_head[0],
                            hash=doc.journal_head[1]), s["small"]))
    story += [para(t("prereq_title"), s["h2"]), para(t("prereq_intro"), s["body"])]
    order = {"start": 0, "end": 2}  # intermediate reports in between, by time
    for env in sorted(doc.environment, key=lambda e: (order.get(e.phase, 1), e.taken_local)):
        key = {"start": "prereq_start", "end": "prereq_end"}.get(env.phase, "prereq_manual")
        story.append(para(t(key, time=env.taken_local, annex=env.annex), s["h3"]))
        story += [para("• " + line, s["small"]) for line in env.lines]
        story += [para(t("warning_prefix") + w, s["warn"]) for w in env.warnings]
    if not doc.environment:
        story.append(para(t("prereq_none"), s["warn"]))
    story += _web_story(doc, t, s)
    # Each constatation stays on one page; the section title stays with the first one.
    draft = pages is None  # the counting pass: images are not needed
    first_image = next((e.annex for e in doc.entries if e.image), None)
    mark = t("demo_watermark") if doc.demo else ""
    blocks = [_entry_block(entry, t, s, draft, entry.annex == first_image, mark)
              for entry in doc.entries] or [[]]
    blocks[0].insert(0, para(t("findings_title"), s["h2"]))
    story += [KeepTogether(block) for block in blocks]
    if doc.pending_note:
        story += [para(t("pending_note_title"), s["h2"]), para(doc.pending_note, s["warn"])]
    if doc.narrative.strip():
        story += [para(t("narrative_title"), s["h2"]), *paragraphs(doc.narrative, s["body"])]
    if doc.reservations:
        story += [para(t("reservations_title"), s["h2"]),
                  para(t("reservations_intro"), s["body"])]
        for r in doc.reservations:
            story.append(para(t("reservation_heading", label=r.label), s["h3"]))
            if r.finding:
                story.append(para(t("reservation_finding", finding=r.finding), s["small"]))
            story += paragraphs(r.text, s["body"])
    story += _signature_means(doc, t, s)
    c = s["cell"]
    rows: list[list[Any]] = [[para(t(k), c) for k in
                              ("annex_col", "kind_col", "hash_col", "size_col", "shown_col")]]
    rows += [[para(e.annex, c), para(t.kind(e.kind), c), hash_para(e.sha256, s["monocell"], True),
              para(size_text(e.size), c), para(_shown(e, t), c)] for e in doc.entries]
    story += [para(t("annexes_title"), s["h2"]),
              grid(rows, (16 * mm, 32 * mm, 58 * mm, 24 * mm, FRAME_W - 130 * mm))]
    spot = SignatureSpot()
    legal = ("signature_legal_qualified" if doc.signer and doc.signer.qualified else
             "signature_legal_unqualified" if doc.signer else "signature_legal_unknown")
    story += signature_block(t, s, o.name, "signature_text", pages, spot, legal)
    # Annex section after the signature: full-size images, one per page.
    for i, e in enumerate(e for e in doc.entries if e.image):
        story.append(PageBreak())
        if i == 0:
            story.append(para(t("annex_section"), s["title"]))
        real = REAL_SIZE if e.kind in SCREEN_PIXELS else None
        story += [para(t("annex_page_heading", annex=e.annex, kind=t.kind(e.kind),
                         time=e.captured_local), s["h2"]),
                  para(_reproduction(e, i == 0, t), s["small"]),
                  para(t("sha256_label", size=size_text(e.size)), s["small"]),
                  hash_para(e.sha256, s["mono"]), Spacer(1, 3 * mm),
                  Picture(e.image or b"", _annex_box(i == 0), draft=draft, max_scale=real,
                          watermark=t("demo_watermark") if doc.demo else "")]
    return story, spot


def _web_story(doc: PvDocument, t: Texts, s: dict[str, ParagraphStyle]) -> list[Any]:
    """F2 point 7: each recording-browser session, its WACZ annex and hash, and every
    address visited with the server's IP and the certificate the browser verified."""
    if not doc.web:
        return []
    out: list[Any] = []
    for n, w in enumerate(doc.web):
        heading = [para(t("web_session", annex=w.archive_annex, size=size_text(w.archive_size),
                          log=w.log_annex), s["h3"])]
        if n == 0:  # the section's title and words stay with the first session
            heading = [para(t("web_title"), s["h2"]), para(t("web_intro"), s["body"]), *heading]
        out.append(KeepTogether([
            *heading, para(t("web_archive_hash"), s["small"]),
            hash_para(w.archive_sha256, s["mono"]),
            para(t("web_stamp_done", tsa=w.stamp_tsa, time=w.stamp_time) if w.stamp_time
                 else t("web_stamp_pending", reason=w.stamp_pending
                        or t("timestamp_pending_unknown")), s["small"])]))
        if not w.visits:
            out.append(para(t("web_no_visit"), s["small"]))
        for v in w.visits:
            cause = t(f"web_cause_{v.cause}") if f"web_cause_{v.cause}" in t.strings else v.cause
            if v.error:
                out.append(para("• " + t("web_visit_failed", time=v.time, cause=cause,
                                         url=v.url, error=v.error), s["small"]))
            else:
                server = t("web_server", ip=v.server_ip) if v.server_ip else ""
                out.append(para("• " + t("web_visit", time=v.time, cause=cause, url=v.url,
                                         status=v.status, server=server), s["small"]))
            if v.certificate_sha256:
                out += [para(t("web_certificate", subject=v.certificate_subject,
                               issuer=v.certificate_issuer) if v.certificate_subject
                             else t("web_certificate_unnamed"), s["small"]),
                        hash_para(v.certificate_sha256, s["mono"])]
        if w.captures:
            out.append(para(t("web_captures", annexes=", ".join(w.captures)), s["small"]))
    return out


def _signature_means(doc: PvDocument, t: Texts, s: dict[str, ParagraphStyle]) -> list[Any]:
    """The certificate that signs and the TSAs that timestamp, named; « qualifié » only
    where their certificates say so (D3 points 1 and 2)."""
    out: list[Any] = [para(t("means_title"), s["h2"]), para(t("time_statement"), s["small"])]
    c = doc.signer
    if c is None:
        out.append(para(t("signer_unknown"), s["warn"]))
    else:
        quality = (t("cert_qualified_qscd") if c.qualified and c.qscd else
                   t("cert_qualified") if c.qualified else t("cert_unqualified"))
        out.append(para(t("signer_certificate", subject=c.subject, issuer=c.issuer,
                          serial=c.serial, not_before=c.not_before, not_after=c.not_after,
                          quality=quality), s["small"]))
    if not doc.tsas:
        out.append(para(t("tsa_none"), s["small"]))
    for a in doc.tsas:
        key = "tsa_qualified" if a.qualified else "tsa_named"
        out.append(para(t(key, subject=a.subject, policy=a.policy or t("tsa_policy_unknown"),
                          tokens=a.tokens), s["small"]))
    return out


def render_pv(doc: PvDocument, lang: str = "fr") -> RenderedPdf:
    """The procès-verbal de constat: PDF bytes, page count and signature box."""
    t, s = load_texts(lang), styles()
    o = doc.officer
    meta = PdfMeta(
        doc_id=doc.pv_id, title=f"{t('title_pv')} {doc.pv_id}",
        subject=t("subject_pv", dossier=doc.dossier_title), author=o.name,
        creator=doc.software, header=t("header", office=o.office, name=o.name).strip(" —"),
        address=o.address, demo=doc.demo, built_at=doc.built_at)
    attachments = [attachment_for(e.annex, e.filename, e.attachment, e.mime, e.sha256)
                   for e in doc.entries if e.attachment is not None and not e.referenced_only]
    attachments.append(annex_index(doc.pv_id, doc.constat_id, [
        ListedAnnex(e.annex, e.kind, e.sha256, e.size, e.filename) for e in doc.entries],
        journal_head=doc.journal_head))
    return produce(lambda pages: _pv_story(doc, t, s, pages), meta, t, attachments)


def render(doc: PvDocument, lang: str = "fr") -> RenderedPdf:
    """Entry point of ``signing.pv.workflow``: a PV, or an attestation de dépôt when the
    constat only holds handed-in files (``doc.attestation``)."""
    # build.py flags a constat whose items are all imported or environment reports; with
    # no handed-in file at all it is still the officer's own constat.
    if doc.attestation and any(e.kind != "environment" for e in doc.entries):
        from signing.pv.attestation import attestation_from_pv, render_attestation

        return render_attestation(attestation_from_pv(doc), lang)
    return render_pv(doc, lang)
