"""Sync of a vault to remote object stores (S3, folder): encrypted, write-once, resumable.

Qt-free. See docs/sync.md. :mod:`.remote` (the protocol and the folder remote),
:mod:`.s3` (boto3), :mod:`.config` (remote definitions, ``HOME/remotes.json``),
:mod:`.engine` (push, verify, restore).
"""
