"""A software CTAP2 authenticator: the same protocol as a YubiKey, spoken to python-fido2.

SIMULATION ONLY. Its state file holds its private keys and PIN hash in clear,
so it protects nothing; everything made under it is marked simulated. It exists
so that demo mode and CI drive the real login path: python-fido2's ``Fido2Client``,
``Ctap2`` and ``ClientPin`` (PIN/UV protocol 2) talk to it unchanged.

Implemented: getInfo, makeCredential (ES256, hmac-secret), getAssertion
(allow list, user presence, PIN token, hmac-secret, signature counter),
clientPIN protocol 2 (key agreement, set/change PIN, PIN token with
permissions, retries: blocked after 8 wrong PINs, 3 in a row need a power
cycle, i.e. reopening the device). A new instance is a power cycle.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from fido2 import cbor
from fido2.cose import ES256
from fido2.ctap import STATUS, CtapDevice, CtapError
from fido2.ctap2.pin import PinProtocolV2
from fido2.hid import CAPABILITY, CTAPHID
from fido2.utils import bytes2int, int2bytes

from evidence.atomic import write_atomic

ERR = CtapError.ERR
MAX_RETRIES = 8
MAX_CONSECUTIVE = 3
PERM_MC, PERM_GA = 0x01, 0x02
FLAG_UP, FLAG_UV, FLAG_AT, FLAG_ED = 0x01, 0x04, 0x40, 0x80
AAGUID = bytes.fromhex("5072 6f62 616e 7453 6f66 7446 494f 3221".replace(" ", ""))


class _Fail(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


# One lock per state file for the whole process: a token processes one command at a time,
# however many handles the code opened on it (the vault's thread and a test's own each had
# one, and a read by one while another saved had read a broken state twice in CI).
_DEVICE_LOCKS: dict[str, threading.RLock] = {}
_DEVICE_LOCKS_GUARD = threading.Lock()


def _device_lock(path: Path) -> threading.RLock:
    key = str(path.expanduser().resolve())
    with _DEVICE_LOCKS_GUARD:
        return _DEVICE_LOCKS.setdefault(key, threading.RLock())


class SoftAuthenticator(CtapDevice):
    """CTAP2 over an in-process call; state persisted (atomically) in a JSON file."""

    is_simulated = True

    def __init__(self, state_path: Path) -> None:
        self.path = state_path
        self._lock = _device_lock(state_path)
        with self._lock:
            self._state = self._load()
        self._protocol: Any = PinProtocolV2()  # python-fido2's own protocol-2 primitives
        self._ka_key = ec.generate_private_key(ec.SECP256R1())  # stable until power cycle
        self._consecutive_failures = 0
        self._token: bytes | None = None
        self._token_perms = 0
        self._token_rp: str | None = None

    # -- CtapDevice ---------------------------------------------------------
    @property
    def capabilities(self) -> int:
        return int(CAPABILITY.CBOR | CAPABILITY.NMSG)

    def call(self, cmd: int, data: bytes = b"", event: threading.Event | None = None,
             on_keepalive: Callable[[STATUS], None] | None = None) -> bytes:
        if cmd != CTAPHID.CBOR:
            raise CtapError(ERR.INVALID_COMMAND)
        handlers: dict[int, Callable[[Mapping[int, Any]], Mapping[int, Any] | None]] = {
            0x01: self._make_credential, 0x02: self._get_assertion, 0x04: self._get_info,
            0x06: self._client_pin, 0x0B: lambda _: None,
        }
        with self._lock:
            # One token, one state: another handle on the same file may have changed it.
            self._state = self._load()
            handler = handlers.get(data[0]) if data else None
            if handler is None:
                return bytes([ERR.INVALID_COMMAND])
            try:
                params: Any = cbor.decode(data[1:]) if len(data) > 1 else {}
                result = handler(params)
            except _Fail as fail:
                return bytes([fail.code])
            return b"\x00" + (cbor.encode(result) if result is not None else b"")

    @classmethod
    def list_devices(cls) -> Iterator[CtapDevice]:
        return iter(())

    # -- state ----------------------------------------------------------------
    def _load(self) -> dict[str, Any]:
        if self.path.exists():
            loaded: dict[str, Any] = json.loads(self.path.read_text("utf-8"))
            return loaded
        state: dict[str, Any] = {"warning": "SIMULATED FIDO2 AUTHENTICATOR: private keys in clear",
                 "aaguid": AAGUID.hex(), "pin_hash": None, "retries": MAX_RETRIES,
                 "counter": 0, "credentials": {}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._state = state
        self._save()
        return state

    def _save(self) -> None:
        write_atomic(self.path, json.dumps(self._state, indent=1).encode())

    def _aaguid(self) -> bytes:
        """Probant's own AAGUID, unless the state file names another (tests: a token that
        claims to be something else is judged by what it claims)."""
        return bytes.fromhex(str(self._state.get("aaguid") or AAGUID.hex()))

    # -- getInfo --------------------------------------------------------------
    def _get_info(self, _: Mapping[int, Any]) -> Mapping[int, Any]:
        return {1: ["FIDO_2_0", "FIDO_2_1"], 2: ["hmac-secret"], 3: self._aaguid(),
                4: {"rk": False, "up": True, "plat": False,
                    "clientPin": self._state["pin_hash"] is not None, "pinUvAuthToken": True},
                5: 2048, 6: [2]}

    # -- clientPIN ------------------------------------------------------------
    def _shared(self, peer: Mapping[int, Any]) -> bytes:
        try:
            pub = ec.EllipticCurvePublicNumbers(bytes2int(peer[-2]), bytes2int(peer[-3]),
                                                ec.SECP256R1()).public_key()
        except (KeyError, ValueError, TypeError) as exc:
            raise _Fail(ERR.INVALID_PARAMETER) from exc
        return bytes(self._protocol.kdf(self._ka_key.exchange(ec.ECDH(), pub)))

    def _check_auth(self, key: bytes, message: bytes, param: bytes | None) -> None:
        if not param or not hmac.compare_digest(self._protocol.authenticate(key, message), param):
            raise _Fail(ERR.PIN_AUTH_INVALID)

    def _client_pin(self, p: Mapping[int, Any]) -> Mapping[int, Any] | None:
        if p.get(1) != 2:
            raise _Fail(ERR.INVALID_PARAMETER)
        sub = p.get(2)
        if sub == 0x01:
            return {3: self._state["retries"], 4: False}
        if sub == 0x02:
            nums = self._ka_key.public_key().public_numbers()
            return {1: {1: 2, 3: -25, -1: 1, -2: int2bytes(nums.x, 32), -3: int2bytes(nums.y, 32)}}
        shared = self._shared(p.get(3) or {})
        if sub == 0x03:
            if self._state["pin_hash"] is not None:
                raise _Fail(ERR.NOT_ALLOWED)
            self._check_auth(shared, p.get(5, b""), p.get(4))
            self._set_pin(shared, p[5])
            return None
        if sub == 0x04:
            self._check_auth(shared, p.get(5, b"") + p.get(6, b""), p.get(4))
            self._verify_pin(shared, p.get(6, b""))
            self._set_pin(shared, p[5])
            return None
        if sub in (0x05, 0x09):
            self._verify_pin(shared, p.get(6, b""))
            self._token = os.urandom(32)
            self._token_perms = int(p.get(9, PERM_MC | PERM_GA))
            self._token_rp = p.get(10)
            return {2: self._protocol.encrypt(shared, self._token)}
        raise _Fail(ERR.INVALID_SUBCOMMAND)

    def _set_pin(self, shared: bytes, new_pin_enc: bytes) -> None:
        padded = self._protocol.decrypt(shared, new_pin_enc)
        pin = padded.rstrip(b"\x00")
        if len(padded) < 64 or len(pin.decode("utf-8", "replace")) < 4:
            raise _Fail(ERR.PIN_POLICY_VIOLATION)
        self._state["pin_hash"] = _sha256(pin)[:16].hex()
        self._state["retries"] = MAX_RETRIES
        self._save()

    def _verify_pin(self, shared: bytes, pin_hash_enc: bytes) -> None:
        if self._state["pin_hash"] is None:
            raise _Fail(ERR.PIN_NOT_SET)
        if self._state["retries"] <= 0:
            raise _Fail(ERR.PIN_BLOCKED)
        if self._consecutive_failures >= MAX_CONSECUTIVE:
            raise _Fail(ERR.PIN_AUTH_BLOCKED)
        self._state["retries"] -= 1
        self._save()  # the try counts even if we crash now
        given = self._protocol.decrypt(shared, pin_hash_enc)
        if not hmac.compare_digest(given, bytes.fromhex(self._state["pin_hash"])):
            self._consecutive_failures += 1
            self._ka_key = ec.generate_private_key(ec.SECP256R1())
            if self._state["retries"] <= 0:
                raise _Fail(ERR.PIN_BLOCKED)
            if self._consecutive_failures >= MAX_CONSECUTIVE:
                raise _Fail(ERR.PIN_AUTH_BLOCKED)
            raise _Fail(ERR.PIN_INVALID)
        self._consecutive_failures = 0
        self._state["retries"] = MAX_RETRIES
        self._save()

    def _check_token(self, param: bytes | None, protocol: int | None, client_data_hash: bytes,
                     permission: int, rp_id: str) -> bool:
        """True when a valid PIN token authorised this call (user verified)."""
        if param is None:
            if self._state["pin_hash"] is not None:
                raise _Fail(ERR.PUAT_REQUIRED)
            return False
        if protocol != 2:
            raise _Fail(ERR.INVALID_PARAMETER)
        if self._token is None or not self._token_perms & permission:
            raise _Fail(ERR.PIN_AUTH_INVALID)
        if self._token_rp not in (None, rp_id):
            raise _Fail(ERR.PIN_AUTH_INVALID)
        expected = hmac.new(self._token, client_data_hash, "sha256").digest()
        if not hmac.compare_digest(expected, param):
            raise _Fail(ERR.PIN_AUTH_INVALID)
        self._token_rp = rp_id
        return True

    # -- credentials ----------------------------------------------------------
    def _next_counter(self) -> int:
        self._state["counter"] += 1
        return int(self._state["counter"])

    def _make_credential(self, p: Mapping[int, Any]) -> Mapping[int, Any]:
        cdh, rp, user = p.get(1), p.get(2), p.get(3)
        if cdh is None or rp is None or user is None:
            raise _Fail(ERR.MISSING_PARAMETER)
        if not any(c.get("alg") == -7 for c in p.get(4, [])):
            raise _Fail(ERR.UNSUPPORTED_ALGORITHM)
        uv = self._check_token(p.get(8), p.get(9), cdh, PERM_MC, rp["id"])
        rp_hash = _sha256(rp["id"].encode())
        for excluded in p.get(5, []):
            if excluded["id"].hex() in self._state["credentials"]:
                raise _Fail(ERR.CREDENTIAL_EXCLUDED)
        key = ec.generate_private_key(ec.SECP256R1())
        cred_id = os.urandom(32)
        self._state["credentials"][cred_id.hex()] = {
            "rp_hash": rp_hash.hex(), "user_id": user["id"].hex(),
            "key": key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()).decode(),
            "cred_random_uv": os.urandom(32).hex(), "cred_random": os.urandom(32).hex()}
        counter = self._next_counter()
        self._save()
        es256: Any = ES256
        cose = cbor.encode(dict(es256.from_cryptography_key(key.public_key())))
        attested = self._aaguid() + len(cred_id).to_bytes(2, "big") + cred_id + cose
        exts = p.get(6) or {}
        ext_out = cbor.encode({"hmac-secret": True}) if exts.get("hmac-secret") else b""
        flags = FLAG_UP | FLAG_AT | (FLAG_UV if uv else 0) | (FLAG_ED if ext_out else 0)
        auth_data = rp_hash + bytes([flags]) + counter.to_bytes(4, "big") + attested + ext_out
        return {1: "none", 2: auth_data, 3: {}}

    def _get_assertion(self, p: Mapping[int, Any]) -> Mapping[int, Any]:
        rp_id, cdh = p.get(1), p.get(2)
        if rp_id is None or cdh is None:
            raise _Fail(ERR.MISSING_PARAMETER)
        rp_hash = _sha256(rp_id.encode())
        cred_id, cred = next(((c["id"], self._state["credentials"][c["id"].hex()])
                              for c in p.get(3, []) if c["id"].hex() in self._state["credentials"]
                              and self._state["credentials"][c["id"].hex()]["rp_hash"]
                              == rp_hash.hex()), (None, None))
        if cred is None or cred_id is None:
            raise _Fail(ERR.NO_CREDENTIALS)
        options = p.get(5) or {}
        up = bool(options.get("up", True))
        uv = self._check_token(p.get(6), p.get(7), cdh, PERM_GA, rp_id) if up or p.get(6) else False
        ext_out = b""
        hmac_in = (p.get(4) or {}).get("hmac-secret")
        if hmac_in is not None:
            ext_out = cbor.encode({"hmac-secret": self._hmac_secret(hmac_in, cred, uv)})
        counter = self._next_counter()
        self._save()
        flags = (FLAG_UP if up else 0) | (FLAG_UV if uv else 0) | (FLAG_ED if ext_out else 0)
        auth_data = rp_hash + bytes([flags]) + counter.to_bytes(4, "big") + ext_out
        key = serialization.load_pem_private_key(cred["key"].encode(), None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        from cryptography.hazmat.primitives import hashes

        signature = key.sign(auth_data + cdh, ec.ECDSA(hashes.SHA256()))
        return {1: {"type": "public-key", "id": cred_id}, 2: auth_data, 3: signature}

    def _hmac_secret(self, ext: Mapping[int, Any], cred: Mapping[str, Any], uv: bool) -> bytes:
        shared = self._shared(ext.get(1) or {})
        self._check_auth(shared, ext.get(2, b""), ext.get(3))
        salts = self._protocol.decrypt(shared, ext[2])
        if len(salts) not in (32, 64):
            raise _Fail(ERR.INVALID_LENGTH)
        # Distinct secrets with and without user verification, as the spec requires.
        cred_random = bytes.fromhex(cred["cred_random_uv" if uv else "cred_random"])
        output = b"".join(hmac.new(cred_random, salts[i:i + 32], "sha256").digest()
                          for i in range(0, len(salts), 32))
        return bytes(self._protocol.encrypt(shared, output))
