"""The TLS facts of a NetLog socket as the archive states them (names, the chain parsed).

Chromium's NetLog gives the cipher suite and key exchange group as IANA
numbers; the archive names them as IANA does, and keeps the number when the
name is not in this table (``0x1301``), so nothing is guessed.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography import x509

from capture.web.model import TlsDetails
from capture.web.netlog import Connection

_CIPHERS = {
    0x1301: "TLS_AES_128_GCM_SHA256", 0x1302: "TLS_AES_256_GCM_SHA384",
    0x1303: "TLS_CHACHA20_POLY1305_SHA256",
    0xC02B: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    0xC02C: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    0xC02F: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    0xC030: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    0xCCA8: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    0xCCA9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    0xC013: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xC014: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    0x009C: "TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009D: "TLS_RSA_WITH_AES_256_GCM_SHA384",
    0x002F: "TLS_RSA_WITH_AES_128_CBC_SHA", 0x0035: "TLS_RSA_WITH_AES_256_CBC_SHA",
}
_GROUPS = {23: "secp256r1", 24: "secp384r1", 25: "secp521r1", 29: "X25519",
           4588: "X25519MLKEM768", 25497: "X25519Kyber768Draft00"}


def cipher_name(number: int) -> str:
    return _CIPHERS.get(number, f"0x{number:04X}")


def group_name(number: int) -> str:
    return _GROUPS.get(number, f"0x{number:04X}") if number else ""


@lru_cache(maxsize=256)
def _chain(pems: tuple[str, ...]) -> tuple[tuple[bytes, ...], str, str, int, int]:
    from cryptography.hazmat.primitives.serialization import Encoding

    certs = [x509.load_pem_x509_certificate(p.encode()) for p in pems]
    ders = tuple(c.public_bytes(Encoding.DER) for c in certs)
    leaf = certs[0]
    return (ders, leaf.subject.rfc4514_string(), leaf.issuer.rfc4514_string(),
            int(leaf.not_valid_before_utc.timestamp()), int(leaf.not_valid_after_utc.timestamp()))


def tls_details(conn: Connection) -> TlsDetails | None:
    """The handshake and chain of a socket, or None for plain HTTP."""
    if not conn.tls_version:
        return None
    ders: tuple[bytes, ...] = ()
    subject = issuer = ""
    valid_from = valid_to = 0
    if conn.chain:
        try:
            ders, subject, issuer, valid_from, valid_to = _chain(conn.chain)
        except ValueError:
            ders = ()  # a certificate Chromium accepted but cryptography cannot read
    return TlsDetails(conn.tls_version, cipher_name(conn.cipher_suite),
                      group_name(conn.key_exchange_group), subject, issuer, valid_from,
                      valid_to, ders)
