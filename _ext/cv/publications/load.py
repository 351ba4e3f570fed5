"""The papers of a build: the .bib files read, checked and made into records, once per change.

The Sphinx side of the first steps of the pipeline (.bib -> records -> nodes): at
``builder-inited``, in the main process, before any page is read, every .bib file is read
(:mod:`cv.bib.bibfile`), crossref and xdata are inherited (:mod:`cv.bib.fields`), each entry is
checked (:mod:`cv.bib.checks`) and made into a :class:`cv.bib.record.Paper`, and each new or
changed paper is rendered once into nodes (:mod:`cv.publications.nodes`). Papers are cached by a
digest of their entry, the settings and the extension's own code, so an edit of the code shows at
once and a build that changes nothing formats nothing; each file's parse is kept too, so that an
edited .bib is parsed again only where it changed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pybtex.plugin
from pybtex.database import Person
from sphinx.errors import ConfigError
from sphinx.util import logging

from .. import adapters
from ..bib.bibfile import read_bib
from ..bib.checks import check_entry
from ..bib.decode import decode, use_macros
from ..bib.digest import code_digest, entry_digest
from ..bib.fields import NOT_PAPERS, inherit
from ..bib.record import make_paper
from ..formats.style import STYLE_NAME, Style, name_text
from ..speed import on
from .nodes import render_paper
from .store import PublicationsDomain, store

if TYPE_CHECKING:
    from collections.abc import Set

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..bib.bibfile import BibSource

logger = logging.getLogger(__name__)


class Shared(NamedTuple):
    """The parse given to sphinxcontrib-bibtex: encoding, each file's keys, the entries."""

    encoding: str
    files: dict[str, list[str]]
    entries: dict[str, Any]


#: This package's folder: the code whose content is part of every paper's digest.
CODE = code_digest(Path(__file__).parent.parent)


def check_config(app: Sphinx, config: Config) -> None:
    """``cv_owner`` (the owner's names, as BibTeX writes them) and ``cv_kinds`` (kind ->
    heading, in the order a page lists them)."""
    value = config.cv_owner
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, (list, tuple)) or not all(
        isinstance(name, str) and name.strip() and Person(name).last_names for name in names
    ):
        msg = (
            f"cv_owner = {value!r}: give the CV owner's name, or a list of its variants, as "
            "BibTeX writes names, e.g. cv_owner = ['Doe, Jane', 'J. Doe']"
        )
        raise ConfigError(msg)
    config.cv_owner = tuple(name.strip() for name in names)
    kinds = config.cv_kinds
    if (
        not isinstance(kinds, dict)
        or not kinds
        or not all(
            isinstance(k, str) and k.strip() and not set(k) & set(" ,") and isinstance(v, str)
            for k, v in kinds.items()
        )
    ):
        msg = (
            f"cv_kinds = {kinds!r}: map each kind's name (one word) to its heading, in the "
            "order the publication page lists them, e.g. {'journal': 'Journal articles'}"
        )
        raise ConfigError(msg)
    # Pages without papers need no .bib; sphinxcontrib-bibtex refuses to start without the list.
    if config.bibtex_bibfiles is None:
        config.bibtex_bibfiles = []


#: A command name, as ``cv_bibtex_macros`` names it (with or without its backslash).
MACRO_NAME_RE = re.compile(r"\\?[A-Za-z]+")


def check_macros(app: Sphinx, config: Config) -> None:
    """``cv_bibtex_macros``: the project's own LaTeX commands of its .bib (name -> the LaTeX
    it stands for), expanded like the exporters' (docs/bibliography.md)."""
    macros = config.cv_bibtex_macros
    if not isinstance(macros, dict) or not all(
        isinstance(name, str) and MACRO_NAME_RE.fullmatch(name) and isinstance(value, str)
        for name, value in macros.items()
    ):
        msg = (
            f"cv_bibtex_macros = {macros!r}: map each command's name (letters only) to the "
            "LaTeX it stands for, e.g. {'myjournal': 'Journal of Examples'}"
        )
        raise ConfigError(msg)
    config.cv_bibtex_macros = {name.lstrip("\\"): value for name, value in macros.items()}
    use_macros(config.cv_bibtex_macros)


#: ``cv_name_order``'s values, and whether each shows the family name first.
NAME_ORDERS = {"family first": True, "given first": False}


def check_name_order(app: Sphinx, config: Config) -> None:
    """``cv_name_order``: names (as BibTeX writes them) shown in an order other than their
    script's (docs/bibliography.md): ``{"Nagy, János": "family first"}``."""
    value = config.cv_name_order
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and Person(name).last_names and order in NAME_ORDERS
        for name, order in value.items()
    ):
        msg = (
            f"cv_name_order = {value!r}: map names, as BibTeX writes them, to 'family first' "
            "or 'given first', e.g. {'Nagy, János': 'family first'}"
        )
        raise ConfigError(msg)


def name_orders(config: Config) -> tuple[tuple[Person, bool], ...]:
    """``cv_name_order`` as (name, family first) pairs, for :func:`cv.bib.record.make_paper`."""
    return tuple((Person(name), NAME_ORDERS[order]) for name, order in config.cv_name_order.items())


def bib_paths(app: Sphinx) -> list[Path]:
    """The .bib files, resolved exactly as sphinxcontrib-bibtex resolves them."""
    return [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]


def settings_of(app: Sphinx, paths: list[Path]) -> tuple[Any, ...]:
    """What the papers depend on besides their entries: cheap to compare on every build."""
    config = app.config
    mtimes = tuple((str(path), mtime(path)) for path in paths)
    macros = tuple(sorted(config.cv_bibtex_macros.items()))
    orders = tuple(sorted(config.cv_name_order.items()))
    # The last is the files' times: what the entries depend on is all that comes before.
    return (
        CODE, tuple(config.cv_owner), tuple(config.cv_kinds), config.bibtex_encoding, macros,
        orders, mtimes,
    )  # fmt: skip


def mtime(path: Path) -> float | None:
    """The file's modification time, None if it cannot be read."""
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def report(problem_location: str, subtype: str, message: str, error: bool = False) -> None:
    log = logger.error if error else logger.warning
    log(message, location=problem_location, type="cv", subtype=subtype)


def load(app: Sphinx, old: PublicationsDomain) -> tuple[dict[str, Any], Shared] | None:
    """Read the .bib files if they or the settings changed since *old* (the store's last read).

    Returns the new ``records`` / ``rendered`` / ``settings`` data and the parse to share with
    sphinxcontrib-bibtex, or None when nothing changed.
    """
    paths = bib_paths(app)
    settings = settings_of(app, paths)
    if old.settings == settings:
        return None
    encoding = app.config.bibtex_encoding
    # Kept by (code, file): what the cache holds is what this code made of the file's text.
    parsed = old.parsed if on(app.config, "parse_cache") else {}
    sources: list[BibSource] = [
        read_bib(path, encoding, parsed.get((CODE, str(path)))) for path in paths
    ]
    for source in sources:
        for problem in source.problems:
            report(problem.location, problem.subtype, problem.message, problem.error)
    entries: dict[str, Any] = {}
    where: dict[str, str] = {}
    unchecked = {key for source in sources if source.misread for key in source.entries}
    first: dict[str, str] = {}  # lower-case key -> where: keys are case-insensitive in BibTeX
    for source in sources:
        for key, entry in source.entries.items():
            if key.lower() in first:
                report(
                    source.where(key),
                    "bibfile",
                    f"duplicate key {key!r}, first defined at {first[key.lower()]}; "
                    "this entry is left out: give it a unique key",
                )
                continue
            entries[key] = entry
            where[key] = first[key.lower()] = source.where(key)
    resolved, parents, problems = inherit(entries)
    for key, subtype, message in problems:
        report(where[key], subtype, f"{key}: {message}")

    owners = tuple(Person(name) for name in app.config.cv_owner)
    if entries and not owners:
        report("", "owner", "cv_owner is not set, so no author is emphasised: set it in conf.py")
    kinds = tuple(app.config.cv_kinds)
    orders = name_orders(app.config)
    cached_records = on(app.config, "records")
    old_records = old.records if cached_records else {}
    old_rendered = old.rendered if cached_records else {}
    old_checks = old.checks if cached_records else {}
    pickled = on(app.config, "pickled_nodes")
    take_apart = on(app.config, "release")
    records: dict[str, Any] = {}
    rendered: dict[str, Any] = {}
    checks: dict[str, list[tuple[str, str]]] = {}
    formatted = 0
    for key, entry in resolved.items():
        if key in parents or entry.type.lower() in NOT_PAPERS:
            continue  # a crossref parent, an @xdata or @set entry: no paper of its own
        if not entry.fields and not entry.persons:
            report(where[key], "field", f"{key}: the entry has no fields; it is left out")
            continue
        digest = entry_digest(entry, repr(settings[:-1]))
        cached = old_records.get(key)
        if cached is not None and cached.digest == digest and key in old_rendered:
            # Unchanged: only where it is in the .bib may have moved. Its problems are those
            # of last time (the digest covers what check_entry reads), reported again.
            paper = cached
            if (paper.location, paper.position) != (where[key], len(records)):
                paper = replace(cached, location=where[key], position=len(records))
            rendered[key] = old_rendered[key]
            if key in old_checks:
                checks[key] = old_checks[key]
        else:
            paper = make_paper(
                entry,
                owners=owners,
                kinds=kinds,
                digest=digest,
                location=where[key],
                position=len(records),
                orders=orders,
            )
            rendered[key] = render_paper(paper, pickled, take_apart)
            formatted += 1
        if key not in checks:
            owned = bool(owners)
            checks[key] = [] if key in unchecked else check_entry(entry, paper, kinds, owned)
        for subtype, message in checks[key]:
            report(where[key], subtype, f"{key}: {message}")
        records[key] = paper
    logger.info("publications: %d of %d papers formatted", formatted, len(records))
    # Decoded fields are cached for this loop, where each is read several times; nothing
    # reads most of them again, and a build of thousands of papers would carry them all.
    decode.cache_clear()
    name_text.cache_clear()

    # sphinxcontrib-bibtex's roles and {bibliography} read this same parse (crossref
    # resolved), so it never parses the files again nor stops at their first error.
    shared = Shared(
        encoding,
        {source.path: [key for key in source.entries if key in resolved] for source in sources},
        resolved,
    )
    data = {
        "settings": settings,
        "records": records,
        "rendered": rendered,
        "checks": checks,
        # In the environment, not a file beside it: its entries are the bibdata's (one pickle
        # stores them once), so it adds only each command's digest and what it read.
        "parsed": {(CODE, source.path): source.commands for source in sources}
        if on(app.config, "parse_cache")
        else {},
    }
    return data, shared


def load_papers(app: Sphinx) -> None:
    """``builder-inited``: make the records of the .bib entries that changed since last build."""
    domain = store(app.env)
    loaded = load(app, domain)
    if loaded is None:
        return
    data, shared = loaded
    old, new = domain.records, data["records"]
    # sphinxcontrib-bibtex finds its cache up to date and keeps this parse for its roles.
    adapters.share_parse(app.env, *shared)
    # Both versions of a changed paper: a list that showed either must be read again. A paper
    # that moved in the .bib may change places with another of the same date; one that only got
    # a new position because an entry before it was added or removed changes nothing.
    kept_old = [key for key in old if key in new]
    kept_new = [key for key in new if key in old]
    moved = {key for pair in zip(kept_old, kept_new, strict=True) if pair[0] != pair[1]
             for key in pair}  # fmt: skip
    domain.changed = tuple(
        paper
        for key in old.keys() | new.keys()
        if key in moved
        or getattr(old.get(key), "digest", None) != getattr(new.get(key), "digest", None)
        or getattr(old.get(key), "kind", None) != getattr(new.get(key), "kind", None)
        for paper in (old.get(key), new.get(key))
        if paper is not None
    )
    domain.replace(data)


def outdated_docs(app: Sphinx, env: BuildEnvironment, *args: Set[str]) -> set[str]:
    """``env-get-outdated``: the pages to read again because a paper of theirs changed."""
    return store(env).outdated_docs()


def bind_owner(app: Sphinx, config: Config) -> None:
    """Register the style with the owner of this CV, for ``{bibliography}`` to find by name.

    ``force=True``: pybtex keeps the first class registered under a name, a stale one when this
    module is imported again (pytest, sphinx-autobuild). The name is ours alone.
    """
    owners = tuple(Person(name) for name in config.cv_owner)
    defaults = {
        "default_owners": owners,
        "default_kinds": tuple(config.cv_kinds),
        "default_orders": name_orders(config),
    }
    bound = type("Style", (Style,), defaults)
    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE_NAME, bound, force=True)
