"""An output file written again only when what it is made from changed (``page_tokens``).

Sphinx writes a document again only when it read it again; the paper pages and the downloads,
made from the records rather than from documents, have no such record. What each was written
from is kept as a token (:func:`token`) in a file beside the doctrees (:data:`FILENAME`), for
its output folder, and a file whose token is unchanged and which is still there is not written
again. When Sphinx reads every document again (a fresh environment, a changed setting), no
token is trusted: every such file is written again, as every document is. The tokens are
saved when the build has succeeded.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from ..web.paperstore import domain_of, read_json, reads_everything, write_json
from . import on

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

FILENAME = "cv-written.json"


def token(*parts: object) -> str:
    """The token of what is made from *parts*: bytes as they are, anything else by its repr
    (this package's one recipe of a content key)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


class Outputs:
    """Output file name (relative to the output folder) -> the token it was written from."""

    def __init__(self, app: Sphinx) -> None:
        self.path = Path(app.doctreedir) / FILENAME
        self.outdir = str(app.outdir)
        tokens = read_json(self.path).get(self.outdir)
        self.tokens: dict[str, str] = tokens if isinstance(tokens, dict) else {}
        self.on = on(app.config, "page_tokens")

    def unchanged(self, name: str, made_from: str, *files: Path) -> bool:
        """Whether *name* was written from *made_from*, and its *files* are still there."""
        return self.on and self.tokens.get(name) == made_from and all(f.exists() for f in files)

    def written(self, name: str, made_from: str) -> None:
        self.tokens[name] = made_from

    def gone(self, name: str) -> None:
        self.tokens.pop(name, None)

    def save(self) -> None:
        write_json(self.path, {self.outdir: self.tokens})


def outputs(app: Sphinx) -> Outputs:
    """This build's record of written files, read once per build."""
    domain = domain_of(app.env)
    if domain.written is None:
        domain.written = Outputs(app)
    return domain.written


def forget(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: every document read again, so every such file written again
    (the empty record saved at once: were the build to fail, the next would not take the old
    files for this configuration's)."""
    if reads_everything(env, docnames):
        outputs(app).tokens.clear()
        outputs(app).save()


def save(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the record kept for the next build, if this one succeeded."""
    written = domain_of(app.env).written
    if exception is None and written is not None:
        written.save()
