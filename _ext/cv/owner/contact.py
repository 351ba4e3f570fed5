"""Contact links (``cv_contact``): e-mail, homepage, GitHub, Google Scholar, ORCID, LinkedIn or
any address, checked once into :class:`Link` records that every output reads (no Sphinx)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Link:
    """One contact link."""

    kind: str  #: "email", "homepage", a known service's key, or "" for any other address
    label: str  #: the service's name: "E-mail", "GitHub" ...
    url: str  #: its address (``mailto:`` for an e-mail)
    text: str  #: what a reader sees
    username: str = ""  #: the user name on a service, for JSON Resume's profiles

    @property
    def profile(self) -> bool:
        """A page of the owner elsewhere (JSON-LD's sameAs, JSON Resume's profiles)."""
        return self.kind != "email"


@dataclass(frozen=True)
class Service:
    label: str
    address: str  #: the profile's address, ``{}`` for the user name or id
    name: str  #: a pattern of the user name or id
    example: str


SERVICES = {
    "github": Service(
        "GitHub", "https://github.com/{}", r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", "janedoe"
    ),
    "scholar": Service(
        "Google Scholar",
        "https://scholar.google.com/citations?user={}",
        r"[\w-]{12}",
        "AbCdEfGhIjKL",
    ),
    "orcid": Service(
        "ORCID", "https://orcid.org/{}", r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", "0000-0002-1825-0097"
    ),
    "linkedin": Service("LinkedIn", "https://www.linkedin.com/in/{}", r"[\w-]{3,100}", "janedoe"),
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Every key with a meaning of its own; any other key is the label of an address.
KEYS = ("email", "homepage", *SERVICES)
HELP = (
    "cv_contact maps 'email', 'homepage', 'github', 'scholar', 'orcid', 'linkedin' or a label of "
    "your own to text, e.g. {'email': 'jane@example.org', 'github': 'janedoe', 'Blog': "
    "'https://example.org/blog'}"
)


def web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def shown(url: str) -> str:
    """An address as people write it: no scheme, no ``www.``, no trailing slash."""
    parts = urlsplit(url)
    text = parts.netloc.removeprefix("www.") + parts.path.rstrip("/")
    return text + (f"?{parts.query}" if parts.query else "")


def parse_contact(value: Any) -> list[Link]:
    """Check ``cv_contact`` and give its links, in the order written; a ValueError says what
    to fix in one line."""
    if not isinstance(value, dict):
        raise ValueError(f"{HELP}; got {value!r}")
    links = []
    for key, given in value.items():
        if not isinstance(key, str) or not key.strip() or not isinstance(given, str):
            raise ValueError(f"{HELP}; got {key!r}: {given!r}")
        text, kind = given.strip(), key.strip().lower()
        where = f"cv_contact[{key!r}] = {given!r}"
        if kind == "email":
            if not EMAIL.fullmatch(text.removeprefix("mailto:")):
                raise ValueError(f"{where}: give an e-mail address, e.g. 'jane@example.org'")
            address = text.removeprefix("mailto:")
            links.append(Link("email", "E-mail", f"mailto:{address}", address))
        elif kind == "homepage":
            if not web(text):
                raise ValueError(f"{where}: give the homepage's https:// address")
            links.append(Link("homepage", "Homepage", text, shown(text)))
        elif kind in SERVICES:
            service = SERVICES[kind]
            if web(text):
                url, name = text, ""
            elif re.fullmatch(service.name, text):
                url, name = service.address.format(text), text
            else:
                raise ValueError(
                    f"{where}: give a {service.label} user name or id ({service.example!r}) or "
                    "the profile's https:// address"
                )
            label = service.label
            links.append(Link(kind, label, url, label if kind == "scholar" else shown(url), name))
        elif web(text):
            links.append(Link("", key.strip(), text, key.strip()))
        else:
            raise ValueError(f"{where}: give an https:// address (or use one of {', '.join(KEYS)})")
    return links
