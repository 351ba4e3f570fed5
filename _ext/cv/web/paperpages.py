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

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.util import logging

from .. import adapters
from ..formats import cslprocessor, highwire
from ..publications import citedby
from ..publications.directive import EQUAL_LEGEND
from ..publications.nodes import bibtex_block
from ..publications.store import records, store
from ..speed import collector, pagetemplate
from ..speed.outputs import outputs, token
from . import jsonld
from .downloads import download_links
from .paperstore import BUILDERS, FOLDER, domain_of, formatted, page_names, page_of, page_url

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment

    from ..bib.record import Paper
    from .paperstore import Formatted


logger = logging.getLogger(__name__)

#: The link from a paper's page back to its entry in the list of papers.
BACK = "\N{LEFTWARDS ARROW} All papers"


# -- Labels ------------------------------------------------------------------------------------
# Sphinx's std domain keeps one place per label. Between builds a label stands where the page
# that lists the paper put it, so reading that page again finds no duplicate; once everything is
# read, an HTML build points it at the paper's page.


def restore_labels(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: each paper's label back at its entry in the list."""
    # The keys as written (see point_labels) go: the papers may have changed.
    for name in adapters.labels_to(env, f"{FOLDER}/"):
        if name != nodes.fully_normalize_name(name):
            adapters.drop_label(env, name)
    for name, (docname, anchor, title) in domain_of(env).labels.items():
        if (adapters.label(env, name) or ("",))[0].startswith(f"{FOLDER}/"):
            adapters.set_label(env, name, docname, anchor, title)


def point_labels(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: on a website, each listed paper's label leads to its page, titled.

    Sphinx keeps labels in lower case, and objects.inv lists them so: ``<inv:cv#Key>`` in MyST
    finds only the name as listed. A key not written in lower case (DBLP's
    ``DBLP:conf/isca/DoeMM25``) is listed as written too, so other sites name it as the .bib does.
    """
    listed: dict[str, tuple[str, str, str]] = {}
    pages = page_names(records(env))
    for key, paper in records(env).items():
        name = nodes.fully_normalize_name(key)
        place = adapters.label(env, name)
        if place is not None and not place[0].startswith(f"{FOLDER}/"):
            listed[name] = place
            if app.builder.name in BUILDERS and pages.get(page_of(key)) == key:
                for label in dict.fromkeys([name, key]):
                    adapters.set_label(env, label, page_of(key), "", paper.title or key)
    domain_of(env).labels = listed
    return []


# -- The pages ---------------------------------------------------------------------------------


def page_nodes(app: Sphinx, paper: Paper, fmt: Formatted) -> nodes.section:
    """The body of a paper's page, as docutils nodes (escaped by the HTML writer)."""
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
    collector.release(app.config, rendered)  # what the page does not show
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
        text = nodes.paragraph("", "", *cslprocessor.to_nodes(fmt.citations[style]))
        text["support_smartquotes"] = False
        styles += nodes.definition_list_item(
            "", nodes.term(label, label), nodes.definition("", text)
        )
    cite_section += styles
    cite_section += bibtex_block(made.bibtex)
    section += cite_section
    section += subsection("Download", download_links(app, page_of(paper.key)))
    return section


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
    """``html-collect-pages``: the page of each paper whose page is missing or out of date,
    each made as Sphinx asks for it (only one page's nodes are in memory at a time)."""
    outdir = Path(app.builder.outdir)
    (outdir / FOLDER).mkdir(parents=True, exist_ok=True)
    stale = stale_pages(app)
    domain_of(app.env).pages_written.update(page_of(key) for key in stale)
    if not stale:
        return
    builder = cast("StandaloneHTMLBuilder", app.builder)
    papers = records(app.env)
    made = formatted(app)
    rendered = store(app.env).rendered
    shared: dict[str, str] = {}
    with pagetemplate.filled_in(app, "cv_paper", shared=("cv_shared",)):
        for key in stale:
            paper, fmt, pagename = papers[key], made[key], page_of(key)
            section = page_nodes(app, paper, fmt)
            adapters.writing(builder, pagename)
            body = builder.render_partial(section)["fragment"]
            collector.release(app.config, section)
            context = {
                "title": escape(paper.title or key),
                "body": body,
                "metatags": head_tags(app, paper),
                "cv_paper": key,  # read by cv.web.jsonld and add_css
                "display_toc": False,
                "cv_shared": shared,  # what the paper pages share (pagetemplate.share_navigation)
            }
            (outdir / f"{pagename}.bib").write_text(rendered[key].bibtex, "utf-8")
            (outdir / f"{pagename}.ris").write_text(fmt.ris, "utf-8")
            yield pagename, context, "page.html"


def stale_pages(app: Sphinx) -> list[str]:
    """The keys of the papers whose page is missing or out of date; pages of papers gone from
    the .bib are deleted.

    A page's token covers its record, the templates, the page that lists it and the styles it
    shows; a page of the same token is not rewritten (:mod:`cv.speed.outputs`).
    """
    builder = cast("StandaloneHTMLBuilder", app.builder)
    domain = domain_of(app.env)
    written = outputs(app)
    site = repr(
        (app.config.html_baseurl, app.config.project, builder.templates.newest_template_mtime())
    )
    listed = domain.labels
    outdir = Path(builder.outdir)
    pages = page_names(records(app.env))
    for pagename in {n for n in written.tokens if n.startswith(f"{FOLDER}/")} - pages.keys():
        for suffix in (builder.out_suffix, ".bib", ".ris"):
            (outdir / f"{pagename}{suffix}").unlink(missing_ok=True)
        written.gone(pagename)  # a paper gone from the .bib
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
        made_from = token(domain.styles, paper.digest, site, place, made)
        if written.unchanged(pagename, made_from, outdir / f"{pagename}{builder.out_suffix}"):
            continue
        written.written(pagename, made_from)
        stale.append(key)
    return stale


def add_css(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The paper pages' CSS (in the extension's static folder), on those pages alone: no other
    page needs it, nor should wait for it (stylesheets block rendering)."""
    if "cv_paper" in context:
        # The builder's add_css_file, during html-page-context, adds the file to this page
        # alone (the application's would also append to the registry once per page).
        cast("StandaloneHTMLBuilder", app.builder).add_css_file("cv-paperpages.css")
