"""``tox -e live``: rebuilds on a source change only, and stops when tox is stopped.

The command is read from tox.ini and run as tox runs it, under a parent that, like tox 4, dies on
SIGTERM without passing it on.
"""

from __future__ import annotations

import configparser
import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

from bench.sites import copy_project

#: A parent that starts the command, prints its pid and waits, and on SIGTERM dies at once
#: (Python's default), as tox does: it neither forwards the signal nor stops its children.
PARENT = (
    "import subprocess, sys; p = subprocess.Popen(sys.argv[1:]); print(p.pid, flush=True); p.wait()"
)


def live_command(root: Path, port: int) -> list[str]:
    """The commands of tox.ini's [testenv:live], for the project in *root*."""
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(REPO / "tox.ini")
    command = ini["testenv:live"]["commands"].replace("\\\n", " ")
    command = command.replace("{tox_root}", str(root)).replace("{posargs}", f"--port {port}")
    args = shlex.split(command)
    assert args[0] == "python"
    return [sys.executable, *args[1:]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serving(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def running(pid: int) -> bool:
    """Whether process *pid* runs (a zombie, waiting for its new parent to reap it, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_for(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


class Live:
    def __init__(self, root: Path, log: Path) -> None:
        self.root, self.log, self.port = root, log, free_port()
        self.log_file = log.open("w")
        # Its own process group, so that the teardown can end everything it started.
        self.parent = subprocess.Popen(
            [sys.executable, "-c", PARENT, *live_command(root, self.port)],
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def child(self) -> int:
        """The pid of sphinx-autobuild, the first line its parent prints."""
        return int(self.output().split()[0])

    def output(self) -> str:
        return self.log.read_text()

    def builds(self) -> int:
        return self.output().count("Rebuilding...")


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    server = Live(copy_project(tmp_path / "cv"), tmp_path / "live.log")
    assert wait_for(lambda: serving(server.port), 180), server.output()
    yield server
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.parent.pid, signal.SIGKILL)
    server.parent.wait()
    server.log_file.close()


def test_other_builds_do_not_trigger_a_rebuild(live: Live) -> None:
    for path in (
        "_build/html/index.html",
        "_build/latex/cv.tex",
        "tests/new.md",
        "README.md",
        "docs/new.md",
    ):
        target = live.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("written by another build")
    time.sleep(3)  # sphinx-autobuild's watcher reacts within a second
    assert live.builds() == 0, live.output()
    assert "WARNING" not in live.output()
    page = live.root / "sections" / "talks.md"
    page.write_text(page.read_text() + "\nA new line.\n")
    assert wait_for(lambda: live.builds() == 1, 60), live.output()


def test_sigterm_stops_the_server(live: Live) -> None:
    live.parent.send_signal(signal.SIGTERM)
    live.parent.wait(timeout=10)
    assert wait_for(lambda: not serving(live.port), 15), "still serving after SIGTERM"
    assert wait_for(lambda: not running(live.child), 15), "sphinx-autobuild still running"
