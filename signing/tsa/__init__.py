"""Trusted time: RFC 3161 client and validation, Merkle-batched flushes of the vault's queue."""
