"""Less work for CPython's cyclic garbage collector while a build makes thousands of objects.

``gc_threshold``: before any page is read, the records, nodes and citations of every changed
paper are made (``builder-inited``); the collector, run every 700 allocations, kept scanning
what they had made so far, which all lives on. For those handlers it is run a fourteenth as
often: raised by the first ``builder-inited`` handler (:func:`bulk_start`), put back by the
last (:func:`bulk_end`). Should a handler in between fail, Sphinx does not start, and the
thresholds stay raised in that process (the collector only runs less often) until the next
build's :func:`bulk_end`.

``gc_freeze``: the collector scans every object it tracks, each time it runs on all of them;
the environment and the records of 5,000 papers, made before any page is read, live for the
whole build, yet every such run scanned them again. Once they are made they are frozen
(``gc.freeze``, as CPython's documentation suggests for long-lived objects), and thawed when
the build ends (``build-finished`` follows even a failed build), so that the collector is left
as it was found. Only a process that has frozen nothing is frozen: ``gc.unfreeze`` thaws
everything, and what a server froze before forking its workers is not the build's to thaw.

``exit_freeze``: when the process ends, CPython's finalization runs the collector once more over
everything left, and frees each cycle it finds: every module, class and function of Sphinx and
the extensions, and whatever the build kept. The operating system frees the memory of an ended
process anyway; that last run took 0.09 of the 0.44 CPU seconds of a one-line project's LaTeX
build, and 0.13 of the CV's 0.74. Everything is frozen as the process exits (the last exit
handler), so the final run skips it. Nothing is lost: files are written and closed by ``with``
blocks, exit handlers (Sphinx's, ``weakref.finalize``'s, logging's flush) still run, and the
standard streams are flushed by CPython after.

``release``: docutils nodes point at their parents, so a written tree is garbage only the
cyclic collector can free, after scanning it again and again; taken apart, it is freed by
reference counting as soon as it is written.
"""

from __future__ import annotations

import atexit
import gc
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import on

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config


#: Allocations between two runs on the youngest objects (CPython's default is 700).
YOUNGEST = 10_000


@dataclass
class Found:
    """What this module changed, to put back (the collector is the process's)."""

    thresholds: tuple[int, int, int] | None = None  #: as :func:`bulk_start` found them
    frozen: bool = False  #: whether :func:`freeze` froze
    at_exit: bool = False  #: whether :func:`freeze_at_exit` is registered in this process


FOUND = Found()


def bulk_start(app: Sphinx) -> None:
    """``builder-inited``, first of its handlers: the collector run less often."""
    if on(app.config, "gc_threshold"):
        old = gc.get_threshold()
        if FOUND.thresholds is None:
            FOUND.thresholds = old
        gc.set_threshold(max(old[0], YOUNGEST), *old[1:])


def bulk_end(app: Sphinx) -> None:
    """``builder-inited``, last of its handlers: the thresholds as :func:`bulk_start` found them."""
    if FOUND.thresholds is not None:
        gc.set_threshold(*FOUND.thresholds)
        FOUND.thresholds = None


def freeze(app: Sphinx, *args: object) -> None:
    """``env-before-read-docs``: what lives now (the environment, the records) out of the
    collector's scans, unless anything is frozen already."""
    if on(app.config, "gc_freeze") and gc.get_freeze_count() == 0:
        gc.freeze()
        FOUND.frozen = True


def thaw(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, last of all: what :func:`freeze` froze back in the collector's care."""
    if FOUND.frozen:
        gc.unfreeze()
        FOUND.frozen = False


def freeze_at_exit(app: Sphinx) -> None:
    """``builder-inited``: everything frozen as the process exits (``exit_freeze``); registered
    once per process, whatever number of builds it runs."""
    if on(app.config, "exit_freeze") and not FOUND.at_exit:
        atexit.register(gc.freeze)
        FOUND.at_exit = True


def release(config: Config, node: nodes.Element) -> None:
    """Let go of a written tree (``release``), for reference counting to free."""
    if on(config, "release"):
        take_apart(node)


def take_apart(node: nodes.Element) -> None:
    """*node*'s tree without its links to parents."""
    for child in node.findall(include_self=False):
        child.parent = None
    node.children = []
