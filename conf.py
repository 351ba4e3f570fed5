"""Sphinx configuration for the CV site and PDF."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Sphinx's tutorial convention for a project's own extensions.
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

# -- Who: written once; the site, the PDFs, their names and the papers' owner all read it --------
author = "Taekyung Heo"
project = html_title = html_short_title = author
# Contact links, under the name on the site and in the PDF and résumé headers, in JSON-LD and in
# resume.json: "email", "homepage", "github", "scholar", "orcid", "linkedin", or a label of your
# own with an https:// address (docs/editing.md, "Who you are"). None given, none shown.
cv_contact = {}
# The PDFs' names: the name without spaces, then _CV or _Resume ("JaneDoe_CV.pdf").
stem = "".join(author.split())
language = "en"
# The date under the profile ("CV updated on") and the footer's year are the day the sources
# were last committed (git), else the build's day: set cv_updated = "YYYY-MM-DD" to fix one.

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "cv",
]

root_doc = "index"
# Only the CV is a source; README, tests, build outputs and caches are not.
include_patterns = ["index.md", "sections/*.md"]
# Folders Sphinx need not walk to find those: with tox's environments (.tox, tens of thousands of
# files) in the checkout, the walk alone took more time than reading the CV.
exclude_patterns = ["_build", ".*", "tests", "bench", "node_modules"]
nitpicky = True

# -- MyST ----------------------------------------------------------------------------------------
# attrs_block: {.cv-web-only} before a heading keeps that section on the site only (not the PDF).
# substitution: {{ author }} in a page is the name above.
myst_enable_extensions = ["colon_fence", "attrs_block", "substitution"]
myst_substitutions = {"author": author}
myst_heading_anchors = 2

# -- Publications --------------------------------------------------------------------------------
bibtex_bibfiles = ["publications.bib"]
bibtex_default_style = "plain"
# The CV owner, emphasised in every author list, is `author` (initials match too: "T. Heo");
# cv_owner = ["Doe, Jane", "Roe, Jane"] lists other forms of the name, such as a former one.

# -- HTML ----------------------------------------------------------------------------------------
html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["cv.css"]
html_copy_source = False
html_show_sourcelink = False
# Read the Docs sets the canonical URL of the version being built; elsewhere there is none.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_theme_options = {
    "navigation_with_keys": True,
}

# -- LaTeX ---------------------------------------------------------------------------------------
# The engine follows the text: pdfLaTeX for Latin text, XeLaTeX (with Unicode and CJK fonts) for
# any other script (cv_latex_engine = "auto", the cv extension's default).
# An empty title: the PDF's title is the root document's, escaped by Sphinx, as the site's is.
latex_documents = [("index", f"{stem}_CV.tex", "", author, "howto")]
# The CV's own layout (no title page, contents or index; fonts for any script) comes from the cv
# extension (_ext/cv/latex.py); only what is this CV's choice is set here.
latex_elements = {
    # US letter; 10pt keeps a CV of several pages compact.
    "papersize": "letterpaper",
    "pointsize": "10pt",
}

# -- Variants: shorter PDFs cut from the same sources (see README, "Build the PDF") ----------------
# Each is built with its Sphinx tag (sphinx-build -b latex -t resume); an entry is on it when it
# carries one of its tags (":tags: resume"); its papers are the landing page's selected ones.
cv_variants = {
    "resume": {
        "filename": f"{stem}_Resume",
        "sections": [
            "sections/experience",
            "sections/education",
            "index#selected-publications",
            "sections/skills",
        ],
        "pages": 1,
    },
}

# -- Hosting: Read the Docs, or any host that exports READTHEDOCS_CANONICAL_URL -----------------
# With a base URL every page gets a canonical link (Sphinx), the site a sitemap.xml and each page
# Open Graph tags; without one (a local build) none of them, so no tag ever names a wrong host.
if html_baseurl:
    extensions += ["sphinx_sitemap", "sphinxext.opengraph"]
    sitemap_url_scheme = "{link}"  # the canonical URL already ends in /<language>/<version>/
    sitemap_excludes = ["search.html", "genindex.html"]  # pages with nothing of the CV
    ogp_site_url = html_baseurl
    ogp_social_cards = {"enable": False}  # generated cards need matplotlib; a CV does without
# The PDF link on the landing page (cv-pdf-link) finds Read the Docs' download URL by itself;
# another host sets cv_pdf_url to the PDF's address (see README, "Host on Read the Docs").

# -- What a visitor sees (browser tests) --------------------------------------------------------
# A print stylesheet for a clean printed CV; media="print" keeps it off the screen's render path.
html_css_files += [("cv-print.css", {"media": "print"})]
# The CV has no index entries: no empty "Index" page, and no <link rel="index"> to one.
html_use_index = False
# Furo's search page gets the h1 every page has (see _templates/search.html).
templates_path = ["_templates"]
