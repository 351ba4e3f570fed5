"""cv.speed.collector: a build leaves the process's garbage collector as it found it."""

from __future__ import annotations

import gc
import shutil
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.testing.util import SphinxTestApp


@pytest.mark.parametrize("fail", [False, True])
def test_a_build_leaves_the_collector_as_it_found_it(
    make_app: Callable[..., SphinxTestApp], rootdir: Path, tmp_path: Path, fail: bool
) -> None:
    """Thresholds and frozen objects as before the build, even after a build that failed."""
    before = gc.get_freeze_count(), gc.get_threshold()
    app = make_app("html", srcdir=shutil.copytree(rootdir / "test-publications", tmp_path / "s"))

    def written(*_args: object) -> None:
        if fail:
            raise RuntimeError("a failing build")

    app.connect("doctree-resolved", written)
    if fail:
        with pytest.raises(Exception, match="a failing build"):
            app.build()
    else:
        app.build()
    assert (gc.get_freeze_count(), gc.get_threshold()) == before


@pytest.mark.sphinx("html", testroot="publications", freshenv=True)
def test_what_the_process_froze_stays_frozen(app: SphinxTestApp) -> None:
    """A process that froze objects of its own (a server forking workers) is not thawed
    (reference counting may still free some of them: unfreezing would leave none)."""
    gc.freeze()
    try:
        app.build()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
