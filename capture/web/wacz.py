"""WACZ 1.1.1 packaging and signing (WACZ Signing and Verification, anonymous form).

Written directly rather than through py-wacz's ``create`` (an argparse-driven
command that re-reads the WARC to guess pages and prints as it goes): we
already know every record's offset and the pages we visited. py-wacz is used by
the tests to validate the result (``wacz validate``).

The signature: the spec's anonymous form wants an ECDSA key, and the vault's
workstation key is Ed25519. So each package gets a one-time ECDSA P-256 key:
it signs the ``sha256:…`` hash of datapackage.json (IEEE P1363 r‖s, as
WebCrypto does), the private half is discarded, and the public key is bound to
the officer's vault by the evidence manifest, which the workstation key signs.
A key that signs one package and is then forgotten cannot sign anything else.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from capture.web.warc import WARC_NAME, IndexEntry, WarcFile

WACZ_VERSION = "1.1.1"
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # zip entry times carry nothing: the package states "created"


@dataclass(frozen=True)
class Page:
    url: str
    ts: str  # ISO UTC
    title: str


@dataclass(frozen=True)
class WaczPackage:
    data: bytes
    datapackage_sha256: str  # hex, what the signature covers ("sha256:" + this)
    public_key_b64: str  # SubjectPublicKeyInfo DER, base64
    signature_b64: str
    created: str


def surt(url: str) -> str:
    """Sort-friendly URI key, as replay tools compute it (host reversed, www dropped)."""
    parts = urlsplit(url.lower() if url.startswith(("http:", "https:")) else url)
    if parts.scheme not in ("http", "https"):
        return url
    host = parts.hostname or ""
    first, _, rest = host.partition(".")
    if rest and first.startswith("www") and (first[3:] == "" or first[3:].isdigit()):
        host = rest
    key = ",".join(reversed(host.split(".")))
    if parts.port:
        key += f":{parts.port}"
    key += ")" + (parts.path or "/")
    if parts.query:
        key += "?" + "&".join(sorted(parts.query.split("&")))
    return key


def cdxj(entries: Sequence[IndexEntry]) -> bytes:
    lines = []
    for e in entries:
        fields = {"url": e.url, "mime": e.mime, "status": str(e.status), "digest": e.digest,
                  "length": str(e.length), "offset": str(e.offset), "filename": WARC_NAME,
                  "recordId": e.record_id}
        lines.append(f"{surt(e.url)} {e.timestamp} {json.dumps(fields, ensure_ascii=False)}")
    return ("\n".join(sorted(lines)) + "\n").encode()


def pages_jsonl(pages: Sequence[Page]) -> bytes:
    out = [json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "Pages"})]
    for n, p in enumerate(pages, start=1):
        out.append(json.dumps({"id": f"page-{n}", "url": p.url, "ts": p.ts, "title": p.title},
                              ensure_ascii=False))
    return ("\n".join(out) + "\n").encode()


def _entry(zf: zipfile.ZipFile, name: str, data: bytes, *, store: bool) -> None:
    info = zipfile.ZipInfo(name, _FIXED_DATE)
    # WARCs stay uncompressed in the zip (already gzip, and replay reads them by range).
    info.compress_type = zipfile.ZIP_STORED if store else zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def build_wacz(warc: WarcFile, pages: Sequence[Page], *, title: str, created: str,
               software: str) -> WaczPackage:
    """The package in memory: archive, index, pages, datapackage, signed digest."""
    files = [("archive/" + WARC_NAME, warc.data, True),
             ("indexes/index.cdxj", cdxj(warc.entries), False),
             ("pages/pages.jsonl", pages_jsonl(pages), False)]
    package: dict[str, Any] = {
        "profile": "data-package", "wacz_version": WACZ_VERSION, "title": title,
        "created": created, "software": software,
        "resources": [{"name": path.rsplit("/", 1)[1].lower(), "path": path,
                       "hash": "sha256:" + hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                      for path, data, _ in files]}
    if pages:
        package["mainPageURL"] = pages[0].url
        package["mainPageDate"] = pages[0].ts
    datapackage = json.dumps(package, indent=2, ensure_ascii=False).encode()
    digest = hashlib.sha256(datapackage).hexdigest()
    key = ec.generate_private_key(ec.SECP256R1())
    signature = _sign(key, f"sha256:{digest}".encode())
    public = base64.b64encode(key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
    del key  # one package, one key: nothing else can ever be signed with it
    signed = {"hash": f"sha256:{digest}", "created": created, "software": software,
              "version": "0.1.0", "signature": signature, "publicKey": public}
    digest_file = json.dumps({"path": "datapackage.json", "hash": f"sha256:{digest}",
                              "signedData": signed}, indent=2).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for path, data, store in files:
            _entry(zf, path, data, store=store)
        _entry(zf, "datapackage.json", datapackage, store=False)
        _entry(zf, "datapackage-digest.json", digest_file, store=False)
    return WaczPackage(out.getvalue(), digest, public, signature, created)


def _sign(key: ec.EllipticCurvePrivateKey, data: bytes) -> str:
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return base64.b64encode(r.to_bytes(32, "big") + s.to_bytes(32, "big")).decode()


def verify_wacz(data: bytes) -> dict[str, Any]:
    """Check datapackage-digest.json's hash and signature; returns its signedData.

    Raises ValueError on any mismatch. The package files' own hashes are
    py-wacz's part (``wacz validate``); this is the signing spec's part.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        datapackage = zf.read("datapackage.json")
        digest = json.loads(zf.read("datapackage-digest.json"))
        package = json.loads(datapackage)
        for res in package["resources"]:
            if "sha256:" + hashlib.sha256(zf.read(res["path"])).hexdigest() != res["hash"]:
                raise ValueError(f"hash mismatch: {res['path']}")
    expected = "sha256:" + hashlib.sha256(datapackage).hexdigest()
    signed = digest["signedData"]
    if digest["hash"] != expected or signed["hash"] != expected:
        raise ValueError("datapackage.json does not match its digest")
    if signed["created"] != package["created"]:
        raise ValueError("signed time differs from the package's")
    raw = base64.b64decode(signed["signature"])
    public = serialization.load_der_public_key(base64.b64decode(signed["publicKey"]))
    if not isinstance(public, ec.EllipticCurvePublicKey) or len(raw) != 64:
        raise ValueError("not an ECDSA P-256 signature")
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    try:
        public.verify(der, expected.encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise ValueError("signature does not verify") from exc
    return dict(signed)
