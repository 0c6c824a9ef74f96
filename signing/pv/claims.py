"""What the PV may say about who signs and who timestamps (D3 points 1 and 2).

- The signer is the officer: the certificate's name, normalised (case, accents,
  « Maître »/« Me », order of given name and surname), must be the officer's.
- Its key usage must allow signing: non-repudiation (content commitment), which the
  PAdES validation of the signer's certificate requires.
- « certificat qualifié » only with the qcStatement QcCompliance (ETSI EN 319 412-5),
  « sur dispositif qualifié (QSCD) » only with QcSSCD; « horodatage qualifié » only when
  the TSA's certificate carries QcCompliance. Otherwise the PV names the certificate or
  the TSA (subject, issuer or policy OID) without the word.
"""

from __future__ import annotations

import re
import unicodedata

from asn1crypto import core, x509

from signing.pv.model import CertificateFacts, TsaFacts

QC_STATEMENTS_OID = "1.3.6.1.5.5.7.1.3"
QC_COMPLIANCE = "0.4.0.1862.1.1"
QC_SSCD = "0.4.0.1862.1.4"
TITLES = frozenset({"maitre", "me", "mme", "m", "monsieur", "madame"})


class _QcStatement(core.Sequence):
    _fields = [("statement_id", core.ObjectIdentifier),
               ("statement_info", core.Any, {"optional": True})]


class _QcStatements(core.SequenceOf):
    _child_spec = _QcStatement


def qc_statements(cert: x509.Certificate) -> frozenset[str]:
    """The statement OIDs of the certificate's qcStatements extension (none: empty)."""
    for ext in cert["tbs_certificate"]["extensions"] or ():
        if ext["extn_id"].dotted == QC_STATEMENTS_OID:
            raw = ext["extn_value"].contents
            try:
                parsed = _QcStatements.load(raw)
                return frozenset(s["statement_id"].dotted for s in parsed)
            except (ValueError, TypeError):
                return frozenset()
    return frozenset()


def name_words(name: str) -> tuple[str, ...]:
    """A person's name as sorted words: no accents, no case, no title, any order."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name)
                    if not unicodedata.combining(c)).casefold()
    words = [w for w in re.split(r"[^a-z0-9]+", plain) if w and w not in TITLES]
    return tuple(sorted(words))


def names_match(officer: str, certificate_name: str) -> bool:
    return bool(name_words(officer)) and name_words(officer) == name_words(certificate_name)


def certificate_name(cert: x509.Certificate) -> str:
    """The person the certificate names: its common name, else given name and surname."""
    subject = cert.subject.native
    if subject.get("common_name"):
        return str(subject["common_name"])
    return " ".join(str(subject.get(k, "")) for k in ("given_name", "surname")).strip()


def subject_common_name(human_friendly: str) -> str:
    """The common name inside asn1crypto's ``human_friendly`` subject (signers recorded
    before their certificate was kept)."""
    m = re.search(r"Common Name: (.*?)(?:, [A-Z][A-Za-z ]+: |$)", human_friendly)
    return m.group(1) if m else human_friendly


def key_usage_allows_signing(cert: x509.Certificate) -> bool:
    usage = cert.key_usage_value
    if usage is None:
        return False  # pyHanko requires non-repudiation: no extension, no signature
    return "non_repudiation" in usage.native


SHORT = {"common_name": "CN", "organizational_unit_name": "OU", "organization_name": "O",
         "country_name": "C", "locality_name": "L", "state_or_province_name": "ST",
         "serial_number": "serialNumber", "given_name": "GN", "surname": "SN",
         "email_address": "E", "organization_identifier": "organizationIdentifier"}


def distinguished_name(name: x509.Name) -> str:
    """A name as its attributes are written (CN=…, O=…), most specific first; not
    asn1crypto's English labels."""
    parts = []
    for rdn in reversed(list(name.chosen)):
        for attr in rdn:
            kind = attr["type"].native
            parts.append(f"{SHORT.get(kind, attr['type'].dotted)}={attr['value'].native}")
    return ", ".join(parts)


def _utc(moment: object) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC"


def certificate_facts(cert: x509.Certificate) -> CertificateFacts:
    statements = qc_statements(cert)
    return CertificateFacts(
        distinguished_name(cert.subject), distinguished_name(cert.issuer),
        format(cert.serial_number, "X"), _utc(cert.not_valid_before), _utc(cert.not_valid_after),
        QC_COMPLIANCE in statements, QC_SSCD in statements, certificate_name(cert))


def tsa_certificate(response: bytes) -> x509.Certificate | None:
    """The TSA's own certificate inside an RFC 3161 answer (the one with timeStamping)."""
    from asn1crypto import tsp

    try:
        token = tsp.TimeStampResp.load(response)["time_stamp_token"]
        certs = token["content"]["certificates"] or ()
        for choice in certs:
            cert = choice.chosen
            if isinstance(cert, x509.Certificate) and "time_stamping" in (
                    cert.extended_key_usage_value.native if cert.extended_key_usage_value
                    else ()):
                return cert
    except (ValueError, TypeError, KeyError):
        return None
    return None


def tsa_facts(tokens: list[tuple[str, str, bytes]]) -> tuple[TsaFacts, ...]:
    """(subject, policy, response DER) of each token → one entry per TSA and policy."""
    seen: dict[tuple[str, str], TsaFacts] = {}
    for subject, policy, response in tokens:
        key = (subject, policy)
        before = seen.get(key)
        if before is not None:
            seen[key] = TsaFacts(subject, policy, before.qualified, before.tokens + 1)
            continue
        cert = tsa_certificate(response)
        qualified = cert is not None and QC_COMPLIANCE in qc_statements(cert)
        seen[key] = TsaFacts(subject, policy, qualified, 1)
    return tuple(seen.values())
