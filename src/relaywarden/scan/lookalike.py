"""Lookalike domains: names built to be mistaken for a protected domain.

A phisher registers `paypa1-secure.com`, `pаypal.com` (Cyrillic а), `rnicrosoft.com` or
`paypal.com.evil.net` and counts on the reader seeing the brand. `lookalike_of` says which
protected domain a name imitates and how, in words a recipient understands.

Comparison is on *skeletons* (after UTS #39): accents dropped, confusable letters and digits
mapped to the ASCII letter they pass for, `rn` read as `m`. The protected list is compiled
once (`LookalikeIndex`); `lookalike_of` keeps the last few compiled lists.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any, Literal

from relaywarden.authn.psl import PublicSuffixList
from relaywarden.scan.message import decode_punycode_labels

__all__ = [
    "Lookalike",
    "LookalikeIndex",
    "LookalikeKind",
    "decode_idna",
    "default_psl",
    "edit_distance",
    "is_cctld",
    "lookalike_of",
    "organizational_domain",
    "read_data",
    "scripts_of",
    "skeleton",
]

LookalikeKind = Literal["confusable", "punycode", "subdomain", "added-word", "other-tld", "edit"]

_MAX_NAME = 253
_MEMO_SIZE = 4096
"""Answers kept per index; the memo is emptied when full (bounded memory, no eviction cost)."""


def read_data(name: str) -> dict[str, Any]:
    """A bundled JSON word list from relaywarden/scan/data (plain data, never code)."""
    text = resources.files("relaywarden.scan").joinpath("data", name).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"scan/data/{name}: expected a JSON object")
    return data


@cache
def default_psl() -> PublicSuffixList:
    """The bundled Public Suffix List, loaded once per process on first use."""
    return PublicSuffixList()


@cache
def _confusables() -> tuple[dict[int, str], tuple[tuple[str, str], ...]]:
    data = read_data("confusables.json")
    chars = {ord(k): str(v) for k, v in data["chars"].items()}
    sequences = tuple((str(k), str(v)) for k, v in data["sequences"].items())
    return chars, sequences


def decode_idna(domain: str) -> str:
    """The domain as a reader sees it: lower-case, no trailing dot, each punycode (xn--) label
    decoded to Unicode; a label that is not valid punycode stays as written."""
    return decode_punycode_labels(domain.strip().lower().rstrip("."))


@lru_cache(maxsize=8192)  # the same hosts and names recur within a message and across a mail flow
def skeleton(domain: str) -> str:
    """The ASCII-looking form of a name: two names with the same skeleton look the same.

    Punycode is decoded, compatibility forms folded (ｐ → p), accents dropped (à → a), then the
    confusables table maps look-alike letters and digits (Cyrillic а → a, 1 → l, 0 → o) and
    sequences (rn → m, vv → w)."""
    text = unicodedata.normalize("NFKC", decode_idna(domain))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    chars, sequences = _confusables()
    text = text.translate(chars)
    for seq, repl in sequences:
        text = text.replace(seq, repl)
    return text


def scripts_of(text: str) -> set[str]:
    """The scripts of the letters in text ('LATIN', 'CYRILLIC', 'GREEK', ...); digits and
    punctuation count for none."""
    found = set()
    for c in text:
        if c.isalpha():
            name = unicodedata.name(c, "")
            found.add(name.split(" ", 1)[0] if name else "UNKNOWN")
    return found


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count one), or limit + 1 once it exceeds
    limit, so long unrelated names cost little."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


def _deletions(text: str, depth: int) -> set[str]:
    """text with up to `depth` characters removed: two names within `depth` edits of each other
    share one of these (the symmetric-delete idea), so typo candidates are found by lookup."""
    found = {text}
    level = {text}
    for _ in range(depth):
        level = {t[:i] + t[i + 1:] for t in level for i in range(len(t))}
        found |= level
    return found


def _allowed_edits(label: str) -> int:
    """Short names have too many honest neighbours (dhl/dsl) to flag typos of them."""
    if len(label) <= 5:
        return 0
    return 1 if len(label) <= 8 else 2


def is_cctld(suffix: str) -> bool:
    """A country-code suffix (de, co.uk): brands register their name under their countries' codes."""
    last = suffix.rsplit(".", 1)[-1]
    return len(last) == 2 and last.isascii() and last.isalpha()


@cache
def _added_words() -> frozenset[str]:
    return frozenset(str(w) for w in read_data("phishing_words.json")["added_words"])


def _segmentable(text: str, words: frozenset[str]) -> bool:
    """True when text is a run of known words (securelogin = secure + login)."""
    if not text:
        return False
    ok = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        ok[end] = any(ok[start] and text[start:end] in words for start in range(max(0, end - 16), end))
    return ok[-1]


def _only_added_words(rest: str) -> bool:
    tokens = [t for t in rest.split("-") if t]
    words = _added_words()
    return bool(tokens) and all(_segmentable(t.strip("0123456789"), words) or t.isdigit() for t in tokens) and any(
        not t.isdigit() for t in tokens
    )


@dataclass(frozen=True)
class Lookalike:
    domain: str
    """The suspicious name as the reader sees it (Unicode)."""
    imitates: str
    """The protected domain it passes for."""
    kind: LookalikeKind
    detail: str
    """How, in plain words: 'it uses look-alike characters (Cyrillic)'."""


@dataclass(frozen=True)
class _Target:
    domain: str
    """The registrable domain protected (paypal.com for www.paypal.com)."""
    label: str
    suffix: str
    skel_label: str
    skel_org: str


@dataclass(frozen=True)
class _Split:
    """A candidate name cut at its registrable domain."""

    name: str
    org: str
    label: str
    suffix: str
    sub: str
    """The labels left of the registrable domain ('' for none)."""

    @cached_property
    def skel_label(self) -> str:
        """skeleton(label): three of the tests compare it."""
        return skeleton(self.label)

    @cached_property
    def skel_sub(self) -> str:
        return skeleton(self.sub)

@lru_cache(maxsize=8192)
def organizational_domain(name: str, psl: PublicSuffixList) -> str | None:
    """psl.organizational_domain(name), remembered: the phishing checks, the lookalike index and
    the URL helpers ask it about the same hosts several times per message."""
    return psl.organizational_domain(name)


def _split(name: str, psl: PublicSuffixList) -> _Split | None:
    org = organizational_domain(name, psl)
    if org is None or "." not in org:
        return None
    label, _, suffix = org.partition(".")
    sub = name[: -len(org)].rstrip(".")
    return _Split(name=name, org=org, label=label, suffix=suffix, sub=sub)


def _clean(domain: str) -> str | None:
    name = decode_idna(domain)
    if not name or len(name) > _MAX_NAME or ".." in name or name.startswith("."):
        return None
    if any(c.isspace() or c in "@/\\:[]" or ord(c) < 32 for c in name):
        return None
    return name


class LookalikeIndex:
    """A protected-domain list compiled for fast lookups (skeletons, labels, a subdomain pattern)."""

    def __init__(self, protected: Iterable[str], psl: PublicSuffixList | None = None, *,
                 distinctive: Iterable[str] = (), tokens: Iterable[str] = (), ordinary: Iterable[str] = ()) -> None:
        """`distinctive`: first labels of protected domains that are no ordinary word (paypal,
        docusign; not office or apple), so that they alone as a label of another domain
        (paypal.server4566.com) count as imitation. `tokens`: such labels (short ones too: dhl,
        ups) that, as a hyphen-separated part of another registered name, make it imitation
        whatever the other parts say (dhl-sendungsinfo.com, linkedin-messaging.net). `ordinary`:
        labels that are common words (post for post.ch): another domain with the same label, the
        label plus words, or a letter away from it names someone else (post.com, post-it.com);
        only look-alike characters and the whole domain in front of another count for them."""
        self._psl = psl or default_psl()
        self._targets: list[_Target] = []
        self._orgs: set[str] = set()
        self._by_skeleton: dict[str, _Target] = {}
        self._by_label_skeleton: dict[str, list[_Target]] = {}
        for domain in protected:
            target = self._target(domain)
            if target is None or target.domain in self._orgs:
                continue
            self._targets.append(target)
            self._orgs.add(target.domain)
            self._by_skeleton.setdefault(target.skel_org, target)
            self._by_label_skeleton.setdefault(target.skel_label, []).append(target)
        self._max_len = max((len(t.skel_label) for t in self._targets), default=0)
        self._memo: dict[str, Lookalike | None] = {}
        self._by_deletion: dict[str, list[_Target]] = {}
        for t in self._targets:
            edits = _allowed_edits(t.skel_label)
            for variant in _deletions(t.skel_label, edits) if edits else ():
                self._by_deletion.setdefault(variant, []).append(t)
        self._tokens = frozenset(skeleton(label) for label in tokens)
        self._ordinary = frozenset(skeleton(label) for label in ordinary)
        wanted = {skeleton(label) for label in distinctive}
        self._by_label: dict[str, _Target] = {}
        for t in self._targets:
            if t.skel_label in wanted:
                self._by_label.setdefault(t.skel_label, t)
        alternatives = "|".join(re.escape(t.skel_org) for t in sorted(self._targets, key=lambda t: -len(t.skel_org)))
        # the protected name followed by a dot or hyphen inside a longer name: paypal.com.evil.net
        self._embedded = re.compile(rf"(?:^|[.-])({alternatives})[.-]") if alternatives else None

    def _target(self, domain: str) -> _Target | None:
        name = _clean(domain)
        parts = None if name is None else _split(name, self._psl)
        if parts is None:
            return None
        return _Target(domain=parts.org, label=parts.label, suffix=parts.suffix,
                       skel_label=skeleton(parts.label), skel_org=skeleton(parts.org))

    def owns(self, domain: str) -> bool:
        """True for a protected domain itself and its subdomains."""
        name = _clean(domain)
        parts = None if name is None else _split(name, self._psl)
        return parts is not None and parts.org in self._orgs

    def match(self, domain: str) -> Lookalike | None:
        """Which protected domain `domain` imitates, or None (never for a protected domain or its
        subdomains, nor for names that are not domains)."""
        if domain in self._memo:
            return self._memo[domain]
        found = self._match(domain)
        # the same few thousand hosts recur in a mail flow (newsletters, trackers, CDNs)
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        self._memo[domain] = found
        return found

    def _match(self, domain: str) -> Lookalike | None:
        name = _clean(domain)
        if name is None or not self._targets or name.replace(".", "").isdigit():
            return None
        parts = _split(name, self._psl)
        if parts is None or parts.org in self._orgs:
            return None
        return (self._confusable(parts) or self._embedded_name(parts) or self._distinctive_label(parts)
                or self._same_label(parts) or self._added_word(parts) or self._typo(parts))

    def _confusable(self, parts: _Split) -> Lookalike | None:
        target = self._by_skeleton.get(skeleton(parts.org))
        if target is None:
            return None
        return Lookalike(parts.name, target.domain, *_character_trick(parts.org))

    def _embedded_name(self, parts: _Split) -> Lookalike | None:
        if self._embedded is None:
            return None
        skel = skeleton(parts.name)
        found = self._embedded.search(skel + ".")
        # the protected name must start before the registrable domain does: paypal.com.evil.net
        # and paypal.com-secure.xyz, not yahoo.com.au (Yahoo's own) nor evil-paypal.com
        # (_added_word judges that one)
        if found is None or found.end() > len(skel) or found.start(1) >= len(parts.skel_sub):
            return None
        target = self._by_skeleton[found.group(1)]
        return Lookalike(parts.name, target.domain, "subdomain",
                         f"it starts with {target.domain} but belongs to {parts.org}")

    def _distinctive_label(self, parts: _Split) -> Lookalike | None:
        for label in parts.skel_sub.split(".") if parts.sub else ():
            target = self._by_label.get(label)
            if target is not None:
                detail = f"it puts the name {target.label} in front of {parts.org}, which is not {target.domain}"
                return Lookalike(parts.name, target.domain, "subdomain", detail)
        return None

    def _same_label(self, parts: _Split) -> Lookalike | None:
        for target in self._by_label_skeleton.get(parts.skel_label, ()):
            if parts.suffix == target.suffix or target.skel_label in self._ordinary:
                continue
            if parts.label != target.label:
                kind, detail = _character_trick(parts.label)
                return Lookalike(parts.name, target.domain, kind, detail)
            # brands own their country domains (amazon.de); a generic TLD is the phisher's choice
            if not is_cctld(parts.suffix):
                return Lookalike(parts.name, target.domain, "other-tld",
                                 f"it uses the name {target.label} under .{parts.suffix} instead of .{target.suffix}")
        return None

    def _added_word(self, parts: _Split) -> Lookalike | None:
        skel = parts.skel_label
        if len(skel) > self._max_len + 40:
            return None
        for target in self._targets:
            brand = target.skel_label
            if brand in self._ordinary:
                continue
            start = skel.find(brand)
            while start >= 0:
                end = start + len(brand)
                whole_token = (start == 0 or skel[start - 1] == "-") and (end == len(skel) or skel[end] == "-")
                # a short brand glued to a word (dhlparcel) is too often an honest name
                if (whole_token or len(brand) >= 5) and _only_added_words(skel[:start] + "-" + skel[end:]):
                    return Lookalike(parts.name, target.domain, "added-word",
                                     f"it adds words to the name {target.label}")
                if whole_token and brand in self._tokens and len(skel) > len(brand):
                    return Lookalike(parts.name, target.domain, "added-word",
                                     f"it joins other words to the name {target.label} with hyphens")
                start = skel.find(brand, start + 1)
        return None

    def _typo(self, parts: _Split) -> Lookalike | None:
        skel = parts.skel_label
        if not self._by_deletion or len(skel) > self._max_len + 2:
            return None
        candidates: dict[str, _Target] = {}
        for variant in _deletions(skel, 2):
            for target in self._by_deletion.get(variant, ()):
                candidates.setdefault(target.domain, target)
        for target in candidates.values():
            if target.skel_label in self._ordinary:
                continue
            # typosquats live under the brand's own or a generic TLD; a near name under a country
            # domain is more often another company (paypay.ne.jp)
            if parts.suffix != target.suffix and is_cctld(parts.suffix):
                continue
            limit = _allowed_edits(target.skel_label)
            if abs(len(skel) - len(target.skel_label)) > limit:
                continue
            if 0 < edit_distance(skel, target.skel_label, limit) <= limit:
                return Lookalike(parts.name, target.domain, "edit",
                                 f"its name {parts.label} differs from {target.label} by a letter or two")
        return None


def _character_trick(name: str) -> tuple[LookalikeKind, str]:
    if name.isascii():
        return "confusable", "it swaps letters for look-alike characters (such as 1 for l, 0 for o, rn for m)"
    found = sorted(scripts_of(unicodedata.normalize("NFKC", name)))
    if len(found) > 1:
        return "punycode", f"it mixes {' and '.join(s.title() for s in found)} letters that look alike"
    return "punycode", "it uses non-Latin or accented letters that look like Latin ones"


@lru_cache(maxsize=16)
def _index(protected: tuple[str, ...]) -> LookalikeIndex:
    return LookalikeIndex(protected)


def lookalike_of(domain: str, protected: Iterable[str]) -> Lookalike | None:
    """Which of `protected` the domain imitates, and how; None when it imitates none (or is one
    of them, or a subdomain of one). The compiled list is cached for the same protected list."""
    return _index(tuple(protected)).match(domain)
