"""Hosting: the link from the website to the PDF CV, wherever the site is served.

Read the Docs no longer edits ``conf.py``; it describes the build in environment variables
(``READTHEDOCS_CANONICAL_URL``, ``READTHEDOCS_LANGUAGE``, ``READTHEDOCS_VERSION`` ...) and serves
the PDF of each version at ``/_/downloads/<language>/<version>/pdf/`` on the docs domain.  The
``cv-pdf-link`` directive links there on Read the Docs, to ``cv_pdf_url`` when it is set, and
shows nothing otherwise (a local build has no PDF to link to): never a broken link.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

from .. import adapters
from ..bib.fields import suggest
from ..pdf.variants import variants
from ..publications.store import records
from .paperstore import BUILDERS, domain_of, page_of

if TYPE_CHECKING:
    from collections.abc import Mapping

    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import OptionSpec


DEFAULT_TEXT = "Download this CV as PDF"


def readthedocs_pdf_url(environ: Mapping[str, str]) -> str:
    """Where Read the Docs serves the PDF of the version being built, or "" if it serves none.

    Pull-request builds ("external" versions) get no PDF.  Only the plain layout
    ``https://domain/<language>/<version>/`` is derived; a subproject or a custom URL prefix
    serves downloads elsewhere, so such a site sets ``cv_pdf_url`` itself.
    """
    canonical = environ.get("READTHEDOCS_CANONICAL_URL", "")
    language = environ.get("READTHEDOCS_LANGUAGE", "")
    version = environ.get("READTHEDOCS_VERSION", "")
    if not (canonical and language and version):
        return ""
    if environ.get("READTHEDOCS_VERSION_TYPE") == "external":
        return ""
    parts = urlsplit(canonical)
    path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
    prefix = path.removesuffix(f"/{language}/{version}/")
    if prefix not in ("", "/") or parts.scheme not in ("http", "https"):
        return ""
    return urlunsplit(
        (parts.scheme, parts.netloc, f"/_/downloads/{language}/{version}/pdf/", "", "")
    )


def readthedocs_site_file_url(environ: Mapping[str, str], filename: str) -> str:
    """Where Read the Docs serves *filename* copied into the site's root, or "" off it.

    The post_build job of ``.readthedocs.yaml`` copies each variant's PDF (the résumé) into the
    HTML output, which every build, pull requests' too, publishes at the canonical URL.
    """
    canonical = environ.get("READTHEDOCS_CANONICAL_URL", "")
    if environ.get("READTHEDOCS") != "True" or urlsplit(canonical).scheme not in ("http", "https"):
        return ""
    return f"{canonical.removesuffix('/')}/{filename}"


def resolve_variant_urls(app: Sphinx, config: Config) -> None:
    """Fill in ``cv_variant_urls``: each variant's ``url`` in cv_variants, or Read the Docs'.

    A config value, so that a change (a build on Read the Docs after a local one) reads the
    pages with the links again.  Runs after cv.pdf.variants has checked cv_variants.
    """
    config.cv_variant_urls = {
        name: readthedocs_site_file_url(os.environ, f"{variant.filename}.pdf")
        if variant.url is None
        else variant.url
        for name, variant in variants(config).items()
    }


def resolve_pdf_url(app: Sphinx, config: Config) -> None:
    """Fill in ``cv_pdf_url`` from Read the Docs' variables unless conf.py or -D set it."""
    if config.cv_pdf_url is None:
        config.cv_pdf_url = readthedocs_pdf_url(os.environ)
    elif config.cv_pdf_url and urlsplit(config.cv_pdf_url).scheme not in ("http", "https"):
        msg = (
            f"cv_pdf_url must be an http:// or https:// address, got {config.cv_pdf_url!r}; "
            "set it to the PDF's public address, or to '' for no link"
        )
        raise ConfigError(msg)


def og_description_from_meta(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Node | None
) -> None:
    """Give Open Graph the page's own meta description, not the first 200 characters of text.

    sphinxext-opengraph takes per-page ``og:*`` values from the page metadata; the copy keeps the
    environment's metadata untouched.
    """
    if doctree is None or context.get("meta") is None:
        return
    for meta in doctree.findall(nodes.meta):
        if meta.get("name") == "description":
            context["meta"] = {**context["meta"], "og:description": meta["content"]}
            return


class CvPdfLink(SphinxDirective):
    """``:::{cv-pdf-link} Link text`` -> a paragraph linking to the PDF, on HTML pages only;
    ``:variant: resume`` links to that variant's PDF (cv_variants) instead."""

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[OptionSpec] = {"variant": directives.unchanged_required}

    def run(self) -> list[Node]:
        name = self.options.get("variant")
        if name is None:
            url = self.config.cv_pdf_url
        elif name in self.config.cv_variant_urls:
            url = self.config.cv_variant_urls[name]
        else:
            hint = suggest(name, list(self.config.cv_variants), "declare it in cv_variants")
            raise self.error(f"cv-pdf-link: no variant {name!r}; {hint}")
        if not url:
            return []
        text = self.arguments[0].strip() if self.arguments else DEFAULT_TEXT
        link = nodes.reference(text, text, refuri=url, classes=["cv-pdf-link"])
        # The PDF does not link to itself; ``only`` keeps the link out of every non-HTML output
        # even though Read the Docs shares one doctree cache between its HTML and PDF builds.
        only = addnodes.only(expr="html")
        only += nodes.paragraph("", "", link, classes=["cv-pdf-link"])
        self.set_source_info(only)
        return [only]


def note_written(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: a document this build writes (resolved in the main process, also
    with ``-j``, just before it is written)."""
    if app.builder.name in BUILDERS:
        domain_of(app.env).pages_written.add(docname)


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, before sphinx-sitemap writes ``sitemap.xml``: every page, not only
    those this build wrote.

    sphinx-sitemap lists the pages this build wrote (its issue #13): a rebuild after one .bib
    edit writes three of 5,000 paper pages and two documents. The others are still in the
    output folder, so they are added to its list (:func:`cv.adapters.add_to_sitemap`). A build
    that writes nothing leaves the sitemap as it was, as sphinx-sitemap does.
    """
    written = domain_of(app.env).pages_written
    if exception is not None or not written:
        return
    pages = set(app.env.all_docs) | {page_of(key) for key in records(app.env)}
    adapters.add_to_sitemap(app, sorted(pages - written))
