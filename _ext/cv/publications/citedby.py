"""Citation counts on the pages: "Cited by 12, as of 2026-12-02, OpenAlex", and the total.

The counts come from the file ``tox -e counts`` writes (``cv_citation_counts``; see
docs/keeping-current.md); a build only reads it, never the network. It is read once, when the
configuration is, into the derived setting ``cv_citation_counts_data``: a changed file is a
changed setting, so every page that shows a count is written again. A paper without a count
shows nothing; a count older than ``cv_citation_counts_max_age`` days still shows, with its
date (the build says how old the counts are, and how to refresh them).

Each listed paper's links row gets the count (on a website; in the PDF only with
``cv_citation_counts_pdf``), each paper's page too (:mod:`cv.web.paperpages`), and
``:::{citations-total}`` writes the total where a page puts it.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .nodes import publication
from .store import store

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
SOURCE = "OpenAlex"


def load_counts(app: Sphinx, config: Config) -> None:
    """``config-inited``: read the counts file into ``cv_citation_counts_data``
    (key -> [count, date, address]); a malformed file or record is a warning, and left out."""
    config.cv_citation_counts_data = {}
    name = config.cv_citation_counts
    if not name:
        return
    path = Path(app.confdir) / name
    if not path.is_file():
        return
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as error:
        logger.warning(
            "cannot read the citation counts: %s; no counts are shown: run tox -e counts again",
            error,
            location=f"{path}:1",
            type="cv",
            subtype="citedby",
        )
        return
    papers = data.get("papers") if isinstance(data, dict) else None
    counts = {}
    for key, paper in (papers if isinstance(papers, dict) else {}).items():
        if (
            isinstance(paper, dict)
            and isinstance(paper.get("cited_by"), int)
            and not isinstance(paper["cited_by"], bool)
            and paper["cited_by"] >= 0
            and isinstance(paper.get("fetched"), str)
            and DATE_RE.fullmatch(paper["fetched"])
            and isinstance(paper.get("url"), str)
            and paper["url"].startswith("https://")
        ):
            counts[key] = [paper["cited_by"], paper["fetched"], paper["url"]]
        else:
            logger.warning(
                "the citation count of %r is not a record of cited_by, fetched and url; it is "
                "not shown: run tox -e counts again",
                key,
                location=f"{path}:1",
                type="cv",
                subtype="citedby",
            )
    config.cv_citation_counts_data = counts
    if counts:
        oldest = min(date for _, date, _ in counts.values())
        age = (today() - datetime.date.fromisoformat(oldest)).days
        if age > config.cv_citation_counts_max_age:
            logger.info(
                "citation counts: the oldest is from %s (%d days ago, more than "
                "cv_citation_counts_max_age); pages show each with its date; tox -e counts "
                "refreshes them",
                oldest,
                age,
            )


def today() -> datetime.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.datetime.now(datetime.UTC).date()


def count_of(config: Config, key: str) -> tuple[int, str, str] | None:
    found = config.cv_citation_counts_data.get(key)
    return tuple(found) if found else None  # type: ignore[return-value]


def cited_by(count: int, date: str, url: str) -> nodes.inline:
    """ "Cited by 12, as of 2026-12-02, OpenAlex", the first words linking to the citing works."""
    label = f"Cited by {count}"
    return nodes.inline(
        "",
        "",
        nodes.reference(label, label, refuri=url),
        nodes.Text(f", as of {date}, {SOURCE}"),
        classes=["cv-pub-citedby"],
    )


def add_to(item: nodes.Element) -> None:
    """Add the count in ``item["citedby"]`` to a listed paper's links row (made if it has
    none); the HTML writer calls it as it unpickles a paper, the transform below otherwise."""
    found = item.get("citedby")
    if not found:
        return
    row = next(
        (child for child in item.children if "cv-pub-extra" in child.get("classes", ())), None
    )
    if row is None:
        row = nodes.paragraph("", "", classes=["cv-pub-extra"])
        item += row
    else:
        row += nodes.Text(" · ")
    row += cited_by(*found)


class AddCitedBy(SphinxPostTransform):
    """Give each listed paper with a count its count: kept on the item (the HTML writer adds it
    as it writes the paper; the entry's cached HTML is keyed by it), and added to its links row
    wherever the paper's nodes are already in the page."""

    default_priority = 5  # registered after FillPublications (5), before ShortPapers (6)

    def run(self, **kwargs: Any) -> None:
        config = self.config
        html = store(self.env).defer  # an HTML build (cv.publications.directive.add_static)
        if not html and not config.cv_citation_counts_pdf:
            return
        for item in self.document.findall(publication):
            found = count_of(config, item.get("key", ""))
            if found is None:
                continue
            item["citedby"] = found
            if "blob" not in item:  # filled in already (not deferred to the HTML writer)
                add_to(item)


class CitationsTotal(SphinxDirective):
    """``:::{citations-total}``: "Cited 1,234 times in all, as of ..., OpenAlex (12 papers)"."""

    has_content = False
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        counts = self.config.cv_citation_counts_data
        if not counts:
            return []
        total = sum(count for count, _, _ in counts.values())
        dates = sorted(date for _, date, _ in counts.values())
        when = dates[-1] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
        papers = len(counts)
        plural = "s" if papers != 1 else ""
        text = f"Cited {total:,} times in all ({papers} paper{plural}), as of {when}, "
        paragraph = nodes.paragraph("", "", classes=["cv-citations-total"])
        paragraph += nodes.Text(text)
        paragraph += nodes.reference(SOURCE, SOURCE, refuri="https://openalex.org")
        paragraph += nodes.Text(".")
        return [paragraph]
