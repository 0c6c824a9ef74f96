#!/usr/bin/env python3
"""Independent verifier of a Probant evidence bundle (format 1, docs/bundle-format.md).

Run it with nothing but Python 3.9+ and the ``cryptography`` package, 38 or later
(Debian 12's ``python3-cryptography`` is 38.0.4: ``sudo apt install python3-cryptography``;
elsewhere, never ``pip install`` into the system's Python (PEP 668), use a venv:
``python3 -m venv /tmp/pv && /tmp/pv/bin/pip install cryptography``, then run it with
``/tmp/pv/bin/python``):

    python3 probant_verify.py BUNDLE.zip            # or an unzipped bundle folder
    python3 probant_verify.py BUNDLE.zip --trust THE-AUTHORITIES.pem --lang en --json

It deliberately stays one file that imports nothing from Probant, so that an
expert can read all of it. It checks: every file's SHA-256 and size; the
signature of the bundle manifest and of every capture manifest (Ed25519) and
the manifests' chain; every RFC 3161 token (imprint, CMS signature, TSA
certificate chain with the timeStamping usage, valid at the token's time) and
every Merkle inclusion proof from a manifest or journal entry to a token; the
journal extract's hashes and links; each PDF signature and document timestamp
of the procès-verbal, that the last one covers the whole file, and that the
annexes the PV lists are exactly the bundle's files. Chains may end at an
anchor given with --trust, in the system store, or included in the bundle; the
report names the anchor so it can be compared with the authority's published
fingerprint. Revocation is not checked here: pdfsig or ``probant verify`` do.

Integrity and trust are told apart. A bundle carries the anchors the officer
configured (``trust/``): a chain ending there proves the files are as they were
sealed, not who sealed them. Only anchors the person checking brings (``--trust``,
only) attach the bundle to an authority: the system store (web server CAs, chosen
for TLS) checks the chain but does not attach it either.

Exit status: 0 intact and attached (every chain ends at an anchor given with
--trust), 5 « INTÈGRE, NON RATTACHÉ »: intact, but some chain ends
only at an anchor the bundle itself carries or the system store holds (compare its fingerprint with the
authority's, then pass it with --trust), 1 a problem was found (each one names its
file), 2 bad usage or a missing dependency.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import json
import os
import re
import sys
import warnings
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

NEEDS = (38, 0)  # Debian 12's python3-cryptography; older ones lack what is used here
HOW_TO_GET = ("needs the Python package 'cryptography' {need} or later ({found}). Debian/Ubuntu: "
              "sudo apt install python3-cryptography. Elsewhere, without touching the system's "
              "Python (PEP 668): python3 -m venv /tmp/pv && /tmp/pv/bin/pip install "
              "'cryptography>={need}' && /tmp/pv/bin/python {me} ...")
try:
    import cryptography
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
    _FOUND = tuple(int(p) for p in re.findall(r"\d+", cryptography.__version__)[:2])
except ImportError as _missing:  # said plainly, not as a traceback
    _FOUND, _WHY = (), f"not installed: {_missing}"
else:
    _WHY = f"found {cryptography.__version__}"
if _FOUND < NEEDS:
    print("probant_verify.py " + HOW_TO_GET.format(need=".".join(map(str, NEEDS)), found=_WHY,
                                                   me=sys.argv[0] or "probant_verify.py"),
          file=sys.stderr)
    sys.exit(2)

UTC = dt.timezone.utc  # noqa: UP017 - dt.UTC needs Python 3.11; this file runs on 3.9
FORMAT = "probant-bundle"
CHUNK = 1 << 20
SEALS = ("bundle.json", "bundle.json.sig", "bundle.json.tsr", "SHA256SUMS", "SHA256SUMS.sig",
         "SHA256SUMS.tsr")
SUMS_SEALS = ("SHA256SUMS", "SHA256SUMS.sig", "SHA256SUMS.tsr")  # over SHA256SUMS, not in it
EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_NOT_ANCHORED = 0, 1, 2, 5
SYSTEM_STORES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
                 "/etc/ssl/cert.pem")
OID = {"sha256": "2.16.840.1.101.3.4.2.1", "sha384": "2.16.840.1.101.3.4.2.2",
       "sha512": "2.16.840.1.101.3.4.2.3", "tst_info": "1.2.840.113549.1.9.16.1.4",
       "message_digest": "1.2.840.113549.1.9.4", "signature_ts": "1.2.840.113549.1.9.16.2.14",
       "signing_time": "1.2.840.113549.1.9.5"}
HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {OID["sha256"]: hashes.SHA256, OID["sha384"]: hashes.SHA384,
          OID["sha512"]: hashes.SHA512}


# -- report ----------------------------------------------------------------------------------

@dataclass
class Finding:
    file: str
    check: str
    problem: str


@dataclass
class Report:
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    pv_level: str | None = None
    attached: bool = False  # every chain ends at an anchor the bundle does not carry

    def error(self, file: str, check: str, problem: str) -> None:
        self.errors.append(Finding(file, check, problem))

    def warn(self, file: str, check: str, problem: str) -> None:
        self.warnings.append(Finding(file, check, problem))

    @property
    def ok(self) -> bool:
        """Integrity: nothing altered, added or missing (trust is ``attached``)."""
        return not self.errors

    @property
    def status(self) -> str:
        return "problems" if self.errors else ("intact" if self.attached else "not_anchored")

    @property
    def exit_code(self) -> int:
        return {"intact": EXIT_OK, "not_anchored": EXIT_NOT_ANCHORED}.get(self.status,
                                                                          EXIT_PROBLEM)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "status": self.status, "attached": self.attached,
                "counts": self.counts, "pv_level": self.pv_level,
                "errors": [asdict(f) for f in self.errors],
                "warnings": [asdict(f) for f in self.warnings], "notes": self.notes}


class Bad(Exception):
    """A structure that cannot be read; the caller turns it into a finding."""


# -- the bundle's files, zipped or unzipped --------------------------------------------------

class Source:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = None if path.is_dir() else zipfile.ZipFile(path)
        if self.zip is not None:
            self.names = [n for n in self.zip.namelist() if not n.endswith("/")]
        else:
            self.names = sorted(p.relative_to(path).as_posix() for p in path.rglob("*")
                                if p.is_file())

    def open(self, name: str) -> BinaryIO:
        if self.zip is not None:
            return self.zip.open(name)  # type: ignore[return-value]
        return open(self.path / name, "rb")

    def read(self, name: str) -> bytes:
        with self.open(name) as handle:
            return handle.read()

    def digest(self, name: str) -> tuple[str, int]:
        sha, size = hashlib.sha256(), 0
        with self.open(name) as handle:
            while chunk := handle.read(CHUNK):
                sha.update(chunk)
                size += len(chunk)
        return sha.hexdigest(), size


# -- DER, just enough for CMS and RFC 3161 -----------------------------------------------------

@dataclass
class Der:
    tag: int
    raw: bytes  # the whole TLV
    body: bytes

    def items(self) -> list[Der]:
        out, pos = [], 0
        while pos < len(self.body):
            node, pos = der(self.body, pos)
            out.append(node)
        return out

    def oid(self) -> str:
        first, *rest = self.body
        parts, value = [first // 40 if first < 80 else 2, first % 40 if first < 80 else first - 80], 0
        for byte in rest:
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                parts.append(value)
                value = 0
        return ".".join(map(str, parts))


def der(data: bytes, pos: int = 0) -> tuple[Der, int]:
    if pos + 2 > len(data):
        raise Bad("truncated DER")
    tag, length, start = data[pos], data[pos + 1], pos + 2
    if length == 0x80:
        raise Bad("indefinite-length encoding is not DER")
    if length & 0x80:
        count = length & 0x7F
        length, start = int.from_bytes(data[start:start + count], "big"), start + count
    end = start + length
    if end > len(data):
        raise Bad("truncated DER")
    return Der(tag, data[pos:end], data[start:end]), end


def attrs(node: Der | None) -> dict[str, Der]:
    """Attributes (SEQUENCE {OID, SET {value}}) by OID: first value."""
    if node is None:
        return {}
    return {a.items()[0].oid(): a.items()[1].items()[0] for a in node.items()}


@dataclass
class Cms:
    content_type: str
    content: bytes | None
    certs: list[x509.Certificate]
    signer: x509.Certificate | None
    digest_oid: str
    signed_attrs: Der | None
    unsigned: dict[str, Der]
    sig_alg: str
    signature: bytes


def parse_cms(data: bytes) -> Cms:
    info, _ = der(data)
    if info.items()[0].oid() != "1.2.840.113549.1.7.2":
        raise Bad("not a CMS SignedData")
    signed = info.items()[1].items()[0].items()
    encap = signed[2].items()
    content = encap[1].items()[0].body if len(encap) > 1 else None
    certs = [x509.load_der_x509_certificate(c.raw) for n in signed[3:-1] if n.tag == 0xA0
             for c in n.items() if c.tag == 0x30]
    [si] = signed[-1].items()
    parts = si.items()
    sid, rest = parts[1], parts[2:]
    signed_attrs = next((p for p in rest if p.tag == 0xA0), None)
    unsigned = next((p for p in rest if p.tag == 0xA1), None)
    plain = [p for p in rest if p.tag in (0x30, 0x04)]
    return Cms(encap[0].oid(), content, certs, _signer(sid, certs), plain[0].items()[0].oid(),
               signed_attrs, attrs(unsigned), plain[1].items()[0].oid(), plain[2].body)


def _signer(sid: Der, certs: list[x509.Certificate]) -> x509.Certificate | None:
    for cert in certs:
        if sid.tag == 0x30:
            serial = int.from_bytes(sid.items()[1].body, "big", signed=True)
            if cert.serial_number == serial and cert.issuer.public_bytes() == sid.items()[0].raw:
                return cert
        else:
            try:
                ski = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
            except x509.ExtensionNotFound:
                continue
            if ski.value.digest == sid.body:
                return cert
    return None


def check_cms(cms: Cms, content_digest: bytes) -> None:
    """The signer's signature over the signed attributes, which bind ``content_digest``."""
    if cms.signer is None:
        raise Bad("the signer's certificate is not in the signature")
    algo = HASHES.get(cms.digest_oid)
    if algo is None or cms.signed_attrs is None:
        raise Bad(f"unsupported digest {cms.digest_oid} or no signed attributes")
    found = attrs(cms.signed_attrs).get(OID["message_digest"])
    if found is None or found.body != content_digest:
        raise Bad("the signed message digest does not match the signed content")
    to_verify = b"\x31" + cms.signed_attrs.raw[1:]  # signed as a SET OF, stored as [0]
    try:
        _verify(cms.signer.public_key(), cms.signature, to_verify, algo,
                cms.sig_alg == "1.2.840.113549.1.1.10")
    except InvalidSignature as exc:
        raise Bad("the CMS signature is invalid") from exc


@dataclass
class Tst:
    imprint_oid: str
    imprint: bytes
    gen_time: dt.datetime
    serial: int
    tsa: x509.Certificate


def parse_token(token: bytes) -> Tst:
    """An RFC 3161 TimeStampToken (a ContentInfo): signature checked, TSTInfo read."""
    cms = parse_cms(token)
    if cms.content_type != OID["tst_info"] or cms.content is None:
        raise Bad("not an RFC 3161 token")
    check_cms(cms, hashlib.new(_hash_name(cms.digest_oid), cms.content).digest())
    fields = der(cms.content)[0].items()
    imprint = fields[2].items()
    when = fields[4].body.decode()
    stamp = dt.datetime.strptime(when.rstrip("Z").split(".")[0], "%Y%m%d%H%M%S")
    if cms.signer is None:
        raise Bad("the TSA certificate is not in the token")
    return Tst(imprint[0].items()[0].oid(), imprint[1].body, stamp.replace(tzinfo=UTC),
               int.from_bytes(fields[3].body, "big"), cms.signer)


def parse_response(data: bytes) -> Tst:
    resp = der(data)[0].items()
    status = int.from_bytes(resp[0].items()[0].body, "big")
    if status not in (0, 1) or len(resp) < 2:
        raise Bad(f"the TSA did not grant the token (status {status})")
    return parse_token(resp[1].raw)


def _hash_name(oid: str) -> str:
    names = {v: k for k, v in OID.items() if k.startswith("sha")}
    if oid not in names:
        raise Bad(f"unsupported digest algorithm {oid}")
    return names[oid]


# -- certificate chains ------------------------------------------------------------------------

class Trust:
    def __init__(self) -> None:
        self.anchors: dict[bytes, tuple[x509.Certificate, str]] = {}
        self.used: dict[bytes, tuple[x509.Certificate, str]] = {}  # anchors chains ended at

    def add(self, pem: bytes, origin: str) -> None:
        for block in re.findall(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----",
                                pem, re.S):
            try:
                with warnings.catch_warnings():  # system stores hold a few odd old roots
                    warnings.simplefilter("ignore")
                    cert = x509.load_pem_x509_certificate(block)
            except ValueError:
                continue
            self.anchors.setdefault(cert.fingerprint(hashes.SHA256()), (cert, origin))

    def chain(self, leaf: x509.Certificate, extra: list[x509.Certificate], at: dt.datetime,
              usage: str | None = None) -> str:
        """Walk up to an anchor; return "origin, SHA-256 fingerprint" of that anchor."""
        if usage is not None:
            try:
                ekus = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
            except x509.ExtensionNotFound as exc:
                raise Bad("the certificate has no extended key usage") from exc
            if x509.ObjectIdentifier(usage) not in ekus:
                raise Bad("the certificate is not for this usage")
        pool = extra + [c for c, _ in self.anchors.values()]
        current, inside = leaf, None  # the first anchor met not given with --trust
        for _ in range(10):
            if not _valid_at(current, at):
                raise Bad(f"certificate {current.subject.rfc4514_string()} not valid at {at}")
            fingerprint = current.fingerprint(hashes.SHA256())
            anchor = self.anchors.get(fingerprint)
            if anchor is not None and anchor[1] == GIVEN:
                self.used[fingerprint] = anchor
                return f"{anchor[1]}, SHA-256 {fingerprint.hex()}"
            if anchor is not None and inside is None:
                inside = (fingerprint, anchor)
            # the bundle's or the system's: go on up, the verifier's own may be above it
            issuer = next((c for c in pool if c.subject == current.issuer and c != current
                           and _issued(current, c)), None)
            if issuer is None:
                break
            current = issuer
        if inside is None:
            raise Bad(f"no trusted issuer for {current.subject.rfc4514_string()}")
        self.used[inside[0]] = inside[1]
        return f"{inside[1][1]}, SHA-256 {inside[0].hex()}"

    @property
    def attached(self) -> bool:
        """Every chain checked ended at an anchor given with --trust (and one did)."""
        return bool(self.used) and all(origin == GIVEN for _, origin in self.used.values())


INCLUDED = "included in the bundle"
GIVEN = "given with --trust"


def _valid_at(cert: x509.Certificate, at: dt.datetime) -> bool:
    if hasattr(cert, "not_valid_before_utc"):  # cryptography 42+
        return bool(cert.not_valid_before_utc <= at <= cert.not_valid_after_utc)
    before, after = cert.not_valid_before, cert.not_valid_after  # naive UTC before 42
    return bool(before.replace(tzinfo=UTC) <= at <= after.replace(tzinfo=UTC))


def _issued(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cons = issuer.extensions.get_extension_for_class(x509.BasicConstraints).value
        if cert.issuer != issuer.subject or cert.signature_hash_algorithm is None:
            return False
        # verify_directly_issued_by needs cryptography 40: the same check, by hand
        _verify(issuer.public_key(), cert.signature, cert.tbs_certificate_bytes,
                type(cert.signature_hash_algorithm),
                cert.signature_algorithm_oid.dotted_string == "1.2.840.113549.1.1.10")
    except (x509.ExtensionNotFound, InvalidSignature, Bad, ValueError, TypeError):
        return False
    return cons.ca


def _verify(key: Any, signature: bytes, data: bytes, algo: Callable[[], hashes.HashAlgorithm],
            pss: bool = False) -> None:
    """One signature by an RSA, EC or Ed25519 key; InvalidSignature if it fails."""
    if isinstance(key, rsa.RSAPublicKey):
        pad: padding.AsymmetricPadding = padding.PKCS1v15()
        if pss:
            pad = padding.PSS(mgf=padding.MGF1(algo()), salt_length=padding.PSS.AUTO)
        key.verify(signature, data, pad, algo())
    elif isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, data, ec.ECDSA(algo()))
    elif isinstance(key, ed25519.Ed25519PublicKey):
        key.verify(signature, data)
    else:
        raise Bad("unsupported key type")


def check_token(data: bytes, expected: bytes | Callable[[str], bytes], trust: Trust, *,
                response: bool = True) -> Tst:
    """A TimeStampResp (``response``) or a bare token: signature, imprint, TSA chain.

    ``expected`` is the digest covered, or a function of the hash name the token uses.
    """
    token = der(data)[0].items()[1].raw if response else data
    tst = parse_response(data) if response else parse_token(token)
    want = expected if isinstance(expected, bytes) else expected(_hash_name(tst.imprint_oid))
    if tst.imprint != want:
        raise Bad("the token does not cover this data (imprint differs)")
    trust.chain(tst.tsa, parse_cms(token).certs, tst.gen_time, usage="1.3.6.1.5.5.7.3.8")
    return tst


# -- Merkle proofs (RFC 6962/9162) and canonical JSON -----------------------------------------

def leaf_hash(digest_hex: str) -> bytes:
    return hashlib.sha256(b"\x00" + bytes.fromhex(digest_hex)).digest()


def merkle_root(leaf: bytes, index: int, size: int, path: list[str]) -> bytes | None:
    if not 0 <= index < size:
        return None
    fn, sn, node = index, size - 1, leaf
    for sibling in map(bytes.fromhex, path):
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            node = hashlib.sha256(b"\x01" + sibling + node).digest()
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            node = hashlib.sha256(b"\x01" + node + sibling).digest()
        fn, sn = fn >> 1, sn >> 1
    return node if sn == 0 else None


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the checks ------------------------------------------------------------------------------

class Verifier:
    def __init__(self, source: Source, trust: Trust, report: Report) -> None:
        self.src, self.trust, self.report = source, trust, report
        self.index: dict[str, Any] = {}
        self.keys: dict[str, ed25519.Ed25519PublicKey] = {}
        self.manifest_hashes: dict[str, str] = {}  # evidence id -> manifest hash
        self.journal_hashes: dict[str, str] = {}  # seq -> entry hash
        self.digests: dict[str, str] = {}  # path -> SHA-256 of the files bundle.json lists

    def run(self) -> Report:
        if "bundle.json" not in self.src.names:
            self.report.error("bundle.json", "structure", "missing: not a Probant bundle")
            return self.report
        raw = self.src.read("bundle.json")
        self.index = json.loads(raw)
        if self.index.get("format") != FORMAT or self.index.get("v") != 1:
            self.report.error("bundle.json", "structure", "unknown bundle format or version")
            return self.report
        self._load_trust()
        self._load_keys()
        self._files()
        self._seal(raw)
        self._sums()
        self._manifests()
        self._journal()
        self._timestamps()
        self._web_archives()
        self._pv()
        self.report.attached = self.trust.attached
        for fingerprint, (cert, origin) in self.trust.used.items():
            if origin.startswith(INCLUDED):  # the bundle vouching for itself
                self.report.warn(origin.split("(")[-1].rstrip(")"), "trust",
                                 f"{cert.subject.rfc4514_string()} is trusted only because the "
                                 f"bundle includes it: compare its SHA-256 {fingerprint.hex()} "
                                 "with the authority's published one, or pass --trust")
            elif origin != GIVEN:  # the system store: web server CAs, not chosen for this
                self.report.warn(origin, "trust",
                                 f"{cert.subject.rfc4514_string()} is trusted only because the "
                                 f"system store holds it: compare its SHA-256 "
                                 f"{fingerprint.hex()} with the authority's published one, or "
                                 "pass --trust")
        if self.index.get("demo"):
            self.report.warn("bundle.json", "demo", "made in DEMO mode: no evidential value")
        return self.report

    def _load_trust(self) -> None:
        for path in self.index.get("trust", []):
            if path in self.src.names:
                self.trust.add(self.src.read(path), f"included in the bundle ({path})")

    def _load_keys(self) -> None:
        for key_id, path in self.index.get("keys", {}).items():
            try:
                key = serialization.load_pem_public_key(self.src.read(path))
            except (KeyError, ValueError) as exc:
                self.report.error(path, "keys", f"unreadable workstation key: {exc}")
                continue
            if isinstance(key, ed25519.Ed25519PublicKey):
                self.keys[key_id] = key

    def _files(self) -> None:
        listed = {f["path"]: f for f in self.index.get("files", [])}
        present = [p for p in listed if p in self.src.names]
        # Hashing releases the GIL: large files are hashed side by side, one per core.
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            jobs = {path: pool.submit(self._digest, path) for path in present}
            digests = {path: job.result() for path, job in jobs.items()}
        self.digests = {p: d[0] for p, d in digests.items() if not isinstance(d, str)}
        for path, entry in listed.items():
            if path not in self.src.names:
                self.report.error(path, "files", "listed in bundle.json but missing")
                continue
            found = digests[path]
            if isinstance(found, str):  # the ZIP's own CRC-32 caught the damage
                self.report.error(path, "files", f"damaged: {found}")
                continue
            digest, size = found
            if (digest, size) != (entry["sha256"], entry["size"]):
                self.report.error(path, "files", "SHA-256 or size differs from bundle.json")
        for name in self.src.names:
            if name not in listed and name not in SEALS:
                self.report.error(name, "files", "not listed in bundle.json (added?)")
        self.report.counts["files"] = len(listed)

    def _digest(self, path: str) -> tuple[str, int] | str:
        try:
            return self.src.digest(path)
        except zipfile.BadZipFile as exc:
            return str(exc)

    def _seal(self, raw: bytes) -> None:
        key = self.keys.get(self.index.get("signed_with", ""))
        try:
            if key is None:
                raise Bad("no workstation key")
            key.verify(self.src.read("bundle.json.sig"), raw)
        except (KeyError, Bad, InvalidSignature):
            self.report.error("bundle.json.sig", "seal", "the bundle manifest's signature fails")
        if "bundle.json.tsr" not in self.src.names:
            self.report.warn("bundle.json", "seal",
                             "not timestamped at export (no TSA answered then)")
        else:
            try:
                tst = check_token(self.src.read("bundle.json.tsr"),
                                  hashlib.sha256(raw).digest(), self.trust)
                self.report.notes.append(f"bundle.json timestamped at {tst.gen_time.isoformat()}")
            except (Bad, ValueError, IndexError) as exc:
                self.report.error("bundle.json.tsr", "seal", str(exc))

    def _sums(self) -> None:
        """SHA256SUMS, the list the manual steps check, must list exactly the files with
        their true hashes, and carry its own seal (signature, RFC 3161 token)."""
        if "SHA256SUMS" not in self.src.names:
            self.report.error("SHA256SUMS", "sums", "missing")
            return
        raw = self.src.read("SHA256SUMS")
        listed = {}
        for line in raw.decode("utf-8", "replace").splitlines():
            digest, _, name = line.partition("  ")
            listed[name] = digest
        expected = set(self.src.names) - set(SUMS_SEALS)
        for name in sorted(expected ^ set(listed)):
            self.report.error(name, "sums", "listed in SHA256SUMS but absent" if name in listed
                              else "absent from SHA256SUMS")
        for name in sorted(expected & set(listed)):  # each file hashed once, in _files
            found = self.digests.get(name) or self._digest(name)
            if (found if isinstance(found, str) else found[0]) != listed[name]:
                self.report.error(name, "sums", "SHA-256 differs from SHA256SUMS")
        if "SHA256SUMS.sig" not in self.src.names:
            self.report.warn("SHA256SUMS", "sums", "not signed (bundle made before SHA256SUMS "
                                                   "was sealed)")
            return
        key = self.keys.get(self.index.get("signed_with", ""))
        try:
            if key is None:
                raise InvalidSignature
            key.verify(self.src.read("SHA256SUMS.sig"), raw)
        except InvalidSignature:
            self.report.error("SHA256SUMS.sig", "sums", "the signature of SHA256SUMS fails")
        if "SHA256SUMS.tsr" not in self.src.names:
            self.report.warn("SHA256SUMS", "sums",
                             "not timestamped at export (no TSA answered then)")
            return
        try:
            tst = check_token(self.src.read("SHA256SUMS.tsr"), hashlib.sha256(raw).digest(),
                              self.trust)
            self.report.notes.append(f"SHA256SUMS timestamped at {tst.gen_time.isoformat()}")
        except (Bad, ValueError, IndexError) as exc:
            self.report.error("SHA256SUMS.tsr", "sums", str(exc))

    def _web_archives(self) -> None:
        """Each WACZ (web archive of a browsing session): its package hashes and its
        signature (WACZ signing spec, one-time ECDSA key), that key being the one the
        signed manifest names, and the RFC 3161 token over its datapackage."""
        for item in self.index.get("items", []):
            if item.get("kind") != "web_archive" or item["file"] not in self.src.names:
                continue
            try:
                body = json.loads(self.src.read(item["manifest"]))
                meta = body.get("metadata", {})
                with self.src.open(item["file"]) as handle, zipfile.ZipFile(handle) as wacz:
                    digest = check_wacz(wacz, meta.get("signature", {}).get("publicKey", ""))
                stamp = meta.get("timestamp", {})
                if stamp.get("status") == "stamped":
                    tst = check_token(base64.b64decode(stamp["token_der_base64"]), digest,
                                      self.trust)
                    self.report.notes.append(f"{item['file']}: WACZ signed, timestamped at "
                                             f"{tst.gen_time.isoformat()}")
                else:
                    self.report.warn(item["file"], "web", "WACZ signature not timestamped")
            except (Bad, KeyError, ValueError, zipfile.BadZipFile, InvalidSignature) as exc:
                self.report.error(item["file"], "web", f"WACZ: {exc or 'signature fails'}")

    def _manifests(self) -> None:
        items = self.index.get("items", [])
        constat = self.index.get("constat", {}).get("id", "")
        prev = sha256_hex(f"probant-manifest-genesis:{constat}".encode())
        for item in items:
            path = item["manifest"]
            try:
                raw = self.src.read(path)
                body = json.loads(raw)
                sig = self.src.read(item["signature"])
            except (KeyError, ValueError):
                self.report.error(path, "manifests", "missing or unreadable")
                continue
            digest = sha256_hex(raw)
            self.manifest_hashes[item["evidence_id"]] = digest
            key = self.keys.get(item.get("key_id", ""))
            try:
                if key is None or canonical(body) != raw:
                    raise InvalidSignature
                key.verify(sig, raw)
            except InvalidSignature:
                self.report.error(path, "manifests", "signature fails (manifest altered?)")
            if body.get("prev") != prev:
                self.report.error(path, "manifests", "chain broken (capture removed, added "
                                                     "or reordered)")
            prev = digest
            expected = (item["evidence_id"], constat, item["sha256"], item["size"])
            if (body.get("evidence"), body.get("constat"), body.get("sha256"),
                    body.get("size")) != expected:
                self.report.error(path, "manifests", "does not describe its file")
            listed = next((f for f in self.index.get("files", []) if f["path"] == item["file"]),
                          None)
            if listed is None or (listed["sha256"], listed["size"]) != expected[2:]:
                self.report.error(item["file"], "manifests", "file differs from its manifest")
        self.report.counts["items"] = len(items)

    def _journal(self) -> None:
        path = self.index.get("journal")
        if not path or path not in self.src.names:
            self.report.error(path or "journal", "journal", "journal extract missing")
            return
        prev, seq, added = None, None, {}
        for number, line in enumerate(self.src.read(path).decode().splitlines(), start=1):
            entry = json.loads(line)
            where = f"{path}:{number}"
            claimed = entry.pop("hash")
            entry.pop("redacted", None)  # shown without details: the hash still recomputes
            v2 = entry.get("v", 1) >= 2  # format 1 hashed the details themselves
            details = entry.pop("details", None) if v2 else entry.get("details")
            if details is not None and v2:
                if sha256_hex(canonical(details)) != entry.get("details_sha256"):
                    self.report.error(where, "journal", "details altered")
            if sha256_hex(canonical(entry)) != claimed:
                self.report.error(where, "journal", f"entry {entry.get('seq')} altered")
            if prev is not None and (entry.get("prev") != prev
                                     or entry.get("seq") != (seq or 0) + 1):
                self.report.error(where, "journal", f"chain broken before entry {entry.get('seq')}")
            prev, seq = claimed, entry.get("seq")
            self.journal_hashes[str(seq)] = claimed
            if entry.get("action") == "evidence_added" and details:
                added[entry.get("subject")] = details
        for item in self.index.get("items", []):
            found = added.get(item["evidence_id"])
            if found is None or found.get("sha256") != item["sha256"] or found.get(
                    "manifest") != self.manifest_hashes.get(item["evidence_id"]):
                self.report.error(path, "journal",
                                  f"no matching evidence_added entry for annex {item['annex']}")
        self.report.counts["journal_entries"] = len(self.journal_hashes)

    def _timestamps(self) -> None:
        path = self.index.get("timestamps")
        data = json.loads(self.src.read(path)) if path in self.src.names else {"tokens": []}
        roots: dict[str, bytes] = {}
        for token in data["tokens"]:
            try:
                tst = check_token(self.src.read(token["file"]), bytes.fromhex(token["root"]),
                                  self.trust)
                roots[token["id"]] = tst.imprint
            except (Bad, KeyError, ValueError, IndexError) as exc:
                self.report.error(token["file"], "timestamps", str(exc) or "unreadable token")
        covered = set()
        for leaf in data.get("leaves", []):
            table = self.manifest_hashes if leaf["subject_kind"] == "evidence" else \
                self.journal_hashes
            where = f"{path} ({leaf['subject_kind']} {leaf.get('annex') or leaf['subject_id']})"
            if table.get(leaf["subject_id"], leaf["digest"]) != leaf["digest"]:
                self.report.error(where, "timestamps", "stamped digest differs from the record")
            root = roots.get(leaf["token"])
            proof = leaf["proof"]
            if root is None or merkle_root(leaf_hash(leaf["digest"]), proof["index"],
                                           proof["size"], proof["path"]) != root:
                self.report.error(where, "timestamps", "inclusion proof does not reach the "
                                                       "token's root")
            elif leaf["subject_kind"] == "evidence" and leaf["subject_id"] in table:
                covered.add(leaf["subject_id"])
        for item in self.index.get("items", []):
            if item["evidence_id"] not in covered:
                self.report.warn(item["file"], "timestamps",
                                 f"annex {item['annex']}: no RFC 3161 token (pending)")
        self.report.counts["tokens"] = len(roots)

    def _pv(self) -> None:
        path = self.index.get("pv")
        if not path:
            self.report.warn("bundle.json", "pv", "no signed procès-verbal in this bundle")
            return
        try:
            pdf = self.src.read(path)
        except KeyError:
            return  # already reported as missing
        level, first = check_pdf(pdf, self.trust, self.report, path)
        self.report.pv_level = level
        if first is not None:
            self._annexes(pdf, first, path)

    def _annexes(self, pdf: bytes, signed: tuple[int, int, int, int], path: str) -> None:
        at = [m.start() for m in re.finditer(rb'\{"annexes":\[', pdf)]
        a, b, c, d = signed
        if len(at) != 1 or not (a <= at[0] < a + b or c <= at[0] < c + d):
            self.report.error(path, "annexes", "no single signed list of annexes in the PV")
            return
        listed, _ = json.JSONDecoder().raw_decode(pdf.decode("latin-1"), at[0])
        omitted = set(listed.get("omitted_kinds", [])) | {"pv"}
        expect = {(i["annex"], i["sha256"]) for i in self.index.get("items", [])
                  if i["kind"] not in omitted}
        got = {(i["annex"], i["sha256"]) for i in listed["annexes"]}
        for annex, _ in sorted(got - expect):
            self.report.error(path, "annexes", f"annex {annex} listed in the PV is not in the "
                                               "bundle with that hash")
        for annex, _ in sorted(expect - got):
            self.report.error(path, "annexes", f"annex {annex} is in the bundle but not in "
                                               "the PV")


def check_wacz(wacz: zipfile.ZipFile, public_key_b64: str) -> bytes:
    """WACZ 1.1.1 and its signature (anonymous form); returns datapackage.json's SHA-256."""
    datapackage = wacz.read("datapackage.json")
    package, signed_file = json.loads(datapackage), json.loads(wacz.read("datapackage-digest.json"))
    for res in package["resources"]:
        sha = hashlib.sha256()
        with wacz.open(res["path"]) as handle:
            while chunk := handle.read(CHUNK):
                sha.update(chunk)
        if "sha256:" + sha.hexdigest() != res["hash"]:
            raise Bad(f"{res['path']} differs from datapackage.json")
    digest = hashlib.sha256(datapackage).digest()
    signed = signed_file["signedData"]
    if signed_file["hash"] != signed["hash"] or signed["hash"] != "sha256:" + digest.hex():
        raise Bad("datapackage.json differs from its signed digest")
    if signed["publicKey"] != public_key_b64:
        raise Bad("signed with another key than the one its manifest names")
    key = serialization.load_der_public_key(base64.b64decode(signed["publicKey"]))
    raw = base64.b64decode(signed["signature"])
    if not isinstance(key, ec.EllipticCurvePublicKey) or len(raw) != 64:
        raise Bad("not an ECDSA P-256 signature")
    key.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
               signed["hash"].encode(), ec.ECDSA(hashes.SHA256()))
    return digest


def check_pdf(pdf: bytes, trust: Trust, report: Report,
              path: str) -> tuple[str | None, tuple[int, int, int, int] | None]:
    """Every signature and document timestamp; returns the apparent PAdES level and the
    first signature's byte ranges (the officer's signed revision)."""
    ranges = [tuple(map(int, m.groups())) for m in re.finditer(
        rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)]
    if not ranges:
        report.error(path, "pv", "the PV is not signed (re-saved by another tool?)")
        return None, None
    level, first, end = None, None, 0
    for a, b, c, d in ranges:
        if a != 0 or not b < c <= c + d <= len(pdf):
            report.error(path, "pv", "malformed signature byte range")
            continue
        end = max(end, c + d)
        signed = pdf[a:a + b] + pdf[c:c + d]
        try:
            blob = der(bytes.fromhex(pdf[b + 1:c - 1].decode()))[0].raw  # drop the padding
            cms = parse_cms(blob)
            if cms.content_type == OID["tst_info"]:  # a document timestamp (PAdES B-LTA)
                tst = check_token(blob, _digest_of(signed), trust, response=False)
                report.notes.append(f"PV document timestamp at {tst.gen_time.isoformat()}")
                level = "B-LTA" if level == "B-LT" or level == "B-LTA" else level
                continue
            level = _check_pdf_signature(cms, signed, trust, report)
            first = first or (a, b, c, d)
            if level == "B-T" and b"/DSS" in pdf[c + d:]:
                level = "B-LT"  # validation data added after the signature
        except (Bad, ValueError, IndexError, UnicodeDecodeError) as exc:
            report.error(path, "pv", f"signature at byte {b}: {exc}")
    if end < len(pdf):
        changed = _unsigned_changes(pdf, end)
        if changed:
            report.error(path, "pv", f"the PV was modified after its last signature ({changed})")
        else:
            report.notes.append("PV: validation data (DSS) added after the last timestamp")
    return level, first


_OBJECT = re.compile(rb"(\d+) (\d+) obj\b(.*?)endobj", re.S)
_VALIDATION_DATA = re.compile(rb"/(Certs|OCSPs|CRLs|VRI|Cert|OCSP|CRL|TU|TS)\b")
_PAGE_LIKE = re.compile(rb"/(Contents|Parent|Kids|Annots|Resources|Subtype|AcroForm|Fields)\b")


def _unsigned_changes(pdf: bytes, end: int) -> str:
    """What an update after the last signature changes, other than adding validation
    data and refreshing the document information and XMP metadata (PAdES allows that
    DSS update there); "" when that is all it does. A heuristic
    on the objects' text: pyHanko's modification analysis (``probant verify``) is exact."""
    signed_numbers = {m.group(1) for m in _OBJECT.finditer(pdf, 0, end)}
    for m in _OBJECT.finditer(pdf, end):
        number, body = m.group(1), m.group(3).split(b"stream", 1)[0]
        if b"/Type /Catalog" in body or b"/Type/Catalog" in body:
            if b"/DSS" not in body:
                return f"catalog {number.decode()} changed"
            continue
        if b"/Type /Metadata" in body or (b"/ModDate" in body and b"/Producer" in body):
            continue  # document information and XMP refreshed with the DSS: not content
        validation = _VALIDATION_DATA.search(body) and not _PAGE_LIKE.search(body)
        if number in signed_numbers and not validation:  # an earlier DSS may be extended
            return f"object {number.decode()} rewritten"
        if b"/ObjStm" in body:
            return f"object stream {number.decode()} added"
        plain = body.strip()
        is_refs = re.fullmatch(rb"\[[\d\sR]*\]", plain) is not None
        is_data = b"stream" in m.group(3) and b"/Type" not in body
        if not (is_refs or is_data or validation):
            return f"object {number.decode()} added"
    return ""


def _digest_of(data: bytes) -> Callable[[str], bytes]:
    return lambda name: hashlib.new(name, data).digest()


def _check_pdf_signature(cms: Cms, signed: bytes, trust: Trust, report: Report) -> str:
    check_cms(cms, hashlib.new(_hash_name(cms.digest_oid), signed).digest())
    at, level = dt.datetime.now(UTC), "B-B"
    stamp = cms.unsigned.get(OID["signature_ts"])
    if stamp is not None:  # the certificate is judged at the signature's trusted time
        tst = check_token(stamp.raw, _digest_of(cms.signature), trust, response=False)
        at, level = tst.gen_time, "B-T"
    assert cms.signer is not None
    anchor = trust.chain(cms.signer, cms.certs, at)
    report.notes.append(f"PV signed by {cms.signer.subject.rfc4514_string()} (anchor: {anchor})")
    return level


# -- command line ----------------------------------------------------------------------------

def verify(path: Path, extra_trust: Sequence[bytes] = (), system: bool = True) -> Report:
    trust, report = Trust(), Report()
    for pem in extra_trust:
        trust.add(pem, GIVEN)
    if system:
        store = next((p for p in SYSTEM_STORES if os.path.exists(p)), None)
        if store:
            trust.add(Path(store).read_bytes(), f"system store {store}")
    try:
        source = Source(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.error(str(path), "structure", f"cannot open: {exc}")
        return report
    try:
        return Verifier(source, trust, report).run()
    except (ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        report.error(str(path), "structure", f"unreadable bundle: {exc!r}")
        return report


HEADLINE = {
    "intact": ("INTÈGRE ET RATTACHÉ", "INTACT AND ANCHORED"),
    "not_anchored": ("INTÈGRE, NON RATTACHÉ", "INTACT, NOT ANCHORED"),
    "problems": ("PROBLÈMES TROUVÉS", "PROBLEMS FOUND"),
}
MEANING = {
    "intact": ("Chaque fichier est tel que scellé, et chaque chaîne de certificats aboutit à "
               "une ancre que vous avez fournie (--trust).",
               "Every file is as sealed, and every certificate chain ends at an anchor you "
               "gave (--trust)."),
    "not_anchored": ("Chaque fichier est tel que scellé, mais une chaîne de certificats "
                     "n'aboutit qu'à une ancre que vous n'avez pas fournie (celle du dossier "
                     "lui-même, ou du magasin du système) : comparez son "
                     "empreinte SHA-256 à celle que publie l'autorité, puis relancez avec "
                     "--trust FICHIER.pem (code de sortie 5).",
                     "Every file is as sealed, but a certificate chain ends only at an anchor "
                     "you did not give (the bundle's own, or the system store's): compare its "
                     "SHA-256 fingerprint with the one "
                     "the authority publishes, then run again with --trust FILE.pem (exit "
                     "status 5)."),
    "problems": ("Des problèmes ont été trouvés : ce dossier ne peut pas être produit tel quel.",
                 "Problems were found: this bundle cannot be produced as it is."),
}
WORDS_FR = {"files": "fichiers", "items": "pièces", "journal_entries": "entrées de journal",
            "tokens": "jetons", "PV apparent level": "niveau apparent du PV"}
PROBLEMS_FR = {
    "listed in bundle.json but missing": "annoncé dans bundle.json mais absent",
    "SHA-256 or size differs from bundle.json": "SHA-256 ou taille différente de bundle.json",
    "not listed in bundle.json (added?)": "absent de bundle.json (ajouté ?)",
    "the bundle manifest's signature fails": "la signature du sommaire est invalide",
    "missing or unreadable": "absent ou illisible",
    "signature fails (manifest altered?)": "signature invalide (manifeste modifié ?)",
    "does not describe its file": "ne décrit pas son fichier",
    "file differs from its manifest": "le fichier diffère de son manifeste",
    "journal extract missing": "extrait du journal absent",
    "details altered": "détails modifiés",
    "stamped digest differs from the record": "l'empreinte horodatée diffère de l'enregistrement",
    "inclusion proof does not reach the token's root":
        "la preuve d'inclusion n'aboutit pas à la racine du jeton",
    "no signed procès-verbal in this bundle": "aucun procès-verbal signé dans ce dossier",
    "made in DEMO mode: no evidential value": "fait en mode DÉMO : sans valeur probante",
    "not timestamped at export (no TSA answered then)":
        "non horodaté à l'export (aucune TSA n'a répondu)",
    "no single signed list of annexes in the PV":
        "le PV ne porte pas une liste signée unique des annexes",
    "listed in SHA256SUMS but absent": "listé dans SHA256SUMS mais absent",
    "absent from SHA256SUMS": "absent de SHA256SUMS",
    "SHA-256 differs from SHA256SUMS": "SHA-256 différent de SHA256SUMS",
    "the signature of SHA256SUMS fails": "la signature de SHA256SUMS est invalide",
    "WACZ signature not timestamped": "signature du WACZ non horodatée",
    "the token does not cover this data (imprint differs)":
        "le jeton ne couvre pas ces données (empreinte différente)",
    "the PV is not signed (re-saved by another tool?)":
        "le PV n'est pas signé (réenregistré par un autre outil ?)",
    "no signature in this PDF": "aucune signature dans ce PDF",
    "not a readable PDF": "PDF illisible",
    "not signed (bundle made before SHA256SUMS was sealed)":
        "non signé (dossier fait avant le scellement de SHA256SUMS)",
    "PV: validation data (DSS) added after the last timestamp":
        "PV : données de validation (DSS) ajoutées après le dernier horodatage",
    "the CMS signature is invalid": "la signature CMS est invalide",
    "the certificate is not for this usage": "le certificat n'est pas fait pour cet usage",
}
CHECKS_FR = {"structure": "structure", "files": "fichiers", "seal": "sceau du sommaire",
             "sums": "SHA256SUMS", "manifests": "manifestes", "journal": "journal",
             "timestamps": "horodatages", "web": "archive web", "pv": "procès-verbal",
             "pv_validation": "validation du PV", "annexes": "annexes", "keys": "clés",
             "trust": "confiance", "demo": "démo"}
#: Findings and notes that carry a value, in French (the value kept as is).
PATTERNS_FR = [(re.compile(a), b) for a, b in (
    (r"^(.+) is trusted only because the bundle includes it: compare its SHA-256 (\w+) with "
     r"the authority's published one, or pass --trust$",
     r"\1 n'est reconnu que parce que le dossier l'inclut : comparez son SHA-256 \2 à celui "
     r"que publie l'autorité, ou donnez-le avec --trust"),
    (r"^(\S+) timestamped at (\S+)$", r"\1 horodaté le \2"),
    (r"^(\S+): WACZ signed, timestamped at (\S+)$", r"\1 : WACZ signé, horodaté le \2"),
    (r"^PV validated by pyHanko: level (\S+)$", r"PV validé par pyHanko : niveau \1"),
    (r"^PV document timestamp at (\S+)$", r"horodatage de document du PV le \1"),
    (r"^PV signed by (.+) \(anchor: (.+)\)$", r"PV signé par \1 (ancre : \2)"),
    (r"^annex (\S+): no RFC 3161 token \(pending\)$",
     r"annexe \1 : pas de jeton RFC 3161 (en attente)"),
    (r"^annex (\S+) listed in the PV is not in the bundle with that hash$",
     r"l'annexe \1 listée dans le PV n'est pas dans le dossier avec cette empreinte"),
    (r"^annex (\S+) is in the bundle but not in the PV$",
     r"l'annexe \1 est dans le dossier mais pas dans le PV"),
    (r"^no matching evidence_added entry for annex (\S+)$",
     r"aucune entrée evidence_added correspondante pour l'annexe \1"),
    (r"^entry (\S+) altered$", r"entrée \1 modifiée"),
    (r"^chain broken before entry (\S+)$", r"chaîne rompue avant l'entrée \1"),
    (r"^the PV was modified after its last signature \((.+)\)$",
     r"le PV a été modifié après sa dernière signature (\1)"),
    (r"included in the bundle \(", r"inclus dans le dossier ("),
    (r"\(ancre : given with --trust, ", r"(ancre : donnée avec --trust, "),
    (r"\(ancre : system store ", r"(ancre : magasin du système "),
    (r"^(.+) is trusted only because the system store holds it: compare its SHA-256 (\w+) "
     r"with the authority's published one, or pass --trust$",
     r"\1 n'est reconnu que parce que le magasin du système le contient : comparez son "
     r"SHA-256 \2 à celui que publie l'autorité, ou donnez-le avec --trust"),
)]


def in_french(text: str) -> str:
    if text in PROBLEMS_FR:
        return PROBLEMS_FR[text]
    for pattern, french in PATTERNS_FR:
        text = pattern.sub(french, text)
    return text


def render(report: Report, lang: str = "fr") -> str:
    fr = lang == "fr"

    def word(text: str) -> str:
        return WORDS_FR.get(text, text) if fr else text

    def problem(text: str) -> str:
        return in_french(text) if fr else text

    def check(name: str) -> str:
        return CHECKS_FR.get(name, name) if fr else name

    pick = 0 if fr else 1
    lines = [HEADLINE[report.status][pick], "  " + MEANING[report.status][pick],
             "  " + ", ".join(f"{word(k)}: {v}" for k, v in report.counts.items())]
    if report.pv_level:
        lines.append(f"  {word('PV apparent level')}: {report.pv_level}")
    lines += [f"  ✗ {f.file}: {check(f.check)}: {problem(f.problem)}" for f in report.errors]
    lines += [f"  ! {f.file}: {check(f.check)}: {problem(f.problem)}" for f in report.warnings]
    lines += [f"  · {problem(n)}" for n in report.notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a Probant evidence bundle.")
    parser.add_argument("bundle", type=Path, help="BUNDLE.zip or its unzipped folder")
    parser.add_argument("--trust", action="append", type=Path, default=[],
                        help="a PEM file of trust anchors you obtained yourself (repeatable)")
    parser.add_argument("--no-system-trust", action="store_true")
    parser.add_argument("--lang", choices=("fr", "en"), default="fr")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    for path in [args.bundle, *args.trust]:
        if not path.exists():
            print(f"no such file: {path}", file=sys.stderr)
            return EXIT_USAGE
    report = verify(args.bundle, [p.read_bytes() for p in args.trust], not args.no_system_trust)
    try:
        print(json.dumps(report.to_json(), indent=1) if args.json else render(report, args.lang))
    except BrokenPipeError:  # `| head`: the verdict line was read, the rest is not wanted
        sys.stderr.close()
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
