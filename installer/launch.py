"""The frozen build's entry script (installer/probant.spec): the same ``app.main:main`` as the
``probant`` command of a source install."""

import sys

from app.main import main

if __name__ == "__main__":
    sys.exit(main())
