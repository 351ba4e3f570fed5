"""Edits of a .bib file that keep every other byte of it: comments, order, layout.

The file is read with the build's own reader (:mod:`cv.bib.bibfile`, pybtex's lexer), which
gives where each entry starts and ends; within an entry, :mod:`cv.remote.bibspans` finds where
each field's value is. An edit replaces or inserts text at those places and nothing else, and
:meth:`BibText.verify` reads the result again: every entry that was not edited must read exactly
as before and each edited one as intended, or the edit is refused
(:class:`~cv.remote.bibspans.EditError`) and the file is not written. New entries and fields are
written in the file's own layout (:class:`Layout`: indentation, aligned ``=``, a comma after the
last field or not).
"""

from __future__ import annotations

import itertools
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..bib.bibfile import BibSource, parse_text
from ..bib.dates import MONTH_MACROS
from .bibspans import EditError, Span, entry_spans, field_spans

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pybtex.database import Entry


@dataclass
class Layout:
    """How the file writes an entry's fields: ``{indent}{name:<width} = {value},``."""

    indent: str = "  "
    width: int = 0
    trailing_comma: bool = True
    #: Entries are apart by a blank line.
    blank_line: bool = True

    def line(self, name: str, value: str) -> str:
        written = value if name == "month" and value in MONTH_MACROS else "{" + value + "}"
        return f"{self.indent}{name:<{self.width}} = {written}"

    def entry(self, type_: str, key: str, fields: dict[str, str]) -> str:
        lines = [f"{self.line(name, value)}," for name, value in fields.items()]
        if lines and not self.trailing_comma:
            lines[-1] = lines[-1][:-1]
        return "\n".join([f"@{type_}{{{key},", *lines, "}"])


@dataclass
class BibText:
    """A .bib file's text and its entries, to be edited and written back."""

    path: Path
    text: str
    spans: list[Span] = field(default_factory=list)
    newline: str = "\n"

    @classmethod
    def read(cls, path: Path) -> BibText:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = b""
        except OSError as error:
            raise EditError(f"cannot read {path}: {error.strerror}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise EditError(
                f"{path}:{line} is not UTF-8; these commands edit UTF-8 files"
            ) from None
        # Written as the file writes line ends; the rest of the file is kept as it is.
        newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
        bib = cls(path, text, newline=newline)
        bib.spans = entry_spans(bib.text, str(path))
        return bib

    # -- What the file holds ---------------------------------------------------------------

    def entries(self) -> list[tuple[str, Entry]]:
        return [(span.key, span.entry) for span in self.spans]

    def span(self, key: str) -> Span:
        return next(span for span in self.spans if span.key.lower() == key.lower())

    def layout(self) -> Layout:
        """The layout most of the file's fields are written in (the default for an empty file)."""
        indents: Counter[str] = Counter()
        widths: Counter[int] = Counter()
        trailing: Counter[bool] = Counter()
        for span in self.spans:
            fields = field_spans(self.text, span)
            for item in fields:
                line_start = self.text.rfind("\n", 0, item.start) + 1
                indent = self.text[line_start : item.start]
                if indent.strip():
                    continue  # not first on its line
                indents[indent] += 1
                head = self.text[item.start : item.value_start]
                match = re.match(r"([^\s=]+)(\s*)=", head)
                if match:
                    gap = len(match.group(2))
                    widths[len(match.group(1)) + gap - 1 if gap > 1 else 0] += 1
            if fields:
                last = fields[-1]
                trailing[self.text[last.value_end : last.end].strip() == ","] += 1
        blank = sum(
            1 for a, b in itertools.pairwise(self.spans)
            if self.text[a.end : b.start].count("\n") >= 2
        )  # fmt: skip
        return Layout(
            indent=indents.most_common(1)[0][0] if indents else "  ",
            width=widths.most_common(1)[0][0] if widths else 0,
            trailing_comma=trailing.most_common(1)[0][0] if trailing else True,
            blank_line=blank * 2 >= len(self.spans) - 1 if len(self.spans) > 1 else True,
        )

    def order(self) -> int:
        """-1 if the file lists papers newest first, 1 oldest first, 0 neither."""
        years = [y for _, entry in self.entries() if (y := year_of(entry)) is not None]
        pairs = list(itertools.pairwise(years))
        if len(pairs) < 2:
            return 0
        if all(a >= b for a, b in pairs):
            return -1
        if all(a <= b for a, b in pairs):
            return 1
        return 0

    # -- Edits ---------------------------------------------------------------------------------

    def add_entry(self, text: str, year: int | None) -> None:
        """Insert an entry's *text*: in date order if the file keeps one, else at the end."""
        order = self.order()
        place = None
        if order and year is not None:
            for span in self.spans:
                other = year_of(span.entry)
                if other is not None and (other < year if order < 0 else other > year):
                    place = span.start
                    break
        nl = self.newline
        text = text.replace("\n", nl)
        separator = nl * 2 if self.layout().blank_line else nl
        if place is None:
            body = self.text.rstrip("\r\n")
            tail = self.text[len(body) :]
            if not body.strip():
                self.text = self.text + text + nl
            else:
                self.text = body + separator + text + (tail if tail else nl)
        else:
            self.text = self.text[:place] + text + separator + self.text[place:]
        self.spans = entry_spans(self.text, str(self.path))

    def set_field(self, key: str, name: str, value: str, order: Sequence[str] = ()) -> None:
        """Give entry *key* field *name* = *value* (LaTeX), replacing its value if it has one;
        a new field goes before the first field that *order* puts after it, else last."""
        span = self.span(key)
        fields = field_spans(self.text, span)
        layout = self.layout()
        existing = next((item for item in fields if item.name == name), None)
        rank = {field_name: i for i, field_name in enumerate(order)}
        later = [
            item for item in fields
            if name in rank and rank.get(item.name, len(rank)) > rank[name]
        ]  # fmt: skip
        if existing is None and later and self.at_line_start(later[0].start):
            line = layout.line(name, value) + ","
            start = later[0].start - len(layout.indent)
            if self.text[start : later[0].start] == layout.indent:
                self.text = self.text[:start] + line + self.newline + self.text[start:]
                self.spans = entry_spans(self.text, str(self.path))
                return
        if existing is not None:
            written = layout.line(name, value).split(" = ", 1)[1]
            self.text = (
                self.text[: existing.value_start] + written + self.text[existing.value_end :]
            )
        elif fields:
            last = fields[-1]
            has_comma = self.text[last.value_end : last.end].strip() == ","
            line = layout.line(name, value) + ("," if has_comma else "")
            if has_comma:
                insert_at = last.end
                self.text = self.text[:insert_at] + self.newline + line + self.text[insert_at:]
            else:
                insert_at = last.value_end
                self.text = (
                    self.text[:insert_at] + "," + self.newline + line + self.text[insert_at:]
                )
        else:
            head = re.match(r"@\s*\w+\s*[{(][^,]*,?", self.text[span.start : span.end])
            if head is None:
                raise EditError(f"cannot find where the fields of {key} start")
            insert_at = span.start + head.end()
            comma = "" if head.group().endswith(",") else ","
            line = layout.line(name, value) + ("," if layout.trailing_comma else "")
            self.text = self.text[:insert_at] + comma + self.newline + line + self.text[insert_at:]
        self.spans = entry_spans(self.text, str(self.path))

    def at_line_start(self, position: int) -> bool:
        line_start = self.text.rfind("\n", 0, position) + 1
        return not self.text[line_start:position].strip()

    def remove_field(self, key: str, name: str) -> None:
        """Remove field *name* of entry *key* (and its line, if it has one of its own)."""
        span = self.span(key)
        fields = field_spans(self.text, span)
        index = next((i for i, item in enumerate(fields) if item.name == name), None)
        if index is None:
            return
        item = fields[index]
        start = self.text.rfind("\n", span.start, item.start)
        if start >= 0 and not self.text[start + 1 : item.start].strip():
            start -= self.text[start - 1 : start] == "\r"  # the line's own end goes with it
        elif index:
            start = fields[index - 1].end  # after the comma of the field before, on its line
        else:
            start = item.start
        end = item.end
        if index == len(fields) - 1 and self.text[item.value_end : item.end].strip() != ",":
            # The last field, without a comma: the comma before it goes instead.
            previous = fields[index - 1] if index else None
            if previous is not None and self.text[previous.value_end : previous.end].strip():
                start = previous.value_end
                end = item.end
        self.text = self.text[:start] + self.text[end:]
        self.spans = entry_spans(self.text, str(self.path))

    def set_type(self, key: str, type_: str) -> None:
        span = self.span(key)
        match = re.match(r"@\s*(\w+)", self.text[span.start : span.end])
        if match is None:
            raise EditError(f"cannot find the type of {key}")
        start = span.start + match.start(1)
        self.text = self.text[:start] + type_ + self.text[span.start + match.end(1) :]
        self.spans = entry_spans(self.text, str(self.path))

    # -- Checking and writing --------------------------------------------------------------------

    def verify(self, original: BibText, expected: dict[str, Entry | None]) -> None:
        """Check that this text reads as *original* does, but for the entries in *expected*
        (key -> the entry it must read as, None for an entry that must be new and read)."""
        before = parsed(original.text, original.path)
        after = parsed(self.text, self.path)
        if after.problems and len(after.problems) > len(before.problems):
            raise EditError(
                f"the edit would make the .bib unreadable: {after.problems[-1].message}"
            )
        changed = {key.lower() for key in expected}
        for key, entry in before.entries.items():
            if key.lower() in changed:
                continue
            if key not in after.entries or not same(entry, after.entries[key]):
                raise EditError(f"the edit would change entry {key}, which it must not touch")
        for key, entry in expected.items():
            found = next((e for k, e in after.entries.items() if k.lower() == key.lower()), None)
            if found is None:
                raise EditError(f"the edited .bib has no readable entry {key}")
            if entry is not None and not same(entry, found):
                raise EditError(f"entry {key} does not read back as written")
        if len(after.entries) != len(before.entries) + sum(
            1 for key in expected if key not in before.entries
        ):
            raise EditError("the edit would add or lose entries it did not mean to")

    def write(self) -> None:
        """Write the text to the file atomically (a temporary file renamed over it)."""
        data = self.text.encode("utf-8")
        directory = self.path.parent
        fd, name = tempfile.mkstemp(prefix=".cv-remote-", suffix=".bib", dir=directory)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            if self.path.exists():
                Path(name).chmod(self.path.stat().st_mode & 0o777)
            Path(name).replace(self.path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise


def parsed(text: str, path: Path) -> BibSource:
    source = BibSource(str(path))
    parse_text(text, source)
    return source


def same(a: Entry, b: Entry) -> bool:
    """Whether two entries read the same: type, fields and persons."""

    def persons(entry: Entry) -> dict[str, list[str]]:
        return {role.lower(): [str(p) for p in people] for role, people in entry.persons.items()}

    def fields(entry: Entry) -> dict[str, str]:
        return {name.lower(): value for name, value in entry.fields.items()}

    return (a.type.lower(), fields(a), persons(a)) == (b.type.lower(), fields(b), persons(b))


def year_of(entry: Entry) -> int | None:
    value = entry.fields.get("year", "") or entry.fields.get("date", "")
    match = re.match(r"\s*\{?(\d{4})", value)
    return int(match.group(1)) if match else None
