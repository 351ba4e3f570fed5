"""Cache keys from content: a digest of an entry as written and of the extension's own code.

A paper's record and nodes are kept between builds by the digest of its entry as written and of
the settings, which hold the code's (:func:`code_digest`: every file below ``_ext/cv/``, in every
subfolder), never by a version string bumped by hand: an edit or a move anywhere in the extension
invalidates what was made from the old code (:mod:`cv.publications.load`).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from . import names

if TYPE_CHECKING:
    from pathlib import Path

    from pybtex.database import Entry


def code_digest(folder: Path) -> str:
    """A digest of every file below *folder* (every subpackage, ``cv.sty``, the static files),
    with its path, so that an edit or a move anywhere in the extension shows at once."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def entry_digest(entry: Entry, settings: str) -> str:
    # Names as written: "Jane~Q." and "Jane Q." are one name to pybtex, not to the BibTeX shown.
    persons = {
        role: [names.as_written(person) for person in people]
        for role, people in entry.persons.items()
    }
    content = repr((settings, entry.type, sorted(entry.fields.items()), sorted(persons.items())))
    return hashlib.sha256(content.encode()).hexdigest()
