"""Sync of a vault to remote object stores (S3, folder): encrypted, write-once, resumable.

Qt-free. See docs/sync.md. :mod:`.remote` (the protocol and the folder remote),
:mod:`.s3` (boto3), :mod:`.config` (remote definitions, ``HOME/remotes.json``),
:mod:`.engine` (push, verify), :mod:`.restore`, :mod:`.replica` (several workstations:
``sync --pull``), :mod:`.multipart` (large objects, resumed), :mod:`.ranged` (downloads
by ranges), :mod:`.flow` (rate limit, progress, cancel, retries with back-off).
"""
