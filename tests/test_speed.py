"""cv.speed: a speed mechanism switched off changes no output, only the time a build takes.

Each mechanism is checked by what the site shows, never by how it works: the test root is built
from scratch and again after a .bib edit, with every mechanism on and with one off, and every
file of the two sites must be the same, byte for byte. What each one saves is measured by
``bench/run.py --off NAME``, never here.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from sphinx.errors import ConfigError

from cv.speed import MECHANISMS

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

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
