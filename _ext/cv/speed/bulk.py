"""Bulk work (thousands of records or pages) with the cyclic garbage collector run less often.

CPython runs its collector on the youngest objects every 700 allocations of containers, and on
all of them every hundred or so such runs: making the records and pages of 5,000 papers kept it
scanning objects that live on, 7.6 of a full build's 40 CPU seconds. The work here leaves little
cyclic garbage (written node trees are taken apart, see :func:`cv.publications.nodes.release`), so
that running the collector a fourteenth as often costs no measurable memory.

And what lives for the whole build, the environment and the records made at its start, is
frozen once they are made (``gc.freeze``, as CPython's documentation suggests for long-lived
objects): each full collection that Sphinx's reading, pickling and writing set off then scans
only what was made since, and reference counting still frees a frozen object. They are thawed
when the build ends, so that a process that builds again (the tests) collects them as before.
"""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx


#: Allocations between two runs on the youngest objects (CPython's default is 700).
YOUNGEST = 10_000


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """The collector's first threshold raised to :data:`YOUNGEST` for the duration."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], YOUNGEST), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def freeze_survivors(app: Sphinx, *args: object) -> None:
    """``env-before-read-docs``, the records made: what lives now out of the collector's scans.

    An event of the build itself, not of the application's start: every build that freezes
    also thaws (``build-finished`` follows, even when the build fails).
    """
    gc.freeze()


def thaw(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: everything frozen during the build back in the collector's care
    (on Python 3.12, with the few hundred objects the interpreter starts with frozen)."""
    gc.unfreeze()
