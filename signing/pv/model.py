"""What a PV or an attestation de dépôt says, as plain frozen data.

``signing.pv.build`` fills these from the vault; ``signing.pv.render`` and
``signing.pv.attestation`` turn them into PDF bytes and nothing else. Times are
already formatted strings (the renderer never reads a clock, so the same
document always gives the same PDF bytes).

Field names follow what ``build.py`` already constructs (``image``,
``attachment`` as bytes plus ``filename``), so the collector and the renderer
stay in step; fields added later all have defaults.

Every time is printed with its zone (D3 point 7): ``signing.pv.times.legal`` gives French
legal time with its offset to UTC, then UTC. ``built_at`` is the one instant the renderer
writes as a date (the PDF's /Info and XMP creation date): given, never read from a clock.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Officer:
    """The commissaire de justice who acts (art. 648 CPC: name, office, address)."""

    name: str
    office: str  # the étude, e.g. "SELARL Dupont & Associés"
    address: str  # the étude's address


@dataclass(frozen=True)
class EnvironmentSummary:
    """One reading of the "prérequis techniques" (NF Z67-147), at start or end."""

    phase: str  # "start" | "end"
    taken_local: str  # as printed, with its zone (``times.legal``)
    annex: str  # the environment report's own annex number ("1")
    lines: tuple[str, ...]  # one French sentence per checked point
    warnings: tuple[str, ...]  # anomalies the officer must read (proxy found, clock drift...)


@dataclass(frozen=True)
class ClockOffset:
    """The workstation clock's offset to a reference: reference minus workstation, in ms
    (ntplib's sign, and the TSA skew's: positive means the workstation was behind)."""

    offset_ms: int | None  # None: not measured
    reference: str = ""  # "ntp" | "tsa"
    source: str = ""  # the NTP server, or the TSA
    where: str = ""  # the report it comes from, or when the token was asked for (printed)
    uncertainty_ms: int = 0  # half the TSA round trip


@dataclass(frozen=True)
class PvEntry:
    """One constatation: one capture (or one handed-in file) and its annex."""

    annex: str  # "2", "3.1" ...
    kind: str  # screenshot | photo | video | video_segment | webcam_* | environment | imported
    origin: str  # captured | imported | generated
    captured_local: str  # the capture time on the workstation clock, as printed (with zone)
    tsa_time: str | None  # the first covering token's genTime, as printed; None while pending
    tsa_pending_reason: str | None  # why the timestamp is pending (offline, TSA down...)
    description: str  # typed by the officer (or a default from the collector)
    sha256: str  # hex digest of the annex file
    size: int  # bytes
    filename: str  # name of the annex file (used for the PDF attachment)
    # PNG/JPEG: shown as a thumbnail in the constatations (the renderer downscales it)
    # and full-size, one per page, in the annex section.
    image: bytes | None = None
    # Videos, page sources...: embedded in the PDF as a file attachment.
    attachment: bytes | None = None
    referenced_only: bool = False  # too large: only referenced by hash in the evidence bundle
    mime: str = ""  # MIME type of the attachment; guessed from ``filename`` when empty
    # The officer's finding (« constatation »), as printed: their text, « Sans observation. »,
    # or for a video segment the reference to its recording's finding. Empty: none written.
    finding: str = ""
    # The workstation clock's measured offset (« écart mesuré : … ») or « non mesuré »;
    # None: nothing said (a document built before D3 point 7).
    clock: ClockOffset | None = None
    tsa_name: str = ""  # the TSA of the first token covering the item
    url: str = ""  # a browser capture: the address and the page title it shows
    title: str = ""


@dataclass(frozen=True)
class WebVisit:
    """One main-frame step of the recording browser (F2 point 7), as the PV lists it."""

    time: str  # as printed, with zone
    url: str
    cause: str  # typed | redirect | link | script
    status: int
    server_ip: str
    certificate_sha256: str  # the origin's certificate, as Chromium verified it
    certificate_subject: str = ""
    certificate_issuer: str = ""
    error: str = ""


@dataclass(frozen=True)
class WebSession:
    """A recording-browser session: its signed WACZ annex, the visited addresses."""

    archive_annex: str
    archive_sha256: str
    archive_size: int
    log_annex: str
    visits: tuple[WebVisit, ...]
    stamp_tsa: str = ""  # the WACZ signature's RFC 3161 token: its TSA and genTime (printed)
    stamp_time: str = ""
    stamp_pending: str = ""  # why it has none
    captures: tuple[str, ...] = ()  # annexes of the captures taken in this session


@dataclass(frozen=True)
class CertificateFacts:
    """The signing certificate, as the PV names it (D3 point 1) and qualifies it (point 2)."""

    subject: str
    issuer: str
    serial: str  # hexadecimal
    not_before: str  # "2020-01-01 00:00:00 UTC"
    not_after: str
    qualified: bool  # qcStatement QcCompliance
    qscd: bool  # qcStatement QcSSCD
    name: str  # the person it names


@dataclass(frozen=True)
class TsaFacts:
    """A TSA whose tokens cover the annexes: named by subject and policy OID; « qualifié »
    only when its certificate carries QcCompliance."""

    subject: str
    policy: str
    qualified: bool
    tokens: int


@dataclass(frozen=True)
class PvReservation:
    """A reservation (« réserve ») of the officer on an NF Z67-147 point."""

    code: str
    label: str  # the point, in French
    text: str  # the officer's words
    finding: str  # what the rules found (empty when the point holds after all)
    written_local: str


@dataclass(frozen=True)
class PvDocument:
    """Everything the procès-verbal de constat states."""

    pv_id: str  # printed on every page
    constat_id: str
    officer: Officer
    dossier_title: str
    requester: str  # art. 648 CPC identity of the requérant, as one text
    mission: str  # what is to be established
    started_local: str  # start of operations; its date is the act's date
    ended_local: str | None
    environment: tuple[EnvironmentSummary, ...]  # start, then end
    entries: tuple[PvEntry, ...]  # chronological
    narrative: str  # the officer's closing observations
    demo: bool  # demo vault: watermark on every page
    software: str  # "Probant x.y.z"
    # Set when the officer confirmed that some timestamps are pending: says which and why.
    pending_note: str | None = None
    # Only handed-in files: ``signing.pv.render.render`` prints an attestation de dépôt instead.
    attestation: bool = False
    place: str = ""  # where the operations took place ("en notre étude"); optional
    signer: CertificateFacts | None = None  # None: a draft with no certificate kept yet
    tsas: tuple[TsaFacts, ...] = ()
    reservations: tuple[PvReservation, ...] = ()
    built_at: str = ""  # UTC instant of the build: the PDF's creation date (empty: none set)
    web: tuple[WebSession, ...] = ()
    # The vault's journal head when the act was built (seq, entry hash): the court's copy
    # of the PV is then an anchor too — a later copy of the vault must hold this entry.
    journal_head: tuple[int, str] | None = None


@dataclass(frozen=True)
class ReceivedFile:
    """One file handed in by the client for an attestation de dépôt."""

    annex: str
    filename: str
    size: int
    sha256: str  # computed by Probant on receipt
    received_local: str  # when the officer received it
    description: str = ""
    tsa_time: str | None = None  # RFC 3161 time of the receipt record, if any
    tsa_pending_reason: str | None = None
    attachment: bytes | None = None  # embedded in the PDF when small enough
    referenced_only: bool = False
    mime: str = ""
    observation: str = ""  # the officer's words on the file, if any (none is required)
    tsa_name: str = ""


@dataclass(frozen=True)
class AttestationDocument:
    """Attestation de dépôt: receipt, date and hash of files are certified, not their origin."""

    attestation_id: str  # printed on every page
    constat_id: str
    officer: Officer
    dossier_title: str
    requester: str  # the client on whose behalf the files are kept
    handed_by: str  # who physically handed the files in (often the requester)
    received_local: str  # date of the deposit; the act's date
    files: tuple[ReceivedFile, ...]
    narrative: str
    demo: bool
    software: str
    place: str = ""
    pending_note: str | None = None  # which receipt timestamps are pending, and why
    signer: CertificateFacts | None = None  # the certificate that signs, if known
    built_at: str = ""
    reservations: tuple[PvReservation, ...] = ()  # printed when written (none is required)


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF and where the visible signature goes (for ``signing.pv.sign``)."""

    data: bytes
    page_count: int
    signature_page: int  # 0-based page index of the signature box
    signature_box: tuple[int, int, int, int]  # PDF points from bottom-left: x1, y1, x2, y2
