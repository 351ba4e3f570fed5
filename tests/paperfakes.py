"""Clearly fake paper records for the tests of what reads records (cv.paperdata's protocol)."""

from __future__ import annotations

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
    bibtex: str = (
        "@inproceedings{doe2024fake,\n"
        "  author = {Doe, Jane and Roe, John and {The Example Collaboration}},\n"
        "  title = {A Fake Paper about Examples},\n"
        "  booktitle = {Proceedings of the Example Conference},\n"
        "  year = {2024},\n"
        "  month = jun,\n"
        "  pages = {53--68},\n"
        "  publisher = {Example Press},\n"
        "  doi = {10.5555/example.1},\n"
        "  url = {https://example.org/paper},\n"
        "}"
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
        bibtex="@article{doe2022journal,\n  author = {Doe, Jane},\n"
        "  title = {Journal Paper with Volume \\& Issue},\n  journal = {Journal of Examples},\n"
        "  year = {2022},\n  annote = {a private note},\n}",
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
        bibtex="@phdthesis{doe2020thesis,\n  author = {Doe, Jane},\n  title = {A Thesis},\n"
        "  school = {Example University},\n  year = {2020},\n}",
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
        bibtex="@techreport{doe2019report,\n  author = {Doe, Jane},\n  title = {A Report},\n"
        "  institution = {Example Labs},\n  number = {TR-7},\n  year = {2019},\n}",
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
        bibtex="@misc{doe2023preprint,\n  author = {Doe, Jane},\n  title = {A Preprint},\n"
        "  howpublished = {arXiv},\n  year = {2023},\n  kind = {preprint},\n}",
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
        bibtex="@misc{bare,\n}",
    ),
)
