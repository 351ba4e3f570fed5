"""Publication lists: the ``publications`` directive and its storage.

The Sphinx end of the pipeline (.bib -> records -> nodes -> writers), laid out in the order
of Sphinx's ``ext/todo.py``: settings, storage (a Domain holding the records that
:mod:`cv.publications.load` made at ``builder-inited``), the directive, one post-transform,
``setup()``; the writers are :mod:`cv.publications.visitors`. The directive picks, orders and
labels papers by key; the post-transform copies each paper's ready nodes in when its page is
written. After a .bib edit only the pages whose lists show a changed paper are read again.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..bib.fields import suggest
from ..speed import on
from .nodes import bibtex_block, publication, publication_list
from .store import matches, store

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.util.typing import OptionSpec

    from ..bib.record import Paper
    from .nodes import Rendered


logger = logging.getLogger(__name__)

#: The text of the legend shown under a list whose papers carry equal-contribution marks.
EQUAL_LEGEND = "* Equal contribution."


def kinds_option(argument: str | None) -> tuple[str, ...]:
    """``:kind: conference journal``: one or more kinds, separated by spaces or commas.

    Checked against ``cv_kinds`` in the directive, which knows the configuration.
    """
    kinds = tuple((argument or "").replace(",", " ").split())
    if not kinds:
        msg = "give one or more kinds, e.g. :kind: conference journal"
        raise ValueError(msg)
    return kinds


class Publications(SphinxDirective):
    """``:::{publications}``: the papers of some kinds, or the selected ones, newest first.

    Without ``:kind:`` every paper, grouped by kind under a heading each, in ``cv_kinds`` order,
    for the kinds that have papers: no heading ever stands alone. A full
    list (no ``:selected:``) makes each paper a std:label named by its key; the selected list
    links each title to that entry instead, so no label is defined twice.
    """

    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "kind": kinds_option,
        "selected": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[Node]:
        domain = store(self.env)
        configured = tuple(self.config.cv_kinds)
        kinds = self.options.get("kind")
        for kind in kinds or ():
            if kind not in configured:
                hint = suggest(kind, configured, f"use {', '.join(configured)} (cv_kinds)")
                logger.warning(
                    "publications: unknown kind %r in :kind:; %s",
                    kind,
                    hint,
                    location=self.get_location(),
                    type="cv",
                    subtype="option",
                )
        selected = "selected" in self.options
        # No dependency on the .bib files: after an edit, only the pages with a list that shows
        # a changed paper are read again (PublicationsDomain.outdated_docs).
        domain.lists.setdefault(self.env.docname, []).append((kinds, selected))
        papers = sorted(
            (paper for paper in domain.records.values() if matches(paper, kinds, selected)),
            key=lambda paper: (paper.date, -paper.position),
            reverse=True,
        )
        if kinds is not None or selected:
            return self.listing(papers, selected)
        # One heading per kind that has papers, in the order of cv_kinds: a section of the
        # page (its contents, the PDF's bookmarks, an anchor from its title) where the list
        # stands among sections, else a rubric.
        sections = isinstance(self._parent(), (nodes.section, nodes.document))
        result: list[Node] = []
        for kind in configured:
            group = [paper for paper in papers if paper.kind == kind]
            if not group:
                continue
            heading = self.config.cv_kinds[kind]
            if not sections:
                result.append(nodes.rubric(heading, heading, classes=["cv-pubs-heading"]))
                result.extend(self.listing(group, selected))
                continue
            section = nodes.section("", classes=["cv-pubs-group"])
            section += nodes.title(heading, heading, classes=["cv-pubs-heading"])
            section["names"].append(nodes.fully_normalize_name(heading))
            self.set_source_info(section)
            self.state.document.note_implicit_target(section, section)
            section.extend(self.listing(group, selected))
            result.append(section)
        return result

    def _parent(self) -> nodes.Node | None:
        """The node the directive's result goes into: docutils' state knows it; MyST's mock
        state has no ``parent`` (asking raises) and its inliner holds the current node."""
        state = self.state
        if "parent" in vars(state):
            return state.parent
        return getattr(getattr(state, "inliner", None), "parent", None)

    def listing(self, papers: list[Paper], selected: bool) -> list[Node]:
        """One list of *papers* (nothing for none), and the legend if some are marked."""
        domain = store(self.env)
        listed: set[str] = (  # only full lists count: selected papers are shown elsewhere too
            set() if selected else domain.listed.setdefault(self.env.docname, set())
        )
        listing = publication_list(
            enumtype="arabic", prefix="", suffix=".",
            classes=["cv-pubs", *self.options.get("class", [])],
        )  # fmt: skip
        self.set_source_info(listing)
        for paper in papers:
            # Only the key: FillPublications fills the paper in when the page is written.
            item = publication("", key=paper.key, classes=["cv-pub"])
            self.set_source_info(item)
            if selected:
                item["selected"] = True
            elif self._name(item, paper):
                listed.add(paper.key)
            else:
                continue
            listing += item
        if not listing.children:
            return []
        result: list[Node] = [listing]
        if any(paper.marked for paper in papers):
            result.append(nodes.paragraph(EQUAL_LEGEND, EQUAL_LEGEND, classes=["cv-pub-legend"]))
        return result

    def _name(self, item: publication, paper: Paper) -> bool:
        """Make *item* the std:label named by the key, anchored at ``#`` + ``paper.anchor``;
        False if the paper is on this page already. Anything else with that id (a heading, a
        target) gets another (:meth:`_move_id`): a paper's anchor is its key."""
        document = self.state.document
        holder = document.ids.get(paper.anchor)
        if isinstance(holder, publication):
            logger.warning(
                "publications: %s is already listed on this page; it is listed once",
                paper.key,
                location=self.get_location(),
                type="cv",
                subtype="duplicate",
            )
            return False
        if holder is not None:
            moved = self._move_id(holder, paper.anchor)
            logger.warning(
                "publications: the key %s is also the id of a %s on this page; the paper "
                "takes #%s, the %s becomes #%s",
                paper.key,
                holder.tagname,
                paper.anchor,
                holder.tagname,
                moved,
                location=self.get_location(),
                type="cv",
                subtype="duplicate",
            )
        item["title"] = paper.title or paper.key
        item["ids"].append(paper.anchor)
        item["names"].append(nodes.fully_normalize_name(paper.key))
        document.note_explicit_target(item)
        return True

    def _move_id(self, holder: nodes.Element, anchor: str) -> str:
        """Give *holder* another id than *anchor* (``anchor-1``, ...) wherever the page has it;
        the new id."""
        document = self.state.document
        new = next(
            f"{anchor}-{n}" for n in itertools.count(1) if f"{anchor}-{n}" not in document.ids
        )
        holder["ids"] = [new if ident == anchor else ident for ident in holder["ids"]]
        document.ids[new] = document.ids.pop(anchor)
        for name, ident in document.nameids.items():
            if ident == anchor:
                document.nameids[name] = new
        for node in document.refids.pop(anchor, []):
            node["refid"] = new
            document.refids.setdefault(new, []).append(node)
        return new


# -- Filling papers in -------------------------------------------------------------------------


class FillPublications(SphinxPostTransform):
    """Give each listed paper its nodes, when its page is written; headings their level.

    Doctrees keep only the keys, as sphinxcontrib-bibtex keeps only a placeholder: pickling and
    reading a page of thousands of papers stays cheap, and the page always shows the papers as
    they are now. In HTML, a full list's papers get only their words (for the search index) and
    their pickled nodes, which the writer unpickles one paper at a time
    (:func:`html_visit_publication`): a page of thousands of papers is never in memory as nodes
    all at once, which was most of the build's peak memory.
    """

    default_priority = 5  # before Sphinx resolves references (10): the selected titles link

    def run(self, **kwargs: Any) -> None:
        domain = store(self.env)
        rendered: dict[str, Rendered] = domain.rendered
        for heading in self.document.findall(nodes.rubric):
            if "cv-pubs-heading" in heading["classes"]:
                depth = sum(isinstance(n, nodes.section) for n in ancestors(heading))
                heading["heading-level"] = min(depth + 1, 6)
        for item in list(self.document.findall(publication)):
            paper = rendered.get(item["key"])
            if paper is None:  # gone from the .bib; the page is read again in this build
                continue
            if item.get("selected"):  # no BibTeX block in a short list
                fill(item, paper)
                link_title(item, item["key"])
            elif domain.defer:
                item["blob"] = paper.blob
                item["bibtex"] = paper.bibtex
                item += nodes.Text(paper.words)
            else:
                fill(item, paper)
                if domain.html:  # added when written: the search index leaves it out
                    item["bibtex"] = paper.bibtex
                else:
                    item += bibtex_block(paper.bibtex)


def ancestors(node: nodes.Node) -> list[nodes.Node]:
    """The node's parents, innermost first."""
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def fill(item: publication, paper: Rendered) -> None:
    """Give *item* the formatted paper's nodes, in place of anything it held."""
    item.children = []
    item.extend(paper.nodes().children)


def link_title(item: publication, key: str) -> None:
    """Link the title to the paper's entry in the full list."""
    for title in item.findall(nodes.inline):
        if "cv-pub-title" in title["classes"]:
            xref = addnodes.pending_xref(
                "",
                *title.children,
                refdomain="std",
                reftype="ref",
                reftarget=nodes.fully_normalize_name(key),
                refexplicit=True,
                refwarn=True,
            )
            title.children = []
            title += xref
            break


def add_static(app: Sphinx) -> None:
    """The extension's own CSS and script, shipped with it, on HTML builds only (which alone
    defer writing papers; see :class:`FillPublications`)."""
    domain = store(app.env)
    domain.html = app.builder.format == "html"
    domain.defer = domain.html and on(app.config, "defer")
    if not domain.html:
        return
    static = str(Path(__file__).parent.parent / "web" / "static")
    if static not in app.config.html_static_path:
        app.config.html_static_path = [*app.config.html_static_path, static]
    app.add_css_file("cv-publications.css")
    app.add_js_file("cv-publications.js", loading_method="defer")
