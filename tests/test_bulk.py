"""cv.bulk: what lives for a build is frozen out of the collector's scans, and thawed after."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp


@pytest.mark.sphinx("html", testroot="publications", freshenv=True)
@pytest.mark.parametrize("fail", [False, True])
def test_a_build_freezes_and_thaws(app: SphinxTestApp, fail: bool) -> None:
    """Frozen while the documents are read and written, nothing frozen once the build ended,
    even one that failed; the records made before the freeze are frozen with it."""
    seen: list[int] = []

    def written(*_args: object) -> None:
        seen.append(gc.get_freeze_count())
        if fail:
            raise RuntimeError("a failing build")

    app.connect("doctree-resolved", written)
    before = gc.get_freeze_count()  # 0 on Python 3.11; 3.12 starts with a few hundred
    if fail:
        with pytest.raises(Exception, match="a failing build"):
            app.build()
    else:
        app.build()
    records = app.env.get_domain("cvpubs").data["records"]
    assert records and seen and min(seen) > before + len(records)
    assert gc.get_freeze_count() <= before
