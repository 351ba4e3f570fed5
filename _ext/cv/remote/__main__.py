"""``python -m cv.remote``: see :mod:`cv.remote.cli`."""

import sys

from .cli import main

sys.exit(main())
