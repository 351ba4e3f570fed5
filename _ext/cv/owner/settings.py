"""What conf.py need not repeat, derived once when it is read (``config-inited``).

- ``cv_owner`` (the name as the .bib writes it): by default ``author``.
- ``cv_contact``: checked into links (:mod:`cv.owner.contact`).
- The CV's date (``cv_updated``): the day its sources last changed, from git: the committer
  date of the last commit that touched them, if they have no change since. Otherwise (an edit
  not yet committed, a copy outside git) the build's day, as Sphinx dates a build
  (``SOURCE_DATE_EPOCH`` if set). The date a reader sees is then the date of what they read,
  the same on every rebuild of one commit, and never a day typed by hand that an edit forgets.
  It fills Sphinx's ``today`` (``{sub-ref}`today``` in MyST) and the footer's copyright year.
- The favicon: the owner's initials, unless ``html_favicon`` is set.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import time
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ConfigError
from sphinx.util.i18n import format_date

from .contact import parse_contact

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Sphinx's value of ``author`` when conf.py sets none.
NO_AUTHOR = "Author name not set"

FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<rect width="64" height="64" rx="12" fill="#1f4e79"/>'
    '<text x="32" y="42" font-family="Helvetica, Arial, sans-serif" font-size="{size}" '
    'font-weight="700" text-anchor="middle" fill="#ffffff">{initials}</text></svg>\n'
)


def owner_defaults(app: Sphinx, config: Config) -> None:
    """``cv_owner`` from ``author`` when conf.py gives none (before cv.publications checks it)."""
    if not config.cv_owner and config.author and config.author != NO_AUTHOR:
        config.cv_owner = (config.author,)


def check_contact(app: Sphinx, config: Config) -> None:
    try:
        parse_contact(config.cv_contact)
    except ValueError as error:
        raise ConfigError(str(error)) from None


def initials(name: str) -> str:
    """``Jane Q. Doe`` -> ``JD``: the first letters of the first and last words."""
    words = [word for word in re.split(r"[\s\-]+", name) if word[:1].isalnum()]
    letters = [words[0][0], words[-1][0]] if len(words) > 1 else [word[0] for word in words]
    return "".join(letters).upper()


def favicon(app: Sphinx, config: Config) -> None:
    """A favicon of the owner's initials, written beside the doctrees, unless conf.py has one."""
    if config.html_favicon or not config.author or config.author == NO_AUTHOR:
        return
    letters = initials(config.author)
    path = Path(app.doctreedir) / "cv-favicon.svg"
    svg = FAVICON.format(initials=escape(letters), size=28 if len(letters) > 1 else 36)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != svg:
        path.write_text(svg, encoding="utf-8")
    config.html_favicon = str(path)


def build_day() -> dt.date:
    """The build's day as Sphinx dates it: ``SOURCE_DATE_EPOCH`` if set, else today."""
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.fromtimestamp(time.time())


def git(srcdir: Path, *args: str) -> str | None:
    """A git command's output in *srcdir*, or None where git or a repository is missing."""
    try:
        result = subprocess.run(
            ["git", "-C", str(srcdir), *args], capture_output=True, text=True, check=False
        )
    except OSError:
        return None
    return result.stdout if result.returncode == 0 else None


def last_change(srcdir: Path, sources: list[str]) -> dt.date | None:
    """The committer date of the last commit that touched *sources* (git pathspecs relative to
    *srcdir*), if none of them has changed since; else None."""
    specs = [f":(glob){source}" for source in sources]
    if git(srcdir, "rev-parse", "--is-inside-work-tree") is None:
        return None
    status = git(srcdir, "status", "--porcelain", "--", *specs)
    if status is None or status.strip():
        return None
    day = git(srcdir, "log", "-1", "--format=%cs", "--", *specs)
    return dt.date.fromisoformat(day.strip()) if day and day.strip() else None


def updated(app: Sphinx, config: Config) -> None:
    """Fill ``cv_updated`` (ISO 8601), Sphinx's ``today`` and the copyright, unless set."""
    if config.cv_updated:
        try:
            day = dt.date.fromisoformat(config.cv_updated)
        except ValueError:
            msg = f"cv_updated = {config.cv_updated!r}: give a date as YYYY-MM-DD, or '' for git's"
            raise ConfigError(msg) from None
    else:
        sources = [*config.include_patterns, *(config.bibtex_bibfiles or []), "conf.py"]
        day = last_change(Path(app.confdir or app.srcdir), sources) or build_day()
        config.cv_updated = day.isoformat()
    if not config.today:
        month = format_date(
            "%B", date=dt.datetime(day.year, day.month, day.day), language=config.language
        )
        config.today = f"{month} {day.day}, {day.year}"
    if not config.copyright and config.author and config.author != NO_AUTHOR:
        config.copyright = f"{day.year}, {config.author}"
