"""Bulk work (thousands of records or pages) with the cyclic garbage collector run less often.

CPython runs its collector on the youngest objects every 700 allocations of containers, and on
all of them every hundred or so such runs: making the records and pages of 5,000 papers kept it
scanning objects that live on, 7.6 of a full build's 40 CPU seconds. The work here leaves little
cyclic garbage (written node trees are taken apart, see :func:`cv.render.release`), so that
running the collector a fourteenth as often costs no measurable memory.
"""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

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
