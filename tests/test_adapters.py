"""cv.adapters against the installed packages: each test fails naming the package whose
undocumented part changed, where a build would fail far from it (or, worse, not at all)."""

from __future__ import annotations

import inspect
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pybtex_docutils
import pytest
import sphinx_sitemap
from docutils import nodes
from pybtex.richtext import String
from sphinx import addnodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinxcontrib.bibtex.bibfile import is_bibdata_outdated, process_bibdata
from sphinxcontrib.bibtex.domain import Citation
from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo, SphinxReferenceText

from cv import adapters
from cv.publications.citations import LISTS_ID

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx("html", testroot="citations", freshenv=True)


def resolve(app: SphinxTestApp, target: str, explicit: bool) -> nodes.reference | None:
    """A ``{ref}`` to *target* from the root document, resolved by Sphinx's std domain."""
    text = nodes.inline("", "my text")
    xref = addnodes.pending_xref(
        "", text, refdomain="std", reftype="ref", reftarget=target, refexplicit=explicit
    )
    std = app.env.get_domain("std")
    return std.resolve_xref(app.env, "index", app.builder, "ref", target, xref, text)


def test_sphinx_reads_labels_where_set_label_puts_them(app: SphinxTestApp) -> None:
    app.build()
    adapters.set_label(app.env, "cv-test", "papers", "doe2024alpha", "Alpha")
    assert adapters.label(app.env, "cv-test") == ("papers", "doe2024alpha", "Alpha")
    for explicit, text in ((False, "Alpha"), (True, "my text")):
        reference = resolve(app, "cv-test", explicit)
        assert reference is not None, "Sphinx's StandardDomain no longer resolves set_label's"
        assert (reference["refuri"], reference.astext()) == ("papers.html#doe2024alpha", text)
    objects = set(app.env.get_domain("std").get_objects())
    assert ("cv-test", "Alpha", "label", "papers", "doe2024alpha", -1) in objects, (
        "Sphinx's objects.inv no longer lists StandardDomain.labels"
    )


def test_labels_to_a_folder_are_found_and_dropped(app: SphinxTestApp) -> None:
    app.build()
    adapters.set_label(app.env, "Doe2024", "papers/doe2024", "", "Alpha")
    assert "Doe2024" in adapters.labels_to(app.env, "papers/")
    assert not set(adapters.labels_to(app.env, "papers/")) & {"genindex", "search"}
    adapters.drop_label(app.env, "Doe2024")
    assert adapters.label(app.env, "Doe2024") is None
    assert resolve(app, "Doe2024", False) is None, "Sphinx still resolves a dropped label"


def test_sphinxcontrib_bibtex_keeps_the_shared_parse(app: SphinxTestApp) -> None:
    app.build()
    cite = app.env.get_domain("cite")
    bibfiles = [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]
    encoding = app.config.bibtex_encoding
    assert not is_bibdata_outdated(cite.bibdata, bibfiles, encoding), (
        "sphinxcontrib-bibtex would parse the .bib again: its BibData changed"
    )
    assert process_bibdata(cite.bibdata, bibfiles, encoding) is cite.bibdata
    assert set(adapters.bib_entries(app.env)) == {"doe2024alpha", "doe2023beta"}


def test_sphinxcontrib_bibtex_takes_our_citations(app: SphinxTestApp) -> None:
    app.build()
    ours = [
        citation
        for citation in app.env.get_domain("cite").citations
        if citation.bibliography_key.id_ == LISTS_ID
    ]
    assert {(c.key, c.citation_id, c.bibliography_key.docname) for c in ours} == {
        ("doe2024alpha", "doe2024alpha", "papers"),
        ("doe2023beta", "doe2023beta", "papers"),
    }
    assert Citation._fields == (
        "citation_id", "bibliography_key", "key", "entry", "formatted_entry", "tooltip_entry",
    ), "sphinxcontrib-bibtex's Citation changed"  # fmt: skip


def test_sphinxcontrib_bibtex_links_to_the_latex_target() -> None:
    """What its {cite} roles write in LaTeX (its style/template.py) names our target."""
    info = SphinxReferenceInfo(
        builder=SimpleNamespace(name="latex"),
        fromdocname="index",
        todocname="papers",
        citation_id="doe2024alpha",
        title=None,
        pre_text="",
        post_text="",
    )
    link = SphinxReferenceText(info, String("Doe")).render(pybtex_docutils.Backend())[0]
    target = adapters.latex_citation_target("papers", "doe2024alpha")
    assert link.rawsource == "\\hyperlink{cite.papers:doe2024alpha}{", (
        "sphinxcontrib-bibtex names its LaTeX citation targets otherwise"
    )
    assert target == "\\hypertarget{cite.papers:doe2024alpha}{}"


def test_sphinx_sitemap_add_html_link_is_its_page_handler() -> None:
    """add_to_sitemap calls it as sphinx-sitemap's own html-page-context handler; the
    behaviour is tested by test_paperpages' sitemap tests."""
    parameters = list(inspect.signature(sphinx_sitemap.add_html_link).parameters)
    assert parameters == ["app", "pagename", "templatename", "context", "doctree"], (
        "sphinx-sitemap's add_html_link changed"
    )


def test_sphinx_sets_the_page_being_written_on_the_builder() -> None:
    """adapters.writing does what StandaloneHTMLBuilder.write_doc does before it writes."""
    source = inspect.getsource(StandaloneHTMLBuilder.write_doc)
    for line in (
        "self.secnumbers = self.env.toc_secnumbers.get(docname, {})",
        "self.fignumbers = self.env.toc_fignumbers.get(docname, {})",
        "self.current_docname = docname",
    ):
        assert line in source, f"Sphinx's write_doc no longer does {line!r}"
