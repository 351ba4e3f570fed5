"""Property-based tests (Hypothesis) of cv.remote: whatever a service answers, no command raises
and the .bib is never corrupted.

Two levels: each service's parser on any answer of the shape it reads (JSON of any structure,
Atom feeds with any text, any BibTeX), checked for raising nothing but its one-line errors and
for writing only entries that read back clean; and whole commands against the replay server
answering anything at all (any status, any body, the recorded bodies cut or altered), checked
for an exit status of 0 or 1 and a .bib that is byte-identical or that holds every byte it held.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string
from replay import FIXTURES, Answer, Replay

from cv.bib.checks import check_text
from cv.remote import arxiv, bibedit, cli, crossref, http, openalex, orcid
from cv.remote.add import read_entry
from cv.remote.entry import Candidate, escape, safe_latex

ROOT = Path(__file__).parent / "roots" / "test-remote"

#: Any text, as services send it: braces, backslashes, LaTeX specials, markup, any script.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)
#: Values where the parsers look for them: a shape of Crossref's work with any leaves.
CROSSREF_WORK = st.fixed_dictionaries(
    {},
    optional={
        "title": st.lists(TEXT, max_size=2) | JSON,
        "subtitle": st.lists(TEXT, max_size=1) | JSON,
        "type": st.sampled_from(["journal-article", "proceedings-article", "posted-content"])
        | JSON,
        "author": st.lists(
            st.fixed_dictionaries(
                {}, optional={"family": TEXT | JSON, "given": TEXT | JSON, "name": TEXT | JSON}
            )
        )
        | JSON,
        "container-title": st.lists(TEXT, max_size=2) | JSON,
        "issued": st.fixed_dictionaries({"date-parts": JSON}) | JSON,
        "volume": TEXT | JSON,
        "issue": TEXT | JSON,
        "page": TEXT | JSON,
        "publisher": TEXT | JSON,
        "DOI": TEXT | JSON,
        "abstract": TEXT | JSON,
    },
)


def clean(candidate: Candidate) -> None:
    """The candidate, written as the commands write it, reads back as one entry whose text
    fields a build shows without a warning."""
    layout = bibedit.Layout(width=10)
    text = layout.entry(candidate.type, "key2024", candidate.fields)
    entry = read_entry(text)
    problems: list[tuple[str, str]] = []
    for name in ("title", "journal", "booktitle", "abstract", "howpublished", "publisher"):
        if name in entry.fields:
            check_text(entry.fields[name], name, lambda *args: problems.append(args))
    assert problems == [], (entry.fields, problems)


# -- Parsers -----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(CROSSREF_WORK)
@example({"title": ["0"], "author": True})  # found by this test: a bool where names belong
def test_any_crossref_work_gives_a_clean_entry_or_one_error(work: dict) -> None:
    try:
        candidate = crossref.from_work(work, "10.1234/x")
    except http.MalformedError:
        return
    clean(candidate)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_any_json_is_a_crossref_work_or_one_error(data: object) -> None:
    try:
        candidate = crossref.from_work(data, "10.1234/x")  # type: ignore[arg-type]
    except (http.MalformedError, AttributeError) as error:
        assert isinstance(error, http.MalformedError) or not isinstance(data, dict)
        return
    clean(candidate)


@settings(max_examples=200, deadline=None)
@given(JSON)
@example(
    {
        "activities-summary": {
            "works": {
                "group": [
                    {
                        "work-summary": [
                            {
                                "title": {"title": {"value": "{Unbalanced \\ title %"}},
                                "type": "journal-article",
                            }
                        ]
                    }
                ]
            }
        }
    }
)
def test_any_json_is_an_orcid_record_or_one_error(data: object) -> None:
    try:
        candidates = orcid.from_record(data, "0000-0002-1825-0097")
    except http.MalformedError:
        return
    for candidate in candidates:
        clean(candidate)


@settings(max_examples=300, deadline=None)
@given(JSON)
@example({"id": "https://openalex.org/W1", "abstract_inverted_index": {"b": [1], "a": [0]}})
@example({"id": "https://openalex.org/W1", "abstract_inverted_index": {"a": [10**12]}})
def test_any_json_is_an_openalex_work_or_one_error(data: object) -> None:
    try:
        work = openalex.from_work(data, "10.1234/x")
    except http.MalformedError:
        return
    assert work.cited_by is None or work.cited_by >= 0
    if work.abstract:
        read_entry(f"@misc{{k, abstract = {{{escape(work.abstract)}}}}}")


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(TEXT, st.lists(st.integers(0, 50), max_size=3), max_size=10))
def test_an_inverted_index_gives_its_words_in_order(index: dict) -> None:
    text = openalex.abstract_text(index)
    positions = {p: w for w, ps in index.items() for p in ps}
    assert text == " ".join(positions[p] for p in sorted(positions))


ENTRY = """<entry><id>http://arxiv.org/abs/2101.00001v2</id><title>{title}</title>
<summary>{summary}</summary><published>2021-01-01T00:00:00Z</published>
<author><name>{name}</name></author><arxiv:doi>{doi}</arxiv:doi></entry>"""
FEED = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"
xmlns:arxiv="http://arxiv.org/schemas/atom">{entries}</feed>"""


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, TEXT, TEXT)
@example("$O(n^2)$ \\foo{x} {", "50% of $\\mathcal{O}(n)$ & more}", "Jane {Doe", "10.1/x")
def test_any_text_in_an_arxiv_feed_gives_a_clean_entry(
    title: str, summary: str, name: str, doi: str
) -> None:
    def clean_xml(text: str) -> str:  # what XML can carry at all
        return xml_escape("".join(c for c in text if c in "\t\n\r" or ord(c) >= 32))

    feed = FEED.format(
        entries=ENTRY.format(
            title=clean_xml(title),
            summary=clean_xml(summary),
            name=clean_xml(name),
            doi=clean_xml(doi),
        )
    ).encode()
    try:
        candidate = arxiv.from_feed(feed, "2101.00001")
    except http.MalformedError:
        assert not clean_xml(title).split()  # no title left
        return
    clean(candidate)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | TEXT.map(str.encode))
@example(b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id></entry></feed>')
@example(b"<!DOCTYPE x [<!ENTITY a '&#x26;a;'>]><x>&a;</x>")
def test_any_bytes_are_an_arxiv_feed_or_one_error(content: bytes) -> None:
    with pytest.raises(http.RemoteError):
        arxiv.from_feed(content, "2101.00001")


@settings(max_examples=200, deadline=None)
@given(TEXT)
@example("@article{k, title = {A}, author = {Doe, Jane and }}")
@example("@inproceedings{DBLP:conf/x/Y, title={T}, year={2020}, month={13}, doi={no}}")
def test_any_text_as_dblps_bibtex_gives_clean_entries_or_one_error(text: str) -> None:
    from cv.remote import dblp

    try:
        candidates = dblp.parse(text.encode(), "the record")
    except http.MalformedError:
        return
    for candidate in candidates:
        read_entry(bibedit.Layout().entry(candidate.type, "k", candidate.fields))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_safe_latex_is_always_read_without_a_warning(value: str) -> None:
    written = safe_latex(value)
    entry = read_entry(f"@misc{{k, title = {{{written}}}}}")
    problems: list[tuple[str, str]] = []
    check_text(entry.fields["title"], "title", lambda *args: problems.append(args))
    assert problems == []


# -- Whole commands against any answer -----------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[Replay]:
    saved = (http.WAIT, http.TIMEOUT)
    http.WAIT, http.TIMEOUT = (lambda seconds: None), 1.0
    with Replay() as replay:
        yield replay
    http.WAIT, http.TIMEOUT = saved


RECORDED = [
    (FIXTURES / "crossref/10.1038-srep16696.json").read_bytes(),
    (FIXTURES / "arxiv/1605.08386.xml").read_bytes(),
    (FIXTURES / "dblp/conf-coco-FournierLM0T23.bib").read_bytes(),
    (FIXTURES / "openalex/W2741809807.json").read_bytes(),
]


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    """A recorded body cut short or with a piece replaced, any JSON, any bytes."""
    choice = draw(st.integers(0, 3))
    if choice == 0:
        body = draw(st.sampled_from(RECORDED))
        return body[: draw(st.integers(0, len(body)))]
    if choice == 1:
        body = draw(st.sampled_from(RECORDED))
        start = draw(st.integers(0, len(body)))
        end = draw(st.integers(start, min(len(body), start + 40)))
        return body[:start] + draw(TEXT).encode() + body[end:]
    if choice == 2:
        return json.dumps({"message": draw(JSON), "id": draw(JSON)}).encode()
    return draw(st.binary(max_size=200))


ANSWERS = st.builds(
    Answer,
    status=st.sampled_from([200, 200, 200, 302, 400, 403, 404, 410, 429, 500, 503]),
    content_type=st.sampled_from(["application/json", "application/atom+xml", "text/html"]),
    body=bodies(),
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(
        [
            ["add", "10.1038/srep16696"],
            ["add", "1605.08386"],
            ["add", "conf/coco/FournierLM0T23"],
            ["abstracts"],
            ["counts"],
            ["sync", "--dblp", "00/0000", "--write"],
            ["sync", "--orcid", "0000-0002-7319-2192", "--write"],
        ]
    ),
    answers=st.lists(ANSWERS, min_size=1, max_size=5),
)
def test_no_answer_makes_a_command_raise_or_corrupt_the_bib(
    server: Replay, monkeypatch: pytest.MonkeyPatch, command: list[str], answers: list[Answer]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = shutil.copytree(ROOT, Path(folder) / "project")
        path = project / "publications.bib"
        # Entries with identifiers, for abstracts and counts to ask about.
        path.write_text(
            path.read_text("utf-8") + "\n@misc{stanley2016heatbath,\n  title = {Heat-bath},\n"
            "  year = {2016},\n  eprint = {1605.08386},\n  archiveprefix = {arXiv},\n}\n"
            "\n@article{piwowar2018state,\n  title = {The state of OA},\n  year = {2018},\n"
            "  doi = {10.7717/peerj.4375},\n}\n",
            "utf-8",
        )
        before = path.read_bytes()
        with monkeypatch.context() as patch:
            for name, value in server.environ().items():
                patch.setenv(name, value)
            server.script = list(answers)
            out, err = io.StringIO(), io.StringIO()
            status = cli.main(["--conf", str(project), *command], out, err)
            server.script = []
        assert status in (0, 1), err.getvalue()
        after = path.read_bytes()
        if status == 1:
            assert after == before
            assert sum(line.startswith("error:") for line in err.getvalue().splitlines()) == 1
            return
        # Written or not, the .bib reads, and what was in it is in it still.
        old = parse_string(before.decode(), "bibtex").entries
        new = parse_string(after.decode(), "bibtex").entries
        for key, entry in old.items():
            if command[0] == "add" or (command[0] == "sync" and "--overwrite" not in command):
                assert new[key].type == entry.type
            for name, value in entry.fields.items():
                if command[0] != "sync":
                    assert new[key].fields[name] == value
        if command[0] == "counts":
            json.loads((project / "citations.json").read_text("utf-8"))
