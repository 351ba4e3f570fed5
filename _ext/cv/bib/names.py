"""Author names compared as a reader reads them, to find the CV owner among a paper's authors.

One person is written many ways: DBLP's ``S{\\'{e}}bastien``, Zotero's ``Sébastien``, an old
export's ``Sebastien``; ``{de Laat}, Arne`` with the von part braced or ``de Laat, Arne``;
``J. Doe`` for ``Jane Doe``. pybtex splits a name into its parts; here each part is decoded
from LaTeX, normalised (NFKC, accents and case folded) and split into words, so such variants
compare equal. BibTeX's ``and others`` becomes a pybtex person named ``others``.

Each name also keeps how the .bib wrote it (:class:`Name`): pybtex splits a name at spaces and
ties alike and writes its parts back with spaces, which would turn ``Doe, Jane~and~Roe`` (one
person: BibTeX separates names only at an ``and`` between spaces) into two.

Names are shown as their language writes them: given name first, but a name written in
Chinese, Japanese or Korean script family name first, with no space (``堀口翔太``, ``허태경``),
as CSL's processors show them too; ``cv_name_order`` sets the order of any one name.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pybtex.database import Person

from .decode import plain

if TYPE_CHECKING:
    from collections.abc import Sequence


class Name(Person):
    """A pybtex Person that keeps the name as the .bib wrote it (:attr:`written`), ties and
    braces included; :mod:`cv.bib.bibfile` makes every name of an entry one."""

    written: str

    @classmethod
    def of(cls, person: Person, written: str) -> Name:
        """*person* (pybtex's parse of *written*) as a Name, without parsing it again."""
        name = cls.__new__(cls)
        name.__dict__.update(vars(person))
        name.written = written
        return name


def as_written(person: Person) -> str:
    """The name as the .bib wrote it; pybtex's own text for a name read by pybtex alone."""
    return person.written if isinstance(person, Name) else str(person)


#: Han (with the iteration mark 々), kana and Hangul: the scripts of names written family name
#: first, without a space. The same ranges as xeCJK's CJK class (cv.pdf.latex.CJK), less
#: punctuation and the full-width forms.
CJK_NAME_RE = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3005\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)


def family_first(given: str, family: str, order: bool | None = None) -> bool:
    """Whether a name is shown family name first: as *order* says (``cv_name_order``), else
    when it is written in Chinese, Japanese or Korean script."""
    if order is not None:
        return order
    return bool(CJK_NAME_RE.search(family) or CJK_NAME_RE.search(given))


def shown(given: str, family: str, first: bool) -> str:
    """The name as shown, *family* (with its particle) first if *first*: without a space
    between parts in CJK script (``堀口翔太``), with one otherwise (``Nagy János``)."""
    if not first:
        return " ".join(filter(None, [given, family]))
    cjk = CJK_NAME_RE.match(given[:1]) and CJK_NAME_RE.search(family[-1:])
    return ("" if cjk else " ").join(filter(None, [family, given]))


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
    # Read as one text, as TeX reads it: "Bol\cprime shakov" is one word, Bolʹshakov.
    return tuple(re.findall(r"\w+", fold(plain(" ".join(parts)))))


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
