"""The papers' store: the ``cvpubs`` domain, and the only code that reads or writes its data.

Every other module goes through :func:`store` and the typed properties of
:class:`PublicationsDomain`, so an import shows where records and list entries are kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from sphinx.domains import Domain
from sphinx.util import logging

if TYPE_CHECKING:
    from collections.abc import Mapping, Set

    from docutils import nodes
    from sphinx.environment import BuildEnvironment

    from ..bib.record import Paper
    from .nodes import Rendered

logger = logging.getLogger(__name__)


class PublicationsDomain(Domain):
    """The papers' records and rendered nodes, kept between builds; which page lists which.

    ``records`` and ``rendered`` are filled before reading (in the main process, so ``-j``
    workers share them and never add to them); ``listed`` and ``lists`` are per page and merged
    like any other per-document data. ``changed`` (not kept) holds the papers changed this build.
    """

    name = "cvpubs"
    label = "CV publications"
    data_version = 5
    initial_data: ClassVar[dict[str, Any]] = {
        "settings": None,  # what the records were made with
        "records": {},  # key -> Paper, in .bib order
        "rendered": {},  # key -> Rendered
        "checks": {},  # key -> its problems, (subtype, message), reported on each .bib read
        "parsed": {},  # (code digest, .bib path) -> its cv.bib.bibfile.ParseCache
        "listed": {},  # docname -> keys listed there with labels
        "lists": {},  # docname -> the (kinds or None, selected) options of each list there
    }
    changed: tuple[Paper, ...] = ()
    #: The list entries' HTML of earlier builds (cv.speed.entryhtml), once a list is written.
    entry_html: dict[tuple[str, str], tuple[str, str]] | None = None
    entry_html_changed = False
    #: Whether the builder writes HTML, and whether its writer fills full lists in paper by
    #: paper (the speed mechanism ``defer``).
    html = defer = False

    @property
    def records(self) -> dict[str, Paper]:
        """key -> :class:`cv.bib.record.Paper`, in .bib order."""
        return self.data["records"]

    @property
    def rendered(self) -> dict[str, Rendered]:
        """key -> the paper formatted once into nodes (:class:`cv.publications.nodes.Rendered`)."""
        return self.data["rendered"]

    @property
    def checks(self) -> dict[str, list[tuple[str, str]]]:
        """key -> its problems, (subtype, message), reported on each read of the .bib."""
        return self.data["checks"]

    @property
    def parsed(self) -> dict[tuple[str, str], Any]:
        """(code digest, .bib path) -> the file's parse cache, for the next read."""
        return self.data["parsed"]

    def replace(self, data: dict[str, Any]) -> None:
        """Take the records, nodes, checks and parse of a new reading of the .bib files."""
        self.data.update(data)

    @property
    def settings(self) -> Any:
        """What the records were made with (see :func:`cv.publications.load.settings_of`)."""
        return self.data["settings"]

    @property
    def listed(self) -> dict[str, set[str]]:
        """docname -> the keys its full lists show with labels."""
        return self.data["listed"]

    @property
    def lists(self) -> dict[str, list[tuple[tuple[str, ...] | None, bool]]]:
        """docname -> the options (kinds or None, selected) of each list on that page."""
        return self.data["lists"]

    def clear_doc(self, docname: str) -> None:
        self.listed.pop(docname, None)
        self.lists.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for name in ("listed", "lists"):
            for docname in docnames & otherdata[name].keys():
                self.data[name][docname] = otherdata[name][docname]

    def outdated_docs(self) -> set[str]:
        """The pages with a list that showed, or now shows, a paper that changed in the .bib."""
        return {
            docname
            for docname, lists in self.lists.items()
            if any(matches(paper, *options) for options in lists for paper in self.changed)
        }

    def check_consistency(self) -> None:
        """A paper that no page lists would be silently missing: say so, if any page lists."""
        listed = self.listed
        if not listed:
            return
        shown = set().union(*listed.values())
        for key, paper in self.records.items():
            if key not in shown:
                logger.warning(
                    "%s: no publications list shows this paper (kind %r); add a list with "
                    ":kind: %s, or a {publications} list without :kind:",
                    key,
                    paper.kind,
                    paper.kind,
                    location=paper.location,
                    type="cv",
                    subtype="unlisted",
                )

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.reference]]:
        return []  # papers are std:labels; this domain has no objects of its own


def store(env: BuildEnvironment) -> PublicationsDomain:
    """The build's papers store."""
    return cast("PublicationsDomain", env.get_domain("cvpubs"))


def records(env: BuildEnvironment) -> Mapping[str, Paper]:
    """Every paper's record, key -> :class:`cv.bib.record.Paper`, in .bib order."""
    return store(env).records


def matches(paper: Paper, kinds: tuple[str, ...] | None, selected: bool) -> bool:
    """Whether a list with these options (all kinds for None) shows *paper*."""
    return (kinds is None or paper.kind in kinds) and (paper.selected or not selected)
