"""Reading .bib files: one pybtex parse per file, every problem kept with its file and line.

The first step of the publication pipeline (.bib -> records -> nodes -> writers), free of
Sphinx so that it can be tested and fuzzed on its own. pybtex reads the file; this module only
drives pybtex's low-level parser entry by entry (see :func:`parse_text`), so that

- each error is tied to its entry and line, and a truly broken entry costs only itself;
- an entry whose braces never close does not swallow the entries after it;
- a file in the wrong encoding is one located error that names ``bibtex_encoding``;
- after an edit, only the commands that changed are parsed again (:class:`ParseCache`).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, cast

import pybtex
import pybtex.errors
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyDataError, Entry
from pybtex.database.input.bibtex import (
    LowLevelParser,
    Parser,
    SkipEntry,
    UndefinedMacro,
    month_names,
)
from pybtex.scanner import PybtexSyntaxError
from pybtex.textutils import normalize_whitespace
from pybtex.utils import CaseInsensitiveDict

from .names import Name

if TYPE_CHECKING:
    from pathlib import Path

#: How deep pybtex reads braces in a value (``LowLevelParser.parse_string``'s ``max_level``).
MAX_NESTING = 100
#: Where a broken entry's text may end: the next ``@`` first on a line (how .bib files are
#: written). Used only to recover after an entry that cannot be read, never to split the file.
ENTRY_START_RE = re.compile(r"^[ \t]*@", re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    """Something in a .bib file that will not show as its author meant.

    ``subtype`` is the warning's subtype under type ``cv`` (``suppress_warnings = ["cv.X"]``).
    """

    location: str  #: ``path:line``
    subtype: str
    message: str
    error: bool = False  #: an error rather than a warning (the file could not be read)


@dataclass
class BibSource:
    """What one .bib file holds: its entries in file order, where each starts, its problems."""

    path: str
    entries: dict[str, Entry] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  #: key -> line of its ``@``
    problems: list[Problem] = field(default_factory=list)
    #: Read in the wrong encoding: its entries are shown, but not checked (every character
    #: that could not be read would be reported again).
    misread: bool = False
    #: What was parsed, for the next read of the file to reuse.
    commands: ParseCache = field(default_factory=lambda: ParseCache())

    def where(self, key: str) -> str:
        return f"{self.path}:{self.lines[key]}"


def read_bib(path: Path, encoding: str, previous: ParseCache | None = None) -> BibSource:
    """Read and parse one .bib file (``encoding`` is ``bibtex_encoding``), reusing what
    *previous* (an earlier read's ``commands``) parsed."""
    source = BibSource(str(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        message = f"cannot read the .bib file: {error.strerror}; check bibtex_bibfiles in conf.py"
        source.problems.append(Problem(f"{path}:1", "bibfile", message, error=True))
        return source
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        name = (
            "UTF-8"
            if encoding.lower().replace("_", "-") in ("utf-8-sig", "utf-8", "utf8")
            else encoding
        )
        message = (
            f"the file is not {name}: byte 0x{byte} cannot be read; set bibtex_encoding in "
            "conf.py to the file's encoding (e.g. bibtex_encoding = 'latin-1'), or save the "
            f"file as {name}; until then such characters show as \N{REPLACEMENT CHARACTER}"
        )
        source.problems.append(Problem(f"{path}:{line}", "bibfile", message, error=True))
        text = data.decode(encoding, errors="replace")
        source.misread = True
    parse_text(text.removeprefix("\N{ZERO WIDTH NO-BREAK SPACE}"), source, previous)
    return source


def parse_text(text: str, source: BibSource, previous: ParseCache | None = None) -> None:
    """Parse .bib *text* into *source*, command by command, with pybtex.

    pybtex's ``Parser.parse_string`` would do it in one call, but it keeps half of a broken
    entry, gives no entry's line, and lets an unclosed brace swallow the rest of the file. So its
    own loop (``LowLevelParser.parse_bibliography``) is run here, errors are captured per entry,
    and only after an entry that cannot be read does parsing resume at the next line that starts
    with ``@``. A command found in *previous* (the last parse's ``source.commands``) is taken
    from there instead of being parsed again.
    """
    line_starts = [0] + [match.end() for match in re.finditer(r"\n", text)]

    def line_of(position: int) -> int:
        return bisect.bisect_right(line_starts, position)

    parser = Parser(macros=month_names)
    parser.unnamed_entry_counter = 1
    lexer = Lexer(text)
    first: dict[str, str] = {}  # key in lower case -> as first written: keys are case-insensitive
    while lexer.skip_to([lexer.AT]):
        start = lexer.command_start = lexer.pos - 1
        lineno = lexer.lineno
        command = previous.find(text, start, lexer.macros) if previous else None
        if command is not None:  # the lexer moved on as if it had read the cached text
            lexer.pos, lexer.lineno = start + command.size, lineno + command.newlines
            if command.defines:
                lexer.macros[command.defines[0]] = command.defines[1]
        elif (command := read_command(lexer, parser)) is None:
            continue  # @comment
        line = line_of(start)
        for error in command.errors:
            source.problems.append(parse_problem(error, source.path, line, lineno, command.key))
        if command.broken:
            resume = ENTRY_START_RE.search(text, text.find("\n", start) + 1 or len(text))
            if resume and resume.start() < lexer.pos:
                lexer.pos = resume.start()
                lexer.lineno = line_of(lexer.pos)
            continue
        source.commands.add(text, start, command)
        if command.entry is not None:
            add_entry(command, source, line, first)


class Lexer(LowLevelParser):
    """pybtex's lexer, keeping the errors and the @string macros read of the current command."""

    def __init__(self, text: str) -> None:
        super().__init__(text, macros=CaseInsensitiveDict(month_names))
        self.errors: list[PybtexSyntaxError] = []
        self.reads: dict[str, str | None] = {}

    def handle_error(self, error: PybtexSyntaxError) -> None:
        self.errors.append(error)

    def substitute_macro(self, name: str) -> str:
        self.reads[name.lower()] = self.macros.get(name)
        return super().substitute_macro(name)


class SyntaxProblem(NamedTuple):
    """A parse error of pybtex's lexer, as much of it as its message needs."""

    lines: int  #: the lexer's line of the error, counted from its command's ``@``
    kind: str  #: pybtex's ``error_type``
    detail: str
    #: An undefined @string: its field is left empty, the rest of the entry read. Any other
    #: error leaves the command unread.
    undefined: bool


class Command(NamedTuple):
    """One command (an entry, a @string or a @preamble) as pybtex read it at its ``@``.

    All that reading it again would give: what the lexer did, and what pybtex's ``Parser``
    made of an entry, so that a cached command stands in for its parse (see :class:`ParseCache`).
    """

    #: Its text, from its ``@`` to its closing brace, as its length and a digest: the text of
    #: every entry kept in the environment would be megabytes held for the whole build
    #: (0, b"" if broken: it is never cached).
    size: int
    digest: bytes
    newlines: int  #: lines the lexer counted in them
    key: str | None  #: an entry's key
    errors: tuple[SyntaxProblem, ...]
    #: The macros it read (lower-case name -> value, None if undefined) and so depends on.
    reads: tuple[tuple[str, str | None], ...]
    defines: tuple[str, str] | None = None  #: a @string's name and value
    entry: Entry | None = None  #: a readable entry, as pybtex's ``Parser`` makes it
    entry_problems: tuple[str, ...] = ()  #: what pybtex reported while making it

    @property
    def broken(self) -> bool:
        return not all(error.undefined for error in self.errors)


def read_command(lexer: Lexer, parser: Parser) -> Command | None:
    """Read the command whose ``@`` the *lexer* just passed; None for a @comment."""
    start, lineno = lexer.pos - 1, lexer.lineno
    lexer.errors.clear()
    lexer.reads.clear()
    try:
        name, body = lexer.parse_command()
    except SkipEntry:  # @comment
        return None
    except PybtexSyntaxError as error:  # no command at all, e.g. "@ 2020" in a comment
        lexer.errors.append(error)
        name, body = "", (None, [])
    kind = name.lower()
    errors = tuple(
        SyntaxProblem(
            error.lineno - lineno,
            error.error_type,
            error.args[0] if error.args else str(error),
            isinstance(error, UndefinedMacro),
        )
        for error in lexer.errors
    )
    command = Command(
        size=0,
        digest=b"",
        newlines=lexer.lineno - lineno,
        key=body[0] if kind not in ("string", "preamble") else None,
        errors=errors,
        reads=tuple(lexer.reads.items()),
    )
    if command.broken:  # never cached, and what the lexer read may run to the end of the file
        return command
    command = command._replace(
        size=lexer.pos - start, digest=text_digest(lexer.text, start, lexer.pos)
    )
    if kind == "preamble":
        return command
    if kind == "string":
        return command._replace(defines=(body[0], "".join(body[1])))
    return make_entry(parser, name, command, body[1])


def make_entry(parser: Parser, name: str, command: Command, fields: list) -> Command:
    """*command* with its :class:`Entry`, made exactly as pybtex's parser makes it."""
    with pybtex.errors.capture() as errors:
        parser.process_entry(name, command.key, fields)
    # Taken out again: duplicate keys are found by add_entry, which knows their lines.
    entry = parser.data.entries.pop(command.key, None)
    if entry is not None:
        keep_names_as_written(entry, fields)
    problems = tuple(
        # A field given twice, a bad name: the rest of the entry is kept.
        f"{error}; the first value is kept"
        if isinstance(error, BibliographyDataError)
        else f"{error}; the rest of the entry is kept"
        for error in errors
    )
    return command._replace(entry=entry, entry_problems=problems)


def keep_names_as_written(entry: Entry, fields: list) -> None:
    """Make each person of *entry* a :class:`cv.bib.names.Name` holding its text as written.

    The texts are split as pybtex's parser split them (the field's value, its whitespace
    normalised, at each `` and ``), from the first field of each role, the one it kept.
    """
    for role, persons in entry.persons.items():
        value = next(parts for name, parts in fields if name.lower() == role.lower())
        written = split_name_list(normalize_whitespace("".join(value)))
        entry.persons[role] = [
            Name.of(person, text) for person, text in zip(persons, written, strict=True)
        ]


def add_entry(command: Command, source: BibSource, line: int, first: dict[str, str]) -> None:
    """Add the entry of *command* to *source*, unless an entry before has its key."""
    entry = cast("Entry", command.entry)
    where = f"{source.path}:{line}"
    if entry.key.lower() in first:
        source.problems.append(
            Problem(
                where,
                "bibfile",
                f"duplicate key {command.key!r} (keys are case-insensitive), first defined at "
                f"{source.where(first[entry.key.lower()])}; this entry is left out: give it a "
                "unique key",
            )
        )
        return
    source.problems.extend(Problem(where, "bibfile", message) for message in command.entry_problems)
    first[entry.key.lower()] = entry.key
    source.entries[entry.key] = entry
    source.lines[entry.key] = line


def parse_problem(
    error: SyntaxProblem, path: str, line: int, lineno: int, key: str | None
) -> Problem:
    """The located message for a parse error in the entry whose ``@`` is at *line* (the
    lexer's *lineno*)."""
    what = f"entry {key!r}" if key else "the entry"
    if error.undefined:
        outcome = "the field is left empty: put its value in braces or define it with @string"
    elif "key" in error.detail:
        outcome = "this entry is left out: give it a key, as in @article{doe2024, ...}"
    elif error.detail == "too many nested braces":
        outcome = (
            f"this entry is left out: its braces nest more than {MAX_NESTING} deep, more than "
            "pybtex reads; write the field with fewer braces"
        )
    else:
        outcome = (
            "this entry is left out: check that its braces and quotes are balanced and that "
            "a comma ends each field"
        )
    return Problem(
        f"{path}:{lineno + error.lines}",
        "bibfile",
        f"{error.kind} in {what} (line {line}): {error.detail}; {outcome}",
    )


def text_digest(text: str, start: int, end: int) -> bytes:
    """A digest of ``text[start:end]`` that tells two commands' texts apart (BLAKE2b, 128 bits)."""
    return hashlib.blake2b(text[start:end].encode(), digest_size=16).digest()


class ParseCache:
    """The commands of a parse, by their text, for the next parse of the same file to reuse.

    pybtex has no incremental parse, and parsing thousands of entries again after one is edited
    costs seconds. A command's reading depends only on its own text (the lexer looks at nothing
    past its closing brace, and counts lines from where it starts) and on the @string macros it
    reads; so one whose text and macros are those of a cached command is the cached command. A
    broken command is always read again: its reading depends on what follows it.
    """

    #: How much of a command's first line files it: its ``@type{key,`` as a rule.
    HEAD = 100

    def __init__(self) -> None:
        self.version = pybtex.__version__  # another pybtex may read the same text otherwise
        self.commands: dict[str, list[Command]] = {}  #: by the start of their first line

    def find(self, text: str, start: int, macros: CaseInsensitiveDict) -> Command | None:
        """The cached command that the text at *start* is, with these *macros*; or None."""
        if self.version != pybtex.__version__:
            return None
        for command in self.commands.get(self.head(text, start), ()):
            end = start + command.size
            if text_digest(text, start, end) == command.digest and all(
                macros.get(name) == value for name, value in command.reads
            ):
                return command
        return None

    def add(self, text: str, start: int, command: Command) -> None:
        self.commands.setdefault(self.head(text, start), []).append(command)

    def head(self, text: str, start: int) -> str:
        end = min(start + self.HEAD, len(text))
        for stop in (",", "\n"):
            found = text.find(stop, start, end)
            end = found + 1 if found >= 0 else end
        return text[start:end]
