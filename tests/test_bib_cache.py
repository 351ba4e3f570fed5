"""The .bib parse cache (:class:`cv.bibfile.ParseCache`): a parse that reuses the last parse's
commands gives exactly what a parse from scratch gives, whatever the text and the edit.

Each test parses a text, edits it, and parses it again with the cache carried over, then
compares the result with a parse of the edited text without a cache: every entry's key, type,
fields and persons, every line, every problem with its location and message. That the cache is
used shows in the objects: a command taken from it gives the very Entry it gave before.
All data is made up (Jane Doe, example.org).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import BibliographyData, Person

from cv.bib.bibfile import BibSource, ParseCache, parse_text, read_bib
from cv.bib.checks import check_entry
from cv.bib.fields import DEFAULT_KINDS, inherit
from cv.bib.record import make_paper
from cv.publications.nodes import render_paper

if TYPE_CHECKING:
    from pathlib import Path


def parse(text: str, previous: ParseCache | None = None) -> BibSource:
    source = BibSource("refs.bib")
    parse_text(text, source, previous)
    return source


def parts(person: Person) -> tuple[list[str], ...]:
    return (
        person.first_names,
        person.middle_names,
        person.prelast_names,
        person.last_names,
        person.lineage_names,
    )


def view(source: BibSource) -> tuple[Any, ...]:
    """All that a parse gives, in a form that compares by value."""
    entries = [
        (
            key,
            entry.key,
            entry.type,
            entry.original_type,
            list(entry.fields.items()),
            [
                (role, [parts(person) for person in people])
                for role, people in entry.persons.items()
            ],
        )
        for key, entry in source.entries.items()
    ]
    return entries, list(source.lines.items()), source.problems, source.misread


def reparse(before: str, after: str) -> tuple[BibSource, BibSource]:
    """*before* parsed, then *after* with its cache: checked against *after* from scratch."""
    first = parse(before)
    again = parse(after, first.commands)
    assert view(again) == view(parse(after))
    return first, again


def reused(first: BibSource, again: BibSource) -> set[str]:
    """The keys whose entry the second parse took from the first's cache."""
    return {key for key, entry in again.entries.items() if first.entries.get(key) is entry}


BIB = """\
% Fake papers.
@string{jex = {Journal of Examples}}
@preamble{{\\newcommand{\\noop}[1]{}}}
@comment{Written by hand.}

@article{doe2023beta,
  author  = {Doe, Jane and Roe, Richard},
  title   = {Beta Before the Edit},
  journal = jex,
  year    = 2023,
  month   = feb,
}

@inproceedings{doe2024alpha,
  author    = {Roe, Richard and Doe, Jane},
  title     = {Alpha Stays the Same},
  booktitle = {International Conference on Examples},
  year      = 2024,
}

@misc{doe2025delta,
  author = {Doe, Jane},
  title  = {Delta, a Preprint},
  note   = {see https://example.org/delta},
}
"""
KEYS = {"doe2023beta", "doe2024alpha", "doe2025delta"}


def test_an_unchanged_text_reuses_every_entry() -> None:
    first, again = reparse(BIB, BIB)
    assert reused(first, again) == KEYS
    # What was taken from the cache is kept for the next parse too.
    assert reused(again, parse(BIB, again.commands)) == KEYS


def test_only_the_edited_entry_is_parsed_again() -> None:
    first, again = reparse(BIB, BIB.replace("Beta Before the Edit", "Beta After the Edit"))
    assert reused(first, again) == KEYS - {"doe2023beta"}
    assert again.entries["doe2023beta"].fields["title"] == "Beta After the Edit"


def test_lines_added_or_removed_above_move_lines_and_problems() -> None:
    """An unchanged entry's own parse problem (an undefined @string) moves with its line."""
    bib = BIB.replace("  year      = 2024,", "  year      = 2024,\n  month     = mai,")
    moved_down = "\n\n% A note.\n" + bib
    first, again = reparse(bib, moved_down)
    assert reused(first, again) == KEYS
    assert {key: again.lines[key] - first.lines[key] for key in KEYS} == dict.fromkeys(KEYS, 3)
    [problem] = first.problems
    [moved] = again.problems
    assert (problem.location, moved.location) == ("refs.bib:19", "refs.bib:22")
    assert "(line 14)" in problem.message
    assert "(line 17)" in moved.message
    assert moved.message.replace("(line 17)", "(line 14)") == problem.message
    _, back = reparse(moved_down, moved_down.replace("\n", "", 2))
    assert back.problems[0].location == "refs.bib:20"


def test_a_changed_string_reaches_every_entry_that_reads_it() -> None:
    """An entry is reused only with the macros it reads as they were; others stay cached."""
    first, again = reparse(BIB, BIB.replace("{Journal of Examples}", "{J. Examples}"))
    assert again.entries["doe2023beta"].fields["journal"] == "J. Examples"
    assert reused(first, again) == KEYS - {"doe2023beta"}
    # A macro no longer defined: the unchanged entry that reads it says so.
    _, gone = reparse(BIB, BIB.replace("@string{jex = {Journal of Examples}}", ""))
    assert gone.entries["doe2023beta"].fields["journal"] == ""
    assert "undefined string in entry 'doe2023beta'" in gone.problems[0].message
    # A macro defined again between two entries that read it.
    two = "@string{v = {One}}\n@misc{a, note = v}\n@string{v = {Two}}\n@misc{b, note = v}\n"
    first, again = reparse(two, two.replace("{Two}", "{Three}"))
    assert [e.fields["note"] for e in again.entries.values()] == ["One", "Three"]
    assert reused(first, again) == {"a"}
    # A macro built from another: redefining the first reaches both.
    chain = '@string{v = {A}}\n@string{w = v # "+"}\n@misc{a, note = w}\n@misc{b, note = v}\n'
    first, again = reparse(chain, chain.replace("{A}", "{B}"))
    assert [e.fields["note"] for e in again.entries.values()] == ["B+", "B"]
    assert reused(first, again) == set()


def test_duplicate_keys_name_the_first_entry_after_an_edit() -> None:
    """A duplicate's own problems show once it is no longer a duplicate."""
    bib = (
        "@misc{doe, title = {First}}\n\n"
        "@misc{Doe, title = {Second}, title = {Again}}\n"
        "@misc{doe, title = {Third}}\n"
    )
    first, again = reparse(bib, "\n" + bib)
    assert reused(first, again) == {"doe"}
    assert [p.message.split(";")[0] for p in again.problems] == [
        "duplicate key 'Doe' (keys are case-insensitive), first defined at refs.bib:2",
        "duplicate key 'doe' (keys are case-insensitive), first defined at refs.bib:2",
    ]
    _, rest = reparse(bib, bib[bib.index("@misc{Doe") :])
    assert rest.entries["Doe"].fields["title"] == "Second"
    assert [p.location for p in rest.problems] == ["refs.bib:1", "refs.bib:2"]
    assert "duplicate title field" in rest.problems[0].message


def test_a_broken_entry_costs_only_itself_before_and_after_its_fix() -> None:
    broken = BIB.replace("Beta Before the Edit},", "Beta Before the Edit,")
    first, again = reparse(BIB, broken)
    assert set(again.entries) == KEYS - {"doe2023beta"}
    assert reused(first, again) == KEYS - {"doe2023beta"}
    # Where the lexer gave up (the unclosed title swallowed the fields after it): line 14.
    assert again.problems[0].location == "refs.bib:14"
    assert "in entry 'doe2023beta' (line 6)" in again.problems[0].message
    fixed, back = reparse(broken, BIB)
    assert reused(fixed, back) == KEYS - {"doe2023beta"}
    assert back.problems == []
    # An entry cut short by the end of the file; then completed.
    reparse(BIB, BIB[: BIB.index("note   =")])
    reparse(BIB[: BIB.index("note   =")], BIB)


def test_an_at_sign_first_on_a_line_inside_a_field_stays_in_the_field() -> None:
    odd = BIB.replace(
        "  note   = {see https://example.org/delta},",
        "  note   = {write to\n@jane at example.org\n@misc{fake, title = {Not an entry}}},",
    )
    first, again = reparse(odd, odd.replace("Alpha Stays", "Alpha Moves"))
    assert set(again.entries) == KEYS
    assert reused(first, again) == KEYS - {"doe2024alpha"}
    assert "@misc{fake" in again.entries["doe2025delta"].fields["note"]
    # The field edited so that its "@" lines become entries of their own.
    reparse(odd, odd.replace("{write to\n", "{write to}}\n"))


def test_entries_sharing_a_line_are_cached_apart() -> None:
    bib = "@misc{a, title = {One}} @misc{b, title = {Two}} @misc{c, title = {Three}}\n"
    first, again = reparse(bib, bib.replace("{Two}", "{Deux}"))
    assert reused(first, again) == {"a", "c"}
    # Text that runs from one entry into the next: "@misc{a..." becomes part of b's note.
    reparse(bib, bib.replace("{One}} @misc{b,", "{One}} x @misc{b,"))
    reparse(bib, bib.replace("{One}}", "{One}"))


def test_carriage_returns_keep_the_lexers_lines() -> None:
    """pybtex counts a lone CR as a line, the line of an entry counts only LF: both kept."""
    bib = "@misc{a, title = {One}}\r@misc{b, note = nodef}\r\n@misc{c, title = {X}}\n"
    first, again = reparse(bib, "\r\r" + bib)
    assert reused(first, again) == {"a", "b", "c"}
    assert [p.location for p in first.problems] == ["refs.bib:2"]
    assert [p.location for p in again.problems] == ["refs.bib:4"]


def test_a_file_in_the_wrong_encoding_is_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    text = BIB.replace("Delta, a Preprint", "Delta, a Pr\N{LATIN SMALL LETTER E WITH ACUTE}print")
    path.write_bytes(text.encode("latin-1"))
    first = read_bib(path, "utf-8")
    path.write_bytes(text.replace("Alpha Stays", "Alpha Moves").encode("latin-1"))
    again = read_bib(path, "utf-8", first.commands)
    assert view(again) == view(read_bib(path, "utf-8"))
    assert again.misread
    assert [p.location for p in again.problems] == [f"{path}:23"]
    assert reused(first, again) == KEYS - {"doe2024alpha"}


def test_another_pybtex_parses_everything_again() -> None:
    first = parse(BIB)
    first.commands.version = "0.1"
    again = parse(BIB, first.commands)
    assert view(again) == view(parse(BIB))
    assert reused(first, again) == set()


def test_making_records_leaves_the_cached_entries_as_parsed() -> None:
    """What reads the entries after the parse (crossref, records, checks, nodes, the bibdata
    handed to sphinxcontrib-bibtex) changes none of them: the cache hands them out again."""
    bib = BIB + "@inproceedings{child, title = {Child}, crossref = {proc}}\n"
    bib += "@proceedings{proc, booktitle = {Proceedings of Examples}, year = 2020}\n"
    first = parse(bib)
    resolved, _, _ = inherit(first.entries)
    kinds = tuple(DEFAULT_KINDS)
    for position, entry in enumerate(resolved.values()):
        paper = make_paper(entry, owners=(), kinds=kinds, digest="", location="", position=position)
        check_entry(entry, paper, kinds, owned=False)
        render_paper(paper)
    BibliographyData(entries=resolved)
    again = parse(bib, first.commands)
    assert reused(first, again) == set(first.entries)
    assert view(again) == view(parse(bib))


# -- Any text, any edits -----------------------------------------------------------------------

#: Keys that clash (case-insensitively), macros that are defined, redefined or not.
KEY = st.sampled_from(["a", "b", "A", "doe:2024"])
VALUE = st.sampled_from(
    ["{One}", '"Two"', "v", "w # { and } # v", "nodef", "jan", "2024", "{x\n@misc{in, t={y}}}"]
)
FIELD = st.sampled_from(["title", "note", "journal", "month", "author", "editor", "Title"]).flatmap(
    lambda name: VALUE.map(lambda value: f"{name} = {value}")
)
SOUND = st.builds(
    lambda kind, key, fields, end: f"@{kind}{{{key},\n  " + ",\n  ".join(fields) + end,
    st.sampled_from(["misc", "article", "ARTICLE"]),
    KEY,
    st.lists(FIELD, max_size=3),
    st.sampled_from(["\n}", ",\n}", "}"]),
)
SNIPPET = st.one_of(
    SOUND,
    st.sampled_from(
        [
            "@string{v = {V1}}", "@string{v = {V2}}", '@STRING{V = "V3"}', "@string{w = v # {+}}",
            "@string{v = }", "@comment{x @misc{c, title={1}} y}", "@preamble{{\\def\\x{y}}}",
            "@misc(paren, title = {P})", "@article{bro, title = {unclosed\n",
            '@book{q, title = "half\n', "@{nokey, title={x}}", "@misc{nc, title={a} year={1}}",
            "@misc{two, author = {Doe, Jane, Jr, Extra}}", "email me @ home", "@", "@@misc{d}",
            "  @misc{indented, title = {I}}", "% @misc{pct, title = {Percent}}",
            "@misc{e, title = {Bad \\}}", "@misc{u, title = {Ünïcode — ☃}}",
        ]
    ),
)  # fmt: skip
SEPARATOR = st.sampled_from(["\n", "\n\n", " ", "", "\r\n", "\r", "\n% note\n"])
PARTS = st.lists(st.tuples(SNIPPET, SEPARATOR), max_size=8)
EDIT = st.tuples(st.sampled_from(["replace", "insert", "delete"]), st.integers(0, 9), SNIPPET)


@settings(max_examples=400, deadline=None)
@given(PARTS, st.lists(EDIT, min_size=1, max_size=5))
def test_a_cached_parse_equals_a_parse_from_scratch(
    parts: list[tuple[str, str]], edits: list[tuple[str, int, str]]
) -> None:
    """Edit after edit, the cache carried over, the parse is the parse from scratch."""
    parts = list(parts)  # (not Hypothesis's own list, which its report shows)
    cache = parse("".join(a + b for a, b in parts)).commands
    for operation, index, snippet in edits:
        at = index % (len(parts) + 1)
        if operation == "insert" or not parts:
            parts.insert(at, (snippet, "\n"))
        elif operation == "replace":
            parts[at % len(parts)] = (snippet, parts[at % len(parts)][1])
        else:
            del parts[at % len(parts)]
        text = "".join(a + b for a, b in parts)
        cached = parse(text, cache)
        assert view(cached) == view(parse(text))
        cache = cached.commands
