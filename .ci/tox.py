"""Run tox from a project-local virtual environment: ``python3 .ci/tox.py [tox arguments]``.

Debian and Ubuntu refuse ``pip install`` into their own Python (PEP 668, "externally managed"),
so tox is installed into ``.tox/bootstrap`` (a venv of whichever ``python3`` runs this) and run
from there; the first run installs it, later runs only start it. Without ``ensurepip``
(Debian's ``python3-venv``), the venv is made without pip and the system's pip, if any, installs
into it. A SIGTERM is passed on to tox as Ctrl-C, which tox handles by stopping its commands.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import venv
from pathlib import Path

#: What is installed, pinned; the venv is brought up to date when this changes.
REQUIREMENTS = ["tox==4.67.13"]
ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / ".tox" / "bootstrap"
BIN = HOME / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = HOME / "requirements.txt"

NO_PIP = """\
error: this Python can make no virtual environment with pip, and has no pip of its own.
On Debian or Ubuntu: sudo apt-get install python3-venv (see README.md, 'System packages')."""


def install() -> None:
    """Make the venv and install REQUIREMENTS into it, unless that is already done."""
    wanted = "\n".join(REQUIREMENTS) + "\n"
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return
    has_ensurepip = importlib.util.find_spec("ensurepip") is not None
    has_pip = importlib.util.find_spec("pip") is not None
    if not (has_ensurepip or has_pip):
        sys.exit(NO_PIP)
    print(f"installing {', '.join(REQUIREMENTS)} into {HOME.relative_to(ROOT)}", file=sys.stderr)
    venv.create(HOME, with_pip=has_ensurepip, clear=True)
    # With no pip in the venv, the system's pip installs into it (pip's --python option): the
    # venv is not externally managed, so PEP 668 allows it.
    pip = [str(PYTHON), "-m", "pip"] if has_ensurepip else [sys.executable, "-m", "pip"]
    target = [] if has_ensurepip else ["--python", str(PYTHON)]
    quiet = ["--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *target, "install", *quiet, *REQUIREMENTS], check=True)
    STAMP.write_text(wanted)


def main() -> int:
    install()
    # tox stops its commands (a server, say) on SIGINT but dies alone on SIGTERM: pass a SIGTERM
    # on as SIGINT. A shell starts a background job with SIGINT ignored, and tox would inherit
    # that; a handler here is reset to the default in tox, which then handles SIGINT itself.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    tox = subprocess.Popen([str(PYTHON), "-m", "tox", *sys.argv[1:]], cwd=ROOT)
    signal.signal(signal.SIGTERM, lambda *_: tox.send_signal(signal.SIGINT))
    while True:
        try:
            return tox.wait()
        except KeyboardInterrupt:  # Ctrl-C reached tox too, as the same process group
            continue


if __name__ == "__main__":
    sys.exit(main())
