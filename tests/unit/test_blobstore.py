"""Encrypted blob store on real files: round trips, tampering, no overwrite."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from evidence.blobstore import DEFAULT_CHUNK, HEADER, NONCE_BYTES, TAG_BYTES, BlobStore
from evidence.errors import IntegrityError

CHUNK = DEFAULT_CHUNK


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path, os.urandom(32), os.urandom(32))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 50 << 20])
def test_round_trip_file_and_memory(tmp_path: Path, size: int) -> None:
    """A file object goes through the threaded pipeline, a buffer in memory is sealed in
    place: both give the same chunks (same blob name, same length on disk), readable by
    the same reader."""
    data = os.urandom(size)
    keys = os.urandom(32), os.urandom(32)
    lengths = set()
    for source in (io.BytesIO(data), data):
        store = BlobStore(tmp_path / type(source).__name__, *keys)
        stored = store.put(source)
        assert stored.sha256 == hashlib.sha256(data).hexdigest()
        assert stored.size == size
        out = bytearray()
        store.copy_to(stored.blob_id, out.extend, expected_sha256=stored.sha256)
        assert bytes(out) == data
        assert store.check(stored.blob_id, stored.sha256).ok
        lengths.add((stored.blob_id, store.path_of(stored.blob_id).stat().st_size))
    assert len(lengths) == 1


def test_same_content_is_stored_once_and_never_overwritten(store: BlobStore) -> None:
    first = store.put(b"identical content")
    before = store.path_of(first.blob_id).read_bytes()
    second = store.put(b"identical content")
    assert second.blob_id == first.blob_id and second.deduplicated
    assert store.path_of(first.blob_id).read_bytes() == before  # the file was not rewritten


def test_blob_name_reveals_nothing_about_content(store: BlobStore) -> None:
    data = b"public document"
    stored = store.put(data)
    assert hashlib.sha256(data).hexdigest() not in stored.blob_id
    other = BlobStore(store.root / "other", os.urandom(32), os.urandom(32))
    assert other.blob_id_for(stored.sha256) != stored.blob_id


def _flip(path: Path, offset: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[offset] ^= 0x01
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("where", ["header", "nonce", "body", "tag"])
def test_any_flipped_byte_is_detected(store: BlobStore, where: str) -> None:
    stored = store.put(os.urandom(2 * CHUNK + 10))
    path = store.path_of(stored.blob_id)
    offset = {"header": 12, "nonce": HEADER.size + 3, "body": HEADER.size + NONCE_BYTES + 100,
              "tag": HEADER.size + NONCE_BYTES + CHUNK + 5}[where]
    _flip(path, offset)
    check = store.check(stored.blob_id, stored.sha256)
    assert not check.ok
    assert check.problem in ("chunk_tag", "header")


def test_truncation_and_reordering_are_detected(store: BlobStore) -> None:
    stored = store.put(os.urandom(3 * CHUNK))
    path = store.path_of(stored.blob_id)
    raw = path.read_bytes()
    record = NONCE_BYTES + CHUNK + TAG_BYTES
    head, chunks = raw[: HEADER.size], [raw[HEADER.size + i * record:][:record] for i in range(3)]
    path.write_bytes(head + chunks[0] + chunks[1])  # last chunk dropped
    assert store.check(stored.blob_id, stored.sha256).problem == "chunk_tag"
    path.write_bytes(head + chunks[1] + chunks[0] + chunks[2])  # reordered
    assert store.check(stored.blob_id, stored.sha256).problem == "chunk_tag"


def test_missing_blob_is_reported(store: BlobStore) -> None:
    stored = store.put(b"x")
    store.path_of(stored.blob_id).unlink()
    assert store.check(stored.blob_id, stored.sha256).problem == "missing"
    with pytest.raises(IntegrityError):
        store.read_all(stored.blob_id)


def test_wrong_key_cannot_read(store: BlobStore) -> None:
    stored = store.put(b"secret evidence")
    thief = BlobStore(store.root, os.urandom(32), os.urandom(32))
    assert thief.check(stored.blob_id, stored.sha256).problem == "chunk_tag"


def test_stale_partial_writes_of_dead_processes_are_cleaned(store: BlobStore) -> None:
    store.tmp.mkdir(parents=True, exist_ok=True)
    dead = store.tmp / "999999999-deadbeef.part"
    live = store.tmp / f"{os.getpid()}-cafebabe.part"
    dead.write_bytes(b"enc")
    live.write_bytes(b"enc")
    assert store.clean_tmp() == 1
    assert live.exists() and not dead.exists()
