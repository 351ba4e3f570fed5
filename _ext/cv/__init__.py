"""The ``cv`` Sphinx extension: a researcher's CV and publication list from MyST and BibTeX.

Each concern lives in its own module with its own ``setup()``; this one only loads them:

- ``entries``: the ``cv-entry`` directive for positions, degrees, talks, awards ...
- ``latex``: the LaTeX macros that lay entries out in the PDF.
- ``variants``: the résumé and other shorter PDFs, cut from the full CV by tags.
- ``style``: the pybtex style of papers (owner in bold, equal-contribution marks, titles as
  written) and the backend that renders it into docutils nodes.
- ``publications``: the ``publications`` directive, papers from the .bib files as lists.
- ``hosting``: the link from the website to the PDF (Read the Docs or ``cv_pdf_url``).
- ``jsonld``: schema.org JSON-LD for the owner and each paper, for search engines.
- ``html``: fixes to generated HTML that accessibility checkers flag.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0"

MODULES = (
    "cv.entries",
    "cv.latex",
    "cv.variants",
    "cv.style",
    "cv.publications",
    "cv.hosting",
    "cv.jsonld",
    "cv.html",
)


def setup(app: Sphinx) -> ExtensionMetadata:
    for module in MODULES:
        app.setup_extension(module)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
