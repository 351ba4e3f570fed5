"""pandoc's citeproc over CSL items, in a process of its own: the standard library only.

The paper pages' citations (:mod:`cv.formats.cslprocessor`) are made here. :func:`run` runs this
file as a child process, which runs pandoc on every batch of items in every style, side by
side, and prints each item's citation as marked text (:data:`MARKS`).

Why a process: pandoc prints its document model as JSON, 5 MB per style and thousand items,
which becomes millions of short-lived Python objects. Read in the build process, they were freed
into a fragmented heap that made the build's peak memory, later, while the list of every paper
is written, 4 MB larger (at 5,000 papers, 231-233 MB against 227-228 MB, same time).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping


class CitationError(Exception):
    """pandoc could not format the citations (its message says why)."""


#: The marks of formatting in the citations: pandoc's inline -> (opener, closer), private-use
#: code points, which are dropped from the data.
MARKS = {
    "Emph": ("\ue100", "\ue101"),
    "Strong": ("\ue102", "\ue103"),
    "Superscript": ("\ue104", "\ue105"),
    "Subscript": ("\ue106", "\ue107"),
    "SmallCaps": ("\ue108", "\ue109"),
}
#: Characters pandoc's CSL-JSON reader takes as markup (``<i>``, ``<span class="nocase">``) or
#: turns into typographic quotes: the data's own stand in for them while pandoc runs, so a field
#: shows literally, as everywhere else on the site.
_LITERAL = {"<": "\ue110", '"': "\ue111", "'": "\ue112"}
_LITERAL_IN = str.maketrans(_LITERAL)
_LITERAL_BACK = str.maketrans({code: char for char, code in _LITERAL.items()})
_PROTECT_RE = re.compile("[\ue100-\ue11f]")
#: Items per pandoc run: its memory grows with the batch (about 180 MB up to a thousand).
BATCH = 1000
#: What pandoc reads besides the items: every item, in US English, with addresses as text.
_DOCUMENT = "---\nnocite: '@*'\nlink-bibliography: false\nlang: en-US\n---\n"


@functools.cache
def pandoc() -> str | None:
    """The pandoc that pypandoc-binary bundles (its version is pinned), else one on PATH."""
    # Found, not imported: importing pypandoc takes longer than a LaTeX build's use of us.
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec and spec.submodule_search_locations) or ():
        bundled = Path(folder, "files", "pandoc.exe" if os.name == "nt" else "pandoc")
        if bundled.is_file():
            return str(bundled)
    return shutil.which("pandoc")


def run(items: Mapping[str, str], styles: Mapping[str, bytes]) -> dict[str, dict[str, str]]:
    """Each CSL item (id -> its CSL-JSON text) formatted in each style (name -> the CSL file's
    bytes, as pandoc should read it) as if cited alone, as marked text: style -> id -> text.
    Raises :class:`CitationError` when pandoc is missing or fails."""
    tool = pandoc()
    if tool is None:
        msg = "pandoc is not installed: pip install -r requirements.txt (pypandoc-binary)"
        raise CitationError(msg)
    job = {"pandoc": tool, "styles": {name: csl.decode("utf-8") for name, csl in styles.items()}}
    child = subprocess.run(
        # -I: no user site, no PYTHON* variables; this file needs nothing beyond them.
        [sys.executable, "-I", __file__],
        # The job on its first line (JSON keeps newlines escaped), then the items as they are.
        input=f"{json.dumps(job, ensure_ascii=False)}\n[{','.join(items.values())}]",
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    try:
        result = json.loads(child.stdout)
    except ValueError:
        msg = f"the citations' process failed ({child.returncode}): {child.stderr.strip()}"
        raise CitationError(msg) from None
    if "error" in result:
        raise CitationError(result["error"])
    return {
        style: dict(zip(items, texts, strict=True)) for style, texts in result["styles"].items()
    }


# -- In the child ------------------------------------------------------------------------------


def main() -> None:
    """Format the items of the job on stdin (see :func:`run`); print the citations by style,
    or what went wrong."""
    head, items = sys.stdin.buffer.read().decode("utf-8").split("\n", 1)  # whatever the locale
    job = json.loads(head)
    with tempfile.TemporaryDirectory(prefix="cv-csl-") as name:
        folder = Path(name)
        batches = _bibliographies(folder, json.loads(items))
        with ThreadPoolExecutor() as pool:  # each thread waits on its pandoc process
            futures = {}
            for number, (style, csl) in enumerate(job["styles"].items()):
                path = folder / f"style{number}.csl"  # a style's name is a key, not a file's
                path.write_text(csl, "utf-8")
                futures[style] = pool.submit(_format, job["pandoc"], batches, path)
            styles, error = {}, None
            for style, future in futures.items():
                try:
                    styles[style] = future.result()
                except CitationError as failure:
                    error = error or f"style {style!r}: {failure}"
    print(json.dumps({"error": error} if error else {"styles": styles}))  # ASCII: any locale


def _protect(value: Any) -> Any:
    """*value* with the marks' code points dropped and pandoc's markup characters replaced."""
    if isinstance(value, str):
        return _PROTECT_RE.sub("", value).translate(_LITERAL_IN)
    if isinstance(value, list):
        return [_protect(part) for part in value]
    if isinstance(value, dict):
        return {key: _protect(part) for key, part in value.items()}
    return value


def _bibliographies(folder: Path, items: list[dict[str, Any]]) -> list[tuple[int, Path]]:
    """The items in files of :data:`BATCH` each, as pandoc reads them: the marks' code points
    dropped, and ids of our own (pandoc makes HTML ids of them, which any .bib key need not
    be). Each batch's size and file."""
    batches = []
    for start in range(0, len(items), BATCH):
        batch = [
            {
                **_protect({k: v for k, v in item.items() if k not in ("id", "citation-key")}),
                "id": f"item{number}",
            }
            for number, item in enumerate(items[start : start + BATCH])
        ]
        path = folder / f"items{start}.json"
        path.write_text(json.dumps(batch, ensure_ascii=False), "utf-8")
        batches.append((len(batch), path))
    return batches


def _format(tool: str, batches: list[tuple[int, Path]], csl: Path) -> list[str]:
    """The citations of every batch's items in the style *csl*, in their order."""
    return [text for count, path in batches for text in _run_pandoc(tool, path, count, csl)]


def _run_pandoc(tool: str, bibliography: Path, count: int, csl: Path) -> list[str]:
    """One pandoc run: the citations of the *count* items of *bibliography* (ids ``item0``
    ...), in their order."""
    command = [tool, "--sandbox", "-f", "markdown", "-t", "json", "--citeproc"]
    command += ["--bibliography", str(bibliography), "--csl", str(csl)]
    ran = subprocess.run(
        command, input=_DOCUMENT, capture_output=True, encoding="utf-8", check=False
    )
    if ran.returncode != 0:
        raise CitationError(f"pandoc failed: {ran.stderr.strip()}")
    entries = _entries(json.loads(ran.stdout)["blocks"])
    return [entries.get(f"ref-item{number}", "") for number in range(count)]


def _entries(blocks: list[dict[str, Any]]) -> dict[str, str]:
    """pandoc's bibliography (``Div`` ``ref-<id>`` per entry) as marked text by its id."""
    found: dict[str, str] = {}
    for block in blocks:
        if block["t"] != "Div":
            continue
        (ident, classes, _), children = block["c"]
        if "csl-entry" in classes:
            text = " ".join(_block_text(child) for child in children)
            found[ident] = _strip_label(" ".join(text.split()).translate(_LITERAL_BACK))
        else:
            found.update(_entries(children))
    return found


def _block_text(block: dict[str, Any]) -> str:
    if block["t"] in ("Para", "Plain"):
        return "".join(_inline_text(inline) for inline in block["c"])
    if block["t"] == "Div":
        (_, classes, _), children = block["c"]
        if "csl-left-margin" in classes:  # a numbered style's "[1]": a page shows one paper
            return ""
        return " ".join(_block_text(child) for child in children)
    return ""


def _inline_text(inline: dict[str, Any]) -> str:
    """One of pandoc's inlines as marked text: its formatting as marks, all else its text."""
    kind, content = inline["t"], inline.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind in MARKS:
        opener, closer = MARKS[kind]
        return opener + "".join(_inline_text(part) for part in content) + closer
    if kind == "Quoted":
        quotes = "\u201c\u201d" if content[0]["t"] == "DoubleQuote" else "\u2018\u2019"
        return quotes[0] + "".join(_inline_text(part) for part in content[1]) + quotes[1]
    if kind in ("Span", "Link"):  # attributes and a link's address dropped (none is asked)
        return "".join(_inline_text(part) for part in content[1])
    if kind in ("Underline", "Strikeout"):
        return "".join(_inline_text(part) for part in content)
    if kind == "Cite":
        return "".join(_inline_text(part) for part in content[1])
    if kind in ("Code", "Math", "RawInline"):
        return content[-1]
    return ""


def _strip_label(text: str) -> str:
    """Drop a ``[n]`` that a numbered style without a label column puts first."""
    return re.sub(r"^\[\d+\]\s*", "", text)


if __name__ == "__main__":
    main()
