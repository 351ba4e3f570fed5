"""A local HTTP server that answers as Crossref, doi.org, arXiv, DBLP, ORCID and OpenAlex did.

Each service is served under its own path (``http://127.0.0.1:PORT/crossref/...``), which its
``CV_<SERVICE>_URL`` variable points the commands at, as a mirror would be. The answers are the
real recorded responses in ``tests/fixtures/remote/`` (their origins are in SOURCES.md there),
served with their recorded status and content type; a redirect's recorded ``Location`` to a
service's public host is rewritten to that service's path here. A request for anything not
recorded gets the service's recorded "not found" answer where one was recorded, else a plain 404.

Tests can also script failures: :attr:`Replay.script` answers the next requests, in order,
whatever they ask for (a 503 before the real answer, a body cut short, a long silence).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "remote"
DBLP_PERSON = Path(__file__).parent / "fixtures" / "bib" / "dblp-standard.bib"
#: The variable of each service, as the README names them.
VARIABLES = {
    "crossref": "CV_CROSSREF_URL",
    "doi": "CV_DOI_URL",
    "arxiv": "CV_ARXIV_URL",
    "dblp": "CV_DBLP_URL",
    "orcid": "CV_ORCID_URL",
    "openalex": "CV_OPENALEX_URL",
}
#: Public hosts whose addresses in a recorded redirect lead back here.
HOSTS = {"https://api.crossref.org/": "crossref/", "https://doi.org/": "doi/"}


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  #: seconds of silence before the answer


def recorded(
    name: str, status: int = 200, content_type: str = "application/json", **headers: str
) -> Answer:
    return Answer(status, content_type, (FIXTURES / name).read_bytes(), tuple(headers.items()))


#: Answers by service and request path (the arXiv API's by its id_list).
ROUTES: dict[str, dict[str, Answer]] = {
    "crossref": {
        "works/10.1038/srep16696": recorded("crossref/10.1038-srep16696.json"),
        "works/10.1109/icdcsw.2003.1203662": recorded("crossref/10.1109-icdcsw.2003.1203662.json"),
        "v1/works/10.1126%2Fscience.169.3946.635/transform": recorded(
            "doi/10.1126-science.169.3946.635.bib", content_type="application/x-bibtex"
        ),
    },
    "doi": {
        "10.1126/science.169.3946.635": recorded(
            "doi/10.1126-science.169.3946.635.302.html",
            302,
            "text/html;charset=utf-8",
            Location="https://api.crossref.org/v1/works/10.1126%2Fscience.169.3946.635/transform",
        ),
    },
    "arxiv": {
        "1605.08386": recorded("arxiv/1605.08386.xml", content_type="application/atom+xml"),
        "astro-ph/0601001": recorded(
            "arxiv/astro-ph-0601001.xml", content_type="application/atom+xml"
        ),
        "abc": recorded("arxiv/abc.400.xml", 400, "application/atom+xml"),
        # A feed of ten entries, one of them this id's (the parser picks it out).
        "2202.12139": recorded("arxiv/query-testing.xml", content_type="application/atom+xml"),
    },
    "dblp": {
        "rec/conf/coco/FournierLM0T23.bib": recorded(
            "dblp/conf-coco-FournierLM0T23.bib", content_type="application/x-bibtex"
        ),
        "rec/journals/corr/abs-2302-06984.bib": recorded(
            "dblp/journals-corr-abs-2302-06984.bib", content_type="application/x-bibtex"
        ),
    },
    "openalex": {
        "works/doi:10.7717/peerj.4375": recorded("openalex/W2741809807.json"),
    },
    "orcid": {},
}
#: What each service answered for something it does not have, where that was recorded.
NOT_FOUND = {
    "crossref": recorded("crossref/10.1371-notarealdoi.404.txt", 404, "text/plain"),
    "doi": recorded("doi/10.1126-foo.404.html", 404, "text/html;charset=utf-8"),
    "arxiv": recorded("arxiv/0000.0000.empty.xml", content_type="application/atom+xml"),
}


class Replay:
    """The server; ``with Replay() as replay:`` runs it on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.script: list[Answer] = []
        self.requests: list[str] = []  #: each request's path and query, as received
        self.agents: list[str] = []  #: each request's User-Agent
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                replay.requests.append(self.path)
                replay.agents.append(self.headers.get("User-Agent", ""))
                answer = replay.script.pop(0) if replay.script else replay.answer(self.path)
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.content_type)
                    self.send_header("Content-Length", str(len(answer.body)))
                    for name, value in answer.headers:
                        if name.lower() == "location":
                            value = replay.local(value)
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a time-out test)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, service: str) -> str:
        return f"{self.base}/{service}"

    def environ(self) -> dict[str, str]:
        """The variables that send every service's requests here."""
        return {variable: self.url(service) for service, variable in VARIABLES.items()}

    def local(self, address: str) -> str:
        for host, path in HOSTS.items():
            if address.startswith(host):
                return f"{self.base}/{path}{address[len(host) :]}"
        return address

    def answer(self, target: str) -> Answer:
        parts = urlsplit(target)
        service, _, path = parts.path.lstrip("/").partition("/")
        routes = ROUTES.get(service, {})
        if service == "arxiv":
            ids = parse_qs(parts.query).get("id_list", [""])[0]
            return routes.get(ids) or NOT_FOUND["arxiv"]
        if service == "dblp" and re.fullmatch(r"pid/[\w-]+/[\w-]+\.bib", path):
            return Answer(200, "application/x-bibtex", DBLP_PERSON.read_bytes())
        if service == "orcid" and path.endswith("/record"):
            return recorded("orcid/record-full-3.0.json")
        if path in routes:
            return routes[path]
        return NOT_FOUND.get(service, Answer(404, "text/plain", b"Not Found"))

    # A ClassVar so that Hypothesis's strategies can name it without an instance.
    services: ClassVar[tuple[str, ...]] = tuple(VARIABLES)

    def __enter__(self) -> Replay:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
