"""Author names compared as a reader reads them, to find the CV owner among a paper's authors.

One person is written many ways: DBLP's ``S{\\'{e}}bastien``, Zotero's ``Sébastien``, an old
export's ``Sebastien``; ``{de Laat}, Arne`` with the von part braced or ``de Laat, Arne``;
``J. Doe`` for ``Jane Doe``. pybtex splits a name into its parts; here each part is decoded
from LaTeX, normalised (NFKC, accents and case folded) and split into words, so such variants
compare equal. BibTeX's ``and others`` becomes a pybtex person named ``others``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .decode import plain

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pybtex.database import Person


@dataclass(frozen=True)
class NameKey:
    """A name as compared: its words, decoded and folded (``("de", "laat")``, ``("arne",)``)."""

    last: tuple[str, ...]  #: von and last names
    given: tuple[str, ...]  #: first and middle names; an initial is one letter


def fold(text: str) -> str:
    """*text* without accents or case: exporters differ in both (``Sébastien``, ``SEBASTIEN``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFKC", bare.casefold())


def words(parts: Sequence[str]) -> tuple[str, ...]:
    """The words of name parts; hyphens, periods and braces only separate (``J.-P.``)."""
    return tuple(re.findall(r"\w+", fold(" ".join(plain(part) for part in parts))))


def name_key(person: Person) -> NameKey:
    """The key that :func:`same_person` compares (the lineage, ``Jr.``, is left out)."""
    return _name_key(
        (*person.prelast_names, *person.last_names), (*person.first_names, *person.middle_names)
    )


@functools.lru_cache(maxsize=1 << 16)
def _name_key(last: tuple[str, ...], given: tuple[str, ...]) -> NameKey:
    # Cached: the owner's name is compared with each author of each paper, and a group's
    # names repeat across its papers.
    return NameKey(last=words(last), given=words(given))


def same_person(a: Person, b: Person) -> bool:
    """Whether two names are one person's: equal keys, where an initial matches a given name
    with that first letter (``J.`` ~ ``Jane``), as many given names on both sides."""
    key_a, key_b = name_key(a), name_key(b)
    return (
        key_a.last == key_b.last
        and len(key_a.given) == len(key_b.given)
        and all(
            x == y or (min(len(x), len(y)) == 1 and x[0] == y[0])
            for x, y in zip(key_a.given, key_b.given, strict=True)
        )
    )


def is_others(person: Person) -> bool:
    """Whether *person* is BibTeX's ``and others`` (pybtex keeps it as a name), for "et al."."""
    return str(person) == "others"
