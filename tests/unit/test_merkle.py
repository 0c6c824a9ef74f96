"""Merkle batches: the published RFC 6962 test vectors, every proof verifies for every size;
any change fails."""

from __future__ import annotations

import hashlib

import pytest

from evidence.merkle import (
    InclusionProof,
    build,
    leaf_hash,
    node_hash,
    tree_head,
    verify_inclusion,
)


def _leaves(n: int) -> list[bytes]:
    return [leaf_hash(f"capture {i}".encode()) for i in range(n)]


def _reference_root(leaves: list[bytes]) -> bytes:
    """RFC 6962's MTH, written the obvious recursive way, to check build() against."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(_reference_root(leaves[:k]), _reference_root(leaves[k:]))


# The Certificate Transparency reference vectors (RFC 6962 section 2.1, SHA-256, leaf prefix
# 0x00, node prefix 0x01), as published with the CT reference implementations
# (certificate-transparency's merkle_tree_test.cc, Go's merkle package): the eight leaf
# inputs, the tree heads of their first 1..8 leaves, and audit paths ((index, size) ->
# path, leaf-to-root order). Probant refuses an empty tree, so the size-0 head
# (SHA-256 of nothing, e3b0c442...) has no counterpart here.
CT_INPUTS = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
             "606162636465666768696a6b6c6d6e6f"]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_PATHS = {
    (0, 8): ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
    (5, 8): ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
             "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
             "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
    (2, 3): ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    (1, 5): ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
             "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
             "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
}


def _ct_leaves() -> list[bytes]:
    return [leaf_hash(bytes.fromhex(x)) for x in CT_INPUTS]


def test_leaf_and_node_hashes_are_rfc_6962s() -> None:
    assert leaf_hash(b"").hex() == CT_ROOTS[0]  # SHA-256(0x00)
    a, b = _ct_leaves()[:2]
    assert node_hash(a, b).hex() == CT_ROOTS[1]


@pytest.mark.parametrize("n", range(1, 9))
def test_tree_heads_are_the_published_ones(n: int) -> None:
    leaves = _ct_leaves()[:n]
    assert build(leaves).root.hex() == CT_ROOTS[n - 1]
    assert tree_head(leaves).hex() == CT_ROOTS[n - 1]


@pytest.mark.parametrize(("index", "size"), sorted(CT_PATHS))
def test_audit_paths_are_the_published_ones(index: int, size: int) -> None:
    leaves = _ct_leaves()[:size]
    proof = build(leaves).proofs[index]
    assert [p.hex() for p in proof.path] == CT_PATHS[(index, size)]
    published = InclusionProof(index, size, tuple(bytes.fromhex(p) for p in CT_PATHS[(index, size)]))
    assert verify_inclusion(leaves[index], published, bytes.fromhex(CT_ROOTS[size - 1]))
    assert not verify_inclusion(leaves[index], published, bytes.fromhex(CT_ROOTS[size - 2]))


@pytest.mark.parametrize("n", [*range(1, 71), 1000])
def test_every_proof_verifies(n: int) -> None:
    leaves = _leaves(n)
    tree = build(leaves)
    assert tree.root == _reference_root(leaves)
    for leaf, proof in zip(leaves, tree.proofs, strict=True):
        assert verify_inclusion(leaf, proof, tree.root)
        assert verify_inclusion(leaf, InclusionProof.from_json(proof.to_json()), tree.root)


def test_wrong_leaf_index_path_or_root_fails() -> None:
    leaves = _leaves(13)
    tree = build(leaves)
    proof = tree.proofs[5]
    assert not verify_inclusion(leaves[6], proof, tree.root)
    assert not verify_inclusion(leaves[5], InclusionProof(6, 13, proof.path), tree.root)
    assert not verify_inclusion(leaves[5], InclusionProof(5, 5, proof.path), tree.root)
    assert not verify_inclusion(leaves[5], InclusionProof(5, 7, proof.path), tree.root)
    bad = (bytes(32),) + proof.path[1:]
    assert not verify_inclusion(leaves[5], InclusionProof(5, 13, bad), tree.root)
    assert not verify_inclusion(leaves[5], proof, hashlib.sha256(b"x").digest())
    assert not verify_inclusion(leaves[5], InclusionProof(5, 13, proof.path[:-1]), tree.root)


def test_single_leaf_tree_is_its_leaf() -> None:
    [leaf] = _leaves(1)
    tree = build([leaf])
    assert tree.root == leaf and tree.proofs[0].path == ()
    with pytest.raises(ValueError):
        build([])


def test_tree_head_equals_the_split_tree_root_for_every_size() -> None:
    leaves = [leaf_hash(hashlib.sha256(bytes([i % 256, i // 256])).digest())
              for i in range(300)]
    for n in range(1, 300):
        assert tree_head(leaves[:n]) == build(leaves[:n]).root, n
