"""A paper record formatted once into the docutils nodes that every list of papers copies.

The step after :mod:`cv.bib.record` (records -> **nodes** -> writers), with docutils and pybtex
only: the node classes of a publication list, the pybtex backend that marks a paper's parts with
``cv-pub-*`` classes, and :func:`render_paper`, which makes a paper's nodes (the formatted
reference and its links row) and pickles them for the environment, and its BibTeX block.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pybtex_docutils
from docutils import nodes

from ..formats.bibtex import entry_text
from ..formats.style import paper_text
from ..speed import collector

if TYPE_CHECKING:
    from docutils.nodes import Node

    from ..bib.record import Paper

# -- Nodes -------------------------------------------------------------------------------------
# Each subclasses a real docutils node, so any builder without a visitor of ours still shows them.


class publication_list(nodes.enumerated_list):
    """A list of papers, newest first: ``<ol class="cv-pubs">`` in HTML, enumerate in LaTeX."""


class publication(nodes.list_item):
    """One paper; ``node["title"]`` is its title as plain text, the text of its std:label."""


class publication_bibtex(nodes.literal_block):
    """A paper's BibTeX: a ``<details>`` block to copy from in HTML, left out of other outputs."""


# -- Formatting --------------------------------------------------------------------------------


class CvBackend(pybtex_docutils.Backend):
    """pybtex_docutils' backend; a paper's parts (and decode's ``cv-*`` tags, such as small
    capitals) become inline nodes with that class."""

    def format_part(self, name: str, text: list[Node]) -> list[Node]:
        return [nodes.inline("", "", *text, classes=[name])]

    def format_tag(self, tag_name: str, text: list[Node]) -> list[Node]:
        if tag_name.startswith("cv-"):
            return self.format_part(tag_name, text)
        return super().format_tag(tag_name, text)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A paper's nodes, pickled: unpickling copies them into a list faster than ``deepcopy``,
    and bytes keep the environment small in memory and on disk."""

    blob: bytes
    #: The paper's text as the search index takes it (all but its BibTeX), for a page whose
    #: papers are filled in only as they are written.
    words: str
    bibtex: str  #: its BibTeX block's text (cv.formats.bibtex, as on its page and downloads)

    def nodes(self) -> publication:
        return unpickle(self.blob)


def unpickle(blob: bytes | publication) -> publication:
    """A paper's nodes from its :attr:`Rendered.blob` (a node tree, copied, when the speed
    mechanism ``pickled_nodes`` is off)."""
    if isinstance(blob, bytes):
        return pickle.loads(blob)
    return blob.deepcopy()


def render_paper(paper: Paper, pickled: bool = True, take_apart: bool = True) -> Rendered:
    """Format *paper* once, into the node that every list of papers copies."""
    cite = nodes.paragraph("", "", *paper_text(paper).render(CvBackend()), classes=["cv-pub-cite"])
    cite["support_smartquotes"] = False
    item = publication("", cite, title=paper.title or paper.key, classes=["cv-pub"])

    extra: list[Node] = []
    if paper.award:
        strong = nodes.strong(paper.award, paper.award)
        extra.append(nodes.inline("", "", strong, classes=["cv-pub-award"]))
    extra.extend(
        nodes.reference(link.label, link.label, refuri=link.url, classes=["cv-pub-link"])
        for link in paper.links
    )
    if paper.eprint and not paper.eprint_url:
        label = paper.plain_field("eprinttype") or paper.plain_field("archiveprefix") or "eprint"
        text = f"{label}: {paper.eprint}"
        extra.append(nodes.inline(text, text, classes=["cv-pub-eprint"]))
    if extra:
        row = nodes.paragraph("", "", classes=["cv-pub-extra"])
        for i, part in enumerate(extra):
            if i:
                row += nodes.Text(" · ")
            row += part
        item += row

    words = item.astext()
    bibtex = entry_text(paper)
    if not pickled:
        return Rendered(item, words, bibtex)  # type: ignore[arg-type]
    blob = pickle.dumps(item, pickle.HIGHEST_PROTOCOL)
    if take_apart:
        collector.take_apart(item)  # freed now, not by the collector after thousands of others
    return Rendered(blob, words, bibtex)


def bibtex_block(bibtex: str) -> publication_bibtex:
    """A paper's BibTeX block (``Rendered.bibtex``), added when its page is written: the text
    is kept beside the nodes, so it is not pickled a second time with them."""
    # No rawsource: a second copy of the text in every paper, which nothing reads.
    return publication_bibtex("", bibtex.rstrip("\n"), classes=["cv-pub-bibtex"])
