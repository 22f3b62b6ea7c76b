"""Phishing checks: who the message pretends to be, and where its links and forms lead.

Each finding is one symbol with a stable name, the evidence in one sentence for the
administrator, and a plain sentence for the recipient's banner ("The sender's address is
paypa1-secure.com, which imitates paypal.com."). Scores are modest one by one and add up on a
real attack: a lookalike link behind text that shows the brand, with login words, reaches the
quarantine threshold; a newsletter's links and words alone stay below the tag threshold.

Unknown context (no authentication results, no local domains) never adds suspicion.
"""

from __future__ import annotations

import base64
import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from pydantic import field_validator

from relaywarden.configbase import Section
from relaywarden.scan.checks.attachments import (
    DISK_IMAGE_EXTENSIONS,
    EXECUTABLE_EXTENSIONS,
    MACRO_EXTENSIONS,
    SCRIPT_EXTENSIONS,
)
from relaywarden.scan.context import AuthSummary, ScanContext
from relaywarden.scan.lookalike import Lookalike, LookalikeIndex, is_cctld, read_data, scripts_of, skeleton
from relaywarden.scan.message import Address, ParsedMessage, address_domain
from relaywarden.scan.mime import parse_addresses
from relaywarden.scan.urls import (
    URLInfo,
    is_file_sharing,
    is_form_hosting,
    is_redirector,
    is_shortener,
    parse_url,
    registrable_domain,
    shown_host,
    unwrap_redirect,
)
from relaywarden.scan.verdict import Symbol, known_scores

__all__ = ["DEFAULT_SCORES", "PhishingConfig", "check_phishing", "default_brands", "default_freemail"]

DEFAULT_SCORES: dict[str, float] = {
    "LINK_TEXT_MISMATCH": 3.0,
    "LINK_TEXT_MISMATCH_PROTECTED": 4.0,
    "LOOKALIKE_SENDER": 6.0,
    "LOOKALIKE_LINK": 5.0,
    "LOOKALIKE_OTHER_TLD": 3.0,
    "DISPLAY_NAME_IMPERSONATION": 3.0,
    "DISPLAY_NAME_EXECUTIVE": 4.0,
    "DISPLAY_NAME_EXECUTIVE_FREEMAIL": 6.0,
    "REPLY_TO_MISMATCH": 1.0,
    "REPLY_TO_FREEMAIL": 3.0,
    "FREEMAIL_CLAIMS_INTERNAL": 4.0,
    "CREDENTIAL_FORM": 3.0,
    "CREDENTIAL_FORM_EXTERNAL": 1.0,
    "CREDENTIAL_FORM_PASSWORD": 5.0,
    "LOGIN_KEYWORDS": 1.0,
    "LOGIN_KEYWORDS_MAX": 2.0,
    "URL_SHORTENER": 1.0,
    "URL_IP_LITERAL": 3.0,
    "URL_IP_LITERAL_PRIVATE": 1.5,
    "URL_IP_LITERAL_OBFUSCATED": 4.0,
    "URL_DATA_SCHEME": 3.0,
    "URL_FILE_SHARING": 1.0,
    "URL_FORM_HOSTING": 1.5,
    "URL_USERINFO_TRICK": 4.0,
    "URL_USERINFO": 2.0,
    "URL_OAUTH_CONSENT": 4.0,
    "BEC_PAYMENT_REQUEST": 2.0,
    "BEC_BANK_CHANGE": 4.0,
    "BEC_GIFT_CARD_CODES": 4.0,
    "BEC_TAX_FORMS": 4.0,
    "CRYPTO_WALLET_LURE": 3.0,
    "CALLBACK_PHISHING": 4.0,
    "LINK_CARRIES_RECIPIENT": 3.0,
    "URL_FILE_DOWNLOAD": 1.5,
    "URL_FILE_DOWNLOAD_WORDPRESS": 3.0,
    "URL_FILE_DOWNLOAD_PROGRAM": 3.0,
    "URL_OPEN_REDIRECT": 2.0,
    "DEVICE_CODE_PHISHING": 6.0,
    "SUBJECT_BRAND_LOGIN": 3.0,
    "TEXT_OBFUSCATION": 3.0,
    "DMARC_FAIL": 3.0,
    "DMARC_FAIL_HIGH_VALUE": 5.0,
    "SPF_FAIL": 1.5,
    "AUTH_PASS": -1.0,
    "AUTH_PASS_BRAND": -3.0,
}
"""Score per finding. Some symbols have variants with their own key here:
LINK_TEXT_MISMATCH_PROTECTED (the text shows a protected domain); DISPLAY_NAME_EXECUTIVE (an
executive's name); LOOKALIKE_OTHER_TLD (a sender or link that only moves a protected name to
another generic TLD, paypal.xyz, which brands also register for themselves); REPLY_TO_FREEMAIL;
CREDENTIAL_FORM_PASSWORD, and CREDENTIAL_FORM_EXTERNAL (a form posting elsewhere that asks for no
account or card details); URL_IP_LITERAL_PRIVATE and _OBFUSCATED; URL_USERINFO (credentials in a
URL that do not look like a domain); BEC_BANK_CHANGE (a BEC_PAYMENT_REQUEST asking to pay salary or
invoices into a new account: payroll and vendor diversion, the costliest kind), BEC_GIFT_CARD_CODES
(asking for photos of gift card codes) and BEC_TAX_FORMS (employees' W-2s, the payroll data theft);
AUTH_PASS_BRAND
(DMARC passes for a protected brand's own domain: the classifier learned phishing from imitations
of these brands' account notices and cannot tell the real ones by their words, authentication can).
LOGIN_KEYWORDS is per distinct phrase, capped at LOGIN_KEYWORDS_MAX. REPLY_TO_MISMATCH is low
because newsletters route replies to their help desk; a free-mail Reply-To is the business-email-compromise pattern."""

_MAX_URLS = 500
"""Distinct URLs examined per message: beyond that a message is already odd, and the cost bounded."""
_MAX_TEXT = 200_000
"""Characters of visible text searched for login phrases."""
_SHOW = 80
"""Evidence longer than this is cut in descriptions (they end up in headers and banners)."""
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
_PHONE = re.compile(
    # North American numbers, which callback scams use most: 1-888-555-0199, +1 (808) 555 0199
    r"(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\w)"
    # and international ones written with a country code: +44 20 7946 0958
    r"|(?<![\w+])\+\d{1,3}(?:[ .-]\d{2,4}){2,5}(?!\w)")
_HIDDEN_IN_WORD = re.compile("[a-z\u00e0-\u024f][\u200b-\u200d\u2060\ufeff\u034f\u180e]+[a-z\u00e0-\u024f]")
"""An invisible character between two Latin letters ("pa\u200bypal"): it breaks the word for a
filter and not for the reader. Soft hyphens are left out (HTML hyphenation uses them honestly),
and so are joiners next to other scripts (Persian and Indic spelling needs them)."""
_GREEK_OR_CYRILLIC = re.compile("[\u0370-\u03ff\u0400-\u052f\u1c80-\u1c8f\u1f00-\u1fff]")
"""Greek and Cyrillic letters: text without any cannot mix them with Latin."""
_WORD = re.compile(r"[^\W\d_]+")
_CALLBACK_TEXT = 3_000
"""Characters of a free-mail sender's text searched for the brand a callback scam names."""
_OBFUSCATION_TEXT = 20_000
"""Characters of the text searched for obfuscated words."""


@cache
def _brand_table() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(display names, domains) per bundled brand."""
    return tuple((tuple(str(n) for n in b["names"]), tuple(str(d) for d in b["domains"]))
                 for b in read_data("brands.json")["brands"])


@cache
def _platforms() -> frozenset[str]:
    """Services that mail on behalf of their customers under the customer's name (brands.json)."""
    return frozenset(str(d) for d in read_data("brands.json")["platforms"]["domains"])


def default_brands() -> list[str]:
    """The bundled list of today's most-phished brands' domains."""
    return [d for _, domains in _brand_table() for d in domains]


@cache
def _words(key: str) -> tuple[str, ...]:
    return tuple(str(w) for w in read_data("phishing_words.json")[key])


@cache
def _freemail_defaults() -> frozenset[str]:
    return frozenset(str(d) for d in read_data("freemail.json")["domains"])


def default_freemail() -> frozenset[str]:
    """The free-mail domains shipped with relaywarden (scan/data/freemail.json)."""
    return _freemail_defaults()


def _normalise_domain(value: str) -> str:
    d = value.strip().lower().rstrip(".")
    if not d or "." not in d or ".." in d or d.startswith(".") or any(c.isspace() or c in "@/" for c in d):
        raise ValueError(f"{value!r} is not a domain name")
    return d


class PhishingConfig(Section):
    """The phishing checks: which names to protect from imitation, and what findings weigh."""

    enabled: bool = True
    """Run the phishing checks."""
    brands: list[str] = default_brands()
    """Domains protected from lookalikes and display-name claims besides the local domains;
    defaults to today's most-phished brands (Microsoft, PayPal, Apple, Amazon, Google, DocuSign,
    DHL, ...). Setting it replaces the list."""
    brand_names: dict[str, list[str]] = {}
    """Display names per brand domain (e.g. {"acme-bank.com" = ["acme bank"]}), added to the
    bundled ones; a listed domain without names is claimed by its first label ('acme' for acme.com)."""
    executives: list[str] = []
    """Names of people whose name on an external address is impersonation ("Jane Smith")."""
    internal_names: list[str] = []
    """How people name the organisation ("Acme", "Acme Corp"); the first label of each local
    domain counts too. A display name with one of these on an outside address is suspicious."""
    freemail_domains: list[str] = []
    """Free-mail domains besides the bundled list (gmail.com, outlook.com, ...)."""
    scores: dict[str, float] = {}
    """Score per finding, overriding the defaults (e.g. {URL_SHORTENER = 0.5}); keys as in
    DEFAULT_SCORES."""

    @field_validator("brands", "freemail_domains")
    @classmethod
    def _domains(cls, v: list[str]) -> list[str]:
        return [_normalise_domain(d) for d in v]

    @field_validator("brand_names")
    @classmethod
    def _brand_names(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        return {_normalise_domain(k): [n.strip() for n in names if n.strip()] for k, names in v.items()}

    @field_validator("executives", "internal_names")
    @classmethod
    def _names(cls, v: list[str]) -> list[str]:
        for name in v:
            if len(_words_of(name)) == 0 or len(name.strip()) < 3:
                raise ValueError(f"{name!r} is too short to match display names safely")
        return [n.strip() for n in v]

    @field_validator("scores")
    @classmethod
    def _known_scores(cls, v: dict[str, float]) -> dict[str, float]:
        return known_scores(v, DEFAULT_SCORES)


# --- text helpers ------------------------------------------------------------------------------


def _words_of(text: str) -> list[str]:
    """Words as a reader sees them: look-alike letters folded (Cyrillic о as o), punctuation
    dropped, lower-case. Addresses written in the text are not names (see _other_address_in)."""
    return re.findall(r"[^\W_]+", skeleton(_EMAIL_IN_TEXT.sub(" ", text[:500])))


def _phrase_in(phrase_words: tuple[str, ...], words: list[str]) -> bool:
    n = len(phrase_words)
    return n > 0 and any(tuple(words[i:i + n]) == phrase_words for i in range(len(words) - n + 1))


def _show(text: str, limit: int = _SHOW) -> str:
    """Evidence safe for a header or a banner: no control characters, bounded."""
    clean = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text)
    clean = " ".join(clean.split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


class _PhraseSearch:
    """Which of the phrases occur in a text: `[p for p in phrases if p in text]`, in one pass of
    the regex engine instead of one scan of the text per phrase.

    A phrase of several words occurs where the text has a space followed by the rest of the
    phrase (all of it after its first space), preceded by the first word (which may end a
    longer word, as `in` allows). One pattern finds, at each space, the longest such rest: it is
    a trie, so that the engine tests one character at a time instead of phrase after phrase.
    The shorter rests that also start there are its prefixes; the first words are then compared
    just before the space. Phrases without a rest are searched for one by one."""

    def __init__(self, phrases: tuple[str, ...]) -> None:
        self.phrases = phrases
        self.firsts: dict[str, list[str]] = {}
        """rest -> the first words it follows in a phrase."""
        for phrase in phrases:
            first, _, rest = phrase.partition(" ")
            if rest:
                self.firsts.setdefault(rest, []).append(first)
        self.alone = frozenset(p for p in phrases if not p.partition(" ")[2])
        rests = sorted(self.firsts)
        self.prefixes = {rest: [r for r in rests if rest.startswith(r)] for rest in rests}
        """rest -> the rests it starts with (itself included)."""
        self.pattern: re.Pattern[str] | None = None
        if rests:
            starts = re.escape("".join(sorted({r[0] for r in rests})))
            # the character class lets the engine drop most spaces before it tries the trie
            self.pattern = re.compile(f" (?=[{starts}])(?=({_trie_pattern(rests)}))")

    def found_in(self, text: str) -> list[str]:
        present: set[str] = set()
        if self.pattern is not None:
            for m in self.pattern.finditer(text):
                self._add_phrases_at(text, m.start(), m.group(1), present)
        present.update(p for p in self.alone if p in text)
        # most text holds none of the phrases: no need to walk the whole list then
        return [p for p in self.phrases if p in present] if present else []


    def _add_phrases_at(self, text: str, space: int, longest: str, present: set[str]) -> None:
        """The phrases whose rest starts after text[space] (longest is the longest such rest)."""
        for rest in self.prefixes[longest]:
            for first in self.firsts[rest]:
                if text.endswith(first, 0, space):
                    present.add(f"{first} {rest}")


def _trie_pattern(words: list[str]) -> str:
    """A pattern that matches the longest of the (non-empty) words that starts where it is tried."""
    trie: dict[str, dict[str, Any]] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _trie_node_pattern(trie)


def _trie_node_pattern(node: dict[str, dict[str, Any]]) -> str:
    branches = [re.escape(char) + _trie_node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    # greedy: a longer word is tried before ending at a shorter one
    return f"(?:{body})?" if "" in node else body


# --- compiled configuration --------------------------------------------------------------------


@dataclass(frozen=True)
class _Claim:
    """A name a display name can use to claim an organisation, and the domains that may."""

    words: tuple[str, ...]
    name: str
    owners: frozenset[str]
    """Registrable domains entitled to the name."""
    domain: str
    """The main domain, quoted in explanations."""
    labels: frozenset[str] = frozenset()
    """The owners' names without their suffix (amazon): under a country code they are the owner's
    too (amazon.de, paypal.co.uk), as the lookalike check also holds."""
    tlds: frozenset[str] = frozenset()
    """The owner's one-word names: a top-level domain of that name is the brand's own (signin.aws,
    x.google), since ICANN delegates brand TLDs to the brand alone."""

    def entitles(self, org: str) -> bool:
        if org in self.owners:
            return True
        label, _, suffix = org.partition(".")
        return (label in self.labels and is_cctld(suffix)) or org.rsplit(".", 1)[-1] in self.tlds


@dataclass(frozen=True)
class _Rules:
    index: LookalikeIndex
    local_orgs: frozenset[str]
    families: dict[str, frozenset[str]]
    """Registrable domain -> every registrable domain of the same owner (brand or organisation)."""
    brand_claims: _Claims
    internal_claims: _Claims
    executives: tuple[tuple[str, frozenset[str]], ...]
    freemail: frozenset[str]
    high_value: tuple[tuple[str, ...], ...]
    login_phrases: frozenset[str]
    link_phrases: _PhraseSearch
    """Login and wallet phrases together: both checks read the same text, so it is searched once."""
    payment_phrases: _PhraseSearch
    bank_change_phrases: frozenset[str]
    gift_card_code_phrases: frozenset[str]
    tax_form_phrases: frozenset[str]
    wallet_phrases: frozenset[str]
    charge_phrases: _PhraseSearch
    call_phrases: _PhraseSearch
    brand_orgs: frozenset[str]
    """Registrable domains of the protected brands (not the local ones)."""
    scores: dict[str, float]


@lru_cache(maxsize=4096)
def _org(domain: str) -> str:
    return registrable_domain(domain) or domain


@dataclass(frozen=True)
class _RulesKey:
    """The configuration that rules are compiled from, hashable so that compiled rules are reused."""

    brands: tuple[str, ...]
    brand_names: tuple[tuple[str, tuple[str, ...]], ...]
    executives: tuple[str, ...]
    internal_names: tuple[str, ...]
    freemail: tuple[str, ...]
    scores: tuple[tuple[str, float], ...]
    local_domains: tuple[str, ...]

    @classmethod
    def of(cls, cfg: PhishingConfig, ctx: ScanContext) -> _RulesKey:
        return cls(brands=tuple(cfg.brands),
                   brand_names=tuple(sorted((k, tuple(v)) for k, v in cfg.brand_names.items())),
                   executives=tuple(cfg.executives), internal_names=tuple(cfg.internal_names),
                   freemail=tuple(cfg.freemail_domains), scores=tuple(sorted(cfg.scores.items())),
                   local_domains=tuple(d.lower().rstrip(".") for d in ctx.local_domains if d))


def _brand_groups(key: _RulesKey) -> list[tuple[list[str], list[str]]]:
    """(names, domains) per brand of the configured list, bundled names kept where they apply."""
    configured = set(key.brands)
    extra = dict(key.brand_names)
    groups: list[tuple[list[str], list[str]]] = []
    seen: set[str] = set()
    for names, domains in _brand_table():
        mine = [d for d in domains if d in configured]
        if mine:
            groups.append((list(names) + [n for d in mine for n in extra.get(d, ())], mine))
            seen.update(mine)
    for domain in key.brands:
        if domain not in seen:
            label = domain.split(".", 1)[0]
            groups.append((list(extra.get(domain, ())) or ([label] if len(label) >= 4 else []), [domain]))
    return groups


class _Claims:
    """Claims in order, indexed by their first word: most words of a message start none, so a
    lookup visits a few claims instead of all of them."""

    def __init__(self, claims: tuple[_Claim, ...] = ()) -> None:
        self.by_first: dict[str, list[tuple[int, _Claim]]] = {}
        for i, claim in enumerate(claims):
            self.by_first.setdefault(claim.words[0], []).append((i, claim))

    def find(self, words: list[str], org: str) -> _Claim | None:
        """The first claim, in list order, that words make and org is not entitled to."""
        best: tuple[int, _Claim] | None = None
        for word in set(words):
            for i, claim in self.by_first.get(word, ()):
                if (best is None or i < best[0]) and not claim.entitles(org) and _phrase_in(claim.words, words):
                    best = (i, claim)
        return None if best is None else best[1]


def _claims(groups: Iterable[tuple[Iterable[str], Iterable[str]]]) -> _Claims:
    claims = []
    for names, domains in groups:
        doms = list(domains)
        owners = frozenset(_org(d) for d in doms)
        labels = frozenset(o.partition(".")[0] for o in owners)
        names = list(names)
        tlds = frozenset(n.lower() for n in names if n.isalnum())
        for name in names:
            words = tuple(_words_of(name))
            if words:
                claims.append(_Claim(words=words, name=name, owners=owners, domain=doms[0], labels=labels, tlds=tlds))
    return _Claims(tuple(claims))


def _distinctive(groups: list[tuple[list[str], list[str]]], shortest: int = 4) -> set[str]:
    """Brand labels that are also a brand's one-word name (paypal, docusign): seen as a label of
    someone else's domain (paypal.server4566.com) they are imitation. Ordinary words (office,
    apple) and the organisation's own labels are left out: acme.sharepoint.com is a tenant."""
    found: set[str] = set()
    for names, domains in groups:
        # a name of several words written as one (royalmail, wellsfargo, posteitaliane) is no
        # ordinary word either
        single = {n.lower().replace(" ", "") for n in names if n.replace(" ", "").isalnum()}
        found.update(label for label in (d.split(".", 1)[0] for d in domains)
                     if label in single and len(label) >= shortest)
    return found


_ORDINARY_WORDS = frozenset({"zoom", "intuit"})
"""Brands' one-word names that are English words too: joined with hyphens to other words they
name other businesses (zoom-photography.com), not the brand."""


@lru_cache(maxsize=8)
def _compile(key: _RulesKey) -> _Rules:
    groups = _brand_groups(key)
    local_orgs = frozenset(_org(d) for d in key.local_domains)
    families: dict[str, frozenset[str]] = {}
    for _, domains in groups:
        orgs = frozenset(_org(d) for d in domains)
        for o in orgs:
            families[o] = families.get(o, frozenset()) | orgs
    for o in local_orgs:
        families[o] = local_orgs
    labels = [o.split(".", 1)[0] for o in sorted(local_orgs)]
    internal = list(key.internal_names) + [lbl for lbl in labels if len(lbl) >= 4]
    return _Rules(
        # three letters are enough between hyphens (dhl-sendungsinfo), not as a host label (ups.example.org)
        index=LookalikeIndex(list(key.local_domains) + list(key.brands), distinctive=_distinctive(groups),
                             tokens=_distinctive(groups, 3) - _ORDINARY_WORDS),
        local_orgs=local_orgs,
        families=families,
        brand_claims=_claims(groups),
        internal_claims=_claims([(internal, sorted(local_orgs))]) if local_orgs else _Claims(),
        executives=tuple((name, frozenset(_words_of(name))) for name in key.executives),
        freemail=_freemail_defaults() | frozenset(key.freemail),
        high_value=tuple(tuple(_words_of(p)) for p in _words("high_value_names")),
        login_phrases=frozenset(_words("login_phrases")),
        link_phrases=_PhraseSearch(tuple(dict.fromkeys(_words("login_phrases") + _words("wallet_phrases")))),
        payment_phrases=_PhraseSearch(tuple(dict.fromkeys(
            _words("payment_phrases") + _words("gift_card_code_phrases") + _words("tax_form_phrases")))),
        gift_card_code_phrases=frozenset(_words("gift_card_code_phrases")),
        tax_form_phrases=frozenset(_words("tax_form_phrases")),
        bank_change_phrases=frozenset(_words("bank_change_phrases")),
        wallet_phrases=frozenset(_words("wallet_phrases")),
        charge_phrases=_PhraseSearch(_words("callback_charge_phrases")),
        call_phrases=_PhraseSearch(_words("callback_call_phrases")),
        brand_orgs=frozenset(_org(d) for _, domains in groups for d in domains) - local_orgs,
        scores={**DEFAULT_SCORES, **dict(key.scores)},
    )


# --- the check ---------------------------------------------------------------------------------


@dataclass
class _Message:
    """What the sub-checks share: the message, its context, and what was worked out once."""

    msg: ParsedMessage
    ctx: ScanContext
    rules: _Rules
    from_domain: str
    from_org: str
    urls: list[tuple[str, URLInfo, str]]
    """(href, parsed, where: 'link', 'QR code', 'link in <attached file>' or 'QR code in <attached
    PDF>') for distinct URLs."""
    lookalike_sender: Lookalike | None = None
    by_href: dict[str, URLInfo] = field(default_factory=dict)
    """The parsed form of each href in urls, so that no check parses a URL twice."""

    def __post_init__(self) -> None:
        self.by_href = {href: info for href, info, _ in self.urls}

    @cached_property
    def flat_text(self) -> str:
        """Subject and visible text, NFC, lower-case, whitespace collapsed: what phrases are
        matched on (the login and payment checks both read it)."""
        raw = f"{self.msg.subject} {self.msg.body_start(_MAX_TEXT)}"
        return " ".join(unicodedata.normalize("NFC", raw).lower().split())

    @cached_property
    def link_phrases(self) -> list[str]:
        """The login and wallet phrases in the text, in list order (login ones first)."""
        return self.rules.link_phrases.found_in(self.flat_text)

    @cached_property
    def subject_words(self) -> list[str]:
        """The words of the subject (see _words_of); two checks read them."""
        return _words_of(self.msg.subject)

    @cached_property
    def display_words(self) -> list[str]:
        """The words of the From display name (see _words_of); three checks read them."""
        return _words_of(self.msg.from_.display) if self.msg.from_ is not None else []

    def score(self, key: str) -> float:
        return self.rules.scores[key]

    def same_owner(self, org_a: str, org_b: str) -> bool:
        return org_a == org_b or org_b in self.rules.families.get(org_a, frozenset())


def _collect_urls(msg: ParsedMessage) -> list[tuple[str, URLInfo, str]]:
    """Distinct URLs of the links and QR codes, each followed by the destination inside it when
    it is a link wrapper (Safe Links, URL Defense, google.com/url)."""
    seen: set[str] = set()
    found: list[tuple[str, URLInfo, str]] = []
    links = [(link.href, f"link in {link.attachment}" if link.attachment else "link") for link in msg.links]
    qr = [(u, f"QR code in {msg.qr_sources[u]}" if u in msg.qr_sources else "QR code") for u in msg.qr_urls]
    for href, where in links + qr:
        if href in seen or len(found) >= _MAX_URLS:
            continue
        seen.add(href)
        info = parse_url(href, bare=False)
        if info is None:
            continue
        found.append((href, info, where))
        inner = unwrap_redirect(info)
        inner_info = parse_url(inner) if inner and inner not in seen else None
        if inner is not None and inner_info is not None:
            seen.add(inner)
            found.append((inner, inner_info, where))
    return found


def check_phishing(msg: ParsedMessage, ctx: ScanContext, cfg: PhishingConfig) -> list[Symbol]:
    """Every phishing finding for one message, as symbols (empty when nothing is suspicious)."""
    if not cfg.enabled:
        return []
    rules = _compile(_RulesKey.of(cfg, ctx))
    from_domain = msg.from_.domain if msg.from_ is not None else ""
    m = _Message(msg=msg, ctx=ctx, rules=rules, from_domain=from_domain,
                 from_org=_org(from_domain) if from_domain else "", urls=_collect_urls(msg))
    symbols: list[Symbol] = []
    for check in (_lookalike_sender, _lookalike_link, _link_text_mismatch, _display_name, _freemail_claims,
                  _reply_to, _credential_form, _login_keywords, _subject_brand_login, _wallet_lure, _payment_request,
                  _callback, _text_obfuscation, _url_kinds, _recipient_in_link, _device_code, _authentication):
        symbols.extend(check(m))
    return symbols


# --- who the message claims to be --------------------------------------------------------------


def _sender_domains(m: _Message) -> Iterator[tuple[str, str]]:
    """(role, domain) of every address that names the sender."""
    if m.from_domain:
        yield "sender's address", m.from_domain
    if m.msg.sender is not None and m.msg.sender.domain:
        yield "Sender address", m.msg.sender.domain
    for addr in m.msg.reply_to:
        if addr.domain:
            yield "reply address", addr.domain
    if m.ctx.mail_from:
        domain = address_domain(m.ctx.mail_from)
        if domain:
            yield "envelope sender", domain


def _lookalike_sender(m: _Message) -> list[Symbol]:
    for role, domain in _sender_domains(m):
        found = m.rules.index.match(domain)
        if found is not None:
            m.lookalike_sender = found
            return [Symbol(
                "LOOKALIKE_SENDER", m.score("LOOKALIKE_OTHER_TLD" if found.kind == "other-tld" else "LOOKALIKE_SENDER"),
                f"The {role} domain {_show(found.domain)} imitates {found.imitates}: {found.detail}.",
                banner=f"The {role} is at {_show(found.domain)}, which imitates {found.imitates}.",
            )]
    return []


def _executive(m: _Message, words: list[str]) -> str | None:
    present = set(words)
    for name, parts in m.rules.executives:
        if parts and parts <= present:
            return name
    return None


def _display_name(m: _Message) -> list[Symbol]:
    addr = m.msg.from_
    if addr is None or not addr.display or not m.from_org:
        return []
    words = m.display_words
    external = bool(m.rules.local_orgs) and m.from_org not in m.rules.local_orgs
    exec_name = _executive(m, words) if external else None
    if exec_name is not None:
        # an executive writing from a personal mailbox is the opening of gift-card and wire fraud
        freemail = m.from_domain in m.rules.freemail
        where = "a free-mail address" if freemail else "outside the organisation"
        return [Symbol(
            "DISPLAY_NAME_IMPERSONATION", m.score("DISPLAY_NAME_EXECUTIVE_FREEMAIL" if freemail else
                                                  "DISPLAY_NAME_EXECUTIVE"),
            f"The display name {_show(addr.display)!r} matches the executive {exec_name} but the address "
            f"{_show(addr.address)} is {where}.",
            banner=f"The sender uses the name {_show(exec_name)} but writes from an outside address "
                   f"({_show(m.from_domain)}).",
        )]
    shown = _other_address_in(addr, m.from_org)
    if shown is not None:
        return [Symbol(
            "DISPLAY_NAME_IMPERSONATION", m.score("DISPLAY_NAME_IMPERSONATION"),
            f"The display name shows the address {_show(shown)} but the message comes from {_show(addr.address)}.",
            banner=f"The sender's name shows {_show(shown)}, but the real address is {_show(addr.address)}.",
        )]
    if m.from_domain in m.rules.freemail:
        return []  # a free-mail sender claiming a name is FREEMAIL_CLAIMS_INTERNAL
    claim = m.rules.brand_claims.find(words, m.from_org)
    if claim is None and external and m.from_org not in _platforms():
        claim = m.rules.internal_claims.find(words, m.from_org)
    if claim is None:
        return []
    return [Symbol(
        "DISPLAY_NAME_IMPERSONATION", m.score("DISPLAY_NAME_IMPERSONATION"),
        f"The display name {_show(addr.display)!r} claims {claim.name} ({claim.domain}) but the address is "
        f"at {_show(m.from_domain)}.",
        banner=f"The sender calls itself {_show(addr.display)}, but the address is at {_show(m.from_domain)}, "
               f"not {claim.domain}.",
    )]


def _other_address_in(addr: Address, from_org: str) -> str | None:
    """An address written inside the display name whose domain is not the sender's."""
    for found in _EMAIL_IN_TEXT.finditer(addr.display):
        domain = address_domain(found.group(0))
        if domain and _org(domain) != from_org:
            return found.group(0)
    return None


def _freemail_claims(m: _Message) -> list[Symbol]:
    addr = m.msg.from_
    if addr is None or not m.from_org:
        return []
    # exact domain: mailbox users get x@yahoo.com, never x@reply.yahoo.com (Yahoo's own service)
    if m.from_domain in m.rules.freemail and addr.display:
        words = m.display_words
        # no owner exemption: Microsoft runs outlook.com, yet "Microsoft" on an outlook.com
        # address is anyone who opened a mailbox there
        claim = m.rules.internal_claims.find(words, "") or m.rules.brand_claims.find(words, "")
        if claim is not None:
            return [Symbol(
                "FREEMAIL_CLAIMS_INTERNAL", m.score("FREEMAIL_CLAIMS_INTERNAL"),
                f"The free-mail address {_show(addr.address)} uses the name {_show(addr.display)!r}, which "
                f"claims {claim.name} ({claim.domain}).",
                banner=f"The sender calls itself {_show(addr.display)} but writes from a free-mail address "
                       f"({_show(m.from_domain)}).",
            )]
    return _unauthenticated_local(m)


def _unauthenticated_local(m: _Message) -> list[Symbol]:
    """Inbound mail in the organisation's own name that authentication does not vouch for."""
    auth = m.ctx.auth
    if (m.ctx.direction != "inbound" or auth is None or m.from_org not in m.rules.local_orgs
            or not _evaluated(auth) or _authenticated(auth, m.from_org)):
        return []
    return [Symbol(
        "FREEMAIL_CLAIMS_INTERNAL", m.score("FREEMAIL_CLAIMS_INTERNAL"),
        f"Inbound mail from the local domain {_show(m.from_domain)} is not authenticated "
        f"(DMARC {auth.dmarc or 'not evaluated'}, SPF {auth.spf or 'not evaluated'}).",
        banner=f"This message claims to come from your own organisation ({_show(m.from_domain)}) "
               "but it arrived from outside.",
    )]


def _evaluated(auth: AuthSummary) -> bool:
    return auth.dmarc not in (None, "temperror") or auth.spf not in (None, "temperror")


def _authenticated(auth: AuthSummary, from_org: str) -> bool:
    if auth.dmarc == "pass":
        return True
    if any(_org(d) == from_org for d in auth.dkim_pass_domains):
        return True
    return auth.spf == "pass" and auth.dmarc in (None, "none")


def _reply_elsewhere(m: _Message, also_fine: Iterable[str] = ()) -> Address | None:
    """The first Reply-To address at another organisation than the sender's (None when there is
    none). Replies into the reader's own organisation reach colleagues, not an attacker; also_fine
    are more organisations whose replies are expected (a mailing list's)."""
    fine = m.rules.local_orgs.union(also_fine)
    for addr in m.msg.reply_to:
        org = _org(addr.domain) if addr.domain else ""
        if org and not m.same_owner(m.from_org, org) and org not in fine:
            return addr
    return None


def _reply_to(m: _Message) -> list[Symbol]:
    if not m.from_org or not m.msg.reply_to:
        return []
    addr = _reply_elsewhere(m, _list_domains(m.msg))
    if addr is None:
        return []
    freemail = addr.domain in m.rules.freemail and m.from_domain not in m.rules.freemail
    key = "REPLY_TO_FREEMAIL" if freemail else "REPLY_TO_MISMATCH"
    kind = "a free-mail address" if freemail else "another domain"
    return [Symbol(
        "REPLY_TO_MISMATCH", m.score(key),
        f"Replies go to {_show(addr.address)} ({kind}), not to the sender's domain {_show(m.from_domain)}.",
        banner=f"Replies to this message go to {_show(addr.address)}, not to the sender.",
    )]


def _list_domains(msg: ParsedMessage) -> set[str]:
    """Registrable domains of a mailing list's addresses: a list sets Reply-To to itself."""
    found: set[str] = set()
    for name in ("List-Post", "List-Id"):
        for value in msg.header_all(name):
            for match in re.finditer(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)|<([\w-]+(?:\.[\w-]+)+)>", value):
                domain = match.group(1) or match.group(2) or ""
                found.add(_org(domain.lower()))
                if match.group(2):  # a List-Id is list-name.domain: the owner is its tail
                    found.update(_org(domain.lower().split(".", i)[-1]) for i in range(1, 3))
    return found


# --- where the message leads -------------------------------------------------------------------


def _lookalike_link(m: _Message) -> list[Symbol]:
    hosts_seen: set[str] = set()
    for href, info, where in m.urls:
        if not info.host or info.ip or info.host in hosts_seen:
            continue
        hosts_seen.add(info.host)
        found = m.rules.index.match(info.host)
        if found is not None:
            if where == "QR code":
                place, what = "A QR code in the message leads", f"The QR code {_show(href)}"
            elif where.startswith("QR code in "):
                shown = _show(where.removeprefix("QR code in "), 60)
                place, what = f"A QR code in the attached file {shown} leads", f"The QR code {_show(href)} in {shown}"
            elif where.startswith("link in "):
                shown = _show(where.removeprefix("link in "), 60)
                place, what = f"A link in the attached file {shown} goes", f"The link {_show(href)} in {shown}"
            else:
                place, what = "A link goes", f"The link {_show(href)}"
            return [Symbol(
                "LOOKALIKE_LINK", m.score("LOOKALIKE_OTHER_TLD" if found.kind == "other-tld" else "LOOKALIKE_LINK"),
                f"{what} goes to {_show(found.domain)}, which imitates {found.imitates}: {found.detail}.",
                banner=f"{place} to {_show(found.domain)}, which imitates {found.imitates}.",
            )]
    return []


def _link_text_mismatch(m: _Message) -> list[Symbol]:
    for link in m.msg.links[:_MAX_URLS]:
        if not link.text:
            continue
        shown = shown_host(link.text)
        info = m.by_href.get(link.href) if shown else None
        if shown is None or info is None or info.scheme not in ("http", "https") or not info.host:
            continue
        if is_redirector(info):
            # a click tracker's host says nothing about where the click ends, unless it says so
            inner = unwrap_redirect(info)
            info = m.by_href.get(inner) if inner else None
            if info is None or not info.host:
                continue
        shown_org, real_org = _org(shown), _org(info.host)
        if m.same_owner(shown_org, real_org):
            continue
        protected = m.rules.index.owns(shown)
        return [Symbol(
            "LINK_TEXT_MISMATCH", m.score("LINK_TEXT_MISMATCH_PROTECTED" if protected else "LINK_TEXT_MISMATCH"),
            f"A link shows {_show(link.text)} but goes to {_show(link.href)}.",
            banner=f"A link shows {_show(shown)} but actually leads to {_show(info.host)}.",
        )]
    return []


def _credential_form(m: _Message) -> list[Symbol]:
    external: tuple[str, str, bool] | None = None
    for form in m.msg.forms:
        target = _form_target(form.action)
        if form.has_password:
            where = f", posting to {_show(target)}" if target else ""
            return [Symbol(
                "CREDENTIAL_FORM", m.score("CREDENTIAL_FORM_PASSWORD"),
                f"The message contains a form with a password field{where}.",
                banner="The message contains a form that asks for a password: never type a password into an email.",
            )]
        if target and m.from_org and not m.same_owner(m.from_org, _org(target)):
            sensitive = _asks_secrets(form.fields)
            if external is None or (sensitive and not external[2]):
                external = (form.action, target, sensitive)
    if external is None:
        return []
    action, target, sensitive = external
    asks = "asks for account or card details and " if sensitive else ""
    return [Symbol(
        "CREDENTIAL_FORM", m.score("CREDENTIAL_FORM" if sensitive else "CREDENTIAL_FORM_EXTERNAL"),
        f"A form in the message {asks}sends what is typed into it to {_show(action)}, outside the sender's "
        f"domain {_show(m.from_domain)}.",
        banner=f"The message contains a form that sends what you type to {_show(target)}.",
    )]


_SECRET_FIELDS = ("user", "login", "logon", "account", "acct", "card", "cc", "cvv", "cvc", "ssn", "pin", "pass",
                  "otp", "iban", "routing", "secur", "secret", "dob", "birth", "mfa", "token")
"""Starts of input names that ask for credentials or payment details (username, cardnumber, cvv2)."""


def _asks_secrets(fields: tuple[str, ...]) -> bool:
    # old newsletters carry search boxes posting to a shop: a field named q is not a credential
    for field_ in fields:
        kind, _, name = field_.partition(":")
        if kind == "hidden":
            continue
        for token in re.split(r"[^a-z0-9]+", name.lower()):
            if token.startswith(_SECRET_FIELDS):
                return True
    return False


def _form_target(action: str) -> str:
    info = parse_url(action) if action else None
    return info.host if info is not None and info.scheme in ("http", "https") else ""


def _login_keywords(m: _Message) -> list[Symbol]:
    # words alone are what every security newsletter says: only with somewhere to click
    if not (m.urls or m.msg.forms):
        return []
    found = [p for p in m.link_phrases if p in m.rules.login_phrases]
    if not found:
        return []
    score = min(m.score("LOGIN_KEYWORDS") * len(found), m.score("LOGIN_KEYWORDS_MAX"))
    quoted = ", ".join(repr(p) for p in found[:3])
    return [Symbol(
        "LOGIN_KEYWORDS", score,
        f"The text uses {len(found)} phrase(s) typical of credential phishing ({quoted}) and contains links.",
        banner="The message pressures you to sign in or verify your account.",
    )]


def _subject_brand_login(m: _Message) -> list[Symbol]:
    """"Microsoft 365: your password expires today" from someone else, asking to sign in, with no
    link to Microsoft: the brand is claimed in the subject instead of the display name (which
    DISPLAY_NAME_IMPERSONATION judges), and the links go wherever the phisher put the fake page."""
    if not m.urls or not m.from_org or m.from_org in m.rules.local_orgs:
        return []
    if not any(p in m.rules.login_phrases for p in m.link_phrases):
        return []
    claim = m.rules.brand_claims.find(m.subject_words, m.from_org)
    if claim is None or m.rules.brand_claims.find(m.display_words, m.from_org) is not None:
        return []
    hosts = [info.host for _, info, _ in m.urls if info.host]
    if not hosts or any(_org(h) in claim.owners for h in hosts):
        return []
    return [Symbol(
        "SUBJECT_BRAND_LOGIN", m.score("SUBJECT_BRAND_LOGIN"),
        f"The subject names {claim.name} ({claim.domain}) and the text asks you to sign in, but the sender is "
        f"{_show(m.from_domain)} and no link leads to {claim.domain} (the first goes to {_show(hosts[0])}).",
        banner=f"The message asks you to sign in to {claim.name}, but its links lead to {_show(hosts[0])}, "
               f"not to {claim.domain}.",
    )]


def _wallet_lure(m: _Message) -> list[Symbol]:
    """Crypto-wallet drainers: "connect your wallet to claim", "enter your recovery phrase". The
    phrase hands over the funds, so no password or form is needed; like login phrases, the words
    count only with somewhere to click."""
    if not (m.urls or m.msg.forms):
        return []
    found = [p for p in m.link_phrases if p in m.rules.wallet_phrases]
    if not found:
        return []
    quoted = ", ".join(repr(p) for p in found[:3])
    return [Symbol(
        "CRYPTO_WALLET_LURE", m.score("CRYPTO_WALLET_LURE"),
        f"The text asks about a crypto wallet in the words of wallet-draining scams ({quoted}) and contains links.",
        banner="The message asks you to connect a crypto wallet or enter its recovery phrase: whoever gets "
               "either can empty the wallet. No real service asks for them by e-mail.",
    )]


def _flat(text: str) -> str:
    """Text as flat_text is: NFC, lower-case, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _callback(m: _Message) -> list[Symbol]:
    """Callback phishing: a fake invoice or renewal ("your Norton subscription has been renewed
    for $399") with a phone number to call "to cancel". It has no link to check; the call ends
    in remote access to the computer or a bank transfer. The invoice is in the text or, to get
    past filters that read only the text, in an attached PDF. The pretext is a brand: named in
    the display name or subject by someone else, or in the invoice by a free-mail sender (a
    friend's "call the gym to cancel" names none)."""
    if not m.from_org or m.from_org in m.rules.local_orgs:
        return []
    claims = m.rules.brand_claims
    claim = claims.find(m.display_words, m.from_org) or claims.find(m.subject_words, m.from_org)
    freemail = m.from_domain in m.rules.freemail
    if claim is None and not freemail:
        return []
    places = [("", m.flat_text)]
    places += [(name, _flat(f"{m.msg.subject} {text[:_MAX_TEXT]}")) for name, text in m.msg.pdf_texts.items()]
    for pdf, text in places:
        found = _callback_in(m, text, claim)
        if found is None:
            continue
        charge, call, number, why = found
        where = f" in the attached file {pdf}" if pdf else ""
        return [Symbol(
            "CALLBACK_PHISHING", m.score("CALLBACK_PHISHING"),
            f"The message{where} claims a charge or renewal ({charge!r}), asks you to call {number} "
            f"({call!r}), and the sender {why}.",
            banner=f"This looks like a fake invoice: the number in it ({number}) reaches the scammers, who ask for "
                   "remote access to your computer or your bank details. Check your account on the company's own "
                   "website instead.",
        )]
    return []


def _callback_in(m: _Message, text: str, claim: _Claim | None) -> tuple[str, str, str, str] | None:
    """(charge phrase, call phrase, phone number, why the sender is not the brand) when `text`
    reads as a callback lure from this sender, else None."""
    charge = m.rules.charge_phrases.found_in(text)
    call = m.rules.call_phrases.found_in(text) if charge else []
    phone = _PHONE.search(text) if call else None
    if phone is None:
        return None
    if claim is not None:
        why = f"names {claim.name} but writes from {_show(m.from_domain)}, not {claim.domain}"
    else:
        claim = m.rules.brand_claims.find(re.findall(r"[^\W_]+", skeleton(text[:_CALLBACK_TEXT])), m.from_org)
        if claim is None:
            return None
        why = f"writes from a free-mail address ({_show(m.from_domain)}) about {claim.name} ({claim.domain})"
    return charge[0], call[0], _show(phone.group(0).strip(), 30), why


def _mixed_script_word(text: str) -> str | None:
    """The first word mixing Latin with Cyrillic or Greek letters ("Pаypal" with a Cyrillic а)."""
    if text.isascii() or not _GREEK_OR_CYRILLIC.search(text):
        return None
    for word in _WORD.findall(text):
        if len(word) < 4 or word.isascii():
            continue
        scripts = scripts_of(word)
        # every foreign letter must pass for a Latin one: text decoded with the wrong charset
        # also mixes alphabets, but into no readable word
        if "LATIN" in scripts and scripts & {"CYRILLIC", "GREEK"} and skeleton(word).isascii():
            return str(word)
    return None


def _text_obfuscation(m: _Message) -> list[Symbol]:
    """Words a filter cannot read and a person can: invisible characters inside a word, or
    Latin mixed with look-alike Cyrillic or Greek letters. Honest mail has no reason for either
    (a one-off in the body is forgiven: copied text carries stray characters)."""
    display = m.msg.from_.display if m.msg.from_ is not None else ""
    header = f"{display} {m.msg.subject}"
    if header.isascii() and m.msg.text.isascii() and m.msg.html_text.isascii():
        return []  # most mail, at the cost of one pass in C (and no flat_text to build)
    body = m.flat_text[:_OBFUSCATION_TEXT]
    hidden = len(_HIDDEN_IN_WORD.findall(header.lower())), len(_HIDDEN_IN_WORD.findall(body))
    mixed = _mixed_script_word(header)
    if mixed is None and not hidden[0] and hidden[1] < 2:
        body_mixed = _mixed_script_word(body)
        if body_mixed is None or _mixed_script_word(body.replace(body_mixed, " ")) is None:
            return []
        mixed = body_mixed
    how = (f"the word {_show(mixed, 40)!r} mixes Latin with look-alike letters of another alphabet"
           if mixed is not None else f"{sum(hidden)} word(s) hide invisible characters between their letters")
    return [Symbol(
        "TEXT_OBFUSCATION", m.score("TEXT_OBFUSCATION"),
        f"The text is disguised from filters: {how}.",
        banner="The message hides its words from security filters with invisible or look-alike characters.",
    )]


def _unaccountable_reply(m: _Message) -> str | None:
    """Why replies would not reach an accountable organisation: a free-mail sender, or a
    Reply-To at free mail or at another organisation (None when neither)."""
    if m.from_domain in m.rules.freemail:
        return f"writes from a free-mail address ({_show(m.from_domain)})"
    addr = _reply_elsewhere(m)
    return f"sends replies to {_show(addr.address)}" if addr is not None else None


def _payment_request(m: _Message) -> list[Symbol]:
    """Business email compromise asks, in plain words and without a link, for gift cards, a wire
    transfer or new bank details, from an address nobody can hold to account."""
    # the sender is checked first: most mail comes from an accountable address, and then the
    # text need not be searched
    why = _unaccountable_reply(m) if m.from_org else None
    if why is None:
        return []
    found = m.rules.payment_phrases.found_in(m.flat_text)
    if not found:
        return []
    costly = m.rules.bank_change_phrases | m.rules.gift_card_code_phrases | m.rules.tax_form_phrases
    quoted = ", ".join(repr(p) for p in sorted(found, key=lambda p: p not in costly)[:3])
    key = ("BEC_BANK_CHANGE" if any(p in m.rules.bank_change_phrases for p in found)
           else "BEC_GIFT_CARD_CODES" if any(p in m.rules.gift_card_code_phrases for p in found)
           else "BEC_TAX_FORMS" if any(p in m.rules.tax_form_phrases for p in found)
           else "BEC_PAYMENT_REQUEST")
    what = "employees' tax forms" if key == "BEC_TAX_FORMS" else "payments or bank details"
    return [Symbol(
        "BEC_PAYMENT_REQUEST", m.score(key),
        f"The message asks about {what} ({quoted}) and the sender {why}.",
        banner="The message asks about money, gift cards or bank details: confirm by phone, using a number "
               "you already know, before you act.",
    )]


@dataclass
class _Kind:
    name: str
    key: str
    """The DEFAULT_SCORES key of the strongest variant seen."""
    hits: list[str]
    banner: str


_KIND_WORDS = {
    "URL_DATA_SCHEME": "a data: URL",
    "URL_USERINFO_TRICK": "a URL with text before '@' in its host part",
    "URL_IP_LITERAL": "a URL to an IP address",
    "URL_SHORTENER": "a shortened URL",
    "URL_FILE_SHARING": "a file-sharing URL",
    "URL_FORM_HOSTING": "a form or free-site URL",
    "URL_OAUTH_CONSENT": "a link to an app-consent page asking for mail or file access",
    "URL_FILE_DOWNLOAD": "a link that downloads an archive or a program from another site",
    "URL_OPEN_REDIRECT": "a link through a search engine's click redirect",
}


class _Kinds:
    """One symbol per kind of URL, with the first URL as evidence and the strongest variant's score."""

    def __init__(self, m: _Message) -> None:
        self.m = m
        self.kinds: dict[str, _Kind] = {}

    def hit(self, name: str, key: str, href: str, banner: str) -> None:
        kind = self.kinds.setdefault(name, _Kind(name, key, [], banner))
        kind.hits.append(href)
        if self.m.score(key) > self.m.score(kind.key):
            kind.key, kind.banner = key, banner

    def symbols(self) -> list[Symbol]:
        out = []
        for kind in self.kinds.values():
            more = f" (and {len(kind.hits) - 1} more)" if len(kind.hits) > 1 else ""
            out.append(Symbol(kind.name, self.m.score(kind.key),
                              f"The message contains {_KIND_WORDS[kind.name]}: {_show(kind.hits[0])}{more}.",
                              banner=kind.banner))
        return out


def _url_kinds(m: _Message) -> list[Symbol]:
    kinds = _Kinds(m)
    for href, info, _where in m.urls:
        if info.scheme == "data":
            kinds.hit("URL_DATA_SCHEME", "URL_DATA_SCHEME", href,
                      "A link carries a whole web page inside it (a data: link), a way to hide a fake login page.")
            continue
        if info.scheme not in ("http", "https", "ftp") or not info.host:
            continue
        if info.userinfo:
            _userinfo(info, href, kinds)
        if info.ip:
            _ip_literal(info, href, kinds)
            continue
        if is_shortener(info):
            kinds.hit("URL_SHORTENER", "URL_SHORTENER", href,
                      f"A link uses a link shortener ({_show(info.host)}) that hides where it really goes.")
        if is_file_sharing(info):
            kinds.hit("URL_FILE_SHARING", "URL_FILE_SHARING", href,
                      f"A link leads to a file-sharing service ({_show(info.host)}).")
        if _oauth_consent(info):
            kinds.hit("URL_OAUTH_CONSENT", "URL_OAUTH_CONSENT", href,
                      "A link asks you to grant an outside app access to your mailbox or files. Approving it "
                      "gives that app your data without needing your password.")
        if is_form_hosting(info):
            kinds.hit("URL_FORM_HOSTING", "URL_FORM_HOSTING", href,
                      f"A link leads to a page on a free form or site builder ({_show(info.host)}), where anyone "
                      "can publish a fake login page.")
        if _open_redirect(info):
            kinds.hit("URL_OPEN_REDIRECT", "URL_OPEN_REDIRECT", href,
                      f"A link goes through {_show(info.host)}'s click redirect to another site: phishing borrows "
                      "the search engine's name to get past filters.")
        _download(m, info, href, kinds)
    return kinds.symbols()


_ARCHIVE_EXTENSIONS = frozenset({"zip", "rar", "7z", "cab", "ace", "arj", "lzh"})
"""The archives malware arrives in; source tarballs (.tar.gz and kin) are developers' daily links."""
_PROGRAM_EXTENSIONS = (EXECUTABLE_EXTENSIONS | SCRIPT_EXTENSIONS | DISK_IMAGE_EXTENSIONS | MACRO_EXTENSIONS) - {
    "com", "dll", "url", "inf", "sys", "ocx", "cpl", "run", "application", "gadget", "elf", "vb", "ws", "msh", "reg",
}
"""What a link can download and run. Not the names a path also ends in for other reasons: server
handlers (eBayISAPI.dll?ViewItem), host names (/jump/http://www.example.com), or files no mail
client opens by a click."""
_WORDPRESS_PATH = re.compile(r"/wp-(?:content|includes|admin)/", re.I)


def _download(m: _Message, info: URLInfo, href: str, kinds: _Kinds) -> None:
    """A link that downloads an archive or a program from a site other than the sender's: the
    link-shaped attachment, which attachment checks never see. Archives in a WordPress uploads
    folder are the signature of payloads on hacked sites. A program link weighs 3, not the 8 of an
    attached program, and tags nothing alone: software newsletters link installers on their
    download hosts and on GitHub."""
    path = unquote(info.path.partition("?")[0].partition("#")[0])
    name = path.rsplit("/", 1)[-1].lower().rstrip(". ")
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext not in _ARCHIVE_EXTENSIONS and ext not in _PROGRAM_EXTENSIONS:
        return
    if m.from_org and _org(info.host) in m.rules.families.get(m.from_org, frozenset({m.from_org})):
        return
    if ext in _PROGRAM_EXTENSIONS:
        kinds.hit("URL_FILE_DOWNLOAD", "URL_FILE_DOWNLOAD_PROGRAM", href,
                  f"A link downloads a program or script ({_show(name, 60)}) from {_show(info.host)}: do not run it.")
    elif _WORDPRESS_PATH.search(path):
        kinds.hit("URL_FILE_DOWNLOAD", "URL_FILE_DOWNLOAD_WORDPRESS", href,
                  f"A link downloads an archive ({_show(name, 60)}) from a website's WordPress folders, where "
                  "attackers put malware on sites they broke into: do not open it.")
    else:
        kinds.hit("URL_FILE_DOWNLOAD", "URL_FILE_DOWNLOAD", href,
                  f"A link downloads an archive ({_show(name, 60)}) from {_show(info.host)}, which no attachment "
                  "check has looked into.")


def _open_redirect(info: URLInfo) -> bool:
    """Bing's result-click redirect (bing.com/ck/a): mail has no reason to link through it, and
    the destination is hidden in base64 (unwrap_redirect reads it, and the checks judge it too)."""
    return info.path.startswith("/ck/a?") and _org(info.host) == "bing.com"


_DEVICE_LOGIN = re.compile(r"(?:microsoft\.com/devicelogin|aka\.ms/devicelogin|microsoftonline\.com/[\w.-]+/oauth2/"
                           r"deviceauth|google\.com/device\b|github\.com/login/device)")
_DEVICE_CODE = re.compile(r"\bcode\b[^.]{0,40}?\b(?=[a-z0-9-]*\d)([a-z0-9]{4}-[a-z0-9]{4}|[a-z0-9]{8,9})\b")


def _device_code(m: _Message) -> list[Symbol]:
    """Device-code phishing: "go to microsoft.com/devicelogin and enter the code ...". The page
    and the sign-in are the provider's own; the code is the attacker's, so signing in hands the
    attacker a token for the account, MFA included. Providers show these codes on the device
    being set up, never in mail."""
    # every address of the pattern says "device": a C-speed test spares most mail the regex
    found = _DEVICE_LOGIN.search(m.flat_text) if "device" in m.flat_text else None
    # the providers' own mail excepted (gmail.com is one of Google's domains, and anyone's)
    if found is None or (m.from_org in m.rules.brand_orgs and m.from_domain not in m.rules.freemail):
        return []
    code = _DEVICE_CODE.search(m.flat_text)
    if code is None:
        return []
    return [Symbol(
        "DEVICE_CODE_PHISHING", m.score("DEVICE_CODE_PHISHING"),
        f"The message asks you to enter a code ({code.group(1).upper()}) at {found.group(0)}: entering someone "
        "else's code there signs their device into your account.",
        banner="This message asks you to enter a code on a sign-in page. Doing so would let the sender into your "
               "account, even with multi-factor authentication. Do not enter it.",
    )]




_B64_VALUE = re.compile(r"[A-Za-z0-9+/_-]{8,}={0,2}")


def _recipients(m: _Message) -> list[str]:
    """The recipients' addresses, lower-case: the envelope's when known, and the To and Cc fields'."""
    found = [r.lower() for r in m.ctx.rcpt_to[:20]]
    for name, value in m.msg.headers:
        if name.lower() in ("to", "cc") and len(found) < 40:
            found.extend(a.address.lower() for a in parse_addresses(value[:2048])[:20] if "@" in a.address)
    return list(dict.fromkeys(found))


def _decoded_values(info: URLInfo) -> Iterator[str]:
    """The URL's query values, fragment and path segments as written, percent-decoded, and
    base64-decoded where they read as base64 (kits hide the address: ?e=YWxleEBleGFtcGxlLmNvbQ==)."""
    parts = urlsplit(info.raw)
    values = [v for vs in parse_qs(parts.query, max_num_fields=50).values() for v in vs]
    values += [parts.fragment, *parts.path.split("/")[:20]]
    for value in values[:80]:
        yield from _decoded(value)


def _decoded(value: str) -> Iterator[str]:
    """value percent-decoded, and each base64-looking run in it decoded, lower-case."""
    if not value:
        return
    yield unquote(value).lower()
    for chunk in _B64_VALUE.findall(value)[:5]:
        text = _b64_text(chunk)
        if text:
            yield text.lower()


def _b64_text(chunk: str) -> str:
    try:
        raw = base64.b64decode(chunk.replace("-", "+").replace("_", "/") + "=" * (-len(chunk) % 4), validate=True)
    except ValueError:
        return ""
    return raw.decode("utf-8", "ignore") if raw.isascii() else ""


def _recipient_in_link(m: _Message) -> list[Symbol]:
    """A link that carries the recipient's own address, in the clear or base64, to a free site
    host or file-sharing service, or in its fragment (after '#') to any other site than the
    sender's: phishing kits fill in the victim's address on the fake sign-in page so that it
    looks like the real one, and keep it in the fragment, which never reaches a server's logs.
    Newsletters put addresses in their own unsubscribe links' queries, which do not count."""
    candidates: list[tuple[str, URLInfo, bool]] = []
    for href, info, _ in m.urls:
        if not info.host or info.scheme not in ("http", "https"):
            continue
        if is_form_hosting(info) or is_file_sharing(info):
            candidates.append((href, info, True))
        elif "#" in info.raw and _org(info.host) not in m.rules.families.get(m.from_org, frozenset({m.from_org})):
            candidates.append((href, info, False))
    if not candidates:
        return []
    recipients = _recipients(m)
    for href, info, hosted in candidates:
        values = list(_decoded_values(info)) if hosted else list(_decoded(urlsplit(info.raw).fragment))
        for address in recipients:
            if any(address in value for value in values):
                where = "a service where anyone can publish, " if hosted else ""
                return [Symbol(
                    "LINK_CARRIES_RECIPIENT", m.score("LINK_CARRIES_RECIPIENT"),
                    f"A link to {_show(info.host)} carries the recipient's address ({_show(address)}): "
                    f"{_show(href)}. Phishing kits fill it in to make a fake sign-in page look familiar.",
                    banner=f"A link in this message opens a page on {_show(info.host, 60)}, {where}that already "
                           "knows your email address: fake sign-in pages do this. Do not enter your password there.",
                )]
    return []


_OAUTH_PATH = re.compile(r"/(?:[\w.-]+/)?oauth2/(?:v2\.0/)?(?:auth|authorize)\b|/o/oauth2/(?:v2/)?auth\b", re.I)
_OAUTH_SCOPE = re.compile(r"\bmail\.|\bfiles\.|\.readwrite|mail\.google\.com|/auth/(?:gmail|drive)|contacts", re.I)


def _oauth_consent(info: URLInfo) -> bool:
    """An identity provider's consent screen, linked straight from a message, that hands mail or
    file access to an app whose redirect leaves the provider: consent phishing needs no password.
    Sign-in links asking only for a profile (openid, email, offline_access) are left alone."""
    if not _OAUTH_PATH.search(info.path):
        return False
    query = parse_qs(urlsplit(info.raw).query)
    scope = " ".join(query.get("scope", []))
    redirect = parse_url(query.get("redirect_uri", [""])[0])
    if redirect is None or not redirect.host or not _OAUTH_SCOPE.search(scope):
        return False
    return _org(redirect.host) != _org(info.host)


def _userinfo(info: URLInfo, href: str, kinds: _Kinds) -> None:
    shown = info.userinfo.split(":", 1)[0]
    if "." in shown and parse_url(shown) is not None:
        kinds.hit("URL_USERINFO_TRICK", "URL_USERINFO_TRICK", href,
                  f"A link starts with {_show(shown, 40)} but really goes to {_show(info.host)}.")
    else:
        kinds.hit("URL_USERINFO_TRICK", "URL_USERINFO", href,
                  f"A link hides text before its real destination ({_show(info.host)}).")


def _ip_literal(info: URLInfo, href: str, kinds: _Kinds) -> None:
    # links to the office printer or an intranet server are addresses too, and weigh less
    private = ipaddress.ip_address(info.host).is_private
    key = "URL_IP_LITERAL_OBFUSCATED" if info.obfuscated_ip else (
        "URL_IP_LITERAL_PRIVATE" if private else "URL_IP_LITERAL")
    kinds.hit("URL_IP_LITERAL", key, href, f"A link goes to a bare internet address ({info.host}) instead of a name.")


# --- authentication ----------------------------------------------------------------------------


def _high_value(m: _Message) -> str | None:
    addr = m.msg.from_
    if addr is None or not addr.display:
        return None
    words = m.display_words
    name = _executive(m, words)
    if name is not None:
        return name
    claim = m.rules.brand_claims.find(words, "") or m.rules.internal_claims.find(words, "")
    if claim is not None:
        return claim.name
    for phrase in m.rules.high_value:
        if _phrase_in(phrase, words):
            return " ".join(phrase)
    return None


def _authentication(m: _Message) -> list[Symbol]:
    auth = m.ctx.auth
    if auth is None:
        return []
    symbols: list[Symbol] = []
    shown = _show(m.from_domain or auth.from_domain or "the sender's domain")
    if auth.dmarc == "fail":
        high = _high_value(m)
        if high is not None:
            symbols.append(Symbol(
                "DMARC_FAIL_HIGH_VALUE", m.score("DMARC_FAIL_HIGH_VALUE"),
                f"DMARC fails for {shown} and the display name claims {_show(high)!r}.",
                banner=f"The sender's address ({shown}) could not be verified, yet the sender calls itself "
                       f"{_show(m.msg.from_.display if m.msg.from_ else high)}: this message is probably forged.",
            ))
        else:
            symbols.append(Symbol(
                "DMARC_FAIL", m.score("DMARC_FAIL"), f"DMARC fails for {shown}.",
                banner=f"The sender's address ({shown}) could not be verified: this message may be forged.",
            ))
    if auth.spf == "fail":
        envelope = _show(m.ctx.mail_from or shown)
        symbols.append(Symbol("SPF_FAIL", m.score("SPF_FAIL"),
                              f"SPF fails: the sending server is not allowed to send for {envelope}."))
    # DMARC for gmail.com vouches for Google's servers, not for the person writing
    if (auth.dmarc == "pass" and m.lookalike_sender is None and _aligned(auth, m.from_org)
            and m.from_domain not in m.rules.freemail):
        if m.from_org in m.rules.brand_orgs:
            symbols.append(Symbol("AUTH_PASS", m.score("AUTH_PASS_BRAND"),
                                  f"DMARC passes for {shown}, a protected brand's own domain: the message "
                                  "really comes from that brand."))
        else:
            symbols.append(Symbol("AUTH_PASS", m.score("AUTH_PASS"),
                                  f"DMARC passes for {shown}: the sender's domain is authenticated."))
    return symbols


def _aligned(auth: AuthSummary, from_org: str) -> bool:
    """DMARC passed for the domain the reader sees in From (not for another one)."""
    if not from_org:
        return False
    return auth.from_domain is None or _org(auth.from_domain.lower()) == from_org
