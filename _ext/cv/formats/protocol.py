"""What the paper pages, the citation styles and the exports read from a paper record.

The records themselves (:class:`cv.bib.record.Paper`) come from the publication pipeline (the .bib
parsed, checked and decoded there, once). Everything downstream of them depends only on the small
:class:`PaperRecord` protocol below, so it is written, and tested, without Sphinx and without
a .bib parser of its own. All text is plain Unicode, already decoded from LaTeX; an absent field
is ``""`` (or None for numbers), never invented.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from pybtex.richtext import BaseText


class Author(Protocol):
    """One author as the .bib names them, in order."""

    @property
    def given(self) -> str: ...  # "Jane"; "" for a one-part name such as a collaboration
    @property
    def family(self) -> str: ...  # "Rossum": without the particle
    @property
    def particle(self) -> str: ...  # "van"; "" when none
    @property
    def suffix(self) -> str: ...  # "Jr."; "" when none
    @property
    def owner(self) -> bool: ...  # the CV's owner (``cv_owner``), emphasised on every page
    @property
    def equal(self) -> bool: ...  # one of the equal contributors (``equal`` field)
    @property
    def family_first(self) -> bool: ...  # shown family name first ("堀口翔太"; cv.bib.names)


class PaperRecord(Protocol):
    """One paper of the .bib, decoded: the fields the pages and exports show."""

    @property
    def key(self) -> str: ...  # the BibTeX key, the paper's name everywhere (labels, pages)
    @property
    def type(self) -> str: ...  # the BibTeX entry type, lower case: article, inproceedings ...
    @property
    def kind(self) -> str: ...  # conference | journal | workshop | preprint, or ""
    @property
    def title(self) -> str: ...
    @property
    def title_rich(self) -> BaseText: ...  # the title as pybtex rich text (italics, protected)
    @property
    def authors(self) -> Sequence[Author]: ...
    @property
    def year(self) -> int | None: ...
    @property
    def month(self) -> int | None: ...
    @property
    def day(self) -> int | None: ...
    @property
    def journal(self) -> str: ...
    @property
    def booktitle(self) -> str: ...
    @property
    def howpublished(self) -> str: ...
    @property
    def volume(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def pages(self) -> str: ...  # "53–68" or "e1234": pages, "" when ``pages`` says other
    @property
    def pages_text(self) -> str: ...  # ``pages`` that is no page, count or article: "Unit 3.5"
    @property
    def page_count(self) -> str: ...  # how many pages: "8"
    @property
    def article_number(self) -> str: ...  # "3": biblatex's eid, ACM's articleno
    @property
    def publisher(self) -> str: ...
    @property
    def isbn(self) -> str: ...
    @property
    def issn(self) -> str: ...
    @property
    def institution(self) -> str: ...
    @property
    def school(self) -> str: ...
    @property
    def doi(self) -> str: ...  # normalised: "10.1109/TC.2020.3036686", no resolver prefix
    @property
    def url(self) -> str: ...  # an http(s) address
    @property
    def pdf(self) -> str: ...  # the PDF's address: http(s), or a path on this site
    @property
    def abstract(self) -> str: ...
    @property
    def award(self) -> str: ...
    @property
    def bib_fields(self) -> Mapping[str, str]: ...  # the public fields as BibTeX (LaTeX kept)
