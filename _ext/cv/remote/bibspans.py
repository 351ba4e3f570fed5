"""Where each entry and each field of a .bib file's text is, to the character.

The places :mod:`cv.remote.bibedit` edits at, and nothing else: entries are found by the build's
own reader (:mod:`cv.bib.bibfile`, pybtex's lexer), which gives where each starts and ends;
within an entry, :func:`field_spans` scans for each field's name, value and comma. A file with
an entry that does not read is refused here (:class:`EditError`), before any edit is made to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pybtex.database.input.bibtex import Parser, month_names

from ..bib.bibfile import Lexer, read_command

if TYPE_CHECKING:
    from pybtex.database import Entry


class EditError(Exception):
    """An edit that cannot be made safely; the file is left as it was."""


@dataclass(frozen=True)
class Span:
    """One entry of the file: its text is ``text[start:end]``."""

    key: str
    type: str
    start: int
    end: int
    entry: Entry


@dataclass(frozen=True)
class FieldSpan:
    """One field of an entry, offsets in the file: ``name = value`` and its comma."""

    name: str  #: lower case
    start: int  #: where its name starts
    value_start: int
    value_end: int
    end: int  #: after its comma, if it has one


def entry_spans(text: str, path: str = "<bib>") -> list[Span]:
    """Each readable entry of *text* with where it is; an :class:`EditError` if some entry
    cannot be read (an edit is never made to a file that does not read cleanly)."""
    parser = Parser(macros=month_names)
    lexer = Lexer(text)
    spans: list[Span] = []
    while lexer.skip_to([lexer.AT]):
        start = lexer.command_start = lexer.pos - 1
        command = read_command(lexer, parser)
        if command is None:
            continue
        if command.broken:
            line = text.count("\n", 0, start) + 1
            raise EditError(
                f"{path}:{line}: this entry cannot be read; fix it before these commands edit "
                "the file (tox -e docs names the problem)"
            )
        if command.entry is not None:
            spans.append(
                Span(command.key or "", command.entry.type, start, lexer.pos, command.entry)
            )
    return spans


def field_spans(text: str, span: Span) -> list[FieldSpan]:
    """The fields of entry *span*: where each name, value and comma is (offsets in *text*)."""
    body = text[span.start : span.end]
    head = re.match(r"@\s*\w+\s*([{(])[^,]*,", body)
    if head is None:
        return []
    closing = "}" if head.group(1) == "{" else ")"
    fields: list[FieldSpan] = []
    i = head.end()
    end = len(body) - 1  # the closing brace
    while i < end:
        match = re.compile(r"\s*([^\s=,{}()\"#%]+)\s*=\s*").match(body, i)
        if match is None:
            break
        name_start = match.start(1)
        j = match.end()
        value_start = j
        while True:  # parts joined by '#'
            if j >= end:
                break
            char = body[j]
            if char == "{":
                depth = 0
                while j < end:
                    depth += {"{": 1, "}": -1}.get(body[j], 0)
                    j += 1
                    if depth == 0:
                        break
            elif char == '"':
                j += 1
                depth = 0
                while j < end and not (body[j] == '"' and depth == 0):
                    depth += {"{": 1, "}": -1}.get(body[j], 0)
                    j += 1
                j += 1
            else:
                word = re.compile(r"[^\s,#{}\"" + re.escape(closing) + r"]+").match(body, j)
                if word is None:
                    break
                j = word.end()
            joined = re.compile(r"\s*#\s*").match(body, j)
            if joined is None:
                break
            j = joined.end()
        value_end = j
        comma = re.compile(r"\s*,").match(body, j)
        field_end = comma.end() if comma else j
        fields.append(
            FieldSpan(
                match.group(1).lower(),
                span.start + name_start,
                span.start + value_start,
                span.start + value_end,
                span.start + field_end,
            )
        )
        i = field_end
        if comma is None:
            break
    return fields
