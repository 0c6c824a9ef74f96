"""The blob file's part digests computed as it is written (evidence/blob_format.py): equal
to the SHA-256 of each slice of the file, whatever the sizes of the writes (a part
boundary inside a write, on a write's edge, a file of exactly N parts, an empty file)."""

from __future__ import annotations

import hashlib
import io
import os
import random

import pytest

from evidence.blob_format import FileParts, HashedFile


@pytest.mark.parametrize("total", [0, 1, 999, 1000, 1001, 5000, 7777])
def test_part_digests_match_the_slices_of_the_file(total: int) -> None:
    rng = random.Random(total)
    data = os.urandom(total)
    sink = io.BytesIO()
    out = HashedFile(sink, part_size=1000)
    at = 0
    while at < total:
        step = rng.choice([1, 7, 500, 999, 1000, 1001, 2500])
        out.write(memoryview(data)[at:at + step] if step % 2 else data[at:at + step])
        at += step
    parts = out.parts()
    assert sink.getvalue() == data and out.size == total
    assert parts.whole == hashlib.sha256(data).hexdigest()
    assert parts.digests == tuple(hashlib.sha256(data[i:i + 1000]).digest()
                                  for i in range(0, max(total, 1), 1000))
    assert parts.fits(total, 1000) and not parts.fits(total, 2000) or total <= 1000
    assert FileParts.unpack(1000, parts.packed(), parts.whole) == parts
