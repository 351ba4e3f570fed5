"""The HTML of each entry of a list page, kept from build to build by what it was made from.

A page listing thousands of papers is written again after one .bib entry is edited (it shows
that paper), and writing all its entries again was 1.5 of such a rebuild's 5 CPU seconds at
N = 5,000. Each entry's HTML is kept beside the doctrees (:data:`FILENAME`) with a token of
everything it was made from: its nodes and BibTeX as the page holds them, where its title links
and this package's code. An entry with the same token on the same page is written from what was
kept; any other is written by the HTML writer and kept. When Sphinx reads every document again
(a fresh environment, a changed setting), nothing kept is reused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..publications.store import store as papers
from ..web.paperstore import read_pickle, reads_everything, write_pickle
from . import outputs

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


FILENAME = "cv-entries.pickle"

#: (docname, key) -> (token, HTML)
Store = dict[tuple[str, str], tuple[str, str]]


def token(builder: Builder, *parts: Any) -> str:
    """The token of an entry made from *parts* by this builder."""
    return outputs.token(builder.name, *parts)


def kept(builder: Builder, docname: str, key: str, made_from: str) -> str | None:
    """The HTML kept for this entry of this page, if it was made from the same."""
    old = store(builder).get((docname, key))
    return old[1] if old is not None and old[0] == made_from else None


def keep(builder: Builder, docname: str, key: str, made_from: str, html: str) -> None:
    entries = store(builder)
    if entries.get((docname, key), ("",))[0] != made_from:
        entries[docname, key] = (made_from, html)
        papers(builder.env).entry_html_changed = True


def store(builder: Builder) -> Store:
    """This build's entries, read from the file the first time a list is written.

    Held by the publications domain (an attribute, not its data: not in the environment).
    """
    domain = papers(builder.env)
    if domain.entry_html is None:
        domain.entry_html = read_pickle(Path(builder.doctreedir) / FILENAME)
        domain.entry_html_changed = False
    return domain.entry_html


def forget(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: when Sphinx reads every document again, nothing kept is
    reused (a changed setting may change any entry)."""
    if reads_everything(env, docnames):
        (Path(app.doctreedir) / FILENAME).unlink(missing_ok=True)


def save(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: keep the entries of the pages that still exist, if any changed."""
    domain = papers(app.env)
    entries: Store | None = domain.entry_html
    if exception is None and entries is not None and domain.entry_html_changed:
        docs = app.env.all_docs
        kept_entries = {place: value for place, value in entries.items() if place[0] in docs}
        write_pickle(Path(app.doctreedir) / FILENAME, kept_entries)
    domain.entry_html = None  # read again by the next build
