"""Where the extension relies on what other packages do not document, each use with its reason.

Sphinx, sphinxcontrib-bibtex and sphinx-sitemap offer no public way to do three things the
extension needs: point a label at a page that is not a document, give sphinxcontrib-bibtex
citations made elsewhere, and list in the sitemap a page this build did not write. Every such
use is a function here, and nothing else in the extension touches those parts of them;
``tests/test_adapters.py`` checks each against the installed package, so that an upgrade that
changes one fails there, naming it, rather than somewhere in a build.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, cast

from pybtex.database import BibliographyData
from pybtex.style import FormattedEntry
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime
from sphinxcontrib.bibtex.directives import BibliographyKey, BibliographyValue
from sphinxcontrib.bibtex.domain import BibtexDomain, Citation

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from pybtex.database import Entry
    from pybtex.richtext import BaseText
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.domains.std import StandardDomain
    from sphinx.environment import BuildEnvironment


# -- Sphinx: the std domain's labels -------------------------------------------------------------
# A paper's page is no document (cv.web.paperpages), yet in HTML the paper's key must lead
# there, for {ref} and for other sites through objects.inv. Sphinx has no API to point a label
# at a page that is not a document; it keeps labels in StandardDomain.labels and .anonlabels
# (name -> place), which Sphinx's own sphinx.ext.autosectionlabel writes the same way.


def label(env: BuildEnvironment, name: str) -> tuple[str, str, str] | None:
    """Where the std label *name* leads: (docname, anchor, title), or None."""
    return _std(env).labels.get(name)


def set_label(env: BuildEnvironment, name: str, docname: str, anchor: str, title: str) -> None:
    """Make the std label *name* lead to *anchor* on page *docname*, named *title*."""
    std = _std(env)
    std.labels[name] = (docname, anchor, title)
    std.anonlabels[name] = (docname, anchor)


def labels_to(env: BuildEnvironment, prefix: str) -> list[str]:
    """The std labels that lead to pages whose names start with *prefix*."""
    return [name for name, place in _std(env).labels.items() if place[0].startswith(prefix)]


def drop_label(env: BuildEnvironment, name: str) -> None:
    """Remove the std label *name*."""
    std = _std(env)
    std.labels.pop(name, None)
    std.anonlabels.pop(name, None)


# -- Sphinx: the HTML builder's page being written ----------------------------------------------
# Paper pages are written by the HTML translator outside a document's write_doc (their bodies
# at html-collect-pages); the translator reads which page it writes (relative links) and its
# section and figure numbers from the builder, which write_doc sets and nothing else can.


def writing(builder: StandaloneHTMLBuilder, pagename: str) -> None:
    """Set what Sphinx's ``write_doc`` sets on the builder before it writes page *pagename*
    (one that has no section or figure numbers)."""
    builder.current_docname, builder.secnumbers, builder.fignumbers = pagename, {}, {}


def _std(env: BuildEnvironment) -> StandardDomain:
    return cast("StandardDomain", env.get_domain("std"))


# -- sphinxcontrib-bibtex: its parse and its citations --------------------------------------------
# Its domain's types (BibData, Citation, BibliographyKey/Value) are documented in its API
# reference, but not that another extension may fill them in: it reads each .bib itself and
# makes citations only for its own {bibliography}. Our parse is given to it (it then finds
# the files up to date and never parses them again, nor stops at their first error), and
# each paper of our lists becomes one of its citations, so that its {cite} roles link there.


def share_parse(env: BuildEnvironment, encoding: str, files: Mapping[str, Iterable[str]],
                entries: Mapping[str, Entry]) -> None:  # fmt: skip
    """Give sphinxcontrib-bibtex the .bib *files* (path -> their keys) as parsed by us."""
    _cite(env).data["bibdata"] = BibData(
        encoding=encoding,
        bibfiles={
            Path(path): BibFile(mtime=get_mtime(Path(path)), keys=dict.fromkeys(keys))
            for path, keys in files.items()
        },
        data=BibliographyData(entries=entries),
    )


def bib_entries(env: BuildEnvironment) -> Mapping[str, Entry]:
    """The .bib's entries as shared with sphinxcontrib-bibtex (:func:`share_parse`)."""
    return _cite(env).bibdata.data.entries


class Cited(NamedTuple):
    """A paper of one of our lists, as a citation of its page."""

    anchor: str
    key: str
    title: BaseText  #: the tooltip, and what a citation's text is made from
    label: str  #: the label of an author-year or numbered citation


def add_citations(env: BuildEnvironment, docname: str, name: str, style: str,
                  papers: Iterable[Cited]) -> None:  # fmt: skip
    """``env-updated``, after sphinxcontrib-bibtex's own handler: *papers* become citations of
    *docname*, in a "bibliography" of id *name* whose filter selects nothing (so that
    sphinxcontrib-bibtex itself formats nothing for it)."""
    cite = _cite(env)
    entries = cite.bibdata.data.entries
    key = BibliographyKey(docname=docname, id_=name)
    cite.bibliographies[key] = BibliographyValue(
        line=0, bibfiles=[], style=style, list_="citation", enumtype="arabic", start=1,
        labelprefix="", keyprefix="", filter_=_NOTHING, citation_nodes={}, keys=[],
    )  # fmt: skip
    for paper in papers:
        formatted = FormattedEntry(paper.key, paper.title, paper.label)
        cite.citations.append(
            Citation(
                citation_id=paper.anchor,
                bibliography_key=key,
                key=paper.key,
                entry=entries[paper.key],
                formatted_entry=formatted,
                tooltip_entry=formatted,
            )
        )


class Recomputed(list):  # type: ignore[type-arg]
    """A list that pickles as an empty one."""

    def __reduce__(self) -> tuple[type[list], tuple[()]]:  # type: ignore[type-arg]
        return list, ()


def citations_unstored(env: BuildEnvironment) -> None:
    """sphinxcontrib-bibtex's citations left out of the pickled environment (the speed
    mechanism ``citations_unstored``): its ``env-updated`` handler and :func:`add_citations`
    make them again in every build, before anything reads them, and thousands of them stored
    were loaded and freed again by every build. Sphinx pickles the environment after that
    event, whose handlers make them again in the next build."""
    cite = _cite(env)
    cite.data["citations"] = Recomputed(cite.citations)


def latex_citation_target(docname: str, anchor: str) -> str:
    """The ``\\hypertarget`` that sphinxcontrib-bibtex's citations link to in LaTeX."""
    return f"\\hypertarget{{cite.{docname}:{anchor}}}{{}}"


def _cite(env: BuildEnvironment) -> BibtexDomain:
    return cast("BibtexDomain", env.get_domain("cite"))


#: sphinxcontrib-bibtex's filter (its :filter: option, a Python expression), parsed.
_NOTHING = ast.parse("False")


# -- sphinx-sitemap: pages this build did not write ---------------------------------------------
# sphinx-sitemap lists the pages written by the build that writes sitemap.xml
# (html-page-context); a paper page is written only when its paper changed, so a rebuild would
# drop the others from the sitemap. It has no API to add a page: its own handler of that event,
# add_html_link, is called for them, as if they were written.


def add_to_sitemap(app: Sphinx, pagenames: Iterable[str]) -> None:
    """List *pagenames* in sitemap.xml, if sphinx-sitemap makes one."""
    if "sphinx_sitemap" not in app.extensions:
        return
    import sphinx_sitemap

    for pagename in pagenames:
        sphinx_sitemap.add_html_link(app, pagename, "page.html", {}, None)
