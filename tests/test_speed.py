"""cv.speed: a speed mechanism switched off changes no output, only the time a build takes.

Each mechanism is checked by what the site shows, never by how it works: the test root is built
from scratch and again after a .bib edit, with every mechanism on and with one off, and every
file of the two sites must be the same, byte for byte. What each one saves is measured by
``bench/run.py --off NAME``, never here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sphinx.errors import ConfigError

import cv
from cv.speed import MECHANISMS

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.testing.util import SphinxTestApp

OLD, NEW = "Beta Title Before the Edit", "Beta Title After the Edit"


def files(outdir: Path) -> dict[str, bytes]:
    """Every file a build wrote, by path (.buildinfo hashes the settings, which differ)."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.name != ".buildinfo"
    }


def site(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path, speed: dict[str, bool]
) -> list[dict[str, bytes]]:
    """The test root's files after a build from scratch, then after a .bib edit."""
    srcdir = shutil.copytree(rootdir / "test-incremental", tmp_path / "+".join(speed or ["on"]))
    builds = []
    for _ in range(2):
        app = make_app("html", srcdir=srcdir, confoverrides={"cv_speed": speed})
        app.build()
        assert app.warning.getvalue() == ""
        builds.append(files(app.outdir))
        app.cleanup()
        bib = srcdir / "refs.bib"
        bib.write_text(bib.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    return builds


@pytest.mark.parametrize("name", sorted(MECHANISMS))
def test_a_mechanism_switched_off_changes_no_output(
    name: str, make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path
) -> None:
    on = site(make_app, rootdir, tmp_path, {})
    off = site(make_app, rootdir, tmp_path, {name: False})
    assert NEW.encode() in on[1]["papers.html"]
    for built_on, built_off in zip(on, off, strict=True):
        assert built_off.keys() == built_on.keys()
        assert [path for path in built_on if built_off[path] != built_on[path]] == []


@pytest.mark.parametrize("value", [{"no_such_mechanism": False}, {"page_tokens": "no"}, []])
def test_a_bad_speed_setting_names_the_mechanisms(
    value: object, make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path
) -> None:
    srcdir = shutil.copytree(rootdir / "test-incremental", tmp_path / "src")
    with pytest.raises(ConfigError, match=r"cv_speed = .*: map a speed mechanism's name to False"):
        make_app("html", srcdir=srcdir, confoverrides={"cv_speed": value})


#: A sphinx-build whose first exit handler, which runs last, prints what is frozen then.
FROZEN_AT_EXIT = """\
import atexit, gc, sys
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0))
from sphinx.cmd.build import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("speed", [{}, {"exit_freeze": False}])
def test_exit_freeze_leaves_the_last_collection_nothing(
    speed: dict[str, bool], rootdir: Path, tmp_path: Path
) -> None:
    srcdir = shutil.copytree(rootdir / "test-incremental", tmp_path / "src")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\ncv_speed = {speed!r}\n")
    command = [
        sys.executable,
        "-c",
        FROZEN_AT_EXIT,
        "-q",
        "-b",
        "html",
        str(srcdir),
        str(tmp_path / "out"),
    ]
    env = {**os.environ, "PYTHONPATH": str(Path(cv.__file__).parent.parent)}
    ran = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    assert (ran.returncode, ran.stderr) == (0, "")
    assert ran.stdout == f"frozen at exit: {not speed}\n"
    # The last page written in full: nothing that the build wrote waited on the collector.
    assert (
        (tmp_path / "out" / "papers.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    )
