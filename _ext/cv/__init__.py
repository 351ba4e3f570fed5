"""The ``cv`` Sphinx extension: a researcher's CV and publication list from MyST and BibTeX.

Its subpackages follow the data, in the order it flows (docs/architecture.md says more):

- ``bib``: a .bib file read and modelled into one paper record per paper (no Sphinx);
- ``formats``: that record written in each format: the list entry's text (a pybtex style),
  BibTeX, RIS, CSL-JSON and citations, Highwire tags (no Sphinx);
- ``publications``: the ``{publications}`` directive, its store (the ``cvpubs`` domain), the
  records' nodes and their HTML and LaTeX visitors, sphinxcontrib-bibtex's citations;
- ``entries``: the ``{cv-entry}`` directive (positions, degrees, talks, awards ...);
- ``owner``: who the CV is of, written once: the name, the current role, the contact links,
  the CV's date, the favicon, the pages' descriptions;
- ``pdf``: the PDF (LaTeX settings, ``cv.sty``) and its shorter variants (the résumé);
- ``web``: the website: a page per paper, downloads, JSON-LD, JSON Resume, hosting;
- ``speed``: what exists only to make large builds fast.

Every registration is here, in one :func:`setup`, in the order a build meets them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import speed, toctree
from .bib.fields import DEFAULT_KINDS
from .entries import directive as entries
from .formats.csl import STYLES
from .owner import describe, header, settings
from .pdf import latex, variantcut, variants
from .publications import citations, citedby, directive, load, nodes, store, visitors
from .speed import collector, entryhtml, outputs, pagetemplate
from .web import accessibility, downloads, hosting, jsonld, jsonresume, paperpages, paperstore

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "2.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")

    # The collector run less often while the records are made: around every other handler of
    # builder-inited (cv.speed.collector) ...
    app.connect("builder-inited", collector.bulk_start, priority=0)
    app.connect("builder-inited", collector.bulk_end, priority=1000)
    # ... and not at all over what is left when the process exits.
    app.connect("builder-inited", collector.freeze_at_exit)

    # -- Settings, checked when conf.py is read ---------------------------------------------
    app.add_config_value("cv_owner", (), "env", types=frozenset({str, list, tuple}))
    # Before cv_owner is checked (500): by default, the name is conf.py's author.
    app.connect("config-inited", settings.owner_defaults, priority=450)
    # E-mail, homepage, GitHub, Google Scholar, ORCID, LinkedIn or any address; none by default.
    app.add_config_value("cv_contact", {}, "env", types=frozenset({dict}))
    app.connect("config-inited", settings.check_contact)
    # "": the day the sources last changed (git), else the build's day; fills Sphinx's today.
    app.add_config_value("cv_updated", "", "env", types=frozenset({str}))
    app.connect("config-inited", settings.updated)
    app.connect("config-inited", settings.favicon)
    app.add_config_value("cv_kinds", dict(DEFAULT_KINDS), "env", types=frozenset({dict}))
    app.connect("config-inited", load.check_config)
    app.connect("config-inited", load.bind_owner, priority=600)  # once cv_owner is checked
    # Command name -> the LaTeX it stands for, in .bib fields (besides the exporters' tables).
    app.add_config_value("cv_bibtex_macros", {}, "env", types=frozenset({dict}))
    app.connect("config-inited", load.check_macros)
    # Name (as BibTeX writes it) -> "family first" or "given first", whatever its script.
    app.add_config_value("cv_name_order", {}, "env", types=frozenset({dict}))
    app.connect("config-inited", load.check_name_order)
    # Style (a bundled style's name, or a .csl file's path) -> label; each costs about a
    # millisecond per paper in a fresh build.
    app.add_config_value("cv_citation_styles", dict(STYLES), "env", types=frozenset({dict}))
    app.connect("config-inited", paperstore.check_styles)
    app.add_config_value("cv_variants", {}, "env", types=frozenset({dict}))
    # Set from the Sphinx tags at config-inited: the name of the variant this build makes.
    app.add_config_value("cv_variant", "", "", types=frozenset({str}))
    app.connect("config-inited", variants.choose_variant)
    # "auto": pdfLaTeX or XeLaTeX by what each document holds; "": latex_engine as it is.
    app.add_config_value("cv_latex_engine", "auto", "", types=frozenset({str}))
    app.connect("config-inited", latex.set_latex_defaults)
    # None: derive from Read the Docs' environment; "": no link; an address: link there.
    app.add_config_value("cv_pdf_url", None, "env", types=frozenset({str, type(None)}))
    app.connect("config-inited", hosting.resolve_pdf_url)
    # The variants' addresses, derived: never set in conf.py (set a variant's "url" there).
    app.add_config_value("cv_variant_urls", {}, "env", types=frozenset({dict}))
    app.connect("config-inited", hosting.resolve_variant_urls, priority=600)  # after variants
    app.add_config_value("cv_jsonld_person", {}, "html", types=frozenset({dict}))
    app.connect("config-inited", jsonld.check_person)
    app.add_config_value("cv_jsonresume_sections", jsonresume.DEFAULT_SECTIONS, "env",
                         types=frozenset({dict}))  # fmt: skip
    app.connect("config-inited", jsonresume.check_sections)
    # Citation counts: the file tox -e counts writes (never fetched by a build), shown in the
    # PDF too only if asked; older than the age (days), the build says so. The data, derived.
    app.add_config_value("cv_citation_counts", "citations.json", "env", types=frozenset({str}))
    app.add_config_value("cv_citation_counts_max_age", 180, "", types=frozenset({int}))
    app.add_config_value("cv_citation_counts_pdf", False, "env", types=frozenset({bool}))
    app.add_config_value("cv_citation_counts_data", {}, "env", types=frozenset({dict}))
    app.connect("config-inited", citedby.load_counts)
    # Read by the commands of cv.remote only (tox -e add, sync ...), never by a build.
    app.add_config_value("cv_contact_email", "", "", types=frozenset({str}))
    app.add_config_value("cv_researcher_ids", {}, "", types=frozenset({dict}))
    # Speed mechanisms switched off by name (cv.speed); no output depends on it.
    app.add_config_value("cv_speed", {}, "", types=frozenset({dict}))
    app.connect("config-inited", speed.check_config)

    # -- Stores ------------------------------------------------------------------------------
    app.add_domain(store.PublicationsDomain)
    app.add_domain(paperstore.PaperPagesDomain)
    app.add_domain(jsonresume.ResumeDomain)
    app.add_domain(header.OwnerDomain)

    # -- .bib -> records -> nodes, once per change, before any page is read ------------------
    app.connect("builder-inited", directive.add_static)
    # Before sphinxcontrib-bibtex's own handler (priority 500), which then keeps our parse.
    app.connect("builder-inited", load.load_papers, priority=400)
    # After the records (400), before sphinxcontrib-bibtex (500).
    app.connect("builder-inited", paperstore.format_papers, priority=450)
    app.connect("env-get-outdated", load.outdated_docs)
    app.connect("env-get-outdated", header.outdated_role_pages)
    app.connect("env-before-read-docs", paperpages.restore_labels)

    # -- Reading pages: directives and their nodes ------------------------------------------
    # Sphinx's toctree, but a page left out by include_patterns is named as such.
    app.add_directive("toctree", toctree.CvTocTree, override=True)
    app.add_directive("publications", directive.Publications)
    app.add_node(nodes.publication_list)
    app.add_enumerable_node(
        nodes.publication, "publication", visitors.publication_title,
        html=(visitors.html_visit_publication, visitors.html_depart_publication),
        latex=(visitors.latex_visit_publication, visitors.latex_depart_publication),
    )  # fmt: skip
    app.add_node(nodes.publication_bibtex,
                 **visitors.html_only(visitors.html_visit_publication_bibtex))  # fmt: skip
    app.add_directive("cv-entry", entries.CvEntry)
    app.add_enumerable_node(
        entries.cv_entry, "cv-entry", entries.entry_title,
        html=(entries.html_visit_cv_entry, entries.html_depart_cv_entry),
        latex=(entries.latex_visit_cv_entry, entries.latex_depart_cv_entry),
    )  # fmt: skip
    app.add_node(
        entries.cv_entry_head,
        latex=(entries.latex_visit_cv_entry_head, entries.latex_depart_cv_entry_head),
        text=(entries.text_visit_cv_entry_head, entries.text_depart_cv_entry_head),
    )
    app.add_node(
        entries.cv_entry_what,
        latex=(entries.latex_visit_argument, entries.latex_depart_argument),
        text=(entries.text_pass, entries.text_pass),
    )
    app.add_node(
        entries.cv_entry_when,
        latex=(entries.latex_visit_argument, entries.latex_depart_argument),
        text=(entries.text_visit_cv_entry_when, entries.text_pass),
    )
    app.add_node(
        entries.cv_entry_people,
        latex=(entries.latex_visit_cv_entry_people, entries.latex_depart_cv_entry_people),
    )
    app.add_node(entries.cv_date, html=(entries.html_visit_cv_date, entries.html_depart_cv_date))
    app.add_directive("cv-current-role", header.CvCurrentRole)
    app.add_directive("cv-contact", header.CvContact)
    app.add_node(header.cv_current_role)
    app.add_node(header.cv_contact)
    app.add_node(header.cv_email, html=(header.html_visit_cv_email, header.html_depart_none))
    app.add_directive("cv-pdf-link", hosting.CvPdfLink)
    app.add_directive("publication-downloads", downloads.PublicationDownloads)
    app.add_directive("citations-total", citedby.CitationsTotal)
    app.add_node(
        downloads.root_download,
        html=(downloads.html_visit_root_download, downloads.html_depart_root_download),
    )
    app.add_node(
        downloads.publication_downloads,
        **visitors.html_only(
            downloads.html_visit_publication_downloads, downloads.html_depart_publication_downloads
        ),
    )
    app.connect("doctree-read", variants.check_tags)

    # -- After reading: citations, labels, the parse cache let go ---------------------------
    # After sphinxcontrib-bibtex's own handler (priority 500), which clears the citations.
    app.connect("env-updated", citations.add_citations, priority=600)
    app.connect("env-updated", paperpages.point_labels)

    # -- Writing: post-transforms in priority order, then the PDF's and the website's parts --
    app.add_post_transform(variantcut.CutVariant)  # 4
    app.add_post_transform(directive.FillPublications)  # 5
    app.add_post_transform(citedby.AddCitedBy)  # 5, after FillPublications
    app.add_post_transform(header.FillHeader)  # 5
    app.add_post_transform(latex.DropWebOnlySections)  # 5
    app.add_post_transform(variantcut.ShortPapers)  # 6
    app.add_post_transform(variantcut.UnlinkOutside)  # 20
    app.connect("doctree-resolved", latex.engine_and_fonts)
    app.connect("doctree-resolved", hosting.note_written)
    app.add_latex_package("cv")
    # Before sphinxext-opengraph (priority 500) reads the page metadata.
    app.connect("html-page-context", hosting.og_description_from_meta, priority=400)
    app.connect("html-page-context", describe.describe_page, priority=400)
    app.connect("html-page-context", header.add_script)
    app.connect("html-page-context", jsonld.add_jsonld)
    app.connect("html-page-context", paperpages.add_css)
    # After furo (default priority 500), which computes furo_navigation_tree in this event.
    app.connect("html-page-context", accessibility.fix_page, priority=900)
    app.connect("html-collect-pages", paperpages.collect_pages)
    # After Sphinx wrote its latexmkrc (the builder's finish, or a switch to XeLaTeX).
    app.connect("build-finished", latex.harden_latexmkrc, priority=800)
    app.connect("build-finished", variants.write_tagged_entries)
    app.connect("build-finished", downloads.write_downloads)
    app.connect("build-finished", hosting.complete_sitemap, priority=400)  # sitemap's is 500

    # -- Speed (cv.speed): each can be switched off by name, cv_speed = {"name": False} --------
    # When every document is read again, no output is taken from an earlier build.
    app.connect("env-before-read-docs", outputs.forget)
    app.connect("env-before-read-docs", entryhtml.forget)
    # Once the records are made (builder-inited) and the labels restored (priority 500).
    app.connect("env-before-read-docs", collector.freeze, priority=900)
    # Before furo (priority 500), which renders the navigation in this event.
    app.connect("html-page-context", pagetemplate.share_navigation, priority=400)
    app.connect("build-finished", entryhtml.save)
    app.connect("build-finished", outputs.save, priority=600)  # after the downloads (500)
    app.connect("build-finished", collector.thaw, priority=1000)  # after any other handler

    return {
        "version": __version__,
        "env_version": 5,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
