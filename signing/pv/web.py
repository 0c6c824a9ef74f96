"""The recording browser's sessions as the PV states them (F2 point 7).

Read from what the vault holds, as stored by ``app.services.web``: the navigation log
(``web_log``: main-frame steps with time, status, server IP and the certificate's
SHA-256), the signed WACZ (``web_archive``: its RFC 3161 stamp in the item's metadata,
and one WARC ``metadata`` record per certificate chain, whose JSON names the
certificate's subject and issuer), and the captures (``url``/``title``/``wacz`` in
their metadata).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

from evidence.model import EvidenceItem
from evidence.vault import Vault
from signing.pv import claims
from signing.pv.model import WebSession, WebVisit


def _chains(wacz: bytes) -> dict[str, tuple[str, str]]:
    """Leaf certificate SHA-256 → (subject, issuer), from the WACZ's WARC metadata records."""
    from warcio.archiveiterator import ArchiveIterator

    out: dict[str, tuple[str, str]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(wacz)) as zf:
            warcs = [n for n in zf.namelist() if n.startswith("archive/")]
            for name in warcs:
                for record in ArchiveIterator(io.BytesIO(zf.read(name))):
                    if record.rec_type != "metadata":
                        continue
                    body = json.loads(record.content_stream().read())
                    chain = body.get("chain_sha256") or []
                    if chain:
                        out.setdefault(str(chain[0]), _names(body))
    except (zipfile.BadZipFile, ValueError, KeyError, OSError):
        return out  # an unreadable archive: the fingerprints are still printed
    return out


def _names(body: Mapping[str, Any]) -> tuple[str, str]:
    """Subject and issuer of the leaf as its DER says them (CN=…, O=…); Chromium's short
    names when the DER is absent or does not hash to the recorded fingerprint."""
    import base64
    import hashlib

    from asn1crypto import x509

    ders = body.get("chain_der_base64") or []
    try:
        der = base64.b64decode(ders[0]) if ders else b""
        if der and hashlib.sha256(der).hexdigest() == body["chain_sha256"][0]:
            leaf = x509.Certificate.load(der)
            return (claims.distinguished_name(leaf.subject),
                    claims.distinguished_name(leaf.issuer))
    except (ValueError, TypeError, KeyError):
        pass
    return str(body.get("subject", "")), str(body.get("issuer", ""))


def _stamp(meta: Mapping[str, Any], legal: Callable[[str], str]) -> tuple[str, str, str]:
    stamp = meta.get("timestamp") or {}
    if stamp.get("status") == "stamped":
        tsa = str(stamp.get("tsa", ""))
        der = stamp.get("token_der_base64")
        if der:
            import base64

            cert = claims.tsa_certificate(base64.b64decode(der))
            tsa = claims.certificate_name(cert) if cert is not None else tsa
        return tsa, legal(str(stamp.get("gen_time", ""))), ""
    return "", "", str(stamp.get("error") or stamp.get("code") or "")


def sessions(vault: Vault, items: tuple[EvidenceItem, ...],
             legal: Callable[[str], str]) -> tuple[WebSession, ...]:
    """One entry per stored WACZ, in storing order, with its navigation log's steps."""
    logs = {str(i.metadata.get("wacz", "")): i for i in items if i.kind == "web_log"}
    out = []
    for archive in (i for i in items if i.kind == "web_archive"):
        log = logs.get(archive.id)
        navigations: list[Mapping[str, Any]] = []
        if log is not None:
            try:
                navigations = list(json.loads(vault.blobs.read_all(log.blob_id))
                                   .get("navigations", []))
            except ValueError:
                navigations = []
        elif archive.metadata.get("partial"):
            navigations = list(archive.metadata.get("navigations", []))
        chains = _chains(vault.blobs.read_all(archive.blob_id))
        visits = []
        for n in navigations:
            fingerprint = str(n.get("certificate_sha256", ""))
            subject, issuer = chains.get(fingerprint, ("", ""))
            visits.append(WebVisit(
                time=legal(str(n.get("time", ""))), url=str(n.get("url", "")),
                cause=str(n.get("cause", "")), status=int(n.get("status") or 0),
                server_ip=str(n.get("server_ip", "")), certificate_sha256=fingerprint,
                certificate_subject=subject, certificate_issuer=issuer,
                error=str(n.get("error", ""))))
        tsa, time, pending = _stamp(archive.metadata, legal)
        session = archive.metadata.get("web_session")
        captures = tuple(i.annex_label for i in items if i.kind.startswith("web_")
                         and i.kind not in ("web_archive", "web_log")
                         and (i.metadata.get("wacz") == archive.id
                              or (session and i.metadata.get("web_session") == session)))
        out.append(WebSession(archive.annex_label, archive.sha256, archive.size,
                              log.annex_label if log is not None else "—", tuple(visits),
                              tsa, time, pending, captures))
    return tuple(out)
