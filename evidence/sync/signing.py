"""SigV4 signing without hashing a body twice.

Over plain HTTP botocore signs the payload: it reads the whole body once more and hashes it
(``X-Amz-Content-SHA256``) before sending it. Our bodies are parts and small objects whose
SHA-256 we hold already (it is their ``x-amz-checksum-sha256``: for a part, the digest the
blob store recorded when it wrote the file, or computed in the same read as the object's
name for a file without recorded parts), so this signer takes it from the body
(:class:`evidence.sync.flow.Reader` ``payload_sha256``) instead. The request on the wire is
the same, byte for byte: the same signed payload hash, the same checksum header, checked
by the server against the bytes it receives. Any other body is hashed as botocore does.
"""

from __future__ import annotations

from typing import Any

SIGNER = "s3v4-probant"  # the name this signer is registered under in botocore


def _signer_class() -> type:
    from botocore.auth import S3SigV4Auth

    class KnownPayloadAuth(S3SigV4Auth):  # type: ignore[misc]
        def payload(self, request: Any) -> str:
            known = getattr(request.body, "payload_sha256", None)
            if (known and not self._is_streaming_checksum_payload(request)
                    and self._should_sha256_sign_payload(request)):
                return str(known)
            return str(super().payload(request))

    return KnownPayloadAuth


def install(client: Any) -> None:
    """Sign ``client``'s SigV4 S3 requests with the known payload hash."""
    import botocore.auth
    from botocore.handlers import set_operation_specific_signer

    # A name of our own next to botocore's ('s3v4' itself is left as it is): only the
    # clients we register below choose it.
    botocore.auth.AUTH_TYPE_MAPS.setdefault(SIGNER, _signer_class())

    def choose(**kwargs: Any) -> str | None:
        # botocore's own choice first (the operation's auth type, s3 -> 's3v4'), only its
        # plain SigV4 S3 signer swapped for ours; this runs before botocore's handler.
        chosen = set_operation_specific_signer(**kwargs)
        return SIGNER if chosen == "s3v4" else chosen

    client.meta.events.register("choose-signer.s3", choose)
