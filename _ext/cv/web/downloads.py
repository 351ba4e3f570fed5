"""Downloads for reference managers: the whole list as BibTeX, RIS and CSL-JSON, and
``resume.json``, at the site's root; the links to them.

Written when a website build has finished, and only when what they are made from changed
(:mod:`cv.speed.outputs`): the papers (their BibTeX, RIS and CSL-JSON, each made once per
change: :mod:`cv.publications.nodes`, :mod:`cv.web.paperstore`), the entries JSON Resume
collects, the site's address.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..formats import bibtex
from ..owner.header import current_roles
from ..publications.store import records, store
from ..speed.outputs import outputs, token
from . import jsonresume
from .paperstore import BUILDERS, formatted, page_names, page_of, page_url, write_text

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

    from ..bib.record import Paper


#: The whole list's downloads, at the site's root; and the CV as JSON Resume.
PAPER_DOWNLOADS = {
    "publications.bib": "BibTeX",
    "publications.ris": "RIS",
    "publications.json": "CSL-JSON",
}
DOWNLOADS = (*PAPER_DOWNLOADS, jsonresume.FILENAME)


def download_links(app: Sphinx, pagename: str) -> nodes.bullet_list:
    """Links to the downloads on a paper's page: its own first, then the whole list's."""
    base = app.builder.get_target_uri(pagename)
    groups = [("This paper", [(f"{pagename}.bib", "BibTeX"), (f"{pagename}.ris", "RIS")]),
              ("All papers", list(PAPER_DOWNLOADS.items())),
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


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the whole list as BibTeX, RIS and CSL-JSON, and ``resume.json``,
    when what they are made from changed."""
    if exception is not None or app.builder.name not in BUILDERS:
        return
    papers = list(records(app.env).values())
    resume_pages = jsonresume.resume_pages(app.env)
    basics = jsonresume.basics(app.config, current_roles(app.env))
    made_from = token([p.digest for p in papers], resume_pages, basics, app.config.html_baseurl)
    outdir = Path(app.outdir)
    written = outputs(app)
    if not written.unchanged("downloads", made_from, *(outdir / name for name in DOWNLOADS)):
        write_exports(app, papers, outdir)
        written.written("downloads", made_from)


def write_exports(app: Sphinx, papers: list[Paper], outdir: Path) -> None:
    """Write the whole list's downloads and ``resume.json`` into *outdir*."""
    from ..formats import exports  # a website's only (see paperstore.make_formatted)

    env = app.env
    resume_pages = jsonresume.resume_pages(env)
    made = formatted(app)
    each = [made[paper.key] for paper in papers]
    rendered = store(env).rendered
    # The whole list is the papers' own BibTeX and RIS joined, one entry or record after
    # another, a line apart (each written once, when its paper changed).
    write_text(outdir / "publications.bib", bibtex.bibtex(rendered[p.key].bibtex for p in papers))
    write_text(outdir / "publications.ris", "\n".join(fmt.ris for fmt in each))
    write_text(outdir / "publications.json", exports.csl_json_of(fmt.item_json for fmt in each))
    pages = page_names(records(env))
    urls = [
        (pages.get(page_of(paper.key)) == paper.key and page_url(app, page_of(paper.key)))
        or paper.url
        for paper in papers
    ]
    document = jsonresume.resume(
        jsonresume.basics(app.config, current_roles(env)),
        resume_pages,
        app.config.cv_jsonresume_sections,
        zip(papers, urls, strict=True),
    )
    write_text(outdir / jsonresume.FILENAME, json.dumps(document, ensure_ascii=False, indent=2))


class publication_downloads(nodes.paragraph):
    """The links to the whole list's downloads: on a website only (see :data:`BUILDERS`)."""


class PublicationDownloads(SphinxDirective):
    """``:::{publication-downloads}``: links to the whole list's downloads."""

    def run(self) -> list[Node]:
        labels = list(self.config.cv_citation_styles.values())
        styles = " and ".join([", ".join(labels[:-1]), labels[-1]] if len(labels) > 1 else labels)
        cited = f"the paper in {styles} style{'s' if len(labels) > 1 else ''}, " if labels else ""
        intro = (
            "Each title leads to the paper’s own page: its abstract where there is one, "
            f"{cited}its BibTeX and RIS. All papers, for your reference manager: "
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
