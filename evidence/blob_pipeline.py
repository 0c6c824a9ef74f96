"""The blob store's reading and writing threads, around the caller's hashing and encryption.

A file is read by one thread and written by another while the caller hashes and
encrypts the chunk in between, on a few preallocated buffers: hashlib, file reads and
writes leave the GIL, so two cores work at once and memory stays flat whatever the size.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import BinaryIO


class Source:
    """Reads a file object or an in-memory buffer into a caller-owned buffer."""

    def __init__(self, source: BinaryIO | bytes | bytearray | memoryview) -> None:
        if isinstance(source, bytes | bytearray | memoryview):
            self._mem: memoryview | None = memoryview(source).cast("B")
            self._pos = 0
            self._file: BinaryIO | None = None
        else:
            self._mem = None
            self._file = source

    @property
    def memory(self) -> memoryview | None:
        """The whole content when it is already in memory."""
        return self._mem

    def readinto(self, buf: memoryview) -> int:
        if self._mem is not None:
            n = min(len(buf), len(self._mem) - self._pos)
            buf[:n] = self._mem[self._pos : self._pos + n]
            self._pos += n
            return n
        assert self._file is not None
        total = 0
        while total < len(buf):  # short reads (pipes) must still fill the chunk
            got = self._file.readinto(buf[total:])  # type: ignore[attr-defined]
            if not got:
                break
            total += got
        return total


DEPTH = 3  # buffers in flight per stage: enough to overlap, small for memory


class Pipeline:
    """Reader thread -> caller (hash + encrypt) -> writer thread, on reused buffers."""

    def __init__(self, src: Source, out: BinaryIO, chunk_size: int) -> None:
        self._src = src
        self._out = out
        self._size = chunk_size
        self._free_in: queue.Queue[memoryview] = queue.Queue()
        self._filled: queue.Queue[tuple[memoryview, int] | BaseException] = queue.Queue()
        self._free_out: queue.Queue[memoryview] = queue.Queue()
        self._to_write: queue.Queue[tuple[bytes, memoryview, bytes] | None] = queue.Queue()
        self._write_error: BaseException | None = None
        self._stop = threading.Event()
        for _ in range(DEPTH):
            self._free_in.put(memoryview(bytearray(chunk_size)))
            self._free_out.put(memoryview(bytearray(chunk_size + 15)))
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._writer = threading.Thread(target=self._write_loop, daemon=True)

    def __enter__(self) -> Pipeline:
        self._reader.start()
        self._writer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._to_write.put(None)
        self._writer.join()
        # Unblock the reader if it waits for a free buffer, then wait for it.
        self._free_in.put(memoryview(bytearray(0)))
        self._reader.join()
        if self._write_error is not None and exc[0] is None:
            raise self._write_error

    def _read_loop(self) -> None:
        try:
            while not self._stop.is_set():
                buf = self._free_in.get()
                if self._stop.is_set():
                    return
                n = self._src.readinto(buf)
                self._filled.put((buf, n))
                if n < self._size:
                    return
        except BaseException as exc:  # handed to the consumer thread
            self._filled.put(exc)

    def _write_loop(self) -> None:
        while True:
            item = self._to_write.get()
            if item is None:
                return
            nonce, body, tag = item
            try:
                if self._write_error is None:
                    self._out.write(nonce)
                    self._out.write(body)
                    self._out.write(tag)
            except BaseException as exc:  # reported to the consumer
                self._write_error = exc
            self._free_out.put(memoryview(body.obj))  # the whole buffer again

    def chunks(self) -> Iterator[tuple[int, memoryview, bool, memoryview]]:
        """Yield (index, plaintext view, is_final, output buffer) in order."""
        current = self._next_filled()
        index = 0
        while True:
            buf, n = current
            final = n < self._size
            if not final:
                current = self._next_filled()
                if current[1] == 0:
                    final = True
            if self._write_error is not None:
                raise self._write_error
            yield index, buf[:n], final, self._free_out.get()
            self._free_in.put(buf)
            index += 1
            if final:
                return

    def _next_filled(self) -> tuple[memoryview, int]:
        item = self._filled.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def write(self, nonce: bytes, body: memoryview, tag: bytes) -> None:
        self._to_write.put((nonce, body, tag))
