"""The ``cv`` Sphinx extension: a researcher's CV and publication list from MyST and BibTeX.

Each concern lives in its own module; those with a ``setup()`` are loaded here. Papers flow
one way, .bib -> records -> nodes -> writers, through these modules, in this order:

- ``bibfile``: reading a .bib file with pybtex, every problem located (no Sphinx);
- ``fields``: the field model (known, published, inherited fields; kinds) (no Sphinx);
- ``decode`` (+ ``texcommands``, ``names``): LaTeX fields as rich text, names matched to the
  owner (no Sphinx);
- ``links``: DOIs, URLs and eprints made into links (no Sphinx);
- ``record``: the paper record every writer reads (no Sphinx);
- ``checks``: what in an entry would not show as meant (no Sphinx);
- ``style``: the pybtex style of a paper, for any backend (and ``{bibliography}``);
- ``render``: a record formatted once into docutils nodes;
- ``library``: the Sphinx side of loading: settings, records made once per change;
- ``publications``: the ``publications`` directive, its domain and post-transform;
  ``pubwriters``, the lists' HTML and LaTeX visitors; ``entryhtml`` keeps each list entry's
  HTML for the next build;
- ``citations``: sphinxcontrib-bibtex's ``{cite:p}``/``{cite:t}`` link to papers in our lists;
- ``jsonld``: schema.org JSON-LD for the owner and each paper, from the records;
- ``papercache``: each paper's CSL-JSON item, citations and public BibTeX, made once per
  change (``csl``, ``exports``: no Sphinx), and where its page is;
- ``paperpages``: a page per paper (``papers/<key>.html``) with Highwire tags (``highwire``, no
  Sphinx) for Google Scholar; each key's label leads there on the website; the theme's page is
  rendered once for all of them (``pagetemplate``);
- ``downloads``: the whole list as BibTeX, RIS and CSL-JSON, and ``resume.json``
  (``jsonresume`` collects the CV's entries).

The rest of the CV: ``entries`` (+ ``dates``), the ``cv-entry`` directive for positions, degrees,
talks, awards ...; ``latex``, the PDF's macros; ``variants``, the résumé and other shorter PDFs,
cut from the full CV by tags; ``hosting``, the links from the website to the PDFs;
``html``, fixes to generated HTML that accessibility checkers flag; ``bulk``, the garbage
collector run less often while thousands of records or pages are made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0"

MODULES = (
    "cv.bulk",
    "cv.entries",
    "cv.latex",
    "cv.variants",
    "cv.style",
    "cv.publications",
    "cv.entryhtml",
    "cv.citations",
    "cv.hosting",
    "cv.jsonld",
    "cv.papercache",
    "cv.paperpages",
    "cv.downloads",
    "cv.html",
)


def setup(app: Sphinx) -> ExtensionMetadata:
    for module in MODULES:
        app.setup_extension(module)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
