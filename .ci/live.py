"""``tox -e live``: sphinx-autobuild that stops when tox does.

tox stops its commands on Ctrl-C, but a SIGTERM ends tox alone: sphinx-autobuild went on
serving on port 8000. Here it runs in this process, and a watcher thread stops it the way a
SIGTERM does (uvicorn's graceful shutdown) as soon as its parent, tox, is gone.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from sphinx_autobuild.__main__ import main


def stop_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os.kill(os.getpid(), signal.SIGTERM)


if __name__ == "__main__":
    threading.Thread(target=stop_with, args=(os.getppid(),), daemon=True).start()
    main(sys.argv[1:])
