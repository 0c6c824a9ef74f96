"""Trying a configured TSA before relying on it, and reading a trust anchor file.

The test asks the TSA for a real RFC 3161 token on a random digest and checks it as a
flush would (signature, chain to the configured anchors, policy); nothing is stored
in the vault. It is split in two so that a desktop caller reads the authority on the
vault's thread and waits for the network on its own worker, not on the vault's.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.services.context import AppContext
from evidence import timestamps as ts
from evidence.vault import Vault

if TYPE_CHECKING:
    from signing.tsa.client import TsaEndpoint


    code = "not_a_certificate"


@dataclass(frozen=True)
class TsaProbe:
    """What a TSA answered to a test request."""

    name: str
    url: str
    gen_time: str  # the TSA's time, UTC, ISO 8601
    tsa_subject: str
    skew_ms: int  # TSA time minus the workstation's (signing/tsa/skew.py)
    margin_ms: int  # how far that may be off: round trip, genTime's resolution, accuracy
    round_trip_ms: int
    revocation_checked: bool


def endpoint_for(ctx: AppContext, vault: Vault, authority_id: str) -> TsaEndpoint:
    """The configured TSA as the flush would ask it (same trust, policy and timeout)."""
    from signing.tsa.flush import endpoint_of

    return endpoint_of(ts.get_authority(vault, authority_id), ctx.tsa_timeout_s)


def probe(endpoint: TsaEndpoint) -> TsaProbe:
    """One real, validated token on a random digest; raises the client's TimestampError."""
    from signing.tsa.client import request_token

    token = request_token(endpoint, hashlib.sha256(os.urandom(32)).digest())
    from signing.tsa.skew import clock_offset_ms

    info = token.info
    offset, margin = clock_offset_ms(token.skew_ms, token.round_trip_ms, token.response_der)
    return TsaProbe(endpoint.name, endpoint.url,
                    info.gen_time.strftime("%Y-%m-%dT%H:%M:%SZ"), info.tsa_subject,
                    offset, margin, token.round_trip_ms, info.revocation_checked)


def test_authority(ctx: AppContext, vault: Vault, authority_id: str) -> TsaProbe:
    """Both steps at once, for a caller that may wait on the vault's thread (the CLI)."""
    return probe(endpoint_for(ctx, vault, authority_id))
