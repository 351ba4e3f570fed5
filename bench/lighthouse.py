"""Lighthouse scores of the built site: python bench/lighthouse.py [SITE_DIR] (tox -e lighthouse).

Serves SITE_DIR (default _build/html) on 127.0.0.1 the way Read the Docs serves it (text
compressed with gzip), runs the Lighthouse pinned in bench/lighthouse/package-lock.json with
Debian's Chromium on the landing and publications pages, mobile and desktop, and prints the four
category scores per page, with the audits that cost points. A report, not a test: scores vary a
little from run to run. (package.json pins, through "overrides", two packages that Lighthouse's
trace engine asks for as "latest", so that `npm ci` installs exactly the lockfile.)
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = ("index.html", "sections/publications.html")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
COMPRESSED = (".html", ".css", ".js", ".svg", ".json", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped when the client accepts it, as a production host does."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path /= "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _BytesFile(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _BytesFile:
    """What send_head returns: an object copyfile() can read and do_GET can close."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


def scores(url: str, preset: str, out: Path) -> dict[str, int]:
    """Run Lighthouse once; the category scores out of 100."""
    report = out / "report.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    subprocess.run(command, check=True, env=env)
    data = json.loads(report.read_text())
    failing = [
        f"    {ref['id']}: {audit.get('displayValue') or audit['title']}"
        for cat in data["categories"].values()
        for ref in cat["auditRefs"]
        if ref["weight"]
        and (audit := data["audits"][ref["id"]])["score"] is not None
        and audit["score"] < 1
    ]
    if failing:
        print("\n".join(failing))
    return {cat: round(data["categories"][cat]["score"] * 100) for cat in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="_build/html", type=Path)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix {LIGHTHOUSE.parent.parent}`")
    handler = functools.partial(GzipHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    print(f"{'page':32} {'preset':8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
    with tempfile.TemporaryDirectory() as tmp:
        for page in PAGES:
            for preset in ("mobile", "desktop"):
                result = scores(base + page, preset, Path(tmp))
                print(f"{page:32} {preset:8} " + " ".join(f"{result[c]:>14}" for c in CATEGORIES))
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
