"""PV and attestation PDF with reportlab: sober A4 layout, DejaVu fonts embedded.

The fixed wording lives in ``resources/templates/pv/fr.json`` so it can be
reviewed without reading code. PDF/A-2b: reportlab cannot produce a conformant
PDF/A (no XMP metadata or output intent); we embed every font, use no
transparency and set the document information, and say no more than that.
Videos and other files are attached with pyHanko's embedded-file support.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from signing.pv.model import PvDocument, PvEntry, RenderedPdf

TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "templates" / "pv"
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("C:/Windows/Fonts"), Path("/Library/Fonts"))
FONT, BOLD, MONO = "ProbantSans", "ProbantSans-Bold", "ProbantMono"
SIGNATURE_SIZE = (80 * mm, 28 * mm)


class FontMissing(RuntimeError):
    pass


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    files = {FONT: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", MONO: "DejaVuSansMono.ttf"}
    for name, file in files.items():
        path = next((d / file for d in FONT_DIRS if (d / file).is_file()), None)
        if path is None:
            raise FontMissing(f"font {file} not found (install fonts-dejavu-core)")
        pdfmetrics.registerFont(TTFont(name, str(path)))


def texts(lang: str = "fr") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TEMPLATES / f"{lang}.json").read_text("utf-8"))
    return data


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=16, leading=20,
                                alignment=TA_CENTER, spaceAfter=6 * mm),
        "h2": ParagraphStyle("h2", base, fontName=BOLD, fontSize=12, leading=15,
                             spaceBefore=5 * mm, spaceAfter=2 * mm),
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11),
        "mono": ParagraphStyle("mono", base, fontName=MONO, fontSize=7.5, leading=9.5),
        "warn": ParagraphStyle("warn", base, textColor=colors.HexColor("#8a4b00")),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


@dataclass
class _SignatureSpot(Flowable):
    """An empty box where the visible signature goes; remembers where it was drawn."""

    where: list[tuple[int, tuple[int, int, int, int]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        Flowable.__init__(self)
        self.width, self.height = SIGNATURE_SIZE

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.HexColor("#999999"))
        self.canv.setDash(2, 2)
        self.canv.rect(0, 0, self.width, self.height)
        x, y = self.canv.absolutePosition(0, 0)
        self.where.append((self.canv.getPageNumber() - 1,
                           (int(x), int(y), int(x + self.width), int(y + self.height))))


def _numbered_canvas(doc: PvDocument, t: dict[str, Any]) -> type:
    """Canvas that knows the page total ("page N / M"), stamps the footer and watermark."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, _height = A4
            self.saveState()
            self.setFillColor(colors.HexColor("#444444"))
            self.setFont(FONT, 8)
            self.drawString(20 * mm, 12 * mm, f"{doc.officer.office} — {doc.officer.name}")
            self.drawRightString(width - 20 * mm, 12 * mm, t["page_footer"].format(
                pv_id=doc.pv_id, page=self._pageNumber, pages=total))
            self.restoreState()

    return NumberedCanvas


def _watermark(doc: PvDocument, t: dict[str, Any]) -> Any:
    """Drawn before the page's content, so it stays behind the text."""

    def draw(canvas: Any, _template: Any) -> None:
        if not doc.demo:
            return
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#e4e4e4"))
        canvas.setFont(BOLD, 30)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, 0, t["demo_watermark"])
        canvas.restoreState()

    return draw


def _thumbnail(data: bytes, max_w: float, max_h: float) -> Image:
    with PILImage.open(io.BytesIO(data)) as img:
        w, h = img.size
    scale = min(max_w / w, max_h / h, 1.0)
    image = Image(io.BytesIO(data), width=w * scale, height=h * scale)
    image.hAlign = "LEFT"
    return image


def _entry_block(entry: PvEntry, t: dict[str, Any], s: dict[str, ParagraphStyle]) -> list[Any]:
    when = (t["timestamp_done"].format(time=entry.tsa_time) if entry.tsa_time
            else t["timestamp_pending"].format(reason=entry.tsa_pending_reason or "?"))
    kind = t["kinds"].get(entry.kind, entry.kind)
    parts: list[Any] = [
        _p(f"Annexe {entry.annex} — {kind} — {entry.captured_local}", s["h2"]),
        _p(when, s["small"] if entry.tsa_time else s["warn"]),
        _p(entry.description, s["body"]),
    ]
    if entry.image:
        parts.append(_thumbnail(entry.image, 70 * mm, 45 * mm))
    if entry.referenced_only:
        parts.append(_p(t["referenced_only"], s["small"]))
    elif entry.attachment is not None:
        parts.append(_p(t["attached"].format(name=entry.filename), s["small"]))
    parts.append(_p(f"SHA-256 : {entry.sha256} — {entry.size} octets", s["mono"]))
    return [KeepTogether(parts)]


def _story(doc: PvDocument, t: dict[str, Any], s: dict[str, ParagraphStyle],
           spot: _SignatureSpot) -> list[Any]:
    o = doc.officer
    story: list[Any] = [
        _p(t["title_attestation" if doc.attestation else "title_pv"], s["title"]),
        _p(t["legal_basis"], s["small"]), Spacer(1, 4 * mm),
        _p(f"{t['requester_intro']} {doc.requester}", s["body"]),
        _p(f"Dossier : {doc.dossier_title}", s["body"]), Spacer(1, 3 * mm),
        _p(t["officer_intro"].format(name=o.name, office=o.office, address=o.address), s["body"]),
        _p(f"{t['mission_intro']} {doc.mission}", s["body"]),
        _p(f"Opérations du {doc.started_local} au {doc.ended_local or '—'}.", s["body"]),
    ]
    if doc.attestation:
        story += [Spacer(1, 3 * mm), _p(t["attestation_intro"], s["body"]),
                  _p(t["attestation_caveat"], s["warn"])]
    else:
        story.append(_p(t["prereq_title"], s["h2"]))
        story.append(_p(t["prereq_intro"].format(software=doc.software), s["body"]))
        for env in doc.environment:
            label = "Début" if env.phase == "start" else "Fin"
            story.append(_p(f"{label} des opérations — {env.taken_local} (annexe {env.annex})",
                            s["body"]))
            story += [_p("• " + line, s["small"]) for line in env.lines]
            story += [_p("⚠ " + w, s["warn"]) for w in env.warnings]
    story.append(_p(t["findings_title"], s["h2"]))
    for entry in doc.entries:
        story += _entry_block(entry, t, s)
    if doc.pending_note:
        story += [_p(t["pending_note_title"], s["h2"]), _p(doc.pending_note, s["warn"])]
    if doc.narrative:
        story += [_p(t["narrative_title"], s["h2"]), _p(doc.narrative, s["body"])]
    story += [_p(t["annexes_title"], s["h2"]), _annex_table(doc, t, s)]
    story += [_p(t["signature_title"], s["h2"]),
              _p(t["signature_text"].format(pages="les"), s["body"]),
              _p(f"{o.name}, commissaire de justice", s["body"]), Spacer(1, 2 * mm), spot]
    images = [e for e in doc.entries if e.image]
    if images:
        story += [PageBreak(), _p(t["annex_section"], s["title"])]
        for i, e in enumerate(images):
            if i:
                story.append(PageBreak())
            story += [_p(f"Annexe {e.annex} — {e.captured_local}", s["h2"]),
                      _p(f"SHA-256 : {e.sha256}", s["mono"]), Spacer(1, 3 * mm),
                      _thumbnail(e.image or b"", 170 * mm, 210 * mm)]
    return story


def _annex_table(doc: PvDocument, t: dict[str, Any], s: dict[str, ParagraphStyle]) -> Table:
    rows = [[_p("Annexe", s["small"]), _p("Nature", s["small"]),
             _p("SHA-256", s["small"]), _p("Taille", s["small"])]]
    for e in doc.entries:
        rows.append([_p(e.annex, s["small"]), _p(t["kinds"].get(e.kind, e.kind), s["small"]),
                     _p(e.sha256, s["mono"]), _p(f"{e.size}", s["small"])])
    table = Table(rows, colWidths=[18 * mm, 34 * mm, 96 * mm, 22 * mm], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def render(doc: PvDocument, lang: str = "fr") -> RenderedPdf:
    _register_fonts()
    t, s = texts(lang), _styles()
    spot = _SignatureSpot()
    out = io.BytesIO()
    title = t["title_attestation" if doc.attestation else "title_pv"]
    template = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
        bottomMargin=20 * mm, title=f"{title} {doc.pv_id}", author=doc.officer.name,
        subject=f"{doc.dossier_title} — constat {doc.constat_id}", creator=doc.software,
        invariant=1)
    mark = _watermark(doc, t)
    template.build(_story(doc, t, s, spot), onFirstPage=mark, onLaterPages=mark,
                   canvasmaker=_numbered_canvas(doc, t))
    data = out.getvalue()
    attachments = [e for e in doc.entries if e.attachment is not None and not e.referenced_only]
    if attachments:
        data = _attach(data, attachments)
    page, box = spot.where[-1]
    from pyhanko.pdf_utils.reader import PdfFileReader

    pages = int(PdfFileReader(io.BytesIO(data)).root["/Pages"]["/Count"])
    return RenderedPdf(data, pages, page, box)


def _attach(data: bytes, entries: list[PvEntry]) -> bytes:
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    for e in entries:
        spec = embed.FileSpec(
            file_spec_string=f"annexe-{e.annex}-{e.filename}",
            file_name=f"annexe-{e.annex}-{e.filename}",
            embedded_data=embed.EmbeddedFileObject.from_file_data(
                writer, data=e.attachment or b"", params=embed.EmbeddedFileParams()),
            description=f"Annexe {e.annex} — SHA-256 {e.sha256}")
        embed.embed_file(writer, spec)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
