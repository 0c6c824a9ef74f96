"""One RFC 3161 token on one digest, from the first configured TSA that answers.

Used to seal an evidence bundle's summary at export time; failure is not an
error there (the bundle states it is not sealed by a TSA), so it is returned.
"""

from __future__ import annotations

from evidence import timestamps as ts
from evidence.bundle.export import SealStamp, Stamper
from evidence.vault import Vault
from signing.tsa.client import request_token
from signing.tsa.errors import TimestampError
from signing.tsa.flush import endpoint_of


def digest_stamper(vault: Vault, timeout_s: float) -> Stamper:
    endpoints = [endpoint_of(a, timeout_s) for a in ts.list_authorities(vault)]

    def stamp(digest: bytes) -> SealStamp:
        if not endpoints:
            return SealStamp(None, error="no TSA configured", code="no_tsa")
        reasons = []
        for endpoint in endpoints:
            try:
                token = request_token(endpoint, digest)
            except TimestampError as exc:
                reasons.append(f"{endpoint.name}: {exc.code}: {exc.detail or exc}")
                continue
            return SealStamp(token.response_der, endpoint.name,
                             token.info.gen_time.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
        return SealStamp(None, error="; ".join(reasons), code="tsa_failed")

    return stamp
