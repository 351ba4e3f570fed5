"""sphinxcontrib-bibtex's citation roles, linking to the papers in our publication lists.

``{cite:p}`doe2024``` or ``{cite:t}`doe2024``` on any page of the site link to the paper's
entry in the full list that shows it, as they would to a ``{bibliography}``: each listed paper is
given to sphinxcontrib-bibtex as a citation of that page, at the paper's own anchor. Its
``{bibliography}`` directive keeps working beside our lists, with our style if asked
(``:style: cv-publications``).

sphinxcontrib-bibtex has no public hook for citations made elsewhere, so this fills in its
domain's ``bibliographies`` and ``citations`` the way its own ``env-updated`` handler does, right
after it (citations are recomputed in every build; each page with lists is one "bibliography"
whose filter selects nothing, so sphinxcontrib-bibtex itself never formats anything for it).
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, cast

from pybtex.richtext import String
from pybtex.style import FormattedEntry
from sphinxcontrib.bibtex.directives import BibliographyKey, BibliographyValue
from sphinxcontrib.bibtex.domain import BibtexDomain, Citation

from ..formats.style import STYLE_NAME
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


class Recomputed(list):  # type: ignore[type-arg]
    """A list that pickles as an empty one: sphinxcontrib-bibtex's citations, which its
    ``env-updated`` handler and :func:`add_citations` make again in every build, before anything
    reads them. Stored, thousands of them were loaded and freed again by every rebuild."""

    def __reduce__(self) -> tuple[type[list], tuple[()]]:  # type: ignore[type-arg]
        return list, ()


def add_citations(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """``env-updated``: each paper of a full list becomes a citation of its page."""
    cite = cast("BibtexDomain", env.get_domain("cite"))
    publications = store(env)
    latex = app.builder.name == "latex"
    entries = cite.bibdata.data.entries
    for docname, keys in sorted(publications.listed.items()):
        key = BibliographyKey(docname=docname, id_=LISTS_ID)
        cite.bibliographies[key] = BibliographyValue(
            line=0,
            bibfiles=[],
            style=STYLE_NAME,
            list_="citation",
            enumtype="arabic",
            start=1,
            labelprefix="",
            keyprefix="",
            filter_=ast.parse("False"),
            citation_nodes={},
            keys=[],
        )
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
            formatted = FormattedEntry(paper_key, String(paper.title or paper_key), label(paper))
            cite.citations.append(
                Citation(
                    citation_id=paper.anchor,
                    bibliography_key=key,
                    key=paper_key,
                    entry=entries[paper_key],
                    formatted_entry=formatted,
                    tooltip_entry=formatted,
                )
            )
    cite.data["citations"] = Recomputed(cite.citations)  # not kept in the environment
    return []


def latex_citation_target(self: LaTeXTranslator, node: publication) -> str:
    """The \\hypertarget that sphinxcontrib-bibtex's citations link to in LaTeX, or ""."""
    anchor = node["ids"][0] if node["ids"] else ""
    if not LATEX_SAFE_RE.fullmatch(anchor):
        return ""
    return f"\\hypertarget{{cite.{self.curfilestack[-1]}:{anchor}}}{{}}"
