"""Reading .bib files: one pybtex parse per file, every problem kept with its file and line.

The first step of the publication pipeline (.bib -> records -> nodes -> writers), free of
Sphinx so that it can be tested and fuzzed on its own. pybtex reads the file; this module only
drives pybtex's low-level parser entry by entry (see :func:`parse_text`), so that

- each error is tied to its entry and line, and a truly broken entry costs only itself;
- an entry whose braces never close does not swallow the entries after it;
- a file in the wrong encoding is one located error that names ``bibtex_encoding``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pybtex.errors
from pybtex.database import BibliographyDataError, Entry
from pybtex.database.input.bibtex import (
    LowLevelParser,
    Parser,
    SkipEntry,
    UndefinedMacro,
    month_names,
)
from pybtex.scanner import PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

if TYPE_CHECKING:
    from pathlib import Path

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

    def where(self, key: str) -> str:
        return f"{self.path}:{self.lines[key]}"


def read_bib(path: Path, encoding: str) -> BibSource:
    """Read and parse one .bib file (``encoding`` is ``bibtex_encoding``)."""
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
    parse_text(text.removeprefix("\N{ZERO WIDTH NO-BREAK SPACE}"), source)
    return source


def parse_text(text: str, source: BibSource) -> None:
    """Parse .bib *text* into *source*, entry by entry, with pybtex.

    pybtex's ``Parser.parse_string`` would do it in one call, but it keeps half of a broken
    entry, gives no entry's line, and lets an unclosed brace swallow the rest of the file. So its
    own loop (``LowLevelParser.parse_bibliography``) is run here, errors are captured per entry,
    and only after an entry that cannot be read does parsing resume at the next line that starts
    with ``@``.
    """
    line_starts = [0] + [match.end() for match in re.finditer(r"\n", text)]

    def line_of(position: int) -> int:
        return bisect.bisect_right(line_starts, position)

    parser = Parser(macros=month_names)
    parser.unnamed_entry_counter = 1
    errors: list[Exception] = []
    lexer = LowLevelParser(
        text, handle_error=errors.append, macros=CaseInsensitiveDict(month_names)
    )
    while lexer.skip_to([lexer.AT]):
        start = lexer.command_start = lexer.pos - 1
        errors.clear()
        try:
            command, body = lexer.parse_command()
        except SkipEntry:  # @comment
            continue
        except PybtexSyntaxError as error:  # no entry at all, e.g. "@ 2020" in a comment
            errors.append(error)
            command, body = "", (None, [])
        line = line_of(start)
        key = body[0] if command.lower() not in ("string", "preamble") else None
        broken = [e for e in errors if is_fatal(e)]
        for error in errors:
            source.problems.append(parse_problem(error, source.path, line, key))
        if broken:
            resume = ENTRY_START_RE.search(text, lexer.text.find("\n", start) + 1 or len(text))
            if resume and resume.start() < lexer.pos:
                lexer.pos = resume.start()
                lexer.lineno = line_of(lexer.pos)
            continue
        if command.lower() in ("string", "preamble", ""):
            continue
        add_entry(parser, command, body, source, line)


def is_fatal(error: Exception) -> bool:
    """Whether *error* leaves an entry that cannot be read (an undefined @string can)."""
    return isinstance(error, PybtexSyntaxError) and not isinstance(error, UndefinedMacro)


def add_entry(
    parser: Parser, command: str, body: tuple[str | None, list], source: BibSource, line: int
) -> None:
    """Turn a parsed entry into a pybtex :class:`Entry`, exactly as pybtex's parser does."""
    key = body[0]
    where = f"{source.path}:{line}"
    if key is not None and key in parser.data.entries:
        first = source.lines.get(parser.data.entries[key].key)
        source.problems.append(
            Problem(
                where,
                "bibfile",
                f"duplicate key {key!r} (keys are case-insensitive), first defined at "
                f"{source.path}:{first}; this entry is left out: give it a unique key",
            )
        )
        return
    with pybtex.errors.capture() as errors:
        parser.process_entry(command, key, body[1])
    for error in errors:  # a field given twice, a bad name: the rest of the entry is kept
        message = (
            f"{error}; the first value is kept"
            if isinstance(error, BibliographyDataError)
            else f"{error}; the rest of the entry is kept"
        )
        source.problems.append(Problem(where, "bibfile", message))
    entry = parser.data.entries.get(key) if key else None
    if entry is not None and entry.key not in source.lines:
        source.entries[entry.key] = entry
        source.lines[entry.key] = line


def parse_problem(error: Exception, path: str, line: int, key: str | None) -> Problem:
    """The located message for a pybtex parse error in the entry that starts at *line*."""
    where = f"{path}:{getattr(error, 'lineno', None) or line}"
    what = f"entry {key!r}" if key else "the entry"
    detail = error.args[0] if error.args else str(error)
    if isinstance(error, UndefinedMacro):
        outcome = "the field is left empty: put its value in braces or define it with @string"
    elif "key" in str(detail):
        outcome = "this entry is left out: give it a key, as in @article{doe2024, ...}"
    else:
        outcome = (
            "this entry is left out: check that its braces and quotes are balanced and that "
            "a comma ends each field"
        )
    kind = getattr(error, "error_type", "error")
    return Problem(where, "bibfile", f"{kind} in {what} (line {line}): {detail}; {outcome}")
