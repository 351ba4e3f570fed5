"""What the paper pages and the downloads are made from, kept between builds.

The Sphinx side of :mod:`cv.formats.csl`: before any page is read, each new or changed paper's
record becomes its CSL-JSON item, its citations (:mod:`cv.formats.cslprocessor`) and its RIS, kept
beside the doctrees (its BibTeX is made with its nodes: ``cv.publications.nodes.Rendered``).
Also where each paper's page is (``papers/<key>``).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from sphinx.domains import Domain
from sphinx.errors import ConfigError
from sphinx.util import logging

from ..formats import csl, cslprocessor
from ..publications.store import records
from ..speed import on

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Set

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..bib.record import Paper
    from ..speed.outputs import Outputs


logger = logging.getLogger(__name__)

#: The folder of the paper pages and their per-paper downloads.
FOLDER = "papers"
SLUG_RE = re.compile(r"[^a-z0-9._-]+")
#: The longest page name: well under the 255 bytes a file name may have, with ".html" after it.
SLUG_LENGTH = 100
#: A name made with a hash (:func:`slug`): a key that looks like one is hashed too.
HASHED_RE = re.compile(r".*-[0-9a-f]{8}")
#: The file beside the doctrees that keeps each paper's Formatted (cv.speed: formatted_file).
FORMATTED = "cv-formatted.pickle"
#: The builders that make the pages: a website's. Not epub or singlehtml (one file, no pages).
BUILDERS = frozenset({"html", "dirhtml"})


def slug(key: str) -> str:
    """The file name of a key's page: the key in lower case where that is a safe file name.

    Any other key gets its unsafe runs as ``-``, at most :data:`SLUG_LENGTH` characters, and
    ``-`` and 8 hex digits of its SHA-256 (``DBLP:conf/isca/ParkHH16`` is
    ``dblp-conf-isca-parkhh16-<hash>``). A safe key that ends like that is hashed too, so no key
    is another's hashed name; keys are unique in lower case, so two keys share a name only if
    two hashed names' stems and hashes are alike, which :func:`page_names` reports.
    """
    lower = key.lower()
    safe = SLUG_RE.sub("-", lower).strip("-.") or "paper"
    if safe == lower and len(safe) <= SLUG_LENGTH and not HASHED_RE.fullmatch(safe):
        return safe
    stem = safe[: SLUG_LENGTH - 9].rstrip("-.") or "paper"
    return f"{stem}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def page_of(key: str) -> str:
    """The page name (Sphinx's docname form) of a paper's page."""
    return f"{FOLDER}/{slug(key)}"


def page_names(papers: Mapping[str, Paper], warn: bool = False) -> dict[str, str]:
    """Page name -> key, for the pages of *papers* (key -> record, in .bib order). Where two
    keys' names are alike (:func:`slug`), the first keeps the page and the other has none: its
    title leads to its entry in the list; with *warn*, a warning names both keys."""
    pages: dict[str, str] = {}
    for key, paper in papers.items():
        pagename = page_of(key)
        if pagename not in pages:
            pages[pagename] = key
        elif warn:
            logger.warning(
                "%s: this key's page would be %s, the page of %s (their hashed names are "
                "alike); it gets no page of its own: rename one of the two keys",
                key,
                pagename,
                pages[pagename],
                location=paper.location,
                type="cv",
                subtype="paperpage",
            )
    return pages


def page_url(app: Sphinx, pagename: str) -> str:
    """The page's absolute address on a hosted build (``html_baseurl``), else ""."""
    base = app.config.html_baseurl
    if not base:
        return ""
    return posixpath.join(base, app.builder.get_target_uri(pagename))


# -- Storage -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Formatted:
    """What a paper's page and the downloads need beyond the record, made once per change."""

    digest: str  #: the record's digest this was made from
    #: Its CSL-JSON item, as JSON text: text unpickles many times faster than nested dicts, and
    #: the environment of thousands of papers is loaded by every build.
    item_json: str
    #: style -> the citation, marked (see cv.formats.cslprocessor.to_nodes)
    citations: dict[str, str]
    #: What the citations were made with (csl.styles_digest): kept with them, so that a fresh
    #: environment (-E) takes them as they are.
    styles: str
    ris: str  #: its RIS record, as rispy writes it (cv.formats.exports)

    @property
    def item(self) -> dict[str, Any]:
        return json.loads(self.item_json)


class PaperPagesDomain(Domain):
    """The papers' CSL items and citations, and where each key's label stood in the list."""

    name = "cvpapers"
    label = "CV paper pages"
    data_version = 4
    initial_data: ClassVar[dict[str, Any]] = {
        # key -> the digest of the record its Formatted (see formatted()) was made from, or ""
        # if it lacks citations: then it is made again.
        "made": {},
        "listed": {},  # label name -> (docname, anchor, title) of the paper in a list
        # What the citations were made with: the styles' names and files (csl.styles_digest).
        # A style file edited in place changes no setting, but every paper's citations.
        "styles": "",
    }
    written: Outputs | None = None  # not kept in the environment (cv.speed.outputs)
    #: The pages this build writes, documents and paper pages (cv.web.hosting's sitemap).
    pages_written: set[str]
    formatted: dict[str, Formatted] | None = None  # nor this (see formatted())

    @property
    def made(self) -> dict[str, str]:
        """key -> the digest of the record its :class:`Formatted` was made from ("" if it lacks
        citations: then it is made again)."""
        return self.data["made"]

    @made.setter
    def made(self, made: dict[str, str]) -> None:
        self.data["made"] = made

    @property
    def labels(self) -> dict[str, tuple[str, str, str]]:
        """label name -> (docname, anchor, title) of the paper in a list."""
        return self.data["listed"]

    @labels.setter
    def labels(self, labels: dict[str, tuple[str, str, str]]) -> None:
        self.data["listed"] = labels

    @property
    def styles(self) -> str:
        """What the citations were made with: the styles' names and files."""
        return self.data["styles"]

    @styles.setter
    def styles(self, styles: str) -> None:
        self.data["styles"] = styles

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        pass  # nothing is added while pages are read

    def clear_doc(self, docname: str) -> None:
        pass

    def resolve_any_xref(self, *args: Any) -> list[tuple[str, nodes.reference]]:
        return []


def domain_of(env: BuildEnvironment) -> PaperPagesDomain:
    return cast("PaperPagesDomain", env.get_domain("cvpapers"))


def reads_everything(env: BuildEnvironment, docnames: Iterable[str]) -> bool:
    """Whether Sphinx reads every document again (*docnames*, ``env-before-read-docs``): a
    fresh environment, or a changed setting."""
    return env.found_docs <= set(docnames)


def formatted(app: Sphinx) -> dict[str, Formatted]:
    """Each paper's :class:`Formatted`, read from beside the doctrees when a build needs it.

    Not in the environment: every build loads that, and the pages and downloads that read
    these are written only when a paper changed. Kept out of memory while the documents are
    written, the biggest of which lists every paper.
    """
    domain = domain_of(app.env)
    if not on(app.config, "formatted_file"):
        return domain.data.setdefault("formatted", {})
    if domain.formatted is None:
        domain.formatted = read_pickle(Path(app.doctreedir) / FORMATTED)
    return domain.formatted


def format_papers(app: Sphinx) -> None:
    """``builder-inited``: the CSL item and citations of each new or changed paper.

    Websites only (no other output shows them); a later HTML build formats what changed since.
    Kept beside the doctrees (:func:`formatted`), they outlive a fresh environment (``-E``, a
    changed setting), which formats only what it has never formatted.
    """
    domain = domain_of(app.env)
    domain.written = domain.formatted = None  # loaded afresh by each build
    domain.pages_written = set()
    if app.builder.name not in BUILDERS:
        return
    papers = records(app.env)
    page_names(papers, warn=True)
    made = domain.made
    path = Path(app.doctreedir) / FORMATTED
    styles_digest = csl.styles_digest(app.config.cv_citation_styles, app.confdir)
    unchanged = made.keys() == papers.keys() and all(
        made[key] == paper.digest for key, paper in papers.items()
    )
    in_env = not on(app.config, "formatted_file")
    kept_before = domain.data.get("formatted") if in_env else path.exists()
    if unchanged and kept_before and domain.styles == styles_digest:
        return
    styles = tuple(app.config.cv_citation_styles)
    old = formatted(app)
    kept = {
        key: cached
        for key, paper in papers.items()
        if (cached := old.get(key)) is not None
        and cached.digest == paper.digest
        and tuple(cached.citations) == styles
        and cached.styles == styles_digest
    }
    changed = [paper for key, paper in papers.items() if key not in kept]
    new = make_formatted(app, changed, styles_digest) if changed else {}
    result = {key: kept.get(key) or new[key] for key in papers}
    if in_env:
        domain.data["formatted"] = result
    else:
        write_pickle(path, result)
    domain.styles = styles_digest
    domain.made = {
        key: fmt.digest if tuple(fmt.citations) == styles else "" for key, fmt in result.items()
    }
    domain.formatted = None  # read again by what needs it (see formatted())


def make_formatted(app: Sphinx, changed: list[Paper], styles_digest: str) -> dict[str, Formatted]:
    """The :class:`Formatted` of the *changed* papers, in the styles of *styles_digest*."""
    # Imported here, as a website build needs it: the writers' libraries (pybtex's BibTeX
    # writer, latexcodec, rispy) took 14 ms of the 100 ms the extension took to import for a
    # LaTeX build, which never writes them.
    from ..formats import exports

    # Each item's JSON text, made once: kept as the paper's CSL-JSON, and what pandoc reads.
    items = {paper.key: exports.item_text(csl.csl_item(paper)) for paper in changed}
    styles = app.config.cv_citation_styles
    try:
        loaded = {name: csl.load_style(name, app.confdir) for name in styles}
        styled = cslprocessor.format_styles(items, loaded)
    except csl.CitationError as error:
        logger.warning(
            "the paper pages show no citations: %s", error, type="cv", subtype="citations"
        )
        styled = {style: {} for style in styles}  # formatted again by the next build
    made: dict[str, Formatted] = {}
    for paper in changed:
        key = paper.key
        citations = {style: styled[style][key] for style in styles if key in styled[style]}
        made[key] = Formatted(
            paper.digest, items[key], citations, styles_digest, exports.ris([paper])
        )
    return made


def read_pickle(path: Path) -> dict[Any, Any]:
    """A dict kept beside the doctrees; {} when it is missing, damaged or from another version
    (unpickling raises whatever a class may): what it lacks is made again."""
    try:
        with path.open("rb") as file:
            data = pickle.load(file)
    except Exception:
        return {}
    return data if isinstance(data, dict) else {}


def write_pickle(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        pickle.dump(data, file, pickle.HIGHEST_PROTOCOL)


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object kept beside the doctrees; {} when there is none (or it is damaged)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def check_styles(app: Sphinx, config: Config) -> None:
    """``cv_citation_styles``: CSL styles, each with a label. A style is the name of one that
    cv bundles (``cv.csl.STYLE_FOLDER``) or the path of a ``.csl`` file, relative to the folder
    of conf.py."""
    styles = config.cv_citation_styles
    problems = ["not a dict"] if not isinstance(styles, dict) else []
    for style, label in styles.items() if not problems else ():
        if not (isinstance(label, str) and label.strip()):
            problems.append(f"the label of {style!r} is {label!r}")
        elif problem := csl.style_problem(style, app.confdir):
            problems.append(problem)
    if problems:
        msg = (
            f"cv_citation_styles = {styles!r}: {'; '.join(problems)}. Map CSL styles to their "
            f"labels: a style that cv bundles ({', '.join(csl.STYLES)}) or the path of a .csl "
            "file, relative to conf.py's folder, e.g. {'ieee': 'IEEE', 'styles/my.csl': 'Mine'}"
        )
        raise ConfigError(msg)
