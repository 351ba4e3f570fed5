"""One HTTP client for every service: base addresses, etiquette, retries, and one-line failures.

httpx rather than each service's own client (habanero, arxiv.py, pyalex): DBLP and ORCID have
no maintained client, and three clients would bring three retry policies, three exception
hierarchies and three ways to set a base address, where the commands need one of each. Each
service here is a base address (overridable by an environment variable, for mirrors and for the
tests' replay server), the pause its published etiquette asks between requests, and whether it
takes a contact address (Crossref's and OpenAlex's polite pools).
"""

from __future__ import annotations

import email.utils
import json
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

if TYPE_CHECKING:
    from collections.abc import Mapping


@dataclass(frozen=True)
class Service:
    name: str  #: as messages name it
    variable: str  #: the environment variable that replaces its base address
    default: str  #: its public base address
    interval: float  #: seconds between two requests, as the service asks
    polite: bool = False  #: takes ``mailto=`` (a polite pool)

    @property
    def base(self) -> str:
        return (os.environ.get(self.variable) or self.default).rstrip("/")


#: The services. Intervals: arXiv's API terms ask for one request every three seconds; DBLP asks
#: for restraint and answers 429 with Retry-After; Crossref's public pool allows 5 requests a
#: second (its X-Rate-Limit headers, followed when sent); OpenAlex and ORCID allow many more.
SERVICES = {
    "crossref": Service("Crossref", "CV_CROSSREF_URL", "https://api.crossref.org", 0.2, True),
    "doi": Service("doi.org", "CV_DOI_URL", "https://doi.org", 0.2),
    "arxiv": Service("arXiv", "CV_ARXIV_URL", "https://export.arxiv.org/api", 3.0),
    "dblp": Service("DBLP", "CV_DBLP_URL", "https://dblp.org", 1.0),
    "orcid": Service("ORCID", "CV_ORCID_URL", "https://pub.orcid.org/v3.0", 0.1),
    "openalex": Service("OpenAlex", "CV_OPENALEX_URL", "https://api.openalex.org", 0.1, True),
}

#: Statuses worth another try: rate limited, or the server's passing trouble.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: The longest Retry-After honoured; a service asking for more is reported as failing.
MAX_WAIT = 60.0
#: Defaults of every :class:`Remote`: seconds to wait for an answer, the first retry's wait, and
#: how to wait (the tests replace the last, to run without waiting).
TIMEOUT = 20.0
BACKOFF = 1.0
WAIT: Callable[[float], None] = time.sleep


class RemoteError(Exception):
    """A failure of a remote command, said in one line (the exception's text)."""


class NotFoundError(RemoteError):
    """The service has no such record (HTTP 404, or an empty answer)."""


class MalformedError(RemoteError):
    """The service answered something that is not what it documents."""


def malformed(service: str, what: str) -> MalformedError:
    return MalformedError(f"malformed response from {SERVICES[service].name}: {what}")


class Remote:
    """Requests to the services, paced, retried and timed out; one per command run.

    *sleep* and *clock* are the waits' (tests run them without waiting); *backoff* is the first
    retry's wait in seconds, doubled at each further try.
    """

    def __init__(
        self,
        contact: str = "",
        *,
        timeout: float | None = None,
        retries: int = 3,
        backoff: float | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.contact = contact
        self.retries = retries
        self.backoff = BACKOFF if backoff is None else backoff
        self.sleep = sleep or WAIT
        self.clock = clock
        timeout = TIMEOUT if timeout is None else timeout
        agent = "cv-remote/1.0 (keeping a CV current)"
        if contact:
            agent = f"cv-remote/1.0 (mailto:{contact})"
        self.client = httpx.Client(
            headers={"User-Agent": agent},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            transport=transport,
        )
        self.timeout = timeout
        self.last: dict[str, float] = {}  # service -> when its last request was sent
        self.intervals: dict[str, float] = {}  # as a service's rate-limit headers ask
        self.lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Remote:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self,
        service: str,
        path: str,
        params: Mapping[str, str] | None = None,
        accept: str = "",
        answers: tuple[int, ...] = (),
    ) -> httpx.Response:
        """The 2xx answer of *service* to ``GET base/path`` (or one of the statuses in
        *answers*, which the caller reads); a :class:`RemoteError` otherwise (:class:`NotFoundError`
        for 404 and 410)."""
        spec = SERVICES[service]
        url = f"{spec.base}/{path.lstrip('/')}"
        query = dict(params or {})
        if spec.polite and self.contact:
            query.setdefault("mailto", self.contact)
        if service == "openalex" and os.environ.get("OPENALEX_API_KEY"):
            query.setdefault("api_key", os.environ["OPENALEX_API_KEY"])
        headers = {"Accept": accept} if accept else {}
        host = urlsplit(url).netloc or url
        for attempt in range(self.retries + 1):
            self.pace(service)
            try:
                response = self.client.get(url, params=query, headers=headers)
            except httpx.TimeoutException:
                failure = RemoteError(
                    f"timed out: {spec.name} ({host}) did not answer within {self.timeout:g} s"
                )
                wait = self.backoff * 2**attempt
            except (httpx.TransportError, ValueError) as error:  # refused, no route, bad address
                failure = RemoteError(
                    f"no network: cannot reach {spec.name} at {host} ({short(error)}); check the "
                    f"connection, or {spec.variable} if it is set"
                )
                wait = self.backoff * 2**attempt
            else:
                self.follow_limits(service, response)
                status = response.status_code
                if 200 <= status < 300 or status in answers:
                    return response
                if status in (404, 410):
                    raise NotFoundError(f"not found: {spec.name} has no {path} (HTTP {status})")
                if status not in RETRY_STATUSES:
                    raise RemoteError(
                        f"{spec.name} refused the request for {path}: HTTP {status} "
                        f"{response.reason_phrase}".rstrip()
                    )
                failure = RemoteError(
                    f"{spec.name} answered HTTP {status} {response.reason_phrase} "
                    f"{attempt + 1} times; try again later".replace("  ", " ")
                )
                wait = retry_after(response, self.backoff * 2**attempt)
            if attempt == self.retries or wait > MAX_WAIT:
                raise failure
            self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def get_json(
        self, service: str, path: str, what: str, missing: str, accept: str = ""
    ) -> object:
        """The JSON that *service* answers for *path*: :class:`NotFoundError` saying *missing*
        if it has none, :class:`MalformedError` if *what* (its answer) is not JSON."""
        try:
            response = self.get(service, path, accept=accept)
        except NotFoundError:
            raise NotFoundError(missing) from None
        try:
            return json.loads(response.content)
        except ValueError:
            raise malformed(service, f"{what} is not JSON") from None

    def pace(self, service: str) -> None:
        """Wait until *service*'s interval has passed since its last request."""
        interval = max(SERVICES[service].interval, self.intervals.get(service, 0.0))
        with self.lock:
            now = self.clock()
            last = self.last.get(service)
            if last is not None and now - last < interval:
                self.sleep(interval - (now - last))
                now = self.clock()
            self.last[service] = now

    def follow_limits(self, service: str, response: httpx.Response) -> None:
        """Crossref's ``X-Rate-Limit-Limit: 5`` and ``X-Rate-Limit-Interval: 1s``: pace to them."""
        limit = response.headers.get("x-rate-limit-limit", "")
        interval = re.fullmatch(r"(\d+)s", response.headers.get("x-rate-limit-interval", ""))
        if limit.isdigit() and int(limit) > 0 and interval:
            self.intervals[service] = min(int(interval.group(1)) / int(limit), MAX_WAIT)


def retry_after(response: httpx.Response, default: float) -> float:
    """Seconds to wait as ``Retry-After`` says (seconds or an HTTP date), else *default*."""
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    if value:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return default
        if when is not None:
            return max(0.0, when.timestamp() - time.time())
    return default


def short(error: Exception) -> str:
    """An exception's message on one line, not too long."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."
