"""The commands of issue 23 (cv.remote), run as tox runs them, against recorded answers.

Every test runs the real client code (``cv.remote.cli.main``) against ``tests/replay.py``, a
local server that answers with the services' recorded responses (``tests/fixtures/remote/``,
origins in SOURCES.md), on a copy of the made-up test root ``test-remote`` (Jane Doe). What a
command writes is read back with pybtex, an independent reader.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pybtex.database import parse_string
from replay import FIXTURES, Answer, Replay

from cv.remote import bibedit, cli, counts, http
from cv.remote.bibspans import entry_spans
from cv.remote.entry import detect_style

ROOT = Path(__file__).parent / "roots" / "test-remote"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch) -> Iterator[Replay]:
    with Replay() as server:
        for name, value in server.environ().items():
            monkeypatch.setenv(name, value)
        yield server


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the client asked for (pacing, backoff), made without waiting."""
    asked: list[float] = []
    monkeypatch.setattr(http, "WAIT", asked.append)
    monkeypatch.setattr(http, "TIMEOUT", 1.0)
    monkeypatch.delenv("OPENALEX_API_KEY", raising=False)
    monkeypatch.delenv("CV_CONTACT_EMAIL", raising=False)
    return asked


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return shutil.copytree(ROOT, tmp_path / "project")


@pytest.fixture
def run(project: Path, replay: Replay, waits: list[float]) -> Run:
    """Run a command in the project: (exit status, standard output, standard error)."""

    def command(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        status = cli.main(["--conf", str(project), *args], out, err)
        return status, out.getvalue(), err.getvalue()

    return command


def bib(project: Path) -> str:
    return (project / "publications.bib").read_text("utf-8")


def entries(project: Path) -> dict:
    return parse_string(bib(project), "bibtex").entries


def failed_once(err: str) -> str:
    """The one error line of a failed command (progress lines aside)."""
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    assert errors[0].endswith("nothing was written"), errors[0]
    return errors[0]


# -- Adding papers -----------------------------------------------------------------------------


def test_add_by_doi_writes_crossrefs_record_in_our_field_model(run: Run, project: Path) -> None:
    before = bib(project)
    status, out, err = run("add", "10.1038/srep16696")
    assert status == 0, err
    assert "added tosatto2015singlemolecule" in out
    entry = entries(project)["tosatto2015singlemolecule"]
    record = json.loads((FIXTURES / "crossref/10.1038-srep16696.json").read_text())["message"]
    assert [str(p) for p in entry.persons["author"]] == [
        f"{a['family']}, {a['given']}" for a in record["author"]
    ]
    assert entry.fields["journal"] == record["container-title"][0]
    assert entry.fields["year"] == "2015"
    assert entry.fields["month"] == "November"  # written as the macro nov
    assert entry.fields["doi"] == "10.1038/srep16696"
    assert entry.fields["abstract"].startswith("Oligomers of alpha-synuclein are toxic")
    assert "<jats:" not in entry.fields["abstract"]
    assert entry.fields["abstractsource"] == (
        "Crossref, https://api.crossref.org/works/10.1038/srep16696"
    )
    assert entry.fields["kind"] == "journal"  # the file's entries carry kind
    assert "month      = nov," in bib(project)  # the file's layout: aligned, macros bare
    # Every byte that was there is there still: the entry is inserted whole, after a blank line.
    added = re.search(r"\n\n@article\{tosatto2015singlemolecule,.*?\n}", bib(project), re.S)
    assert added and bib(project).replace(added.group(), "") == before


def test_add_by_arxiv_id_writes_a_preprint(run: Run, project: Path) -> None:
    status, _out, err = run("add", "https://arxiv.org/abs/1605.08386v1")
    assert status == 0, err
    entry = entries(project)["stanley2016heatbath"]
    assert entry.type == "misc"
    assert [str(p) for p in entry.persons["author"]] == ["Stanley, Caprice", "Windisch, Tobias"]
    assert entry.fields["title"] == "Heat-bath random walks with Markov bases"
    assert (entry.fields["eprint"], entry.fields["archiveprefix"]) == ("1605.08386", "arXiv")
    assert (entry.fields["year"], entry.fields["kind"]) == ("2016", "preprint")
    assert entry.fields["abstract"].startswith("Graphs on lattice points")


def test_add_by_dblp_key_keeps_dblps_latex_and_drops_its_bookkeeping(
    run: Run, project: Path
) -> None:
    status, _out, err = run("add", "DBLP:conf/coco/FournierLM0T23")
    assert status == 0, err
    entry = entries(project)["fournier2023optimal"]
    assert entry.type == "inproceedings"
    assert str(entry.persons["author"][4]) == "Tavenas, S{\\'{e}}bastien"
    assert entry.fields["booktitle"].startswith("38th Computational Complexity Conference")
    assert entry.fields["pages"] == "28:1--28:19"
    assert entry.fields["doi"] == "10.4230/LIPICS.CCC.2023.28"
    assert not {"timestamp", "biburl", "bibsource", "url"} & set(entry.fields)


def test_a_doi_crossref_lacks_is_asked_of_doi_org(run: Run, project: Path, replay: Replay) -> None:
    """The replay answers Crossref's REST API with its recorded 404 for any unrecorded DOI;
    doi.org's recorded answers for this DOI (a redirect to the agency's BibTeX) then serve."""
    status, out, err = run("add", "doi:10.1126/science.169.3946.635")
    assert status == 0, err
    assert "from doi.org" in out
    entry = entries(project)["frank1970structure"]
    assert str(entry.persons["author"][0]) == "Frank, Henry S."
    assert (entry.fields["journal"], entry.fields["month"]) == ("Science", "August")
    assert [path.split("?")[0] for path in replay.requests] == [
        "/crossref/works/10.1126/science.169.3946.635",
        "/doi/10.1126/science.169.3946.635",
        "/crossref/v1/works/10.1126%2Fscience.169.3946.635/transform",
    ]


def test_adding_the_same_paper_twice_adds_nothing(run: Run, project: Path) -> None:
    for ident in ("10.1038/srep16696", "1605.08386", "DBLP:conf/coco/FournierLM0T23"):
        assert run("add", ident)[0] == 0
    before = bib(project)
    for ident in (
        "https://doi.org/10.1038/SREP16696",
        "arXiv:1605.08386v1",
        "conf/coco/FournierLM0T23",
    ):
        status, out, _ = run("add", ident)
        assert status == 0
        assert "nothing added" in out
    assert bib(project) == before


def test_a_preprint_with_a_published_version_is_reported_then_updated(
    run: Run, project: Path
) -> None:
    assert run("add", "DBLP:journals/corr/abs-2302-06984")[0] == 0
    before = bib(project)
    status, out, _ = run("add", "DBLP:conf/coco/FournierLM0T23")
    assert status == 0
    assert "the published version of the preprint fournier2023optimal" in out
    for line in (
        "~ type: article -> inproceedings",
        "+ booktitle = ",
        "- journal = 'CoRR'",
        "~ kind: 'preprint' -> 'conference'",
        "(run again with --update to apply)",
    ):
        assert line in out
    assert bib(project) == before
    status, out, _ = run("add", "--update", "DBLP:conf/coco/FournierLM0T23")
    assert status == 0
    entry = entries(project)["fournier2023optimal"]
    assert entry.type == "inproceedings"
    assert entry.fields["kind"] == "conference"
    assert entry.fields["doi"] == "10.4230/LIPICS.CCC.2023.28"
    assert entry.fields["eprint"] == "2302.06984"  # the arXiv link stays
    assert "journal" not in entry.fields


def test_arxiv_reports_a_preprints_published_doi(run: Run, project: Path) -> None:
    assert run("add", "2202.12139")[0] == 0  # one entry of a ten-entry feed
    assert entries(project)["ahuja2022testing"].fields["eprint"] == "2202.12139"
    status, out, _ = run("add", "2202.12139")
    assert status == 0
    assert "arXiv says it was published" in out
    assert "+ doi = '10.1109/ICSTW55395.2022.00035'" in out


def test_the_key_follows_the_files_style(tmp_path: Path) -> None:
    dblp = (Path(__file__).parent / "fixtures/bib/dblp-standard.bib").read_text("utf-8")
    acm = (Path(__file__).parent / "fixtures/bib/acm-dl.bib").read_text("utf-8")
    ours = (Path(__file__).parent.parent / "publications.bib").read_text("utf-8")
    assert detect_style(bibedit.BibText(tmp_path, dblp, entry_spans(dblp)).entries()) == "dblp"
    assert detect_style(bibedit.BibText(tmp_path, acm, entry_spans(acm)).entries()) == "doi"
    assert detect_style(bibedit.BibText(tmp_path, ours, entry_spans(ours)).entries()) == (
        "authoryearword"
    )


def test_a_dblp_style_file_gets_a_dblp_key_in_its_layout(run: Run, project: Path) -> None:
    person = (Path(__file__).parent / "fixtures/bib/dblp-standard.bib").read_text("utf-8")
    first = person[: person.index("\n}\n") + 3]  # DBLP's layout: no comma after the last field
    (project / "publications.bib").write_text(first, "utf-8")
    status, _out, err = run("add", "DBLP:conf/coco/FournierLM0T23")
    assert status == 0, err
    assert "@inproceedings{DBLP:conf/coco/FournierLM0T23,\n  author       = {" in bib(project)
    assert bib(project).startswith(first)
    assert bib(project).endswith("  series       = {LIPIcs}\n}\n")


# -- Sync --------------------------------------------------------------------------------------


def test_sync_reports_a_diff_and_writes_only_with_the_flag(run: Run, project: Path) -> None:
    assert run("add", "DBLP:journals/corr/abs-2302-06984")[0] == 0
    before = bib(project)
    status, out, err = run("sync", "--dblp", "00/0000")
    assert status == 0, err
    assert re.search(r"sync: (\d+) new", out)
    assert "+@inproceedings{fournier2023optimal," not in out  # the preprint is in the .bib
    assert "+@article{chaugule2024closures," in out
    assert "--- publications.bib (now)" in out
    assert "Nothing written: run again with --write to apply." in out
    assert "fournier2023optimal (https://dblp.org/rec/conf/coco/FournierLM0T23):" in out
    assert bib(project) == before
    status, out, _ = run("sync", "--dblp", "00/0000", "--write")
    assert status == 0
    written = entries(project)
    assert "chaugule2024closures" in written
    assert written["fournier2023optimal"].type == "article"  # kept: --overwrite changes it
    assert bib(project).startswith(before[: before.index("@")])  # the comments stay
    # A second sync finds nothing new.
    status, out, _ = run("sync", "--dblp", "00/0000")
    assert re.search(r"sync: 0 new, 0 with changes to write", out)


def test_sync_overwrite_upgrades_the_preprint(run: Run, project: Path) -> None:
    assert run("add", "DBLP:journals/corr/abs-2302-06984")[0] == 0
    status, _out, _ = run("sync", "--dblp", "00/0000", "--overwrite")
    assert status == 0
    assert entries(project)["fournier2023optimal"].type == "inproceedings"


def test_sync_with_orcid_reports_what_it_cannot_write(run: Run, project: Path) -> None:
    """ORCID's sample record: its one work has no authors (summaries never do) and only a
    malformed DOI of its own ("work:doi"), so it is reported, not written."""
    before = bib(project)
    status, out, err = run("sync", "--orcid", "https://orcid.org/0000-0002-7319-2192")
    assert status == 0, err
    assert "not written: Work Title (2012): ORCID lists no authors and no DOI" in out
    assert bib(project) == before


def test_sync_needs_an_id(run: Run, project: Path) -> None:
    status, _, err = run("sync")
    assert status == 2
    assert "cv_researcher_ids" in err


# -- Abstracts and counts ----------------------------------------------------------------------


def test_abstracts_are_filled_from_arxiv_crossref_and_openalex(run: Run, project: Path) -> None:
    assert run("add", "1605.08386", "10.1038/srep16696")[0] == 0
    text = bibedit.BibText.read(project / "publications.bib")
    for key in ("stanley2016heatbath", "tosatto2015singlemolecule"):
        text.remove_field(key, "abstract")
        text.remove_field(key, "abstractsource")
    # The OpenAlex work's DOI, in an entry made from that record: no other source has it.
    record = json.loads((FIXTURES / "openalex/W2741809807.json").read_text())
    text.add_entry(
        "@article{piwowar2018state,\n  author = {Piwowar, Heather},\n"
        f"  title = {{{record['title']}}},\n  year = {{2018}},\n"
        "  doi = {10.7717/peerj.4375},\n}",
        2018,
    )
    text.write()
    before = bib(project)
    status, out, err = run("abstracts")
    assert status == 0, err
    assert "3 filled of 3" in out
    written = entries(project)
    assert written["stanley2016heatbath"].fields["abstractsource"].startswith("arXiv, ")
    assert written["tosatto2015singlemolecule"].fields["abstractsource"].startswith("Crossref")
    openalex = written["piwowar2018state"].fields
    assert openalex["abstractsource"] == "OpenAlex, https://openalex.org/W2741809807"
    assert openalex["abstract"].startswith("Despite growing interest in Open Access (OA)")
    assert openalex["abstract"].endswith("to inform OA policy and practice.")
    # Only the three entries changed.
    for key, entry in parse_string(before, "bibtex").entries.items():
        if key not in ("stanley2016heatbath", "tosatto2015singlemolecule", "piwowar2018state"):
            assert written[key].fields == entry.fields


def test_counts_are_written_with_their_date(run: Run, project: Path, monkeypatch) -> None:
    monkeypatch.setattr(counts, "today", lambda: "2026-12-02")
    (project / "publications.bib").write_text(
        bib(project) + "\n@article{piwowar2018state,\n  author = {Piwowar, Heather},\n"
        "  title = {The state of OA},\n  year = {2018},\n  doi = {10.7717/PEERJ.4375},\n}\n",
        "utf-8",
    )
    status, out, err = run("counts")
    assert status == 0, err
    data = json.loads((project / "citations.json").read_text("utf-8"))
    assert data["papers"] == {
        "piwowar2018state": {
            "cited_by": 962,
            "fetched": "2026-12-02",
            "url": "https://openalex.org/works?filter=cites:W2741809807",
            "work": "https://openalex.org/W2741809807",
        }
    }
    assert "1 of 1 papers found in OpenAlex" in out


# -- Etiquette ---------------------------------------------------------------------------------


def test_requests_carry_the_contact_address_and_keep_the_pace(
    run: Run, replay: Replay, waits: list[float]
) -> None:
    assert run("add", "10.1038/srep16696", "10.1109/icdcsw.2003.1203662")[0] == 0
    assert all("mailto:jane@example.org" in agent for agent in replay.agents)
    assert all("mailto=jane%40example.org" in path for path in replay.requests)
    assert waits and all(0 < wait <= 0.2 for wait in waits)  # Crossref: 5 a second


def test_a_busy_service_is_asked_again_after_its_retry_after(
    run: Run, project: Path, replay: Replay, waits: list[float]
) -> None:
    replay.script = [
        Answer(503, "text/plain", b"busy"),
        Answer(429, "text/plain", b"slow down", (("Retry-After", "7"),)),
    ]
    status, _out, err = run("add", "10.1038/srep16696")
    assert status == 0, err
    assert len(replay.requests) == 3
    assert 7.0 in waits and 1.0 in waits  # the backoff, then Retry-After


# -- Failures: one line each, and the .bib as it was --------------------------------------------


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([Answer(503, "text/plain", b"down")] * 4, "error: Crossref answered HTTP 503"),
        (
            [Answer(200, "application/json", b'{"status": "ok", "mess')],
            "error: malformed response from Crossref: the record of 10.1038/srep16696 is not JSON",
        ),
        (
            [Answer(200, "text/html", b"<html>maintenance</html>")],
            "error: malformed response from Crossref",
        ),
        (
            [Answer(200, "application/json", b'{"message": {"title": []}}')],
            "error: malformed response from Crossref: the record of 10.1038/srep16696 has no title",
        ),
        ([Answer(403, "text/plain", b"forbidden")], "error: Crossref refused the request"),
        (
            [Answer(429, "text/plain", b"", (("Retry-After", "3600"),))],
            "error: Crossref answered HTTP 429",
        ),
        ([Answer(200, "application/json", b"{}", delay=1.5)] * 4, "error: timed out: Crossref"),
    ],
    ids=["5xx", "cut short", "html", "no title", "refused", "rate limited", "time-out"],
)
def test_each_failure_is_one_line_and_leaves_the_bib(
    run: Run, project: Path, replay: Replay, answers: list[Answer], message: str
) -> None:
    before = (project / "publications.bib").read_bytes()
    replay.script = list(answers)
    status, _out, err = run("add", "10.1038/srep16696")
    assert status == 1
    assert failed_once(err).startswith(message), err
    assert (project / "publications.bib").read_bytes() == before


def test_no_network_is_one_line(run: Run, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CV_ARXIV_URL", "http://127.0.0.1:9/api")  # nothing listens there
    before = (project / "publications.bib").read_bytes()
    status, _, err = run("add", "1605.08386")
    assert status == 1
    assert failed_once(err).startswith("error: no network: cannot reach arXiv at 127.0.0.1:9")
    assert (project / "publications.bib").read_bytes() == before


@pytest.mark.parametrize(
    ("ident", "message"),
    [
        ("10.1126/foo", "error: not found: DOI 10.1126/foo is in neither Crossref nor doi.org"),
        ("0000.0000", "error: not found: arXiv has no paper 0000.0000"),
        ("conf/none/Nobody99", "error: not found: DBLP has no record conf/none/Nobody99"),
    ],
)
def test_not_found_is_one_line(run: Run, project: Path, ident: str, message: str) -> None:
    before = (project / "publications.bib").read_bytes()
    status, _, err = run("add", ident)
    assert status == 1
    assert failed_once(err) == f"{message}; nothing was written"
    assert (project / "publications.bib").read_bytes() == before


def test_arxivs_error_answer_is_one_line(replay: Replay, waits: list[float]) -> None:
    """The recorded 400 for a malformed id, which the command line never sends (it refuses
    "abc" itself)."""
    from cv.remote import arxiv

    with http.Remote() as remote, pytest.raises(http.RemoteError) as error:
        arxiv.lookup(remote, "abc")
    assert str(error.value) == "arXiv refused the id abc: incorrect id format for abc"


def test_an_unreadable_bib_is_never_edited(run: Run, project: Path) -> None:
    path = project / "publications.bib"
    path.write_text(bib(project) + "\n@article{broken,\n  title = {Open\n", "utf-8")
    before = path.read_bytes()
    status, _, err = run("add", "10.1038/srep16696")
    assert status == 1
    assert "cannot be read; fix it before" in failed_once(err)
    assert path.read_bytes() == before


def test_something_that_is_no_identifier_is_a_usage_error(run: Run) -> None:
    status, _, err = run("add", "not-an-id")
    assert status == 2
    assert err.startswith("error: cannot tell what 'not-an-id' is")


# -- Byte-preserving edits ---------------------------------------------------------------------


def test_edits_keep_every_other_byte(tmp_path: Path) -> None:
    text = (
        "% comment {with braces\r\n@string{ice = {Conference}}\r\n\r\n"
        "@Article{a,\r\n  title = {A}, year = 2020,\r\n  journal = ice\r\n}\r\n"
        "@comment{ untouched }\r\n@misc{b, title={B},\r\n  note = {x}}\r\n"
    )
    path = tmp_path / "a.bib"
    path.write_bytes(text.encode())
    edited = bibedit.BibText.read(path)
    original = bibedit.BibText.read(path)
    edited.set_field("a", "pages", "1--2")
    edited.set_field("b", "note", "y")
    edited.remove_field("a", "year")
    edited.verify(original, {"a": None, "b": None})
    edited.write()
    assert path.read_bytes() == (
        b"% comment {with braces\r\n@string{ice = {Conference}}\r\n\r\n"
        b"@Article{a,\r\n  title = {A},\r\n  journal = ice,\r\n  pages = {1--2}\r\n}\r\n"
        b"@comment{ untouched }\r\n@misc{b, title={B},\r\n  note = {y}}\r\n"
    )
