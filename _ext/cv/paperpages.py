"""A page per paper (``papers/<key>.html``), the way Google Scholar indexes papers.

Scholar indexes a paper from a page that holds that paper alone and carries Highwire tags
(:mod:`cv.highwire`). Each paper of the .bib gets such a page, generated from its record (nothing
typed by hand): title, authors, venue and date, award, links, abstract, the BibTeX to copy, the
paper in the citation styles of :mod:`cv.csl`, its downloads (:mod:`cv.downloads`).

The pages are template pages (``html-collect-pages``, as ablog's), not source documents: at
thousands of papers a document each would be read, pickled and resolved on every full build,
and would crowd furo's navigation tree. What a document would give them is done by hand:

- each key's ``std:label`` leads to the paper's page in HTML (so ``{ref}`` and intersphinx's
  objects.inv do) and to its entry in the list in any other output (the PDF has no paper pages);
- a page is written again only when its paper, or what every page shows, changed.

What the pages are made from is kept by :mod:`cv.papercache`.
Laid out in the order of Sphinx's ``ext/todo.py``: labels, the pages, ``setup()``.
"""

from __future__ import annotations

import functools
import hashlib
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util import logging

from . import csl, exports, highwire
from .downloads import download_links
from .papercache import BUILDERS, FOLDER, domain_of, page_of, page_url, write_text, written
from .publications import EQUAL_LEGEND, records
from .render import bibtex_block

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

    from .papercache import Formatted
    from .record import Paper

__version__ = "1.0"

logger = logging.getLogger(__name__)


# -- Labels ------------------------------------------------------------------------------------
# Sphinx's std domain keeps one place per label. Between builds a label stands where the page
# that lists the paper put it, so reading that page again finds no duplicate; once everything is
# read, an HTML build points it at the paper's page.


def restore_labels(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: each paper's label back at its entry in the list."""
    std = env.get_domain("std")
    for name, (docname, anchor, title) in domain_of(env).data["listed"].items():
        if std.labels.get(name, ("",))[0].startswith(f"{FOLDER}/"):
            std.labels[name] = (docname, anchor, title)
            std.anonlabels[name] = (docname, anchor)


def point_labels(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: on a website, each listed paper's label leads to its page, titled."""
    std = env.get_domain("std")
    listed: dict[str, tuple[str, str, str]] = {}
    for key, paper in records(env).items():
        name = nodes.fully_normalize_name(key)
        place = std.labels.get(name)
        if place is not None and not place[0].startswith(f"{FOLDER}/"):
            listed[name] = place
            if app.builder.name in BUILDERS:
                std.labels[name] = (page_of(key), "", paper.title or key)
                std.anonlabels[name] = (page_of(key), "")
    domain_of(env).data["listed"] = listed
    return []


# -- The pages ---------------------------------------------------------------------------------


def page_nodes(app: Sphinx, paper: Paper, formatted: Formatted) -> nodes.section:
    """The body of a paper's page, as docutils nodes (escaped by the HTML writer)."""
    env = app.env
    rendered = env.get_domain("cvpubs").data["rendered"][paper.key].nodes()
    cite = rendered.next_node(nodes.paragraph)
    section = nodes.section("", ids=["paper"], classes=["cv-paper"])
    section += nodes.title(paper.title or paper.key, paper.title or paper.key)
    # The list's formatting of the parts (owner in bold, equal marks): authors on one line,
    # venue and date on the next.
    parts = {
        name: inline
        for inline in cite.findall(nodes.inline)
        for name in inline["classes"]
        if name in ("cv-pub-authors", "cv-pub-venue", "cv-pub-date")
    }
    for line, names in (
        ("authors", ["cv-pub-authors"]),
        ("venue", ["cv-pub-venue", "cv-pub-date"]),
    ):
        found = [parts[name] for name in names if name in parts]
        if found:
            paragraph = nodes.paragraph("", "", classes=[f"cv-paper-{line}"])
            paragraph["support_smartquotes"] = False
            for i, inline in enumerate(found):
                if i:
                    paragraph += nodes.Text(", ")
                paragraph += inline
            section += paragraph
    section += [child for child in rendered.children if "cv-pub-extra" in child["classes"]]
    if paper.marked:
        section += nodes.paragraph(EQUAL_LEGEND, EQUAL_LEGEND, classes=["cv-pub-legend"])
    if paper.abstract:
        section += subsection("Abstract", nodes.paragraph(paper.abstract, paper.abstract))
    cite_section = subsection("Cite")
    styles = nodes.definition_list(classes=["cv-paper-styles"])
    for style, label in app.config.cv_citation_styles.items():
        text = nodes.paragraph("", "", *csl.to_nodes(formatted.citations[style]))
        text["support_smartquotes"] = False
        styles += nodes.definition_list_item(
            "", nodes.term(label, label), nodes.definition("", text)
        )
    cite_section += styles
    cite_section += bibtex_block(paper.bibtex)
    section += cite_section
    section += subsection("Download", download_links(app, page_of(paper.key), own=paper.key))
    return section


def subsection(title: str, *children: Node) -> nodes.section:
    section = nodes.section("", ids=[nodes.make_id(title)])
    section += nodes.title(title, title)
    section.extend(children)
    return section


def head_tags(app: Sphinx, paper: Paper, item: dict[str, Any]) -> str:
    """The page's meta tags: description, Highwire, and Open Graph on a hosted build."""
    pagename = page_of(paper.key)
    url = page_url(app, pagename)
    pdf = highwire.same_site_pdf(paper.pdf, url, app.config.html_baseurl)
    description = highwire.description(item)
    tags = [("description", description)] if description else []
    tags += highwire.highwire_tags(item, url, pdf)
    lines = [f'<meta name="{name}" content="{escape(value)}">' for name, value in tags]
    if url:  # Open Graph (sphinxext-opengraph only describes source documents)
        graph = {
            "og:title": paper.title or paper.key,
            "og:type": "article",
            "og:url": url,
            "og:site_name": app.config.project,
            "og:description": description,
        }
        lines += [
            f'<meta property="{name}" content="{escape(value)}">'
            for name, value in graph.items()
            if value
        ]
    return "\n".join(lines)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.name in BUILDERS:
        yield from paper_pages(app)


def paper_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the page of each paper whose page is missing or out of date.

    A page's token covers its record, the environment it was made in (a fresh one rewrites
    all), the templates and the page that lists it; a page of the same token is not rewritten.
    """
    builder = cast("StandaloneHTMLBuilder", app.builder)
    domain = domain_of(app.env)
    tokens = written(app).tokens
    formatted: dict[str, Formatted] = domain.data["formatted"]
    site = repr(
        (app.config.html_baseurl, app.config.project, builder.templates.newest_template_mtime())
    )
    listed = domain.data["listed"]
    outdir = Path(builder.outdir)
    pages = {page_of(key): key for key in records(app.env)}
    toctrees: dict[str, str] = {}
    for pagename in {name for name in tokens if name.startswith(f"{FOLDER}/")} - pages.keys():
        for suffix in (builder.out_suffix, ".bib", ".ris"):
            (outdir / f"{pagename}{suffix}").unlink(missing_ok=True)
        del tokens[pagename]  # a paper gone from the .bib
    for pagename, key in pages.items():
        if pagename in app.env.all_docs:
            logger.warning(
                "%s: the page of this paper, %s, is also a source document; the paper gets "
                "no page of its own: rename the document",
                key,
                pagename,
                location=records(app.env)[key].location,
                type="cv",
                subtype="paperpage",
            )
            continue
        paper = records(app.env)[key]
        place = listed.get(nodes.fully_normalize_name(key))
        content = (domain.data["generation"], paper.digest, site, place)
        token = hashlib.sha256(repr(content).encode()).hexdigest()
        if tokens.get(pagename) == token and (outdir / f"{pagename}{builder.out_suffix}").exists():
            continue
        fmt = formatted[key]
        item = fmt.item
        # What Sphinx's write_doc sets before it renders a document (a no-op build renders none).
        builder.current_docname, builder.secnumbers, builder.fignumbers = pagename, {}, {}
        body = builder.render_partial(page_nodes(app, paper, fmt))["fragment"]
        context = {
            "toctree": functools.partial(shared_toctree, app, pagename, toctrees),
            "title": escape(paper.title or key),
            "body": body,
            "metatags": head_tags(app, paper, item),
            "cv_paper": key,  # read by cv.jsonld
            "display_toc": False,
        }
        write_text(outdir / f"{pagename}.bib", fmt.bibtex)
        write_text(outdir / f"{pagename}.ris", exports.ris([item]))
        tokens[pagename] = token
        yield pagename, context, "page.html"


def shared_toctree(app: Sphinx, pagename: str, cache: dict[str, str], **kwargs: Any) -> str:
    """The site's navigation as a paper page shows it, rendered once for all of them.

    No paper page is in the toctree and all sit in one folder, so the navigation (with its
    relative links) is the same on each; rendering it is a good part of writing a page.
    """
    key = repr(sorted(kwargs.items()))
    if key not in cache:
        # The defaults of Sphinx's own toctree() in a page's context.
        kwargs.setdefault("includehidden", False)
        kwargs.setdefault("collapse", True)
        if kwargs.get("maxdepth") == "":
            kwargs.pop("maxdepth")
        toctree = global_toctree_for_doc(
            app.env, pagename, app.builder, tags=app.builder.tags, **kwargs
        )
        cache[key] = app.builder.render_partial(toctree)["fragment"]
    return cache[key]


def add_css(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The paper pages' CSS (in the extension's static folder), on those pages alone: no other
    page needs it, nor should wait for it (stylesheets block rendering)."""
    if "cv_paper" in context:
        # Called during html-page-context, add_css_file adds the file to this page alone.
        app.add_css_file("cv-paperpages.css")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("cv.papercache")
    app.setup_extension("cv.downloads")
    app.connect("html-page-context", add_css)
    app.connect("env-before-read-docs", restore_labels)
    app.connect("env-updated", point_labels)
    app.connect("html-collect-pages", collect_pages)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
