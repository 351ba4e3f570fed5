"""A page per paper (``papers/<key>.html``), the way Google Scholar indexes papers.

Scholar indexes a paper from a page that holds that paper alone and carries Highwire tags
(:mod:`cv.formats.highwire`). Each paper of the .bib gets such a page, generated from its record
(nothing typed by hand): title, authors, venue and date, award, links, abstract, the BibTeX to
copy, the paper in the citation styles of :mod:`cv.formats.csl`, its downloads
(:mod:`cv.web.downloads`).

The pages are template pages (``html-collect-pages``, as ablog's), not source documents: at
thousands of papers a document each would be read, pickled and resolved on every full build,
and would crowd furo's navigation tree. What a document would give them is done by hand:

- each key's ``std:label`` leads to the paper's page in HTML (so ``{ref}`` and intersphinx's
  objects.inv do) and to its entry in the list in any other output (the PDF has no paper pages);
- a page is written again only when its paper, or what every page shows, changed.

What the pages are made from is kept by :mod:`cv.web.paperstore`.
Laid out in the order of Sphinx's ``ext/todo.py``: labels, the pages, ``setup()``.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from docutils.utils import new_document
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.util import logging

from ..formats import csl, highwire
from ..publications import citedby
from ..publications.directive import EQUAL_LEGEND
from ..publications.nodes import bibtex_block, release
from ..publications.store import records, store
from ..speed.bulk import fewer_collections
from ..speed.pagetemplate import PageTemplates
from . import jsonld
from .downloads import download_links
from .paperstore import (
    BUILDERS,
    FOLDER,
    domain_of,
    formatted,
    page_names,
    page_of,
    page_url,
    written,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

    from ..bib.record import Paper
    from .paperstore import Formatted


logger = logging.getLogger(__name__)

#: Paper pages whose bodies are written at once (see render_bodies); their nodes are in memory.
RENDER_BATCH = 200
BODY_START, BODY_END = "<!--cv-paper-body-->", "<!--/cv-paper-body-->"
BODY_RE = re.compile(f"{BODY_START}\n?(.*?){BODY_END}", re.DOTALL)
#: The Download list is the same on every paper's page but for the page's name, in two of its
#: links: it is written once per build for this name and filled in for each page. A page's name
#: is made of ``[a-z0-9._-]`` (cv.web.paperstore.slug), which HTML and addresses show as they are.
PAGE_MARK = "cv-paper-page-mark"
#: The link from a paper's page back to its entry in the list of papers.
BACK = "\N{LEFTWARDS ARROW} All papers"


# -- Labels ------------------------------------------------------------------------------------
# Sphinx's std domain keeps one place per label. Between builds a label stands where the page
# that lists the paper put it, so reading that page again finds no duplicate; once everything is
# read, an HTML build points it at the paper's page.


def restore_labels(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: each paper's label back at its entry in the list."""
    std = env.get_domain("std")
    # The keys as written (see point_labels) go: the papers may have changed.
    for name in [name for name in std.labels if name != nodes.fully_normalize_name(name)]:
        if std.labels[name][0].startswith(f"{FOLDER}/"):
            del std.labels[name]
            std.anonlabels.pop(name, None)
    for name, (docname, anchor, title) in domain_of(env).labels.items():
        if std.labels.get(name, ("",))[0].startswith(f"{FOLDER}/"):
            std.labels[name] = (docname, anchor, title)
            std.anonlabels[name] = (docname, anchor)


def point_labels(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: on a website, each listed paper's label leads to its page, titled.

    Sphinx keeps labels in lower case, and objects.inv lists them so: ``<inv:cv#Key>`` in MyST
    finds only the name as listed. A key not written in lower case (DBLP's
    ``DBLP:conf/isca/DoeMM25``) is listed as written too, so other sites name it as the .bib does.
    """
    std = env.get_domain("std")
    listed: dict[str, tuple[str, str, str]] = {}
    pages = page_names(records(env))
    for key, paper in records(env).items():
        name = nodes.fully_normalize_name(key)
        place = std.labels.get(name)
        if place is not None and not place[0].startswith(f"{FOLDER}/"):
            listed[name] = place
            if app.builder.name in BUILDERS and pages.get(page_of(key)) == key:
                for label in dict.fromkeys([name, key]):
                    std.labels[label] = (page_of(key), "", paper.title or key)
                    std.anonlabels[label] = (page_of(key), "")
    domain_of(env).labels = listed
    return []


# -- The pages ---------------------------------------------------------------------------------


def page_nodes(app: Sphinx, paper: Paper, fmt: Formatted, downloads: str) -> nodes.section:
    """The body of a paper's page, as docutils nodes (escaped by the HTML writer);
    *downloads* is :func:`downloads_html`."""
    env = app.env
    made = store(env).rendered[paper.key]
    rendered = made.nodes()
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
                inline.parent.remove(inline)
                paragraph += inline
            section += paragraph
    extras = [child for child in rendered.children if "cv-pub-extra" in child["classes"]]
    for child in extras:
        rendered.remove(child)
    section += extras
    if (count := citedby.count_of(app.config, paper.key)) is not None:
        section += nodes.paragraph("", "", citedby.cited_by(*count), classes=["cv-paper-citedby"])
    release(rendered)  # what the page does not show
    if paper.marked:
        section += nodes.paragraph(EQUAL_LEGEND, EQUAL_LEGEND, classes=["cv-pub-legend"])
    # Back to the paper's entry in the list (the page's token covers where that is).
    if place := domain_of(env).labels.get(nodes.fully_normalize_name(paper.key)):
        docname, anchor, _ = place
        uri = app.builder.get_relative_uri(page_of(paper.key), docname) + f"#{anchor}"
        back = nodes.reference("", BACK, refuri=uri, internal=True)
        section += nodes.paragraph("", "", back, classes=["cv-paper-back"])
    if paper.abstract:
        section += subsection("Abstract", nodes.paragraph(paper.abstract, paper.abstract))
    cite_section = subsection("Cite")
    styles = nodes.definition_list(classes=["cv-paper-styles"])
    for style, label in app.config.cv_citation_styles.items():
        if style not in fmt.citations:  # pandoc failed, and said so
            continue
        text = nodes.paragraph("", "", *csl.to_nodes(fmt.citations[style]))
        text["support_smartquotes"] = False
        styles += nodes.definition_list_item(
            "", nodes.term(label, label), nodes.definition("", text)
        )
    cite_section += styles
    cite_section += bibtex_block(made.bibtex)
    section += cite_section
    name = page_of(paper.key).removeprefix(f"{FOLDER}/")
    html = downloads.replace(PAGE_MARK, name)
    section += subsection("Download", nodes.raw(html, html, format="html"))
    return section


def downloads_html(app: Sphinx) -> str:
    """The HTML of the paper pages' Download list, with :data:`PAGE_MARK` for the page's name.

    Written by the pages' translator once per build: it is a third of a page's nodes.
    """
    pagename = f"{FOLDER}/{PAGE_MARK}"
    [html] = render_bodies(app, pagename, [download_links(app, pagename)])
    return html


def subsection(title: str, *children: Node) -> nodes.section:
    section = nodes.section("", ids=[nodes.make_id(title)])
    section += nodes.title(title, title)
    section.extend(children)
    return section


def head_tags(app: Sphinx, paper: Paper) -> str:
    """The page's head: meta description, Highwire tags, JSON-LD, and Open Graph on a hosted
    build (sphinxext-opengraph only describes source documents)."""
    pagename = page_of(paper.key)
    url = page_url(app, pagename)
    pdf = highwire.same_site_pdf(paper.pdf, url, app.config.html_baseurl)
    description = highwire.description(paper)
    tags = [("description", description)] if description else []
    tags += highwire.highwire_tags(paper, url, pdf)
    lines = [f'<meta name="{name}" content="{escape(value)}">' for name, value in tags]
    # Written here, not by add_js_file: thousands of pages each adding a script cost seconds.
    if script := jsonld.graph_json(app, pagename, paper.key):
        lines.append(f'<script type="application/ld+json">{script}</script>')
    if url:
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
    """``html-collect-pages``: the page of each paper whose page is missing or out of date."""
    (Path(app.builder.outdir) / FOLDER).mkdir(parents=True, exist_ok=True)
    toctrees: dict[str, str] = {}
    asset_tags: dict[tuple[str, ...], str] = {}
    stale = stale_pages(app)
    if not stale:  # a no-op build: no collection to pay for
        return
    # What lives on is frozen (once the documents' garbage is collected), so that the collector
    # does not scan the environment's objects again and again while thousands of pages are
    # made: a full collection of them takes a tenth of a second. Each page's nodes are taken
    # apart once it is written (render_bodies), so they need no collector to go. Worth it only
    # before many pages: a rebuild that writes the pages of one edited paper would pay for the
    # collection and save nothing. cv.speed.bulk thaws what is frozen when the build ends.
    if len(stale) > RENDER_BATCH:
        gc.collect()
        gc.freeze()
    builder = cast("StandaloneHTMLBuilder", app.builder)
    # Sphinx renders each page through builder.templates: the theme's page is rendered once.
    templates = builder.templates
    builder.templates = PageTemplates(  # type: ignore[assignment]
        templates, "cv_paper", shared=("cv_asset_tags",)
    )
    try:
        downloads = downloads_html(app)
        with fewer_collections():
            for start in range(0, len(stale), RENDER_BATCH):
                batch = stale[start : start + RENDER_BATCH]
                yield from batch_pages(app, batch, toctrees, asset_tags, downloads)
    finally:
        logger.debug("[cv] paper pages filled in from the template: %d", builder.templates.filled)
        builder.templates = templates


def batch_pages(
    app: Sphinx,
    batch: list[str],
    toctrees: dict[str, str],
    asset_tags: dict[tuple[str, ...], str],
    downloads: str,
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The pages of the papers of these keys, their bodies written at once; *downloads* is
    :func:`downloads_html`."""
    papers = records(app.env)
    outdir = Path(app.builder.outdir)
    made = formatted(app)
    sections = [page_nodes(app, papers[key], made[key], downloads) for key in batch]
    bodies = render_bodies(app, page_of(batch[0]), sections)
    del sections
    rendered = store(app.env).rendered
    for key, body in zip(batch, bodies, strict=True):
        paper, fmt, pagename = papers[key], made[key], page_of(key)
        context = {
            "toctree": functools.partial(shared_toctree, app, pagename, toctrees),
            "title": escape(paper.title or key),
            "body": body,
            "metatags": head_tags(app, paper),
            "cv_paper": key,  # read by cv.web.jsonld and add_css
            "display_toc": False,
            "cv_asset_tags": asset_tags,
        }
        (outdir / f"{pagename}.bib").write_text(rendered[key].bibtex, "utf-8")
        (outdir / f"{pagename}.ris").write_text(fmt.ris, "utf-8")
        yield pagename, context, "page.html"


def stale_pages(app: Sphinx) -> list[str]:
    """The keys of the papers whose page is missing or out of date; pages of papers gone from
    the .bib are deleted.

    A page's token covers its record, the environment it was made in (a fresh one rewrites
    all), the templates, the page that lists it and the styles it shows; a page of the same
    token is not rewritten.
    """
    builder = cast("StandaloneHTMLBuilder", app.builder)
    domain = domain_of(app.env)
    tokens = written(app).tokens
    site = repr(
        (app.config.html_baseurl, app.config.project, builder.templates.newest_template_mtime())
    )
    listed = domain.labels
    outdir = Path(builder.outdir)
    pages = page_names(records(app.env))
    for pagename in {name for name in tokens if name.startswith(f"{FOLDER}/")} - pages.keys():
        for suffix in (builder.out_suffix, ".bib", ".ris"):
            (outdir / f"{pagename}{suffix}").unlink(missing_ok=True)
        del tokens[pagename]  # a paper gone from the .bib
    stale = []
    for pagename, key in pages.items():
        paper = records(app.env)[key]
        if pagename in app.env.all_docs:
            logger.warning(
                "%s: the page of this paper, %s, is also a source document; the paper gets "
                "no page of its own: rename the document",
                key,
                pagename,
                location=paper.location,
                type="cv",
                subtype="paperpage",
            )
            continue
        place = listed.get(nodes.fully_normalize_name(key))
        made = domain.made.get(key)  # "" while it lacks its citations
        content = (domain.generation, domain.styles, paper.digest, site, place, made)
        token = hashlib.sha256(repr(content).encode()).hexdigest()
        if tokens.get(pagename) == token and (outdir / f"{pagename}{builder.out_suffix}").exists():
            continue
        tokens[pagename] = token
        stale.append(key)
    return stale


def render_bodies(app: Sphinx, pagename: str, sections: list[nodes.Element]) -> list[str]:
    """The HTML of each page's body, from one :meth:`render_partial` for all of *sections*.

    Sphinx sets up a docutils writer and its transforms for each call, which costs more than
    writing a paper's page: the bodies are written as one, each between two comments that no
    text can make (the writer escapes ``<`` in text), and cut apart. All the pages are in one
    folder, so their relative links come out as they would one by one.

    What render_partial does but the transforms: they look for what these nodes never hold
    (system messages, comments, admonitions, substitutions), and walking 200 pages' nodes for
    them twice is a tenth of writing them. A test checks each body against render_partial's.
    """
    builder = cast("StandaloneHTMLBuilder", app.builder)
    # What Sphinx's write_doc sets before it renders a document (a no-op build renders none).
    builder.current_docname, builder.secnumbers, builder.fignumbers = pagename, {}, {}
    container = nodes.container()
    for section in sections:
        container += nodes.raw("", BODY_START, format="html")
        container += section
        container += nodes.raw("", BODY_END, format="html")
    document = new_document("<partial node>", builder._settings)
    document.append(container)
    visitor = cast("HTML5Translator", builder.create_translator(document, builder))
    document.walkabout(visitor)
    fragment = "".join(visitor.fragment)
    release(document)
    return BODY_RE.findall(fragment)


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
        # The builder's add_css_file, during html-page-context, adds the file to this page
        # alone (the application's would also append to the registry once per page).
        cast("StandaloneHTMLBuilder", app.builder).add_css_file("cv-paperpages.css")
        tags = context["cv_asset_tags"]
        for name in ("css_tag", "js_tag"):
            context[name] = functools.partial(shared_tag, context[name], tags)


def shared_tag(tag: Callable[[Any], str], cache: dict[tuple[str, ...], str], asset: Any) -> str:
    """The ``<link>`` or ``<script>`` of a static file, made once for all the paper pages.

    Sphinx's ``css_tag``/``js_tag`` resolve each file's path and checksum on every page: for
    thousands of pages that alone is seconds. All paper pages sit in one folder, so a tag with
    the same file and attributes is the same on each. A script with a body (JSON-LD) is not kept.
    """
    attributes = getattr(asset, "attributes", {})
    if "body" in attributes:
        return tag(asset)
    key = (os.fspath(getattr(asset, "filename", asset) or ""), repr(sorted(attributes.items())))
    if key not in cache:
        cache[key] = tag(asset)
    return cache[key]
