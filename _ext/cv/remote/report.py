"""How the commands report: results on standard output, progress and notes on standard error.

A change to an entry is shown as one line to check before anything is written: ``+`` a field
added, ``-`` one removed, ``~`` one changed, each value as plain text, shortened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from ..bib.decode import plain

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .match import Change


@dataclass
class Output:
    out: TextIO
    err: TextIO

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def progress(self, done: int, total: int, what: str) -> None:
        print(f"[{done}/{total}] {what}", file=self.err, flush=True)

    def note(self, text: str) -> None:
        print(f"note: {text}", file=self.err)


def show_changes(output: Output, changes: Sequence[Change], indent: str = "    ") -> None:
    for change in changes:
        new = plain(change.new)
        if change.adds:
            output.say(f"{indent}+ {change.name} = {short(new)}")
        elif not change.new.strip():
            output.say(f"{indent}- {change.name} = {short(plain(change.old))}")
        else:
            output.say(f"{indent}~ {change.name}: {short(plain(change.old))} -> {short(new)}")


def short(text: str, size: int = 100) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= size else text[: size - 3] + "...")
