"""What exists only to make large builds fast: every speed mechanism, with what it saves.

Each is kept because ``bench/run.py`` showed it earns its place at N = 5,000 papers, switched off
beside a build with everything on and a plain sphinxcontrib-bibtex site, in the same run
(``bench/run.py --off NAME``; docs/architecture.md, "Speed", gives the figures and those of the
mechanisms removed for saving nothing). ``cv_speed`` in conf.py switches one off by name,
``cv_speed = {"gc_freeze": False}``; no output depends on it (``tests/test_speed.py``), only
the time and memory a build takes. :func:`on` is the only reader of the setting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sphinx.errors import ConfigError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


class Mechanism(NamedTuple):
    what: str
    where: str  #: the module that does it
    saves: str  #: switched off at N = 5,000: CPU seconds and MB more than with it (medians)


MECHANISMS = {
    "records": Mechanism(
        "a paper's record and nodes kept between builds, by the digest of its entry",
        "cv.publications.load",
        ".bib edit +4.2 s",
    ),
    "parse_cache": Mechanism(
        "a .bib's last parse kept, so that an edit parses only what changed",
        "cv.publications.load, cv.bib.bibfile.ParseCache",
        ".bib edit +2.5 s",
    ),
    "pickled_nodes": Mechanism(
        "each paper's nodes kept in the environment as one pickle, not as nodes",
        "cv.publications.nodes",
        "no-op +3.0 s, .bib edit +3.7 s, full +5.8 s, memory +48 MB",
    ),
    "defer": Mechanism(
        "a list's papers unpickled one at a time as the HTML writer writes them",
        "cv.publications.directive, cv.publications.visitors",
        ".bib edit +3.0 s, memory +48 MB",
    ),
    "release": Mechanism(
        "written node trees taken apart, so that reference counting frees them",
        "cv.speed.collector",
        "memory +57 to +98 MB, full +1.7 s",
    ),
    "gc_threshold": Mechanism(
        "the cyclic collector run less often while the records are made",
        "cv.speed.collector",
        "with gc_freeze (both off): full +1.6 s, .bib edit +0.5 s",
    ),
    "gc_freeze": Mechanism(
        "what lives for the whole build frozen out of the collector's scans",
        "cv.speed.collector",
        "see gc_threshold",
    ),
    "exit_freeze": Mechanism(
        "everything frozen as the process exits, so that CPython's last collection skips it",
        "cv.speed.collector",
        "full +0.65 s, no-op +0.9 s; the PDF's Sphinx process +0.13 s",
    ),
    "entry_html": Mechanism(
        "a list entry's HTML kept from build to build (cv-entries.pickle)",
        "cv.speed.entryhtml",
        ".bib edit +1.5 s",
    ),
    "citations_unstored": Mechanism(
        "sphinxcontrib-bibtex's citations, made again by every build, left out of the "
        "pickled environment",
        "cv.adapters",
        "no-op +0.3 s",
    ),
    "formatted_file": Mechanism(
        "each paper's citations, BibTeX and RIS beside the doctrees, not in the environment",
        "cv.web.paperstore",
        "memory +17 to +20 MB",
    ),
    "page_tokens": Mechanism(
        "a paper page or download written again only when what it shows changed",
        "cv.speed.outputs",
        "no-op +7.6 s, .bib edit +10.4 s",
    ),
    "page_template": Mechanism(
        "furo's page template rendered once and filled in for each paper page",
        "cv.speed.pagetemplate",
        "full +5.4 s",
    ),
    "shared_nav": Mechanism(
        "the paper pages' navigation rendered once per build",
        "cv.speed.pagetemplate",
        "full +6.6 to +7.9 s",
    ),
}


def check_config(app: Sphinx, config: Config) -> None:
    """``cv_speed``: mechanism name -> False to switch it off."""
    value = config.cv_speed
    if not isinstance(value, dict) or not all(
        name in MECHANISMS and isinstance(on, bool) for name, on in value.items()
    ):
        msg = (
            f"cv_speed = {value!r}: map a speed mechanism's name to False to switch it off, "
            f"e.g. {{'gc_freeze': False}}; the names: {', '.join(MECHANISMS)}"
        )
        raise ConfigError(msg)


def on(config: Config, name: str) -> bool:
    """Whether the speed mechanism *name* is on in this build."""
    assert name in MECHANISMS, name
    return config.cv_speed.get(name, True)
