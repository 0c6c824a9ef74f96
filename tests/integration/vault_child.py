"""Child process for crash and disk-full tests: imports files, prints each committed item.

Usage: python -m tests.integration.vault_child HOME CODE CONSTAT FILE COUNT
Each committed item is printed as "COMMITTED <id> <sha256>" and flushed, so the
parent knows exactly what was committed before it killed us.
"""

from __future__ import annotations

import sys
from pathlib import Path

from evidence import items
from evidence.errors import ProbantError
from evidence.keyslots import RecoveryCodeOpener
from evidence.vault import open_vault


def main() -> int:
    home, code, constat, source, count = sys.argv[1:6]
    try:
        with open_vault(Path(home), [RecoveryCodeOpener(code)]) as vault:
            print("OPEN", flush=True)
            for _ in range(int(count)):
                [item] = items.import_files(vault, constat, [Path(source)])
                print("COMMITTED", item.id, item.sha256, flush=True)
    except ProbantError as exc:
        print("ERROR", exc.code, exc.exit_code, flush=True)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
