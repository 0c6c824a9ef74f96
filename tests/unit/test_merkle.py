"""Merkle batches: every proof verifies for every size; any change fails."""

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
