"""Layout shared by the procès-verbal (``signing.pv.render``) and the attestation de dépôt
(``signing.pv.attestation``): fonts, wording, styles, page decoration, signature box,
the page-count passes and the file attachments.

Sober A4 layout, DejaVu fonts embedded (a missing font is an error, never a silent
fallback to a non-embedded base-14 font). The fixed wording is read from
``resources/templates/pv/fr.json`` so lawyers can change it without touching code.

PDF/A: reportlab cannot produce a conformant PDF/A-2b (no XMP identification or
output intent), and PDF/A-2 forbids non-PDF/A attachments such as videos anyway. We
do what carries over: every font embedded (tables included, which default to an
unembedded Helvetica), images flattened to opaque RGB (no transparency), document
information set. The output is *not* claimed to be PDF/A.

Attachments (videos, page sources) are added afterwards with pyHanko's
embedded-file support, as reportlab 5.1 has no API for embedded files.
Rendering is deterministic (``invariant=1``; pyHanko's file ID is derived from the
content), so the same document always gives the same bytes. Dates (D3 point 8):
reportlab's invariant mode writes 2000-01-01 as /CreationDate and /ModDate; the
document's ``built_at`` replaces it in /Info and in an XMP packet (xmp:CreateDate,
xmp:ModifyDate), written by the attachment pass; the signature's incremental update
then sets /ModDate and xmp:ModifyDate to the signing time (pyHanko).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import mimetypes
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont as FTFont
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import FILL_NON_ZERO
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from evidence.errors import ProbantError
from signing.legal_time import parse_instant
from signing.pv.model import Officer, RenderedPdf

TEMPLATES = Path(__file__).resolve().parents[2] / "resources" / "templates" / "pv"
# Probant's own copy first (resources/fonts, DejaVu 2.37, Bitstream Vera licence): the same
# files give the same PDF on every workstation, and Windows and macOS do not ship them.
FONT_DIRS = (Path(__file__).resolve().parents[2] / "resources" / "fonts",
             Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("C:/Windows/Fonts"), Path("/Library/Fonts"))
FONT, BOLD, MONO = "ProbantSans", "ProbantSans-Bold", "ProbantMono"
PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 25 * mm, 22 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
SIGNATURE_SIZE = (80 * mm, 28 * mm)
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


class FontMissing(ProbantError):
    """The DejaVu TTF files are not installed: the PDF could not embed its fonts."""

    code = "pv_font_missing"


class TemplateError(ProbantError):
    """The wording file misses a text or uses an unknown {field} (after a manual edit)."""

    code = "pv_template_error"


def _font_file(file: str) -> Path:
    path = next((d / file for d in FONT_DIRS if (d / file).is_file()), None)
    if path is None:
        raise FontMissing(f"font {file} not found in {[str(d) for d in FONT_DIRS]} "
                          "(install fonts-dejavu-core)", font=file)
    return path


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf"),
                       (MONO, "DejaVuSansMono.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(_font_file(file))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


class _PathPen(BasePen):
    """fontTools pen drawing glyph outlines into a reportlab path (quadratics made cubic)."""

    def __init__(self, glyphs: Any, path: Any, scale: float) -> None:
        super().__init__(glyphs)
        self.path, self.scale, self.dx = path, scale, 0.0

    def _xy(self, p: tuple[float, float]) -> tuple[float, float]:
        return self.dx + p[0] * self.scale, p[1] * self.scale

    def _moveTo(self, p: tuple[float, float]) -> None:  # noqa: N802 - fontTools' names
        self.path.moveTo(*self._xy(p))

    def _lineTo(self, p: tuple[float, float]) -> None:  # noqa: N802
        self.path.lineTo(*self._xy(p))

    def _curveToOne(self, p1: tuple[float, float], p2: tuple[float, float],  # noqa: N802
                    p3: tuple[float, float]) -> None:
        self.path.curveTo(*self._xy(p1), *self._xy(p2), *self._xy(p3))

    def _closePath(self) -> None:  # noqa: N802
        self.path.close()


@functools.lru_cache(maxsize=1)
def _watermark_font() -> Any:
    return FTFont(str(_font_file("DejaVuSans-Bold.ttf")), lazy=True)


def draw_watermark(canvas: Any, text: str, width: float, height: float, *,
                   outline: bool = False) -> None:
    """``text`` as glyph outlines along the diagonal of the box (0, 0, width, height), at
    80 % of its length: filled light grey behind a page's text, or stroked over an image
    (its pixels stay visible between the strokes). Opaque: no transparency in the PDF.

    Outlines rather than text: a diagonal text layer interleaves its letters with the
    page's lines in text extraction and would break copying a SHA-256 out of the PDF.
    """
    font = _watermark_font()
    cmap, hmtx, glyphs = font.getBestCmap(), font["hmtx"], font.getGlyphSet()
    names = [cmap.get(ord(ch), ".notdef") for ch in text]
    units = sum(hmtx[n][0] for n in names)
    diagonal = (width**2 + height**2) ** 0.5
    scale = 0.8 * diagonal / units
    path = canvas.beginPath()
    pen = _PathPen(glyphs, path, scale)
    pen.dx = -units * scale / 2
    for n in names:
        glyphs[n].draw(pen)
        pen.dx += hmtx[n][0] * scale
    canvas.saveState()
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))  # along the box's diagonal
    canvas.translate(0, -0.35 * font["head"].unitsPerEm * scale)
    if outline:
        canvas.setStrokeColor(colors.HexColor("#c00000"))
        canvas.setLineWidth(min(width, height) / 280)
        canvas.drawPath(path, stroke=1, fill=0)
    else:
        canvas.setFillColor(colors.HexColor("#e2e2e2"))  # light grey
        canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
    canvas.restoreState()


def picture_watermark(canvas: Any, text: str, width: float, height: float) -> None:
    """The stroked watermark over a picture of this size. Drawn as a form XObject, one per
    aspect ratio (screens share theirs), scaled to the picture: a PV of 200 captures
    stores the outlines a few times, not 400 times (~8.5 KB each)."""
    ratio = round(width / height, 2)
    name = f"ProbantDemoWatermarkOver{ratio:.2f}".replace(".", "_")
    unit = 100.0  # the form's height, in form units
    if not canvas.hasForm(name):
        canvas.beginForm(name, 0, 0, unit * ratio, unit)
        draw_watermark(canvas, text, unit * ratio, unit, outline=True)
        canvas.endForm()
    canvas.saveState()
    canvas.scale(width / (unit * ratio), height / unit)
    canvas.doForm(name)
    canvas.restoreState()


def _watermark_form(canvas: Any, text: str) -> str:
    """The page's demo watermark, defined once and reused on every page."""
    name = "ProbantDemoWatermark"
    if not canvas.hasForm(name):
        canvas.beginForm(name)
        draw_watermark(canvas, text, PAGE_W, PAGE_H)
        canvas.endForm()
    return name


@dataclass(frozen=True)
class Texts:
    """The editable wording: ``t("key", field=value)`` formats one template string."""

    strings: Mapping[str, str]
    kinds: Mapping[str, str]

    def __call__(self, key: str, **fields: object) -> str:
        try:
            return self.strings[key].format(**fields)
        except (KeyError, IndexError, ValueError) as exc:
            raise TemplateError(f"PV template: text {key!r} missing or unknown field {exc}",
                                key=key) from exc

    def kind(self, kind: str) -> str:
        return self.kinds.get(kind, kind)


def load_texts(lang: str = "fr") -> Texts:
    raw = json.loads((TEMPLATES / f"{lang}.json").read_text("utf-8"))
    kinds = raw.pop("kinds", {})
    return Texts({k: str(v) for k, v in raw.items()}, {k: str(v) for k, v in kinds.items()})


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, spaceAfter=1.5 * mm)

    def s(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, base, **kw)

    return {
        "body": base,
        "title": s("title", fontName=BOLD, fontSize=16, leading=20, alignment=TA_CENTER,
                   spaceAfter=6 * mm),
        "h2": s("h2", fontName=BOLD, fontSize=12, leading=15, spaceBefore=5 * mm,
                spaceAfter=2.5 * mm, keepWithNext=1),
        "h3": s("h3", fontName=BOLD, fontSize=10.5, leading=14, spaceBefore=3 * mm,
                keepWithNext=1),
        "small": s("small", fontSize=8.5, leading=11, spaceAfter=0.8 * mm),
        "cell": s("cell", fontSize=8, leading=10, spaceAfter=0),
        "mono": s("mono", fontName=MONO, fontSize=8, leading=10.5),
        "monocell": s("monocell", fontName=MONO, fontSize=7.5, leading=9.5, spaceAfter=0),
        "warn": s("warn", fontName=BOLD, textColor=colors.HexColor("#8a4b00")),
        "h4": s("h4", fontName=BOLD, fontSize=9.5, leading=13, spaceBefore=1 * mm,
                spaceAfter=0.5 * mm, keepWithNext=1),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """User and template text is escaped: it is never reportlab markup."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    """Blank lines separate paragraphs (mission, descriptions, the officer's narrative)."""
    return [para(block.strip(), style) for block in re.split(r"\n\s*\n", text) if block.strip()]


def hash_para(sha256: str, style: ParagraphStyle, split: bool = False) -> Paragraph:
    """Monospace digest; ``split`` prints it as two lines of 32 (narrow table column)."""
    text = escape(sha256)
    if split and len(text) > 32:
        text = text[:32] + "<br/>" + text[32:]
    return Paragraph(text, style)


def french_date(local: str) -> str:
    """"2026-11-25 14:03:12" -> "25 novembre 2026 à 14:03"; a time printed with its zone
    ("… heure légale française (UTC+01:00), soit 13:03:12 UTC") keeps it and its UTC (D3
    point 7): "… à 14:03 (heure légale française, UTC+01:00), soit 13:03 UTC". Anything
    else is printed as is."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}:\d{2}))?", local)
    if not m or not 1 <= int(m[2]) <= 12:
        return local
    day = "1er" if m[3] == "01" else str(int(m[3]))
    date = f"{day} {MONTHS[int(m[2]) - 1]} {m[1]}"
    zone = re.search(r"\((UTC[+-]\d\d:\d\d)\)", local)
    if m[4] and zone:
        utc = re.search(r"soit ((?:\d{4}-\d\d-\d\d )?\d\d:\d\d)(?::\d\d)? UTC", local)
        return (f"{date} à {m[4]} (heure légale française, {zone[1]})"
                + (f", soit {utc[1]} UTC" if utc else ""))
    return f"{date} à {m[4]}" if m[4] else date


def size_text(size: int) -> str:
    return f"{size:,}".replace(",", " ")


class SignatureSpot(Flowable):
    """Dashed empty box for the visible signature; records where it was drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.width, self.height = SIGNATURE_SIZE
        self.where: tuple[int, tuple[int, int, int, int]] | None = None

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setStrokeColor(colors.HexColor("#999999"))
        self.canv.setDash(2, 2)
        self.canv.rect(0, 0, self.width, self.height)
        self.canv.restoreState()
        x, y = self.canv.absolutePosition(0, 0)
        self.where = (self.canv.getPageNumber() - 1,
                      (round(x), round(y), round(x + self.width), round(y + self.height)))


def signature_block(t: Texts, s: dict[str, ParagraphStyle], officer_name: str, text_key: str,
                    pages: int | None, spot: SignatureSpot,
                    legal_key: str = "signature_legal_unknown") -> list[Any]:
    """Closing formula, officer, "Signé électroniquement" and the signature box, kept together."""
    return [para(t("signature_title"), s["h2"]), KeepTogether([
        para(t(text_key, pages=t("pages_one" if pages == 1 else "pages_many", n=pages or 0)),
             s["body"]),
        para(t(legal_key), s["small"]), Spacer(1, 4 * mm),
        para(t("signature_name", name=officer_name), s["h3"]),
        para(t("signature_mention"), s["body"]), spot])]


def officer_intro(t: Texts, officer: Officer) -> str:
    """Art. 648 CPC: name, étude and address; a missing one is shown as missing, not hidden."""
    return t("officer_intro", name=officer.name, office=officer.office or t("missing_office"),
             address=officer.address or t("missing_address"))


def grid(rows: list[list[Any]], widths: Sequence[float]) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 8),  # not Helvetica
                               ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


@dataclass(frozen=True)
class EmbeddedAttachment:
    name: str
    mime: str
    data: bytes
    description: str
    compress: bool = True


#: Name of the machine-readable list of annexes embedded in every PV and attestation.
ANNEX_INDEX_NAME = "probant-annexes.json"


@dataclass(frozen=True)
class ListedAnnex:
    annex: str
    kind: str
    sha256: str
    size: int
    filename: str


def annex_index(doc_id: str, constat_id: str, listed: Sequence[ListedAnnex],
                omitted_kinds: Sequence[str] = (),
                journal_head: tuple[int, str] | None = None) -> EmbeddedAttachment:
    """The annexes the act lists, as canonical JSON: a bundle verifier checks them
    against the files. Stored uncompressed, so that a reader with no PDF library
    finds it inside the signed bytes (``{"annexes":`` opens it: keys are sorted)."""
    body = {"annexes": [{"annex": a.annex, "filename": a.filename, "kind": a.kind,
                         "sha256": a.sha256, "size": a.size} for a in listed],
            "constat": constat_id, "document": doc_id, "format": "probant-pv-annexes",
            "omitted_kinds": sorted(omitted_kinds), "v": 1}
    if journal_head is not None:  # the vault's journal when the act was built (an anchor)
        body["journal_head"] = {"seq": journal_head[0], "hash": journal_head[1]}
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()
    return EmbeddedAttachment(ANNEX_INDEX_NAME, "application/json", data,
                              "Liste des annexes (lisible par machine)", compress=False)


def attachment_for(annex: str, filename: str, data: bytes, mime: str, sha256: str
                   ) -> EmbeddedAttachment:
    mime = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return EmbeddedAttachment(f"annexe-{annex}-{filename}", mime, data,
                              f"Annexe {annex} — SHA-256 {sha256}")


@dataclass(frozen=True)
class PdfMeta:
    doc_id: str  # printed in every footer
    title: str
    subject: str
    author: str  # the officer
    creator: str  # the software
    header: str  # étude and officer, top of every page
    address: str  # étude address, bottom of every page
    demo: bool
    built_at: str = ""  # UTC ISO instant: /CreationDate, /ModDate and the XMP dates


def produce(make_story: Callable[[int | None], tuple[list[Any], SignatureSpot]], meta: PdfMeta,
            t: Texts, attachments: Sequence[EmbeddedAttachment]) -> RenderedPdf:
    """Lays the story out until the page count it prints is the real one, then attaches files.

    The total appears in the footers and in the closing formula, so a first pass
    counts pages and the next one prints them (another only if the count moved).
    """
    register_fonts()
    # Binary streams, not ASCII85: reportlab's pure-Python A85 encoder took half the build
    # time of an image-heavy PV, and made the file 25 % larger (bench/pv.py).
    rl_config.useA85 = 0
    pages: int | None = None
    for _ in range(4):
        story, spot = make_story(pages)
        out = io.BytesIO()
        counted = _layout(out, story, meta, t, pages)
        if counted == pages:
            break
        pages = counted
    if spot.where is None or pages is None:
        raise RuntimeError("la zone de signature n'a pas été placée")
    return RenderedPdf(_attach(out.getvalue(), attachments, meta), pages, spot.where[0],
                       spot.where[1])


def _pdf_date(built_at: str) -> str:
    """A PDF date string (ISO 32000 7.9.4) for the build instant, in UTC."""
    moment = _instant(built_at)
    return f"D:{moment:%Y%m%d%H%M%S}Z" if moment else "D:20000101000000Z"


def _instant(text: str) -> Any:
    moment = parse_instant(text)
    return moment.astimezone(UTC) if moment else None


def _layout(out: io.BytesIO, story: list[Any], meta: PdfMeta, t: Texts,
            pages: int | None) -> int:
    template = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=meta.title, author=meta.author, subject=meta.subject,
        creator=meta.creator, producer=meta.creator, keywords=meta.doc_id, lang="fr-FR",
        initialFontName=FONT, invariant=1)  # else an unembedded Helvetica is referenced
    date = _pdf_date(meta.built_at)

    def decorate(canvas: Any, doc: Any) -> None:
        # Called before the page's flowables: the watermark stays behind the text.
        # Invariant mode dates the file 2000-01-01; the build instant given replaces it.
        canvas._doc.info._dateFormatter = lambda *_ymdhms: date
        canvas.saveState()
        if meta.demo:
            canvas.doForm(_watermark_form(canvas, t("demo_watermark")))
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.setLineWidth(0.4)
        top = PAGE_H - 14 * mm
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN_X, top, meta.header)
        if meta.demo:  # also as real text: the outlined watermark cannot be searched
            canvas.setFont(BOLD, 8)
            canvas.drawCentredString(PAGE_W / 2, top - 6 * mm, t("demo_watermark"))
        canvas.line(MARGIN_X, top - 2 * mm, PAGE_W - MARGIN_X, top - 2 * mm)
        canvas.line(MARGIN_X, 16 * mm, PAGE_W - MARGIN_X, 16 * mm)
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN_X, 11 * mm, meta.address)
        canvas.drawRightString(PAGE_W - MARGIN_X, 11 * mm, t(
            "page_footer", doc_id=meta.doc_id, page=doc.page, pages=pages or "?"))
        canvas.restoreState()

    template.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return int(template.page)


def _attach(data: bytes, attachments: Sequence[EmbeddedAttachment], meta: PdfMeta) -> bytes:
    """The attachments, and the document's dates in /Info and in an XMP packet."""
    from pyhanko.pdf_utils import embed, generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata import info, model, xmp_xml

    built = _instant(meta.built_at)
    document = model.DocumentMetadata(
        title=meta.title, author=meta.author, subject=meta.subject, keywords=[meta.doc_id],
        creator=meta.creator, created=built, last_modified=built)

    class Writer(IncrementalPdfFileWriter):
        def _update_meta(self) -> None:
            """pyHanko's, with the build instant in place of its clock (``last_modified``
            "now"): the same document gives the same bytes."""
            if built is None:
                return  # no instant given: reportlab's document information as it is
            if self._info is not None:
                info.update_info_dict(document, self._info.get_object())
                self.mark_update(self._info)
            stream = xmp_xml.MetadataStream.from_xmp(xmp_xml.update_xmp_with_meta(document))
            self.root["/Metadata"] = self.add_object(stream)
            self.update_root()

    writer = Writer(io.BytesIO(data))
    # pyHanko draws a random second file ID; derive it from the content instead so
    # rendering stays reproducible.
    writer._document_id = generic.ArrayObject([
        generic.ByteStringObject(writer.document_id[0]),
        generic.ByteStringObject(hashlib.sha256(data).digest()[:16])])
    for a in attachments:
        spec = embed.FileSpec(
            file_spec_string=a.name, file_name=a.name, description=a.description,
            embedded_data=embed.EmbeddedFileObject.from_file_data(
                writer, data=a.data, compress=a.compress, mime_type=a.mime,
                params=embed.EmbeddedFileParams()),
            af_relationship=generic.pdf_name("/Supplement"))
        embed.embed_file(writer, spec)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
