"""Clearly fake paper records for the tests of what reads records (cv.paperdata's protocol)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pybtex.richtext import Text


@dataclass(frozen=True)
class FakeAuthor:
    given: str
    family: str
    owner: bool = False
    particle: str = ""
    suffix: str = ""
    equal: bool = False
    family_first: bool = False


@dataclass(frozen=True)
class FakePaper:
    key: str = "doe2024fake"
    type: str = "inproceedings"
    kind: str = "conference"
    title: str = "A Fake Paper about Examples"
    title_rich: Text = field(default_factory=lambda: Text("A Fake Paper about Examples"))
    authors: tuple[FakeAuthor, ...] = (
        FakeAuthor("Jane", "Doe", owner=True, equal=True),
        FakeAuthor("John", "Roe", equal=True),
        FakeAuthor("", "The Example Collaboration"),
    )
    year: int | None = 2024
    month: int | None = 6
    day: int | None = None
    journal: str = ""
    booktitle: str = "Proceedings of the Example Conference"
    howpublished: str = ""
    volume: str = ""
    number: str = ""
    pages: str = "53–68"
    pages_text: str = ""
    page_count: str = ""
    article_number: str = ""
    publisher: str = "Example Press"
    isbn: str = ""
    issn: str = ""
    institution: str = ""
    school: str = ""
    doi: str = "10.5555/example.1"
    url: str = "https://example.org/paper"
    pdf: str = ""
    abstract: str = ""
    award: str = ""
    #: The public fields as BibTeX, as the record gives them (cv.bib.record.Paper.bib_fields).
    bib_fields: Mapping[str, str] = field(
        default_factory=lambda: {
            "author": "Doe, Jane and Roe, John and {The Example Collaboration}",
            "title": "A Fake Paper about Examples",
            "booktitle": "Proceedings of the Example Conference",
            "year": "2024",
            "month": "jun",
            "pages": "53--68",
            "publisher": "Example Press",
            "doi": "10.5555/example.1",
            "url": "https://example.org/paper",
        }
    )


#: One paper of each kind of entry the tags and exports treat differently.
PAPERS = (
    FakePaper(),
    FakePaper(
        key="doe2022journal",
        type="article",
        kind="journal",
        title="Journal Paper with Volume & Issue",
        journal="Journal of Examples",
        volume="71",
        number="1",
        issn="0000-0000",
        year=2022,
        month=1,
        day=15,
        abstract="We show\nthat examples\n\nwork.",
        bib_fields={
            "author": "Doe, Jane",
            "title": "Journal Paper with Volume \\& Issue",
            "journal": "Journal of Examples",
            "year": "2022",
            "month": "jan",
            "day": "15",
        },
    ),
    FakePaper(
        key="doe2020thesis",
        type="phdthesis",
        kind="",
        title="A Thesis",
        authors=(FakeAuthor("Jane", "Doe", owner=True),),
        booktitle="",
        school="Example University",
        year=2020,
        publisher="",
        pages="",
        doi="",
        url="",
        bib_fields={
            "author": "Doe, Jane",
            "title": "A Thesis",
            "school": "Example University",
            "year": "2020",
        },
    ),
    FakePaper(
        key="doe2019report",
        type="techreport",
        kind="",
        title="A Report",
        booktitle="",
        institution="Example Labs",
        year=2019,
        number="TR-7",
        publisher="",
        isbn="978-0-00-000000-0",
        bib_fields={
            "author": "Doe, Jane",
            "title": "A Report",
            "institution": "Example Labs",
            "number": "TR-7",
            "year": "2019",
        },
    ),
    FakePaper(
        key="doe2023preprint",
        type="misc",
        kind="preprint",
        title="A Preprint",
        booktitle="",
        howpublished="arXiv",
        publisher="",
        year=2023,
        month=None,
        pages="",
        bib_fields={
            "author": "Doe, Jane",
            "title": "A Preprint",
            "howpublished": "arXiv",
            "year": "2023",
        },
    ),
    FakePaper(
        key="bare",
        type="misc",
        kind="",
        title="",
        title_rich=Text(),
        authors=(),
        year=None,
        month=None,
        booktitle="",
        publisher="",
        pages="",
        doi="",
        url="",
        bib_fields={},
    ),
)
