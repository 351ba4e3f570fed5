"""A variant cut from the full CV's assembled doctree, as the LaTeX builder writes it.

What a variant is and which one a build makes is :mod:`cv.pdf.variants` (``cv_variants``, read
at ``config-inited``); here are the post-transforms that act on it once the LaTeX builder has
assembled the root document: keep the variant's sections in its order with only its tagged
entries and recent papers (:class:`CutVariant`), shorten its papers to their citation
(:class:`ShortPapers`) and turn links to what it left out into text (:class:`UnlinkOutside`).
Each does nothing when the build makes the full CV.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.i18n import format_date

from ..entries.directive import cv_entry
from ..publications.store import records
from .variants import active_variant

if TYPE_CHECKING:
    from .variants import Variant


logger = logging.getLogger(__name__)


def _docname_of(node: nodes.Node, root: str) -> str:
    """The document an assembled node came from: its nearest ``start_of_file``, or the root."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.start_of_file):
            return parent["docname"]
        parent = parent.parent
    return root


def _find(document: nodes.document, spec: str, root: str) -> nodes.Element | None:
    """A variant's section by its name: a whole page, or ``page#id`` for one section of it."""
    docname, _, anchor = spec.partition("#")
    if not anchor:
        for part in document.findall(addnodes.start_of_file):
            if part["docname"] == docname:
                return part
        return None
    for section in document.findall(nodes.section):
        if anchor in section["ids"] and _docname_of(section, root) == docname:
            return section
    return None


class CutVariant(SphinxPostTransform):
    """Keep the root document's opening text, then the variant's sections in its order, each
    with only the entries that carry one of its tags."""

    formats = ("latex",)
    # Before DropWebOnlySections (5), so that a web-only section the variant names stays.
    default_priority = 4

    def run(self, **kwargs: Any) -> None:
        variant = active_variant(self.config)
        if variant is None:
            return
        root = self.env.docname
        where = f"cv_variants[{variant.name!r}]"
        # The parts go where the toctree put the full CV's pages: into the root's top section,
        # which every variant opens with (the name and the text before the first section).
        top = next(iter(self.document.findall(nodes.section)), self.document)
        found = [(spec, _find(self.document, spec, root)) for spec in variant.sections]
        picked: list[tuple[str, nodes.Element]] = []
        for spec, part in found:
            if part is top:
                part = None
            if part is None:
                logger.warning(
                    "%s: no section %r in the CV; name a page of the root toctree "
                    "(such as 'sections/experience') or 'page#section-id'",
                    where,
                    spec,
                    type="cv",
                    subtype="variant",
                )
                continue
            part.parent.remove(part)
            part["classes"] = [c for c in part["classes"] if c != "cv-web-only"]
            picked.append((spec, part))
        # Pages the variant does not name are left out, wherever the toctree put them.
        for tree in [self.document, *(part for _, part in picked)]:
            for page in list(tree.findall(addnodes.start_of_file, include_self=False)):
                page.parent.remove(page)
        top.extend(part for _, part in picked)
        first_year = self._first_year(variant)
        for spec, part in picked:
            if first_year is not None:
                self._drop_older_papers(part, spec, first_year, where)
            entries = list(part.findall(cv_entry))
            kept = [entry for entry in entries if variant.tags & set(entry.get("tags", ()))]
            for entry in entries:
                if entry not in kept:
                    entry.parent.remove(entry)
            if entries and not kept:
                logger.warning(
                    "%s: no entry of %r is tagged %s; add ':tags: %s' to the entries it "
                    "should show, or leave the section out",
                    where,
                    spec,
                    " or ".join(sorted(variant.tags)),
                    sorted(variant.tags)[0],
                    type="cv",
                    subtype="variant",
                )

    def _first_year(self, variant: Variant) -> int | None:
        """The first year of the variant's papers: ``years`` back from the build's year (the
        year of ``SOURCE_DATE_EPOCH`` if set, as Sphinx's ``today``), this one counted."""
        if variant.years is None:
            return None
        return int(format_date("%Y", language="en")) - variant.years + 1

    def _drop_older_papers(self, part: nodes.Element, spec: str, first: int, where: str) -> None:
        """Leave out the papers of *part* from before *first*; a paper with no year (one not
        yet out, as a rule) stays.  A list left empty goes with its heading, a legend with no
        marked paper left goes, and so does a subsection left with its title only; a part
        that listed papers but keeps none is a warning."""
        papers = records(self.env)
        items = [n for n in part.findall(nodes.list_item) if "cv-pub" in n["classes"]]
        kept = 0
        for item in items:
            paper = papers.get(item.get("key", ""))
            if paper is None or paper.year is None or paper.year >= first:
                kept += 1
            else:
                item.parent.remove(item)
        for listing in dict.fromkeys(item.parent for item in items):
            parent = listing.parent
            index = parent.index(listing)
            gone = [] if listing.children else [listing]
            if not listing.children and index and _has_class(parent[index - 1], "cv-pubs-heading"):
                gone.append(parent[index - 1])
            marked = any(
                papers[i["key"]].marked for i in listing.children if i.get("key") in papers
            )
            if index + 1 < len(parent) and _has_class(parent[index + 1], "cv-pub-legend"):
                gone += [] if marked else [parent[index + 1]]
            for node in gone:
                parent.remove(node)
            if isinstance(parent, nodes.section) and parent is not part and len(parent) == 1:
                parent.parent.remove(parent)
        if items and not kept:
            logger.warning(
                "%s: no paper of %r is from %d or later ('years'); raise 'years' or leave the "
                "section out",
                where,
                spec,
                first,
                type="cv",
                subtype="variant",
            )


class ShortPapers(SphinxPostTransform):
    """A variant's papers in short form: the citation, without the row of links and materials
    or the BibTeX under it."""

    formats = ("latex",)
    default_priority = 6  # after the publications module fills papers in (5)

    def run(self, **kwargs: Any) -> None:
        if active_variant(self.config) is None:
            return
        for paper in self.document.findall(nodes.list_item):
            if "cv-pub" not in paper["classes"]:
                continue
            citation = [child for child in paper.children if _has_title(child)]
            paper.children = []
            paper.extend(citation[:1])


def _has_class(node: nodes.Node, name: str) -> bool:
    return isinstance(node, nodes.Element) and name in node["classes"]


def _has_title(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and any(
        "cv-pub-title" in inline["classes"] for inline in node.findall(nodes.inline)
    )


class UnlinkOutside(SphinxPostTransform):
    """A variant holds part of the CV: a link to a part it left out becomes plain text (else
    LaTeX would print an undefined reference)."""

    formats = ("latex",)
    default_priority = 20  # after Sphinx resolves references (10)

    def run(self, **kwargs: Any) -> None:
        if active_variant(self.config) is None:
            return
        root = self.env.docname
        present = {(root, "")}
        for node in self.document.findall(nodes.Element):
            docname = (
                node["docname"]
                if isinstance(node, addnodes.start_of_file)
                else _docname_of(node, root)
            )
            present.add((docname, ""))
            present.update((docname, anchor) for anchor in node["ids"])
        for reference in list(self.document.findall(nodes.reference)):
            uri = reference.get("refuri", "")
            if uri.startswith("%"):  # the LaTeX builder's address of a place in the document
                docname, _, anchor = uri[1:].partition("#")
                target = (docname, anchor)
            elif "refid" in reference:
                target = (_docname_of(reference, root), reference["refid"])
            else:
                continue
            if target not in present:
                reference.replace_self(reference.children)
