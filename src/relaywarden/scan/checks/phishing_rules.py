"""Phishing rules: the configuration and what is compiled from it and the data files.

PhishingConfig and DEFAULT_SCORES; the brand, platform, word and free-mail tables read from the
package data; the text helpers (word splitting, phrase search, shortened evidence); the claims a
display name or text makes and the compiled _Rules, cached per configuration and context; and the
per-message context every sub-check reads (_Message, its collected URLs) with the helpers that more
than one sub-check module shares.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from typing import Any

from pydantic import field_validator

from relaywarden.configbase import Section
from relaywarden.scan.context import ScanContext
from relaywarden.scan.lookalike import Lookalike, LookalikeIndex, is_cctld, read_data, skeleton
from relaywarden.scan.message import Address, ParsedMessage, address_domain
from relaywarden.scan.urls import URLInfo, parse_url, registrable_domain, unwrap_redirect
from relaywarden.scan.verdict import known_scores

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
    "URL_FILE_DOWNLOAD_LOCKED": 4.0,
    "DISGUISED_DOMAIN": 4.0,
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


_ORDINARY_LABELS = frozenset({"post", "admin", "tax", "bring"})
"""Protected domains' labels that are common words (post.ch, estv.admin.ch, tax.service.gov.uk): see
LookalikeIndex's `ordinary`."""
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
                             tokens=_distinctive(groups, 3) - _ORDINARY_WORDS, ordinary=_ORDINARY_LABELS),
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


def flatten(text: str) -> str:
    """Text as phrases are matched on: NFC, lower-case, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


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
        return flatten(f"{self.msg.subject} {self.msg.body_start(_MAX_TEXT)}")

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


# --- shared by the sub-check modules -----------------------------------------------------------


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
