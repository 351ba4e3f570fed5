"""OpenAlex: a work's citation count and its abstract (``/works/doi:<doi>``).

One request per paper (a "singleton", OpenAlex's cheapest call), which a CV's tens of papers
afford; an arXiv preprint is found by the DOI arXiv registers for it (10.48550/arXiv.<id>).
OpenAlex gives abstracts as an inverted index (word -> positions): :func:`abstract_text`
puts the words back in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .http import malformed

if TYPE_CHECKING:
    from .http import Remote

#: No real abstract is longer; a larger position is a malformed answer, not a word to place.
MAX_WORDS = 20000


@dataclass(frozen=True)
class Work:
    id: str  #: "https://openalex.org/W2741809807"
    cited_by: int | None
    abstract: str  #: plain text, "" when OpenAlex has none

    @property
    def short_id(self) -> str:
        return self.id.rstrip("/").rsplit("/", 1)[-1]

    @property
    def citing_url(self) -> str:
        """The address that lists the works citing this one, on OpenAlex's site."""
        return f"https://openalex.org/works?filter=cites:{self.short_id}"


def doi_for(doi: str, arxiv: str) -> str:
    return doi or (f"10.48550/arxiv.{arxiv}" if arxiv else "")


def lookup(remote: Remote, doi: str) -> Work:
    path = f"works/doi:{quote(doi, safe='/:;()._-')}"
    missing = f"not found: OpenAlex has no work with DOI {doi}"
    return from_work(remote.get_json("openalex", path, f"the work of {doi}", missing), doi)


def from_work(data: Any, doi: str) -> Work:
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise malformed("openalex", f"the work of {doi} has no id")
    if not data["id"].startswith("https://openalex.org/"):
        raise malformed("openalex", f"the work of {doi} has an unknown id {data['id'][:60]!r}")
    count = data.get("cited_by_count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
        raise malformed("openalex", f"the work of {doi} has a cited_by_count of {count!r}")
    return Work(data["id"], count, abstract_text(data.get("abstract_inverted_index")))


def abstract_text(index: Any) -> str:
    """The abstract from OpenAlex's inverted index ({word: [positions]}); "" if there is none
    or it is not such an index."""
    if not isinstance(index, dict) or not index:
        return ""
    words: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(word, str) or not isinstance(positions, list):
            return ""
        for position in positions:
            if not isinstance(position, int) or isinstance(position, bool):
                return ""
            if not 0 <= position < MAX_WORDS:
                return ""
            words[position] = word
    return " ".join(words[position] for position in sorted(words))
