"""Machine-readable metadata: schema.org JSON-LD for the CV's owner and for each paper.

Search engines and reference managers read ``<script type="application/ld+json">``.  It is made
from the sources the pages are made from: the owner from conf.py (``author``, ``cv_contact``,
``cv_jsonld_person``) and the positions that run to ``present`` (cv.owner), the papers from
their records (cv.bib.record), made once from the .bib.  The landing page describes the person;
the page that lists a paper (the one holding the ``std:label`` named by its BibTeX key)
describes that paper, with the paper's anchor as its ``url``.  Only what the sources say is
emitted: no address, date or identifier is made up.
"""

from __future__ import annotations

import json
import posixpath
from typing import TYPE_CHECKING, Any, cast

from sphinx.errors import ConfigError

from ..owner.contact import parse_contact
from ..owner.header import current_roles
from ..publications.store import records, store

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config

    from ..bib.record import Paper


#: What ``cv_jsonld_person`` may say about the owner, besides the name (conf.py's ``author``).
PERSON_KEYS = ("jobTitle", "worksFor")

#: Characters that could end the ``<script>`` element or start markup, as JSON escapes: a field
#: holding ``</script>`` then stays data, and the text is still the same JSON.
SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def check_person(app: Sphinx, config: Config) -> None:
    """Refuse a ``cv_jsonld_person`` that is not a flat mapping of known keys to text."""
    person = config.cv_jsonld_person
    if not isinstance(person, dict) or any(
        key not in PERSON_KEYS or not isinstance(value, str) or not value.strip()
        for key, value in person.items()
    ):
        msg = (
            f"cv_jsonld_person must map some of {', '.join(PERSON_KEYS)} to non-empty text, "
            f"got {person!r}"
        )
        raise ConfigError(msg)


def article(paper: Paper, url: str) -> dict[str, Any]:
    """A ``ScholarlyArticle`` with the paper's title, authors, date, venue and identifiers."""
    data: dict[str, Any] = {"@type": "ScholarlyArticle", "@id": url, "url": url}
    data |= {"headline": paper.title, "name": paper.title}
    data["author"] = [{"@type": "Person", "name": author.text} for author in paper.authors]
    if paper.year is not None:
        data["datePublished"] = "-".join(
            f"{part:02d}" for part in (paper.year, paper.month, paper.day if paper.month else None)
            if part is not None
        )  # fmt: skip
    if paper.journal:
        data["isPartOf"] = {"@type": "Periodical", "name": paper.journal}
    elif paper.venue:
        data["isPartOf"] = {"@type": "CreativeWork", "name": paper.venue}
    if pagination := paper.pages or paper.pages_text:
        data["pagination"] = pagination
    if paper.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi}
    return data


def page_graph(app: Sphinx, pagename: str, paper_key: str = "") -> list[dict[str, Any]]:
    """The JSON-LD nodes this page describes: the owner on the landing page, its papers.

    *paper_key*: the page is that paper's own page (cv.web.paperpages), at its own address.
    """
    config = app.config
    graph: list[dict[str, Any]] = []
    if pagename == config.root_doc and config.author:
        person: dict[str, Any] = {"@type": "Person", "name": config.author}
        # The current position (cv.owner), unless cv_jsonld_person says otherwise.
        job, employer = next(iter(current_roles(app.env)), ("", ""))
        if job := config.cv_jsonld_person.get("jobTitle", job):
            person["jobTitle"] = job
        if employer := config.cv_jsonld_person.get("worksFor", employer):
            person["worksFor"] = {"@type": "Organization", "name": employer}
        if config.html_baseurl:
            person["url"] = config.html_baseurl
        # The owner's pages elsewhere; never the e-mail address, which no page writes as text.
        if same := [link.url for link in parse_contact(config.cv_contact) if link.profile]:
            person["sameAs"] = same
        graph.append(person)

    page_url = app.builder.get_target_uri(pagename)
    base = config.html_baseurl.rstrip("/") + "/" if config.html_baseurl else ""
    papers = records(app.env)
    if paper_key:
        # Without a base URL, the page's own file name: a reference relative to the page.
        url = f"{base}{page_url}" if base else posixpath.basename(page_url)
        graph.append(article(papers[paper_key], url))
        return graph
    # The papers this page lists (not every record: a site has thousands of pages and papers).
    listed = store(app.env).listed.get(pagename, set())
    for key, paper in papers.items() if listed else ():
        if key in listed:
            url = f"{base}{page_url}#{paper.anchor}" if base else f"#{paper.anchor}"
            graph.append(article(paper, url))
    return graph


def graph_json(app: Sphinx, pagename: str, paper_key: str = "") -> str:
    """The page's JSON-LD (:func:`page_graph`), safe as a ``<script>``'s body; "" if none."""
    graph = page_graph(app, pagename, paper_key)
    if not graph:
        return ""
    # Compact: indented, this is nearly half of a page of thousands of papers. ASCII (non-ASCII
    # as \u escapes): Python holds a string in two or four bytes a character as soon as one
    # character needs it, and a name past U+00FF is likely among thousands of papers.
    text = json.dumps({"@context": "https://schema.org", "@graph": graph}, separators=(",", ":"))
    # One str.replace per character: str.translate looks each character up in a dict, twenty
    # times slower on the megabytes of a list of thousands.
    for char, escape in SCRIPT_SAFE.items():
        text = text.replace(char, escape)
    return text


def add_jsonld(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add this page's JSON-LD as a ``<script>`` in its head (this page only)."""
    if "cv_paper" in context:  # a paper's page carries its own (cv.web.paperpages.head_tags)
        return
    if text := graph_json(app, pagename):
        # The builder's add_js_file, during html-page-context, adds the script to this page
        # alone; the application's would also keep it in the registry for the rest of the build
        # (megabytes, for a page listing thousands of papers).
        builder = cast("StandaloneHTMLBuilder", app.builder)
        builder.add_js_file(None, body=text, type="application/ld+json")  # type: ignore[arg-type]
