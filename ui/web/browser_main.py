"""``python -m ui.web.browser_main``: the recording browser's child process (ui/web/child.py,
its window in ui/web/browser.py).

Started by the parent that holds the vault, with the private channel on its
stdin and stdout; not meant to be run by hand."""

from __future__ import annotations

import sys

from ui.web.child import main

if __name__ == "__main__":
    sys.exit(main())
