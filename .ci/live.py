"""``tox -e live``: sphinx-autobuild that stops when tox does, quietly.

tox stops its commands on Ctrl-C, but a SIGTERM ends tox alone: sphinx-autobuild went on
serving on port 8000. Here it runs in this process, and a watcher thread stops it the way a
SIGTERM does (uvicorn's graceful shutdown) as soon as its parent, tox, is gone.

On Ctrl-C the terminal sends SIGINT to everything in the foreground: tox, which passes one on
(and a SIGTERM if the command has not stopped within tox.ini's interrupt_timeout), and this
process. uvicorn shuts the server down on the first, then passes the signal on to the handler
it found: this one ends the process, exit code 0. asyncio's raised a KeyboardInterrupt through
the server's shutdown (a traceback), and Python's exit took long enough for tox's SIGTERM to
end it with code -15 ("evaluation failed").
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


def stopped(signum: int, frame: object) -> None:
    """Ctrl-C or SIGTERM, once the server is down (or before it is up): that is all. At once:
    Python's own exit waits for the file watcher's thread, longer than tox waits before its
    SIGTERM (interrupt_timeout), which would then end the process with code -15."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    threading.Thread(target=stop_with, args=(os.getppid(),), daemon=True).start()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, stopped)
    main(sys.argv[1:])
