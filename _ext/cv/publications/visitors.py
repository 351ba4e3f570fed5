"""Publication lists' writers: the HTML and LaTeX visitors of their nodes.

The last step of the pipeline (.bib -> records -> nodes -> **writers**) for the lists that
:mod:`cv.publications.directive` fills in. In HTML a paper's nodes arrive as a pickle (its page was
read without them) and are unpickled only as the paper is written; a written paper becomes one
string, kept for the next build too (:mod:`cv.speed.entryhtml`), and its nodes are let go of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from .. import adapters
from ..speed import collector, entryhtml, on
from . import citedby
from . import load as library
from .citations import latex_citation_target
from .nodes import bibtex_block, publication, publication_bibtex, unpickle

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator


def link_to_page(item: publication, uri: str) -> None:
    """Link the title of a listed paper to *uri*, the paper's own page."""
    for title in item.findall(nodes.inline):
        if "cv-pub-title" in title["classes"]:
            link = nodes.reference("", "", *title.children, refuri=uri, internal=True)
            title.children = []
            title += link
            break


# -- Visitors ----------------------------------------------------------------------------------


def html_visit_publication_bibtex(self: HTML5Translator, node: publication_bibtex) -> None:
    # A <details> disclosure: keyboard accessible without script; the copy button is added by
    # cv-publications.js, so no button that cannot work is ever shown.
    self.body.append(self.starttag(node, "details", ""))
    self.body.append("<summary>BibTeX</summary>")
    self.body.append(f"<pre>{self.encode(node.astext())}</pre></details>\n")
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def label_uri(self: HTML5Translator, node: publication) -> str:
    """Where the paper's label leads, if not here (its own page, see cv.web.paperpages)."""
    here = self.builder.current_docname
    name = nodes.fully_normalize_name(node["key"])
    docname, anchor, _ = adapters.label(self.builder.env, name) or ("",) * 3
    if not docname or docname == here:
        return ""
    return self.builder.get_relative_uri(here, docname) + (f"#{anchor}" if anchor else "")


def html_visit_publication(self: HTML5Translator, node: publication) -> None:
    if "blob" in node:  # the paper holds only its words until now
        blob, bibtex = node.attributes.pop("blob"), node.attributes.pop("bibtex")
        uri = label_uri(self, node)
        here = self.builder.current_docname
        made_from = ""
        if on(self.config, "entry_html"):
            made_from = entryhtml.token(
                self.builder, blob, bibtex, uri, sorted(node.attributes.items()), library.CODE
            )
            if (html := entryhtml.kept(self.builder, here, node["key"], made_from)) is not None:
                self.body.append(html)
                raise nodes.SkipNode
        node.children = []
        node.extend(unpickle(blob).children)
        citedby.add_to(node)
        node += bibtex_block(bibtex)
        if uri:
            link_to_page(node, uri)
        node.html_made_from = made_from  # type: ignore[attr-defined]
    elif "bibtex" in node:  # a full list's paper, filled in before writing ("defer" off)
        node += bibtex_block(node.attributes.pop("bibtex"))
        if uri := label_uri(self, node):
            link_to_page(node, uri)
    node.html_start = len(self.body)  # type: ignore[attr-defined]
    self.visit_list_item(node)


def html_depart_publication(self: HTML5Translator, node: publication) -> None:
    """Keep a written paper as one string, and let go of its nodes.

    A page of thousands of papers would otherwise be held twice while it is written: as nodes
    and as hundreds of thousands of small HTML pieces. The page is indexed for search by now
    (from the words FillPublications left), so nothing reads these nodes again.
    """
    self.depart_list_item(node)
    start = node.html_start  # type: ignore[attr-defined]
    self.body[start:] = ["".join(self.body[start:])]
    if made_from := getattr(node, "html_made_from", ""):
        entryhtml.keep(
            self.builder, self.builder.current_docname, node["key"], made_from, self.body[-1]
        )
    collector.release(self.config, node)


def latex_visit_publication(self: LaTeXTranslator, node: publication) -> None:
    self.visit_list_item(node)
    self.body.append(self.hypertarget_to(node, anchor=True))
    self.body.append(latex_citation_target(self, node))


def latex_depart_publication(self: LaTeXTranslator, node: publication) -> None:
    self.depart_list_item(node)


def html_only(visit: Callable[..., None], depart: Callable[..., None] | None = None) -> Any:
    """``add_node``'s visitors for a node that only a website shows: other outputs skip it."""
    skipped = dict.fromkeys(("latex", "text", "man", "texinfo"), (skip, None))
    return {"html": (visit, depart), **skipped}


def publication_title(node: nodes.Element) -> str | None:
    """Give Sphinx's std domain the text of the label that names a paper.

    None for a paper in a selected list, which is no label: else Sphinx would number it as a
    figure and give it an anchor such as ``#id3``.
    """
    return node.get("title")
