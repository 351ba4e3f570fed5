"""The project's own tooling: the README's two commands, .ci/run, and the test suite's rules."""

from __future__ import annotations

import ast
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, require


def readme_commands() -> list[str]:
    """The shell commands of the README's "The two commands" section, in order."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    section = section.split("\n### ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, flags=re.DOTALL)


def test_the_readme_has_two_commands_and_ci_runs_the_second() -> None:
    build, test = readme_commands()
    assert build == "python3 .ci/tox.py -e docs"
    assert test == "python3 .ci/tox.py"
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert ci[-1] == test
    # Every test that needs a system tool fails under .ci/run if the tool is missing.
    assert "export CV_REQUIRE_TOOLS=1" in ci


def test_both_apt_get_lines_agree() -> None:
    """The README's list of system packages is the one .ci/run installs, same options."""

    def packages(text: str) -> tuple[set[str], set[str]]:
        (line,) = re.findall(r"apt-get install ((?:[^\n]|\\\n)+)", text.replace("\\\n", " "))
        words = set(line.split()) - {">/dev/null"}
        return {w for w in words if w.startswith("-")}, {w for w in words if w[0] != "-"}

    readme = (REPO / "README.md").read_text().split("### System packages", 1)[1]
    readme = readme.split("\n## ", 1)[0]
    readme_options, readme_packages = packages(readme)
    ci_options, ci_packages = packages((REPO / ".ci" / "run").read_text())
    assert readme_packages == ci_packages
    assert "--no-install-recommends" in readme_options
    assert "--no-install-recommends" in ci_options


def run_bootstrap(tmp_path: Path, hide: list[str], *args: str) -> subprocess.CompletedProcess:
    """Run a copy of .ci/tox.py in an empty project, with the given modules hidden."""
    (tmp_path / ".ci").mkdir(exist_ok=True)
    script = tmp_path / ".ci" / "tox.py"
    script.write_text((REPO / ".ci" / "tox.py").read_text())
    code = (
        "import runpy, sys\n"
        f"for name in {hide!r}: sys.modules[name] = None\n"
        f"sys.argv = [{str(script)!r}, *{list(args)!r}]\n"
        f"runpy.run_path({str(script)!r}, run_name='__main__')\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def bootstrapped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose .ci/tox.py has installed tox, on a Python without ensurepip."""
    project = tmp_path_factory.mktemp("bootstrapped")
    result = run_bootstrap(project, ["ensurepip"], "--version")
    assert result.returncode == 0, result.stderr
    assert "4.67.13 from " in result.stdout, result.stdout
    return project


def test_bootstrap_without_ensurepip_uses_the_systems_pip(bootstrapped: Path) -> None:
    """Debian's python3 without python3-venv has no ensurepip: the venv gets tox all the same."""
    stamp = bootstrapped / ".tox" / "bootstrap" / "requirements.txt"
    assert stamp.read_text() == "tox==4.67.13\n"
    again = run_bootstrap(bootstrapped, ["ensurepip", "pip"], "--version")  # no pip needed now
    assert again.returncode == 0, again.stderr
    assert "installing" not in again.stderr


#: A tox environment whose command says its pid and waits until it is stopped.
WAITING = "[testenv:wait]\npackage = skip\ncommands = python wait.py\n"
WAIT = (
    "import os, pathlib, time\npathlib.Path('pid').write_text(str(os.getpid()))\ntime.sleep(120)\n"
)


def test_bootstrap_passes_sigterm_on_and_tox_stops_its_command(bootstrapped: Path) -> None:
    """SIGTERM to .ci/tox.py stops what tox runs (tox alone would die and leave it running),
    even when started as a shell starts a background job: with SIGINT ignored."""
    (bootstrapped / "tox.ini").write_text(WAITING)
    (bootstrapped / "wait.py").write_text(WAIT)
    script = bootstrapped / ".ci" / "tox.py"
    launcher = subprocess.Popen(
        [sys.executable, str(script), "-e", "wait"],
        cwd=bootstrapped,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    pid_file = bootstrapped / "pid"
    deadline = time.monotonic() + 120
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    command = int(pid_file.read_text())
    try:
        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(timeout=30) != 0
        deadline = time.monotonic() + 10
        while Path(f"/proc/{command}").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = Path(f"/proc/{command}").exists()
    finally:  # whatever is left of what this test started
        with contextlib.suppress(ProcessLookupError):
            os.killpg(launcher.pid, signal.SIGKILL)
        launcher.wait()
    assert not alive, "tox's command still runs after SIGTERM to .ci/tox.py"


def test_bootstrap_without_any_pip_says_what_to_install(tmp_path: Path) -> None:
    result = run_bootstrap(tmp_path, ["ensurepip", "pip"], "--version")
    assert result.returncode == 1
    assert "sudo apt-get install python3-venv" in result.stderr


def test_unit_tests_run_without_playwright(tmp_path: Path) -> None:
    """Playwright is imported by the browser tests alone, so the rest runs where it is missing."""
    blocker = tmp_path / "blocker"
    (blocker / "playwright").mkdir(parents=True)
    (blocker / "playwright" / "__init__.py").write_text("raise ImportError('no playwright')\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_dates.py"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(blocker)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variable", "outcome"),
    [
        (None, pytest.skip.Exception),
        ("CI", pytest.fail.Exception),
        ("CV_REQUIRE_TOOLS", pytest.fail.Exception),
    ],
)
def test_a_missing_tool_fails_where_every_tool_is_required(
    monkeypatch: pytest.MonkeyPatch, variable: str | None, outcome: type[BaseException]
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("CV_REQUIRE_TOOLS", raising=False)
    if variable:
        monkeypatch.setenv(variable, "1")
    with pytest.raises(outcome, match="no-such-tool is not installed"):
        require("no-such-tool")


def test_ci_run_says_it_needs_root() -> None:
    """.ci/run installs system packages: as another user it stops at once, saying why."""
    command = ["bash", str(REPO / ".ci" / "run")]
    if os.geteuid() == 0:  # as nobody, then
        command = [require("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env={"PATH": os.environ["PATH"]}
    )
    assert result.returncode == 1
    assert "run it as root" in result.stderr


def test_screenshots_are_kept_in_the_documented_folder(
    artifacts: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Not in pytest's temporary folders, which the next runs delete."""
    assert not artifacts.is_relative_to(tmp_path_factory.getbasetemp())
    if not os.environ.get("CV_ARTIFACTS"):
        assert artifacts == REPO / "_build" / "test-artifacts"
    assert "`_build/test-artifacts/`" in (REPO / "docs/testing.md").read_text()


def test_tests_import_no_test_module_and_change_no_sys_path() -> None:
    """Shared helpers live in conftest.py or sources.py; bench/ and _ext/ are found through
    tox.ini's [pytest] pythonpath, as the tests run anywhere, never by editing sys.path."""
    for path in sorted([*REPO.glob("tests/*.py"), *REPO.glob("tests/cv/*.py")]):
        for node in ast.walk(ast.parse(path.read_text())):
            modules = []
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            assert not [m for m in modules if m.startswith("test_")], (path.name, modules)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                assert (node.value.id, node.attr) != ("sys", "path"), f"{path.name}:{node.lineno}"
