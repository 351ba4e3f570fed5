"""Machine-readable metadata: schema.org JSON-LD for the CV's owner and for each paper.

Search engines and reference managers read ``<script type="application/ld+json">``.  It is made
from the sources the pages are made from: the owner from conf.py (``author`` and
``cv_jsonld_person``), the papers from the .bib data that cv.publications parsed and checked.  The
landing page describes the person; the page that lists a paper (the one holding the ``std:label``
named by its BibTeX key) describes that paper, with the paper's anchor as its ``url``.  Only what
the sources say is emitted: no address, date or identifier is made up.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ConfigError

from .publications import month_number
from .style import plain_text

if TYPE_CHECKING:
    from pybtex.database import Entry, Person
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "1.0"

#: What ``cv_jsonld_person`` may say about the owner, besides the name (conf.py's ``author``).
PERSON_KEYS = ("jobTitle", "worksFor")

#: Characters that could end the ``<script>`` element or start markup, as JSON escapes: a field
#: holding ``</script>`` then stays data, and the text is still the same JSON.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


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


def person_name(person: Person) -> str:
    parts = [
        *person.first_names,
        *person.middle_names,
        *person.prelast_names,
        *person.last_names,
        *person.lineage_names,
    ]
    return plain_text(" ".join(parts))


def date_published(entry: Entry) -> str | None:
    """``YYYY`` or ``YYYY-MM`` from the entry's year and month; None without a year.

    A month that cannot be read is left out; cv.publications has already warned about it.
    """
    year = entry.fields.get("year", "").strip()
    if not year:
        return None
    month = month_number(entry.fields.get("month", ""))
    return f"{year}-{month:02d}" if month else year


def article(entry: Entry, url: str) -> dict[str, Any]:
    """A ``ScholarlyArticle`` with the entry's title, authors, date, venue and identifiers."""
    fields = entry.fields
    title = plain_text(fields.get("title", ""))
    data: dict[str, Any] = {"@type": "ScholarlyArticle", "@id": url, "url": url}
    data |= {"headline": title, "name": title}
    data["author"] = [
        {"@type": "Person", "name": person_name(person)}
        for person in entry.persons.get("author", [])
    ]
    if date := date_published(entry):
        data["datePublished"] = date
    if journal := fields.get("journal"):
        data["isPartOf"] = {"@type": "Periodical", "name": plain_text(journal)}
    elif venue := fields.get("booktitle") or fields.get("howpublished"):
        data["isPartOf"] = {"@type": "CreativeWork", "name": plain_text(venue)}
    if pages := fields.get("pages"):
        data["pagination"] = plain_text(pages)
    if doi := fields.get("doi"):
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": doi}
    return data


def page_graph(app: Sphinx, pagename: str) -> list[dict[str, Any]]:
    """The JSON-LD nodes this page describes: the owner on the landing page, its papers."""
    config = app.config
    graph: list[dict[str, Any]] = []
    if pagename == config.root_doc and config.author:
        person: dict[str, Any] = {"@type": "Person", "name": config.author}
        if job := config.cv_jsonld_person.get("jobTitle"):
            person["jobTitle"] = job
        if employer := config.cv_jsonld_person.get("worksFor"):
            person["worksFor"] = {"@type": "Organization", "name": employer}
        if config.html_baseurl:
            person["url"] = config.html_baseurl
        graph.append(person)

    if "sphinxcontrib.bibtex" not in app.extensions:  # no .bib files, so no papers
        return graph
    labels = app.env.get_domain("std").labels
    page_url = app.builder.get_target_uri(pagename)
    base = config.html_baseurl.rstrip("/") + "/" if config.html_baseurl else ""
    bibdata = app.env.get_domain("cite").bibdata
    for info in bibdata.bibfiles.values():
        for key in info.keys:
            label = labels.get(nodes.fully_normalize_name(key))
            if label is None or label[0] != pagename:
                continue
            url = f"{base}{page_url}#{label[1]}" if base else f"#{label[1]}"
            graph.append(article(bibdata.data.entries[key], url))
    return graph


def add_jsonld(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Add this page's JSON-LD as a ``<script>`` in its head (this page only)."""
    graph = page_graph(app, pagename)
    if not graph:
        return
    # Compact: indented, this is nearly half of a page of thousands of papers.
    text = json.dumps(
        {"@context": "https://schema.org", "@graph": graph},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    # Called during html-page-context, add_js_file adds the script to this page alone.
    app.add_js_file(None, body=text.translate(SCRIPT_SAFE), type="application/ld+json")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("cv_jsonld_person", {}, "html", types=frozenset({dict}))
    app.connect("config-inited", check_person)
    app.connect("html-page-context", add_jsonld)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
