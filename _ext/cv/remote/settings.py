"""What the commands of ``python -m cv.remote`` read from the project: its ``conf.py``.

The settings are read as Sphinx reads them (``conf.py`` run in its own folder), so that a command
edits the .bib a build reads and writes the counts file a build shows. A mistake in them, or in
the command line, is a :class:`UsageError` (exit status 2).
"""

from __future__ import annotations

import os
import runpy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Where the citation counts are kept unless ``cv_citation_counts`` says otherwise.
COUNTS_FILE = "citations.json"


class UsageError(Exception):
    """A mistake in the command line or the settings (exit status 2)."""


@dataclass
class Settings:
    """What the commands need from ``conf.py``."""

    root: Path
    bib: Path
    owners: tuple[str, ...] = ()
    contact: str = ""
    ids: dict[str, str] = field(default_factory=dict)
    counts: Path | None = None


def read_settings(root: Path, bib: str | None) -> Settings:
    """The settings of the project in *root* (its ``conf.py``, as Sphinx would read it)."""
    conf = root / "conf.py"
    values: dict[str, Any] = {}
    if conf.is_file():
        cwd = Path.cwd()
        try:
            os.chdir(root)
            values = runpy.run_path(str(conf), run_name="conf")
        except BaseException as error:  # conf.py is the user's code: any error is theirs
            raise UsageError(f"cannot read {conf}: {type(error).__name__}: {error}") from None
        finally:
            os.chdir(cwd)
    files = values.get("bibtex_bibfiles") or ["publications.bib"]
    owners = values.get("cv_owner") or ()
    counts = values.get("cv_citation_counts", COUNTS_FILE)
    ids = values.get("cv_researcher_ids") or {}
    return Settings(
        root=root,
        bib=(Path(bib) if bib else root / files[0]),
        owners=(owners,) if isinstance(owners, str) else tuple(owners),
        contact=os.environ.get("CV_CONTACT_EMAIL") or str(values.get("cv_contact_email") or ""),
        ids={str(k): str(v) for k, v in ids.items()} if isinstance(ids, dict) else {},
        counts=(root / counts) if isinstance(counts, str) and counts else None,
    )
