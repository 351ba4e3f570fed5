"""A paper as a service describes it, and the BibTeX entry it becomes in our field model.

Every service's parser makes a :class:`Candidate`: an entry type and fields whose values are
BibTeX's LaTeX (as :mod:`cv.bib` reads them), plus where it came from. Text that a service gives
as plain Unicode (Crossref, ORCID, OpenAlex, arXiv's prose) is escaped here, so that a build
shows exactly that text and warns about nothing; :func:`safe_latex` checks a value with the
build's own decoder (:mod:`cv.bib.decode`) and falls back to escaped text if the decoder would
warn. The entry's key follows the .bib's own style (:func:`detect_style`, :func:`make_key`).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pybtex.database import Entry, Person

from ..bib.checks import HTML_RE
from ..bib.dates import MONTH_MACROS, entry_date
from ..bib.decode import decode, plain
from ..bib.fields import infer_kind
from ..bib.links import ARXIV_RE, normalise_doi, unescape_address

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

#: The order fields are written in (as the CV's own .bib writes them); others follow.
FIELD_ORDER = (
    "author", "editor", "title", "booktitle", "journal", "howpublished", "school", "institution",
    "volume", "number", "pages", "publisher", "year", "month", "doi", "eprint", "archiveprefix",
    "primaryclass", "url", "abstract", "abstractsource", "kind",
)  # fmt: skip
#: Plain text -> LaTeX. Braces become named commands: BibTeX counts ``\{`` as a brace too.
ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
ESCAPE_RE = re.compile("|".join(re.escape(char) for char in ESCAPES))
TAG_RE = re.compile(r"<[^<>]{0,200}>")
# fmt: off
STOPWORDS = frozenset({
    "a", "an", "the", "on", "of", "in", "for", "to", "and", "or", "with", "from", "by", "at",
    "as", "is", "are", "be", "via", "towards", "toward", "using", "into", "over", "under",
    "its", "it", "this", "that",
})
# fmt: on
#: Archive prefixes of DOIs that arXiv (DataCite) registers: 10.48550/arXiv.2303.14006.
ARXIV_DOI_RE = re.compile(r"10\.48550/arxiv\.(.+)", re.I)


@dataclass
class Candidate:
    """One paper as one service describes it; ``fields`` hold BibTeX LaTeX (no outer braces)."""

    type: str
    fields: dict[str, str]
    source: str  #: the service ("Crossref", "arXiv", "DBLP", ...)
    url: str  #: the record's address at that service
    dblp_key: str = ""  #: DBLP's key ("conf/isca/X22"), for a DBLP-style .bib
    #: What a preprint's own record says of its published version (arXiv's doi and journal_ref).
    published: dict[str, str] = field(default_factory=dict)

    @property
    def entry(self) -> Entry:
        """The candidate as pybtex reads it (persons parsed), for the build's own helpers."""
        fields = {name: value for name, value in self.fields.items() if name != "author"}
        persons = {"author": [Person(name) for name in split_names(self.fields.get("author", ""))]}
        return Entry(self.type, fields=fields, persons=persons)

    @property
    def doi(self) -> str:
        return doi_of(self.fields)

    @property
    def arxiv(self) -> str:
        return arxiv_of(self.fields)

    @property
    def year(self) -> int | None:
        return entry_date(self.fields)[0]

    @property
    def title_key(self) -> str:
        return title_key(self.fields.get("title", ""))

    @property
    def kind(self) -> str:
        return self.fields.get("kind") or infer_kind(self.entry)

    @property
    def label(self) -> str:
        """How messages name it: "Title (2024)"."""
        title = plain(self.fields.get("title", "")) or "(untitled)"
        return f"{title} ({self.year})" if self.year else title


def split_names(value: str) -> list[str]:
    """The names of an ``author`` value, split at `` and `` outside braces."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return [name.strip() for name in names if name.strip()]


def doi_of(fields: Mapping[str, str]) -> str:
    """The entry's DOI in lower case (DOIs are case-insensitive), else ""."""
    doi = normalise_doi(fields.get("doi", "")) or ""
    return doi.lower()


def arxiv_of(fields: Mapping[str, str]) -> str:
    """The entry's arXiv id without version ("2303.14006"), else "": from ``eprint`` (with an
    arXiv type or an arXiv-shaped id), a 10.48550 DOI, or an arxiv.org address."""
    kind = (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
    eprint = unescape_address(fields.get("eprint", "") or fields.get("arxiv", ""))
    eprint = re.sub(r"^arxiv:", "", eprint, flags=re.I)
    if eprint and kind in ("", "arxiv") and ARXIV_RE.fullmatch(eprint):
        return re.sub(r"v\d+$", "", eprint)
    if match := ARXIV_DOI_RE.fullmatch(normalise_doi(fields.get("doi", "")) or ""):
        return re.sub(r"v\d+$", "", match.group(1))
    url = unescape_address(fields.get("url", ""))
    if match := re.search(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?$", url):
        found = match.group(1)
        if ARXIV_RE.fullmatch(found):
            return re.sub(r"v\d+$", "", found)
    return ""


def title_key(title: str) -> str:
    """A title as compared: its text, without accents, case, spaces or punctuation."""
    text = unicodedata.normalize("NFKD", plain(title)).casefold()
    return "".join(char for char in text if char.isalnum())


def ascii_word(text: str) -> str:
    """*text* (decoded) in lower-case ASCII letters and digits: "Müller" -> "muller"."""
    text = unicodedata.normalize("NFKD", plain(text))
    return "".join(char for char in text.lower() if char.isascii() and char.isalnum())


# -- Text to LaTeX -----------------------------------------------------------------------------


def escape(text: str) -> str:
    """Plain text as BibTeX LaTeX that shows exactly that text."""
    return ESCAPE_RE.sub(lambda match: ESCAPES[match.group()], " ".join(text.split()))


def from_markup(text: str) -> str:
    """Text with HTML or JATS tags (Crossref's titles and abstracts) as plain text."""
    text = re.sub(r"<jats:title[^>]*>.*?</jats:title>", " ", text, flags=re.S | re.I)
    text = re.sub(r"</(?:jats:)?p>|<br\s*/?>", "\n", text, flags=re.I)
    return html.unescape(TAG_RE.sub("", text)).strip()


def safe_latex(value: str) -> str:
    """*value* (LaTeX as a service wrote it) if the build reads it without a warning, else its
    text escaped: arXiv's ``$O(n^2)$`` stays math, an unknown command becomes visible text."""
    value = " ".join(value.split())
    if balanced(value) and not decode(value).problems and not HTML_RE.search(value):
        return value
    return escape(value)


def balanced(value: str) -> bool:
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def protect_title(title: str) -> str:
    """Escaped *title* with each word that has capitals after its first letter braced, so that
    a style that lowercases titles keeps "FRET" and "iPhone"."""
    words = []
    for word in escape(title).split(" "):
        letters = [char for char in word[1:] if char.isalpha()]
        if any(char.isupper() for char in letters) and "\\" not in word:
            word = "{" + word + "}"
        words.append(word)
    return " ".join(words)


def person(family: str, given: str = "") -> str:
    """One name as the .bib writes it: "Family, Given" (escaped), or "{Family}" alone."""
    family, given = escape(family), escape(given)
    if not family:
        return given
    if "," in family or (" " in family and not given):
        family = "{" + family + "}"
    return f"{family}, {given}" if given else family


def month_macro(month: int | None) -> str:
    return MONTH_MACROS[month - 1] if month and 1 <= month <= 12 else ""


def ordered(fields: Mapping[str, str]) -> dict[str, str]:
    """*fields* in :data:`FIELD_ORDER`, the rest after in their own order; empty ones dropped."""
    rank = {name: i for i, name in enumerate(FIELD_ORDER)}
    items = [(name, value) for name, value in fields.items() if value and value.strip()]
    return dict(sorted(items, key=lambda item: rank.get(item[0], len(rank))))


# -- Keys --------------------------------------------------------------------------------------


def key_parts(entry: Entry) -> tuple[str, str, list[str]] | None:
    """(first author's family name, year, title words), ASCII, as keys are made; None if the
    entry lacks an author, a year or a title."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    fields = {name.lower(): value for name, value in entry.fields.items()}
    year = entry_date(fields)[0]
    if not people or year is None or not fields.get("title"):
        return None
    family = ascii_word(" ".join(people[0].last_names))
    words = [ascii_word(word) for word in plain(fields["title"]).split()]
    return family, str(year), [word for word in words if word]


#: Key styles: each a pattern of (family, year, title word); matched against the file's keys.
KEY_STYLES = {
    "authoryearword": "{family}{year}{word}",  # Google Scholar's, this CV's
    "authoryear": "{family}{year}",
    "Authoryear": "{Family}{year}",
    "author_year": "{family}_{year}",
    "Author_year": "{Family}_{year}",
    "author:year:word": "{family}:{year}:{word}",
    "Author:year:Word": "{Family}:{year}:{Word}",
    "Authoryearword": "{Family}{year}{word}",
}


def detect_style(entries: Iterable[tuple[str, Entry]]) -> str:
    """The key style most of *entries* (key, entry) follow: one of :data:`KEY_STYLES`, "dblp"
    (``DBLP:conf/...``), "doi" (the DOI as key, the ACM DL's), or "authoryearword" if none."""
    votes: Counter[str] = Counter()
    for key, entry in entries:
        if key.startswith("DBLP:"):
            votes["dblp"] += 1
            continue
        if doi_of({name.lower(): value for name, value in entry.fields.items()}) == key.lower():
            votes["doi"] += 1
            continue
        parts = key_parts(entry)
        if parts is None:
            continue
        family, year, words = parts
        for style, pattern in KEY_STYLES.items():
            choices = words if "{word}" in pattern.lower() else words[:1]
            if any(key == fill(pattern, family, year, word) for word in choices or [""]):
                votes[style] += 1
                break
    return votes.most_common(1)[0][0] if votes else "authoryearword"


def fill(pattern: str, family: str, year: str, word: str) -> str:
    return pattern.format(
        family=family, Family=family.capitalize(), year=year, word=word, Word=word.capitalize()
    )


def make_key(candidate: Candidate, style: str, taken: Iterable[str]) -> str:
    """A key for *candidate* in *style*, unique among *taken* (case-insensitively): a letter is
    added where the plain key is taken ("doe2024a")."""
    used = {key.lower() for key in taken}
    if style == "dblp" and candidate.dblp_key:
        key = f"DBLP:{candidate.dblp_key}"
    elif style == "doi" and candidate.doi:
        key = candidate.doi
    else:
        pattern = KEY_STYLES.get(style, KEY_STYLES["authoryearword"])
        parts = key_parts(candidate.entry)
        if parts is None:
            family, year, words = "paper", str(candidate.year or ""), []
        else:
            family, year, words = parts
        word = next((w for w in words if w not in STOPWORDS), words[0] if words else "")
        key = fill(pattern, family or "anonymous", year, word) or "paper"
    if key.lower() not in used:
        return key
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        if f"{key}{suffix}".lower() not in used:
            return f"{key}{suffix}"
    number = 2
    while f"{key}-{number}".lower() in used:
        number += 1
    return f"{key}-{number}"
