"""Merkle trees over SHA-256 (RFC 6962 / RFC 9162 shape) for batched timestamps.

One RFC 3161 token on the root covers every leaf; each leaf keeps its inclusion
proof, so each capture can be verified alone. Domain separation (0x00 for
leaves, 0x01 for nodes) prevents a node from passing as a leaf. Odd counts
follow RFC 6962: the tree splits at the largest power of two below n, so no
leaf is duplicated (the duplicate-last-leaf trick allows second preimages).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


@dataclass(frozen=True)
class InclusionProof:
    index: int
    size: int
    path: tuple[bytes, ...]

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "size": self.size, "path": [p.hex() for p in self.path]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InclusionProof:
        return cls(int(data["index"]), int(data["size"]),
                   tuple(bytes.fromhex(p) for p in data["path"]))


@dataclass(frozen=True)
class MerkleTree:
    root: bytes
    proofs: tuple[InclusionProof, ...]


def build(leaves: list[bytes]) -> MerkleTree:
    """Root and every leaf's inclusion proof; ``leaves`` are already leaf hashes."""
    if not leaves:
        raise ValueError("a Merkle tree needs at least one leaf")
    paths: list[list[bytes]] = [[] for _ in leaves]

    def subtree(lo: int, hi: int) -> bytes:
        if hi - lo == 1:
            return leaves[lo]
        mid = lo + _split(hi - lo)
        left, right = subtree(lo, mid), subtree(mid, hi)
        for i in range(lo, mid):
            paths[i].append(right)
        for i in range(mid, hi):
            paths[i].append(left)
        return node_hash(left, right)

    root = subtree(0, len(leaves))
    size = len(leaves)
    return MerkleTree(root, tuple(InclusionProof(i, size, tuple(p)) for i, p in enumerate(paths)))


def tree_head(leaves: list[bytes]) -> bytes:
    """The root alone (RFC 6962 MTH), level by level: pairing left to right and lifting
    an odd last node unchanged gives the same tree as splitting at powers of two."""
    if not leaves:
        raise ValueError("a Merkle tree needs at least one leaf")
    level = leaves
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def root_from_proof(leaf: bytes, proof: InclusionProof) -> bytes:
    """Recompute the root from a leaf hash and its proof (RFC 9162, 2.1.3.2)."""
    if not 0 <= proof.index < proof.size:
        raise ValueError("leaf index outside the tree")
    fn, sn = proof.index, proof.size - 1
    node = leaf
    for sibling in proof.path:
        if sn == 0:
            raise ValueError("proof longer than the tree")
        if fn & 1 or fn == sn:
            node = node_hash(sibling, node)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            node = node_hash(node, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("proof shorter than the tree")
    return node


def verify_inclusion(leaf: bytes, proof: InclusionProof, root: bytes) -> bool:
    try:
        return root_from_proof(leaf, proof) == root
    except ValueError:
        return False
