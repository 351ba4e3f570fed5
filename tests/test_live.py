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
import sources
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


#: A parent that stops the command on Ctrl-C as tox 4 does: the terminal's SIGINT reaches both,
#: then it sends one of its own, a SIGTERM after interrupt_timeout and a SIGKILL 0.2 s later;
#: at the end it prints the command's exit code, which tox reports as OK or FAIL.
TOX = """
import signal, subprocess, sys, time
timeout = float(sys.argv[1])
# As in a terminal (and as .ci/tox.py makes sure): Ctrl-C is not ignored.
signal.signal(signal.SIGINT, signal.default_int_handler)
p = subprocess.Popen(sys.argv[2:], preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
print(p.pid, flush=True)
def interrupt(*_):
    p.send_signal(signal.SIGINT)
    for stop, wait in ((p.terminate, timeout), (p.kill, 0.2)):
        try:
            p.wait(wait)
            break
        except subprocess.TimeoutExpired:
            stop()
signal.signal(signal.SIGINT, interrupt)
code = p.wait()
time.sleep(0.5)
print("exit", code, flush=True)
"""


def interrupt_timeout() -> str:
    """[testenv:live]'s interrupt_timeout in tox.ini, or tox's default."""
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(REPO / "tox.ini")
    return ini["testenv:live"].get("interrupt_timeout", "0.3")


class Live:
    def __init__(self, root: Path, log: Path, parent: list[str] | None = None) -> None:
        self.root, self.log, self.port = root, log, free_port()
        self.log_file = log.open("w")
        # Its own process group, so that the teardown can end everything it started.
        self.parent = subprocess.Popen(
            [sys.executable, "-c", *(parent or [PARENT]), *live_command(root, self.port)],
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
    page = live.root / f"{sources.pages()[1]}.md"
    page.write_text(page.read_text() + "\nA new line.\n")
    assert wait_for(lambda: live.builds() == 1, 60), live.output()


def test_sigterm_stops_the_server(live: Live) -> None:
    live.parent.send_signal(signal.SIGTERM)
    live.parent.wait(timeout=10)
    assert wait_for(lambda: not serving(live.port), 15), "still serving after SIGTERM"
    assert wait_for(lambda: not running(live.child), 15), "sphinx-autobuild still running"


def test_ctrl_c_stops_it_quietly(tmp_path: Path) -> None:
    """Ctrl-C, as tox passes it on: the server stops, with no traceback and exit code 0 (tox
    says "OK", not "evaluation failed")."""
    server = Live(copy_project(tmp_path / "cv"), tmp_path / "live.log", [TOX, interrupt_timeout()])
    try:
        assert wait_for(lambda: serving(server.port), 180), server.output()
        os.killpg(server.parent.pid, signal.SIGINT)  # the terminal's Ctrl-C: the whole group
        server.parent.wait(timeout=30)
        assert "exit 0" in server.output(), server.output()[-3000:]
        assert "Traceback" not in server.output(), server.output()[-3000:]
        assert not serving(server.port)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.parent.pid, signal.SIGKILL)
        server.parent.wait()
        server.log_file.close()
