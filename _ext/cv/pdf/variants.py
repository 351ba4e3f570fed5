"""Variants: a one-page résumé (or any shorter PDF) from the same sources as the full CV.

A variant is declared in ``conf.py`` (``cv_variants``): its file name, its sections in order, the
tags that pick its entries and its page budget.  What it shows is marked in the sources, next to
the content: ``:tags: resume`` on a ``cv-entry``; papers come from a ``{publications}`` list such
as the landing page's ``:selected:`` one (the ``selected`` field of the .bib).  Sphinx tags choose
the variant a build makes, ``sphinx-build -b latex -t resume``: the LaTeX builder then writes that
variant's document in place of the full CV (Read the Docs compiles every ``.tex`` file of its
LaTeX folder under one name, so one build makes one PDF).

The variant is cut from the full CV's assembled doctree at write time, so the HTML site, the full
CV and every variant share one environment: switching variants reads nothing again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.i18n import format_date
from sphinx.util.texescape import escape

from ..bib.fields import suggest
from ..entries.directive import TAG, cv_entry
from ..publications.store import records

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


logger = logging.getLogger(__name__)

#: The keys of a variant in ``cv_variants``, and what each must be.
KEYS = {
    "filename": "the PDF's file name without .pdf, e.g. 'JaneDoe_Resume'",
    "sections": "the sections in order: page names such as 'sections/experience', or "
    "'page#section-id' for one section of a page",
    "tags": "the tags of the entries it shows (default: its own name)",
    "pages": "its page budget, a positive whole number (default: no budget)",
    "years": "only papers of the last N years, this one counted, a positive whole number "
    "(default: every paper its sections list)",
    "subject": "the PDF's subject (default: 'Résumé')",
    "url": "where the PDF is published, for {cv-pdf-link} (default: on Read the Docs, in the "
    "site's root, as .readthedocs.yaml puts it; elsewhere none)",
}


@dataclass(frozen=True)
class Variant:
    """One variant, checked."""

    name: str
    filename: str
    sections: tuple[str, ...]
    tags: frozenset[str]
    pages: int | None
    subject: str
    url: str | None
    years: int | None = None


def parse_variant(name: object, spec: object) -> Variant:
    """Check one ``cv_variants`` entry; a ConfigError says what to fix."""

    def fail(problem: str) -> ConfigError:
        return ConfigError(f"cv_variants[{name!r}]: {problem}")

    if not isinstance(name, str) or not TAG.fullmatch(name):
        msg = f"cv_variants: {name!r} is not a name; use letters, digits, '_' or '-'"
        raise ConfigError(msg)
    if not isinstance(spec, dict):
        raise fail(f"give a dict with the keys {', '.join(KEYS)}")
    for key in spec:
        if key not in KEYS:
            raise fail(f"unknown key {key!r}; {suggest(str(key), list(KEYS), 'see docs/pdf.md')}")
    filename = spec.get("filename")
    if isinstance(filename, str):
        filename = filename.strip().removesuffix(".pdf")
    if not isinstance(filename, str) or not filename or "/" in filename or "\\" in filename:
        raise fail(f"'filename' must be {KEYS['filename']}")
    sections = spec.get("sections")
    if (
        not isinstance(sections, list | tuple)
        or not sections
        or not all(isinstance(section, str) and section.strip() for section in sections)
    ):
        raise fail(f"'sections' must be a list of {KEYS['sections']}")
    tags = spec.get("tags", [name])
    if (
        not isinstance(tags, list | tuple)
        or not tags
        or not all(isinstance(tag, str) and TAG.fullmatch(tag) for tag in tags)
    ):
        raise fail(f"'tags' must be a list of names: {KEYS['tags']}")
    pages, years = spec.get("pages"), spec.get("years")
    for key, number in (("pages", pages), ("years", years)):
        if number is not None and (
            not isinstance(number, int) or isinstance(number, bool) or number < 1
        ):
            raise fail(f"'{key}' must be {KEYS[key]}")
    subject = spec.get("subject", "Résumé")
    if not isinstance(subject, str):
        raise fail("'subject' must be a string")
    url = spec.get("url")  # None: Read the Docs' address, if built there
    if url is not None and (
        not isinstance(url, str) or (url and urlsplit(url).scheme not in ("http", "https"))
    ):
        raise fail("'url' must be an http:// or https:// address, or '' for no link")
    return Variant(
        name,
        filename,
        tuple(section.strip() for section in sections),
        frozenset(tags),
        pages,
        subject,
        url,
        years,
    )


def variants(config: Config) -> dict[str, Variant]:
    """Every variant of ``cv_variants``, checked, by name."""
    return {name: parse_variant(name, spec) for name, spec in config.cv_variants.items()}


def choose_variant(app: Sphinx, config: Config) -> None:
    """Check ``cv_variants``; with a variant's tag set, make its document the one LaTeX writes."""
    if not isinstance(config.cv_variants, dict):
        msg = "cv_variants must be a dict: {name: {'filename': ..., 'sections': [...]}}"
        raise ConfigError(msg)
    declared = variants(config)
    chosen = [variant for name, variant in declared.items() if app.tags.has(name)]
    if len(chosen) > 1:
        msg = f"one variant per build: the tags {', '.join(v.name for v in chosen)} are all set"
        raise ConfigError(msg)
    config.cv_variant = chosen[0].name if chosen else ""
    if not chosen:
        return
    variant = chosen[0]
    # The full CV's own entry (title, author, theme) with the variant's file name.
    full = [entry for entry in config.latex_documents if entry[0] == config.root_doc]
    if not full:
        msg = f"cv_variants: latex_documents has no entry for the root document {config.root_doc!r}"
        raise ConfigError(msg)
    title, author, theme = full[0][2:5]
    config.latex_documents = [(config.root_doc, f"{variant.filename}.tex", title, author, theme)]
    # The variant's settings for cv.sty, after it is loaded: the preamble comes after packages.
    setup = [rf"\cvSetSubject{{{escape(variant.subject, config.latex_engine)}}}"]
    if variant.pages:
        setup.append(rf"\cvPageBudget[{variant.name}]{{{variant.pages}}}")
    elements = dict(config.latex_elements)
    elements["preamble"] = "\n".join([elements.get("preamble", ""), *setup]).lstrip("\n")
    config.latex_elements = elements


def active_variant(config: Config) -> Variant | None:
    """The variant this build makes, or None for the full CV."""
    return variants(config).get(config.cv_variant) if config.cv_variant else None


# -- Checking the tags where they are written ------------------------------------------------


def check_tags(app: Sphinx, doctree: nodes.document) -> None:
    """Warn, at the entry, about a tag that no variant uses: it would pick nothing, silently."""
    used = {tag for variant in variants(app.config).values() for tag in variant.tags}
    for entry in doctree.findall(cv_entry):
        for tag in entry.get("tags", ()):
            if tag not in used:
                hint = suggest(tag, sorted(used), "declare a variant with it in cv_variants")
                logger.warning(
                    "cv-entry: no variant in cv_variants uses the tag %r; %s",
                    tag,
                    hint,
                    location=entry,
                    type="cv",
                    subtype="tags",
                )


# -- What to untag when a variant is over its budget -----------------------------------------

#: Beside a variant's .tex: its budget and tagged entries, oldest first, for .ci/pdf.py to
#: name when the PDF is over its budget.
TAGGED = "cv-tagged-entries.json"


def tagged_entries(app: Sphinx, variant: Variant) -> list[dict[str, str]]:
    """The entries the variant shows (its sections', with one of its tags), oldest first: by
    end (``present`` last), then start."""
    found: list[tuple[tuple[str, str], dict[str, str]]] = []
    for spec in variant.sections:
        docname, _, anchor = spec.partition("#")
        if docname not in app.env.all_docs:
            continue
        tree: nodes.Node = app.env.get_doctree(docname)
        if anchor:
            tree = next((s for s in tree.findall(nodes.section) if anchor in s["ids"]), None)
        for entry in tree.findall(cv_entry) if tree is not None else ():
            if not variant.tags & set(entry.get("tags", ())):
                continue
            dates, start, end = entry.get("dates") or [], entry.get("start"), entry.get("end")
            when = f"{start} \N{EN DASH} {end or 'present'}" if start else ", ".join(dates)
            last = (end or "9999") if start else (dates[-1] if dates else "")
            first = start or (dates[0] if dates else "")
            found.append(((last, first), {
                "title": entry["title"],
                "org": entry.get("org", ""),
                "when": when,
                "where": f"{app.env.doc2path(docname, False)}:{entry.line or 0}",
            }))  # fmt: skip
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found]


def write_tagged_entries(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: a variant with a page budget leaves :data:`TAGGED` beside its .tex."""
    variant = active_variant(app.config)
    if exception is not None or app.builder.format != "latex" or not (variant and variant.pages):
        return
    data = {"variant": variant.name, "pages": variant.pages, "tags": sorted(variant.tags)}
    data["entries"] = tagged_entries(app, variant)
    Path(app.outdir, TAGGED).write_text(json.dumps(data, indent=1), encoding="utf-8")


# -- Cutting the variant from the full CV ------------------------------------------------------


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
