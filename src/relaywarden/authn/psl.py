"""Organisational domains from the Public Suffix List (RFC 7489 section 3.2).

The list changes every week; a relay must be able to pick up a newer copy without a release.
`PublicSuffixList(path)` loads a list file (for example one fetched by cron from
https://publicsuffix.org/list/public_suffix_list.dat); without a path, the list bundled with
the `publicsuffixlist` package is used. A file that does not look like a PSL is refused at
start rather than silently yielding wrong organisational domains.

Unlisted TLDs count as public suffixes (the list's implicit `*` rule), so the organisational
domain of `a.b.example.example` is `example.example`, as the official test vectors expect.
"""

from __future__ import annotations

from pathlib import Path

from publicsuffixlist import PublicSuffixList as _PackageList

__all__ = ["PSLError", "PublicSuffixList"]

_ICANN_MARKER = "===BEGIN ICANN DOMAINS==="
_MIN_RULES = 1000
"""The real list has about 10,000 rules; fewer than this means a truncated or wrong download."""

_MAX_NAME = 253


class PSLError(ValueError):
    """The configured list file is missing, unreadable or not a Public Suffix List."""


def _read_list(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PSLError(f"public suffix list {path}: cannot read it ({exc})") from None
    rules = sum(1 for line in text.splitlines() if line.strip() and not line.startswith("//"))
    if _ICANN_MARKER not in text or rules < _MIN_RULES:
        raise PSLError(
            f"public suffix list {path}: not a Public Suffix List "
            f"({rules} rules, ICANN section marker {'found' if _ICANN_MARKER in text else 'missing'})"
        )
    return text


def _normalise(domain: str) -> str | None:
    """Lower-case, without a trailing dot; None for names that cannot be a domain."""
    name = domain.strip().lower()
    if name.endswith("."):
        name = name[:-1]
    if not name or len(name) > _MAX_NAME or any(label == "" for label in name.split(".")):
        return None
    if any(c.isspace() or ord(c) < 32 or c in "\\@[]" for c in name):
        return None
    return name


class PublicSuffixList:
    """Public suffixes and organisational domains; path=None uses the package's bundled list."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        source = None if path is None else _read_list(path)
        self._psl = _PackageList(source, accept_unknown=True)

    def public_suffix(self, domain: str) -> str:
        """The public suffix of domain ("co.uk" for "www.example.co.uk"); ValueError if domain
        is not a syntactically valid name."""
        name = _normalise(domain)
        suffix = None if name is None else self._psl.publicsuffix(name)
        if suffix is None:
            raise ValueError(f"{domain!r} is not a valid domain name")
        return str(suffix)

    def organizational_domain(self, domain: str) -> str | None:
        """The public suffix plus one label; None for a public suffix itself or an invalid name."""
        name = _normalise(domain)
        if name is None:
            return None
        org = self._psl.privatesuffix(name)
        return None if org is None else str(org)
