"""Sphinx configuration for the CV site and PDF."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Sphinx's tutorial convention for a project's own extensions.
sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

# -- Project -------------------------------------------------------------------------------------
project = "Taekyung Heo"
author = "Taekyung Heo"
copyright = "2025, Taekyung Heo"
language = "en"

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "cv",
]

root_doc = "index"
# Only the CV is a source; README, tests, build outputs and caches are not.
include_patterns = ["index.md", "sections/*.md"]
nitpicky = True

# -- MyST ----------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 2

# -- Publications --------------------------------------------------------------------------------
bibtex_bibfiles = ["publications.bib"]
bibtex_default_style = "plain"
# The CV owner, emphasised in every author list: the name as BibTeX writes it, and its variants.
cv_owner = ["Heo, Taekyung", "T. Heo"]

# -- HTML ----------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "Taekyung Heo"
html_short_title = "Taekyung Heo"
html_static_path = ["_static"]
html_css_files = ["cv.css"]
html_favicon = "_static/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
# Read the Docs sets the canonical URL of the version being built; elsewhere there is none.
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_theme_options = {
    "navigation_with_keys": True,
}

# -- LaTeX ---------------------------------------------------------------------------------------
latex_engine = "xelatex"
latex_documents = [("index", "TaekyungHeo_CV.tex", "Taekyung Heo", author, "howto")]
