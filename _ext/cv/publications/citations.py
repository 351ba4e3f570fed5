"""sphinxcontrib-bibtex's citation roles, linking to the papers in our publication lists.

``{cite:p}`doe2024``` or ``{cite:t}`doe2024``` on any page of the site link to the paper's
entry in the full list that shows it, as they would to a ``{bibliography}``: each listed paper is
given to sphinxcontrib-bibtex as a citation of that page, at the paper's own anchor. Its
``{bibliography}`` directive keeps working beside our lists, with our style if asked
(``:style: cv-publications``).

Each page with lists is given to sphinxcontrib-bibtex as one "bibliography", each listed paper
as its citation, right after its own ``env-updated`` handler (citations are made again in every
build), through :mod:`cv.adapters`: it has no public way to take citations made elsewhere.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pybtex.richtext import String

from .. import adapters
from ..formats.style import STYLE_NAME
from ..speed import on
from .store import store

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.latex import LaTeXTranslator

    from ..bib.record import Paper
    from .nodes import publication


#: The id of the "bibliography" that stands for a page's publication lists.
LISTS_ID = "cv-publications"
#: Anchors that can be written into LaTeX's \hyperlink as they are (sphinxcontrib-bibtex does).
LATEX_SAFE_RE = re.compile(r"[A-Za-z0-9:./_-]+")


def label(paper: Paper) -> str:
    """The citation's label: "ISPASS 2023", else "Doe 2023", else the key."""
    year = str(paper.year or "")
    if paper.short_venue:
        return " ".join(filter(None, [paper.short_venue, year]))
    if paper.authors:
        return " ".join(filter(None, [paper.authors[0].family, year]))
    return paper.key


def add_citations(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """``env-updated``: each paper of a full list becomes a citation of its page."""
    publications = store(env)
    latex = app.builder.name == "latex"
    entries = adapters.bib_entries(env)
    for docname, keys in sorted(publications.listed.items()):
        cited = []
        for paper_key in sorted(keys):
            paper = publications.records.get(paper_key)
            if paper is None or paper_key not in entries:
                continue
            if latex and not LATEX_SAFE_RE.fullmatch(paper.anchor):
                continue  # sphinxcontrib-bibtex would write it into \hyperlink unescaped
            # The title as the link's tooltip: formatting every paper again here, in every
            # build, was most of a no-op rebuild of thousands of papers. A String, the rich
            # text of one plain string: Text() merges its parts, a tenth of a second per
            # thousand papers in every build.
            title = String(paper.title or paper_key)
            cited.append(adapters.Cited(paper.anchor, paper_key, title, label(paper)))
        adapters.add_citations(env, docname, LISTS_ID, STYLE_NAME, cited)
    if on(app.config, "citations_unstored"):
        adapters.citations_unstored(env)
    return []


def latex_citation_target(self: LaTeXTranslator, node: publication) -> str:
    """The \\hypertarget that sphinxcontrib-bibtex's citations link to in LaTeX, or ""."""
    anchor = node["ids"][0] if node["ids"] else ""
    if not LATEX_SAFE_RE.fullmatch(anchor):
        return ""
    return adapters.latex_citation_target(self.curfilestack[-1], anchor)
