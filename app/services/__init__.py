"""The application layer: each use case once, Qt-free, for the CLI and the desktop alike.

``app/cli/*`` and the desktop (``app/desktop/``) call only these functions; they
never reach into ``evidence/``, ``capture/`` or ``signing/`` for a use case of
their own. A service takes an :class:`~app.services.context.AppContext` (home,
settings loaded once, the person's interaction handlers), the open vault when it
needs one, a typed frozen request, and for long work a progress callback and a
cancel token; it returns a typed frozen result or raises a ``ProbantError``.

Modules, one concept each:
- ``context``: the context every service receives, the flush configuration.
- ``access``: vault creation (officer, demo), unlocking, the fresh key touch.
- ``matters``: dossiers, constats (with their environment reports), imports, evidence.
- ``capture``: screenshots, screen video, webcam, environment report on demand.
- ``timestamps``: TSAs, flushes, coverage, the one "stamp what is pending" rule.
- ``pv``: signing certificates, rules, draft, signature, upgrade, export, validation.
- ``bundles``: evidence bundle export and verification, vault verify, journal.
- ``users``: users, roles and key slots.
- ``overview``: what the desktop shows of an unlocked vault.
"""
