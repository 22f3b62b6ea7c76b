"""Features for the classifier, computed from the ParsedMessage every check reads.

Two blocks make one sparse vector:

- named structural features (links, HTML, forms, attachments, header consistency,
  authentication results), each with a plain-words phrase used when it explains a verdict;
- hashed words and word pairs of the subject and the visible text, lower-cased, digits
  collapsed, URLs and addresses replaced by placeholders, brand names by one token.

What is left out is as deliberate as what is in: no Date, Received, X-Mailer, User-Agent or
list-header values, no years, no mailer or mailing-list names. Those describe where the
training corpus was collected (2002 mailing lists, 2005 phishing), not what an attack looks
like, and a model that learned them would fail on today's mail. See docs/model-card.md.

Hashing uses zlib.crc32, so the runtime needs neither scikit-learn nor its hash function.
"""

from __future__ import annotations

import array
import ipaddress
import itertools
import math
import re
import zlib
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import numpy as np
import numpy.typing as npt

from relaywarden.scan.message import ParsedMessage

HASH_BITS = 18
"""Text features are hashed into 2**HASH_BITS buckets (recorded in the model)."""

MAX_TEXT_CHARS = 6_000
"""Only the start of the visible text is read: it is where the message says what it wants, and
it bounds the cost per message."""
MAX_TOKENS = 600
MAX_LINKS = 200
MAX_HTML_CHARS = 100_000
"""Markup scanned for images and hidden text; the rest of a huge HTML part adds cost, not evidence."""


@dataclass(frozen=True)
class NamedFeature:
    name: str
    words: str
    """How an explanation names it: 'links to an IP address'."""


NAMED: tuple[NamedFeature, ...] = (
    NamedFeature("short_body", "a very short text"),
    NamedFeature("ip_links", "links to an IP address"),
    NamedFeature("shortener_links", "links through a URL shortener"),
    NamedFeature("link_text_mismatch", "link text showing another address than the link opens"),
    NamedFeature("userinfo_links", "a link with an '@' that hides the real host"),
    NamedFeature("punycode_links", "a link to an internationalised (punycode) domain"),
    NamedFeature("port_links", "a link to an unusual port"),
    NamedFeature("data_links", "a data: or javascript: link"),
    NamedFeature("forms", "an HTML form"),
    NamedFeature("password_form", "a form asking for a password"),
    NamedFeature("form_posts_away", "a form that posts to another site"),
    NamedFeature("scripts", "scripts in the HTML"),
    NamedFeature("iframes", "an embedded frame"),
    NamedFeature("attachments", "attachments"),
    NamedFeature("risky_attachment", "an executable or script attachment"),
    NamedFeature("html_attachment", "an HTML attachment"),
    NamedFeature("archive_attachment", "an archive attachment"),
    NamedFeature("encrypted_attachment", "a password-protected archive"),
    NamedFeature("reply_to_elsewhere", "a Reply-To leading elsewhere than the sender"),
    NamedFeature("no_date", "no Date header"),
    NamedFeature("no_message_id", "no Message-ID"),
    NamedFeature("no_from", "no usable From address"),
    NamedFeature("several_from", "several From addresses"),
    NamedFeature("no_to", "no visible recipient"),
    NamedFeature("display_name_address", "a display name showing another address"),
    NamedFeature("freemail_sender", "a free-mail sender"),
    NamedFeature("subject_caps", "a shouting subject"),
    NamedFeature("subject_punct", "'!' or '$' in the subject"),
    NamedFeature("auth_results", "an Authentication-Results header"),
    NamedFeature("spf_pass", "SPF pass"),
    NamedFeature("spf_fail", "SPF failing"),
    NamedFeature("dkim_pass", "a valid DKIM signature"),
    NamedFeature("dkim_fail", "a broken DKIM signature"),
    NamedFeature("dmarc_pass", "DMARC pass"),
    NamedFeature("dmarc_fail", "DMARC failing"),
    NamedFeature("mime_defects", "a malformed MIME structure"),
)
ERA_SHIFTED = frozenset({
    "html_only", "text_html_ratio", "links", "link_domains", "links_per_word", "foreign_links", "deep_hosts",
    "hidden_text", "images", "remote_images", "return_path_elsewhere", "message_id_elsewhere",
})
"""Structure that told spam from ham in 2002 and is in every legitimate newsletter and receipt
today: HTML-only mail, markup-heavy templates, remote images, many links through click-tracking
and CDN hosts, hidden preheader text, bounce addresses and Message-IDs of a sending service. The
corpus teaches these as spam and phishing signals; on current transactional mail they raised
false alarms (tests/scan/modern), so they are not computed and the model does not see them
(docs/model-card.md)."""
NAMED_INDEX = {f.name: i for i, f in enumerate(NAMED)}
N_NAMED = len(NAMED)


def n_features(hash_bits: int = HASH_BITS) -> int:
    return N_NAMED + (1 << hash_bits)


SHORTENERS = frozenset({
    "bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "rebrand.ly", "cutt.ly",
    "shorturl.at", "rb.gy", "tiny.cc", "lnkd.in", "s.id", "t.ly", "v.gd", "bl.ink", "shorte.st", "adf.ly",
    "qrco.de", "tinyurl.me", "x.co", "snip.ly", "urlz.fr", "short.io",
})
FREEMAIL = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "hotmail.com", "outlook.com",
    "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mail.com", "gmx.com", "gmx.net", "gmx.de",
    "web.de", "yandex.ru", "yandex.com", "mail.ru", "protonmail.com", "proton.me", "zoho.com", "qq.com",
    "163.com", "126.com", "hotmail.co.uk", "live.fr", "orange.fr", "libero.it", "rediffmail.com",
})
# Brand names become one token: the model learns "a brand is named" (with "verify", "account"),
# not which bank was phished in 2005; the list names today's favourite targets too.
BRANDS = frozenset({
    "paypal", "ebay", "citibank", "citi", "chase", "wellsfargo", "wachovia", "barclays", "halifax", "lloyds",
    "natwest", "hsbc", "suntrust", "southtrust", "lasalle", "fleet", "usbank", "amazon", "apple", "icloud",
    "microsoft", "office365", "outlook", "onedrive", "sharepoint", "docusign", "dropbox", "netflix", "dhl",
    "fedex", "ups", "usps", "adobe", "google", "facebook", "instagram", "linkedin", "whatsapp", "coinbase",
    "binance", "santander", "westpac", "nationwide", "wamu", "visa", "mastercard", "amex", "americanexpress",
    "irs", "hmrc", "bankofamerica", "boa", "regions", "firstunion", "metavante", "huntington", "mbna",
})
# Names of the mailing lists and hosts the SpamAssassin ham was collected from: they say "this
# came from that 2002 list", which no message today does.
CORPUS_NAMES = frozenset({
    "exmh", "spamassassin", "razor", "ilug", "xent", "freshrpms", "zzzzteana", "forteana", "taint", "jmason",
    "zzzz", "mailman", "listinfo", "sourceforge", "egroups", "yahoogroups", "geocrawler", "satalk", "sadev",
    "linux.ie", "lugs", "fork", "spamassassin-talk", "razor-users", "exmh-workers", "rpm-list", "clickthru",
    "newsisfree", "boingboing", "slashdot", "spamassassin-devel", "deepspace",
})

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WWW = re.compile(r"www\.", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LOCAL_CHAR = re.compile(r"[\w.+-]")
"""A character of _EMAIL's local part (same class)."""
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?|[$€£]")
_DIGITS = re.compile(r"\d+")
_URL_LOWER = re.compile(r"(?:https?://|www\.)\S+")
"""_URL for lower-cased ASCII text."""
_ASCII_TOKEN_CHARS = str.maketrans({**{c: " " for c in range(128) if not (chr(c).isalnum() or chr(c) in "'$")},
                                    **dict.fromkeys(map(ord, "123456789"), "0")})
"""For ASCII text: every character that _TOKEN never matches becomes a space, every digit '0'.
One character for one keeps str.translate on its fast path for ASCII (a longer replacement
anywhere in the table makes it several times slower)."""
_ZEROS = re.compile("00+")
_HEX_HOST = re.compile(r"0x[0-9a-f]+")
_IFRAME = re.compile(r"<i?frame\b", re.IGNORECASE)
_IFRAME_LOWER = re.compile(_IFRAME.pattern)
"""_IFRAME for lower-cased ASCII markup (the pattern is written in lower case)."""
_AUTH = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", re.IGNORECASE)
_DOMAIN_IN_TEXT = re.compile(r"(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:[/:?#]|$)", re.IGNORECASE)
_RISKY_EXT = (".exe", ".scr", ".pif", ".com", ".bat", ".cmd", ".js", ".jse", ".vbs", ".vbe", ".wsf", ".hta",
              ".lnk", ".msi", ".jar", ".ps1", ".iso", ".img", ".docm", ".xlsm", ".pptm")
_ARCHIVE_EXT = (".zip", ".rar", ".7z", ".gz", ".tgz", ".ace", ".cab", ".arj")
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go"})


@dataclass
class FeatureVector:
    indices: npt.NDArray[np.int64]
    """Column indices (named features first, then N_NAMED + text bucket), unique and sorted."""
    values: npt.NDArray[np.float32]
    terms: TextTerms | None = None
    """The words behind the text columns (for explanations); None for an empty vector."""
    hash_bits: int = HASH_BITS
    buckets: npt.NDArray[np.int64] | None = None
    """term_buckets(terms, hash_bits), kept from extract so that an explanation does not hash
    the words again; None when the vector was built without it."""

    def names(self) -> dict[int, str]:
        """Column -> word or word pair, computed on demand (only when a rating is explained)."""
        return term_names(self.terms, self.hash_bits) if self.terms is not None else {}


def site(host: str) -> str:
    """The registrable part of a host name, approximately: example.co.uk, example.com.

    A heuristic, not the public suffix list: the list costs 10 MB per worker and the features
    only compare sites with each other."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _host(href: str) -> tuple[str, str, bool, bool]:
    """(host, scheme, has userinfo, has explicit unusual port); host '' when there is none."""
    try:
        parts = urlsplit(href.strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # a garbled URL (bad port, broken IPv6 literal) has no host we can trust
        return "", "", False, False
    return host, parts.scheme.lower(), "@" in parts.netloc, port not in (None, 80, 443)


def _is_ip(host: str) -> bool:
    literal = host.strip("[]")
    # ip_address() needs a ':' (IPv6) or only digits and dots (IPv4): the usual host name is
    # not tried, as failing costs two exceptions.
    if ":" in literal or literal.replace(".", "").isdigit():
        try:
            ipaddress.ip_address(literal)
        except ValueError:
            pass
        else:
            return True
    # Decimal and hex forms (http://3232235777/) are IP literals too, made to look less so.
    # The prefix test spares the usual host name a regular-expression call.
    return host.isdigit() or (host.startswith("0x") and _HEX_HOST.fullmatch(host) is not None)


def _log(x: float, cap: float = 6.0) -> float:
    return min(math.log1p(max(x, 0.0)), cap)


def _link_features(msg: ParsedMessage) -> dict[str, float]:
    f: dict[str, float] = {}
    counts = {"ip": 0, "short": 0, "mismatch": 0, "user": 0, "puny": 0, "port": 0, "data": 0}
    for link in msg.links[:MAX_LINKS]:
        href = link.href
        low = href[:12].lower()
        if low.startswith(("data:", "javascript:", "vbscript:")):
            counts["data"] += 1
            continue
        host, scheme, userinfo, port = _host(href)
        if not host or scheme not in ("http", "https", ""):
            continue
        s = site(host)
        counts["ip"] += _is_ip(host)
        counts["short"] += host in SHORTENERS or s in SHORTENERS
        counts["user"] += userinfo
        counts["port"] += port
        counts["puny"] += "xn--" in host
        shown = _DOMAIN_IN_TEXT.search(link.text.strip()) if link.text else None
        if shown and site(shown.group(1)) != s:
            counts["mismatch"] += 1
    f["ip_links"] = float(counts["ip"] > 0)
    f["shortener_links"] = float(counts["short"] > 0)
    f["link_text_mismatch"] = _log(counts["mismatch"], 3.0)
    f["userinfo_links"] = float(counts["user"] > 0)
    f["punycode_links"] = float(counts["puny"] > 0)
    f["port_links"] = float(counts["port"] > 0)
    f["data_links"] = float(counts["data"] > 0)
    return f


def _has_iframe(markup: str) -> bool:
    """_IFRAME.search(markup), on lower-cased ASCII markup without IGNORECASE when it can: the
    regex engine then looks for the pattern's first character instead of trying every position
    (on non-ASCII text case-insensitive matching has equivalents lower() does not produce)."""
    if markup.isascii():
        return _IFRAME_LOWER.search(markup.lower()) is not None
    return _IFRAME.search(markup) is not None


def _html_features(msg: ParsedMessage) -> dict[str, float]:
    if not msg.html:
        return {}
    return {"iframes": float(_has_iframe(msg.html[:MAX_HTML_CHARS])), "scripts": float(msg.html_scripts > 0)}


def _form_features(msg: ParsedMessage, sender_site: str) -> dict[str, float]:
    if not msg.forms:
        return {}
    away = 0
    for form in msg.forms:
        host = _host(form.action)[0]
        away += bool(host) and (not sender_site or site(host) != sender_site)
    return {"forms": 1.0, "password_form": float(any(f.has_password for f in msg.forms)),
            "form_posts_away": float(away > 0)}


def _attachment_features(msg: ParsedMessage) -> dict[str, float]:
    f: dict[str, float] = {}
    shown = [a for a in msg.attachments if not (a.inline and a.content_type.startswith("image/"))]
    if not shown:
        return f
    f["attachments"] = _log(len(shown), 3.0)
    for a in shown:
        name = a.filename.lower()
        if name.endswith(_RISKY_EXT) or a.sniffed_type in ("exe", "elf", "script"):
            f["risky_attachment"] = 1.0
        if name.endswith((".htm", ".html", ".shtml", ".svg")) or a.sniffed_type == "html":
            f["html_attachment"] = 1.0
        if name.endswith(_ARCHIVE_EXT) or a.sniffed_type in ("zip", "rar", "7z", "gzip"):
            f["archive_attachment"] = 1.0
        if a.encrypted:
            f["encrypted_attachment"] = 1.0
    return f


_READ_HEADERS = frozenset({"date", "message-id", "to", "cc", "authentication-results"})


def _read_headers(msg: ParsedMessage) -> dict[str, list[str]]:
    """The values of the headers the features read, by lower-cased name, in order: one pass
    over the header list instead of one per msg.header() call."""
    found: dict[str, list[str]] = {}
    for name, value in msg.headers:
        lname = name.lower()
        if lname in _READ_HEADERS:
            found.setdefault(lname, []).append(value)
    return found


def _first(headers: dict[str, list[str]], lname: str) -> str | None:
    """msg.header(name): the first value, None when absent."""
    values = headers.get(lname)
    return values[0] if values else None


def _header_features(msg: ParsedMessage, sender_site: str, headers: dict[str, list[str]]) -> dict[str, float]:
    f: dict[str, float] = {}
    if msg.from_ is None or not msg.from_.domain:
        f["no_from"] = 1.0
    if msg.from_count > 1:
        f["several_from"] = 1.0
    if _first(headers, "date") is None:
        f["no_date"] = 1.0
    mid = _first(headers, "message-id")
    if not mid or "@" not in mid:
        f["no_message_id"] = 1.0
    if not (_first(headers, "to") or _first(headers, "cc")):
        f["no_to"] = 1.0
    if sender_site and any(r.domain and site(r.domain) != sender_site for r in msg.reply_to):
        f["reply_to_elsewhere"] = 1.0
    if msg.from_ is not None:
        shown = _EMAIL.search(msg.from_.display)
        if shown and shown.group(0).lower() != msg.from_.address.lower():
            f["display_name_address"] = 1.0
        if msg.from_.domain in FREEMAIL:
            f["freemail_sender"] = 1.0
    subject = msg.subject
    letters = list(filter(str.isalpha, subject))  # filter() and map() keep these loops in C
    if len(letters) >= 8:
        caps = sum(map(str.isupper, letters)) / len(letters)
        f["subject_caps"] = float(caps > 0.7)
    if "!" in subject or "$" in subject:
        f["subject_punct"] = 1.0
    return f


def _auth_features(headers: dict[str, list[str]]) -> dict[str, float]:
    values = headers.get("authentication-results", [])
    if not values:
        return {}
    f = {"auth_results": 1.0}
    for method, result in _AUTH.findall(" ".join(values)[:4000]):
        result = result.lower()
        if result == "pass":
            f[f"{method.lower()}_pass"] = 1.0
        elif result in ("fail", "softfail", "permerror"):
            f[f"{method.lower()}_fail"] = 1.0
    return f


def named_features(msg: ParsedMessage) -> dict[str, float]:
    """The structural features by name (absent means 0)."""
    sender_site = site(msg.from_.domain) if msg.from_ is not None and msg.from_.domain else ""
    # only "fewer than 20 words" is asked: splitting stops there instead of at the text's end
    words = len(msg.body_start(MAX_TEXT_CHARS).split(maxsplit=20))
    f: dict[str, float] = {}
    f.update(_link_features(msg))
    f.update(_html_features(msg))
    f.update(_form_features(msg, sender_site))
    f.update(_attachment_features(msg))
    headers = _read_headers(msg)
    f.update(_header_features(msg, sender_site, headers))
    f.update(_auth_features(headers))
    if words < 20:
        f["short_body"] = 1.0
    if msg.defects:
        f["mime_defects"] = 1.0
    return {k: v for k, v in f.items() if v}


def _sub_emails(text: str) -> str:
    """_EMAIL.sub(" emailtoken ", text), trying the pattern only where it can match.

    Scanning every position made the pattern walk each word to its end and back (quadratic in
    the word's length). A match needs an '@' and starts at the beginning of the run of address
    characters just before it (or at the end of the previous match), so the same matches, in
    the same order, are found by trying only there."""
    pieces: list[str] = []
    last = 0
    at = text.find("@")
    while at != -1:
        start = at
        while start > last and _LOCAL_CHAR.match(text, start - 1):
            start -= 1
        m = _EMAIL.match(text, start) if start < at else None
        if m is None:
            at = text.find("@", at + 1)
            continue
        pieces += (text[last:start], " emailtoken ")
        last = m.end()
        at = text.find("@", last)
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _tokens(text: str) -> list[str]:
    """The tokens of text, lower-cased, with URLs and addresses replaced and digits collapsed."""
    # The substitutions are skipped when they cannot match: this is the hottest code of the
    # classifier.
    if "://" in text or _WWW.search(text):
        text = _URL.sub(" urltoken ", text)
    if "@" in text:
        text = _sub_emails(text)
    text = _DIGITS.sub("0", text.lower())
    return _TOKEN.findall(text, 0, len(text))


def _ascii_tokens(text: str) -> list[str]:
    """_tokens(text) for ASCII text (most mail), at less than half the cost.

    Lower-casing first leaves every match where it was (ASCII case mapping keeps the length and
    what \\S, \\w and \\d match) and lets the URL pattern run without IGNORECASE, several times
    faster. Tokens are then the words between the characters no token holds: only a word with an
    apostrophe or a '$' needs the token pattern to be cut as _tokens cuts it."""
    text = text.lower()
    if "://" in text or "www." in text:
        text = _URL_LOWER.sub(" urltoken ", text)
    if "@" in text:
        text = _sub_emails(text)
    # Every '$' is a word of its own (as _TOKEN cuts it). One translation makes every digit '0'
    # and every non-token character a space; a run of zeros is then exactly a run of digits,
    # made one '0' as _DIGITS.sub("0", ...) does.
    if "$" in text:
        text = text.replace("$", " $ ")
    text = text.translate(_ASCII_TOKEN_CHARS)
    if "00" in text:
        text = _ZEROS.sub("0", text)
    # The only whitespace left is ' ', so a word ends at the spaces around it. Only the few words
    # with an apostrophe need the token pattern: the text is split around them, found from the
    # apostrophes themselves.
    apostrophe = text.find("'")
    if apostrophe < 0:
        return text.split()
    toks: list[str] = []
    done = 0
    while apostrophe >= 0:
        start = text.rfind(" ", 0, apostrophe) + 1
        end = text.find(" ", apostrophe)
        end = len(text) if end < 0 else end
        toks += text[done:start].split()
        toks += _TOKEN.findall(text, start, end)
        done = end
        apostrophe = text.find("'", end)
    toks += text[done:].split()
    return toks


def words(text: str, limit: int = MAX_TOKENS, own: frozenset[str] = frozenset()) -> list[str]:
    """Lower-cased words of text with URLs, addresses, digits and brands normalised; own are the
    sender's own brand names, left out (see own_brand_words)."""
    text = text[:MAX_TEXT_CHARS]
    toks = (_ascii_tokens(text) if text.isascii() else _tokens(text))[: limit + limit // 2]
    # Most texts name no list, no brand and no overlong word: set operations and map() check
    # that without a Python loop over the tokens.
    if toks and (not CORPUS_NAMES.isdisjoint(toks) or max(map(len, toks)) > 30):
        toks = [t for t in toks if t not in CORPUS_NAMES and len(t) <= 30]
    if not BRANDS.isdisjoint(toks):
        toks = ["<brand>" if t in BRANDS else t for t in toks if t not in own]
    return toks[:limit]


@cache
def _brand_families() -> dict[str, frozenset[str]]:
    """Registrable domain -> the brand words of its family (microsoft.com -> outlook, onedrive, ...)."""
    from relaywarden.scan.lookalike import read_data

    families: dict[str, frozenset[str]] = {}
    for brand in read_data("brands.json")["brands"]:
        domains = [str(d).lower() for d in brand["domains"]]
        names = {w for n in brand["names"] for w in str(n).lower().split()}
        names |= {d.split(".")[0] for d in domains}
        for d in domains:
            families[d] = frozenset(names & BRANDS)
    return families


def own_brand_words(from_domain: str) -> frozenset[str]:
    """The brand words a sender at from_domain names when it writes about itself.

    Brand mail names its brand in every receipt and sign-in alert; in the corpus a brand named
    came from phishing, so the token would teach "mentions PayPal" = phishing and flag PayPal's
    own mail. A brand named by anyone else still becomes <brand>. A forged brand From address is
    the authentication checks' business (DMARC), not the text model's."""
    org = site(from_domain.lower().rstrip("."))
    if not org:
        return frozenset()
    own = _brand_families().get(org, frozenset())
    label = org.split(".")[0]
    return own | {label} if label in BRANDS else own


def _hash_list(toks: list[str], prefix: str) -> list[int]:
    # crc32(prefix + word) is crc32(word) continued from crc32(prefix): no prefixed copies of
    # the words, and map() keeps the loop in C.
    crc = zlib.crc32
    seed = crc(prefix.encode("utf-8", "surrogatepass"))
    try:
        # Strict UTF-8 is the same bytes as surrogatepass for any word without a lone
        # surrogate (words() never makes one), and str.encode without arguments is faster.
        return list(map(crc, map(str.encode, toks), itertools.repeat(seed)))
    except UnicodeEncodeError:
        return [crc(t.encode("utf-8", "surrogatepass"), seed) for t in toks]


def _hashes(toks: list[str], prefix: str) -> npt.NDArray[np.uint64]:
    return np.array(_hash_list(toks, prefix), dtype=np.uint64)


def _pair_hashes(uni: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    # A word pair's hash mixes its two word hashes (a multiplicative hash), so pairs cost no
    # string building: the explanation rebuilds the words only when a symbol is shown.
    if len(uni) < 2:
        return np.zeros(0, dtype=np.uint64)
    # in place where it can: the same operations on the same numbers, fewer temporary arrays
    mixed = uni[:-1] * np.uint64(0x9E3779B1)
    mixed += uni[1:] ^ np.uint64(0x7F4A7C15)
    mixed &= np.uint64(0xFFFFFFFF)
    mixed ^= mixed >> np.uint64(15)
    return mixed


@dataclass
class TextTerms:
    subject: list[str]
    body: list[str]


def text_terms(msg: ParsedMessage) -> TextTerms:
    """The normalised words of the subject and of the visible text."""
    own = own_brand_words(msg.from_.domain) if msg.from_ is not None else frozenset()
    return TextTerms(subject=words(msg.subject, 50, own), body=words(msg.body_start(MAX_TEXT_CHARS), MAX_TOKENS, own))


def term_buckets(terms: TextTerms, hash_bits: int = HASH_BITS) -> npt.NDArray[np.int64]:
    """Feature columns of the words and adjacent word pairs (subject ones hashed apart)."""
    parts: list[npt.NDArray[np.uint64]] = []
    for prefix, toks in (("s:", terms.subject), ("", terms.body)):
        uni = _hashes(toks, prefix)
        parts.extend((uni, _pair_hashes(uni)))
    allh = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
    return (allh & np.uint64((1 << hash_bits) - 1)).astype(np.int64) + N_NAMED


def _term_bucket_array(terms: TextTerms, hash_bits: int) -> npt.NDArray[np.int64]:
    """term_buckets(terms, hash_bits), in the same order, from one array of word hashes, the
    subject's then the body's, instead of four (each numpy call on a few hundred numbers costs
    more in overhead than in work)."""
    subject = _hash_list(terms.subject, "s:")
    # through an array.array: numpy converts a list of Python ints one object at a time
    uni = np.frombuffer(array.array("Q", subject + _hash_list(terms.body, "")), dtype=np.uint64)
    pairs = _pair_hashes(uni)
    n = len(subject)
    # the subject's last word and the body's first are not a pair
    allh = np.concatenate((uni[:n], pairs[:n - 1], uni[n:], pairs[n:]) if 0 < n < len(uni) else (uni, pairs))
    # masked to hash_bits, every value fits an int64 as it is: the same numbers, with no copies
    allh &= np.uint64((1 << hash_bits) - 1)
    buckets = allh.view(np.int64)
    buckets += N_NAMED
    return buckets


def _text_columns(terms: TextTerms, hash_bits: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """_counted(term_buckets(terms, hash_bits))."""
    return _counted(_term_bucket_array(terms, hash_bits))


def term_names(terms: TextTerms, hash_bits: int = HASH_BITS) -> dict[int, str]:
    """Column -> the word or word pair ('s:' prefixed for the subject) that produced it."""
    names: dict[int, str] = {}
    for prefix, toks in (("s:", terms.subject), ("", terms.body)):
        labels = [prefix + t for t in toks] + [f"{prefix}{a} {b}" for a, b in itertools.pairwise(toks)]
        uni = _hashes(toks, prefix)
        cols = (np.concatenate((uni, _pair_hashes(uni))) & np.uint64((1 << hash_bits) - 1)).astype(np.int64)
        for col, label in zip(cols.tolist(), labels, strict=True):
            names.setdefault(int(col) + N_NAMED, label)
    return names


def term_name(terms: TextTerms, buckets: npt.NDArray[np.int64], col: int) -> str | None:
    """term_names(terms)[col] (None when absent) without naming every term: an explanation
    names a handful of columns. buckets is term_buckets(terms, hash_bits)."""
    hits = np.flatnonzero(buckets == col)
    if not len(hits):
        return None
    i = int(hits[0])  # the first term in term_buckets' order, as term_names keeps the first
    for prefix, toks in (("s:", terms.subject), ("", terms.body)):
        if i < len(toks):
            return prefix + toks[i]
        i -= len(toks)
        pairs = max(len(toks) - 1, 0)
        if i < pairs:
            return f"{prefix}{toks[i]} {toks[i + 1]}"
        i -= pairs
    return None


def _counted(values: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """np.unique(values, return_counts=True) without its generic machinery (a third of its cost
    on a message's few hundred columns)."""
    ordered = values.copy()  # np.sort(values), without its Python wrapper
    ordered.sort()
    if not len(ordered):
        return ordered, np.zeros(0, dtype=np.int64)
    # where each run of equal values starts, and the end of the last: np.diff, np.append and
    # np.flatnonzero are Python wrappers that cost more than the arithmetic here
    starts = np.empty(len(ordered) + 1, dtype=np.bool_)
    starts[0] = starts[-1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:-1])
    bounds = starts.nonzero()[0]
    return ordered[bounds[:-1]], bounds[1:] - bounds[:-1]


def extract(msg: ParsedMessage, hash_bits: int = HASH_BITS) -> FeatureVector:
    """The sparse feature vector of a message: named features as computed, text terms as
    1 + log(count), the text block scaled to unit length so long mail does not dominate."""
    named = named_features(msg)
    terms = text_terms(msg)
    buckets = _term_bucket_array(terms, hash_bits)
    cols, counts = _counted(buckets)
    tvals = np.log1p(counts.astype(np.float64))
    if len(tvals):
        tvals /= math.sqrt(float(np.dot(tvals, tvals)))  # both square roots are correctly rounded
    nidx = sorted(NAMED_INDEX[k] for k in named)
    indices = np.concatenate((np.asarray(nidx, dtype=np.int64), cols.astype(np.int64)))
    values = np.concatenate((np.asarray([named[NAMED[i].name] for i in nidx], dtype=np.float32),
                             tvals.astype(np.float32)))
    return FeatureVector(indices=indices, values=values, terms=terms, hash_bits=hash_bits, buckets=buckets)


__all__ = ["ERA_SHIFTED", "HASH_BITS", "NAMED", "NAMED_INDEX", "N_NAMED", "FeatureVector", "NamedFeature",
           "TextTerms", "extract", "n_features", "named_features", "own_brand_words", "site", "term_buckets",
           "term_name", "term_names", "text_terms", "words"]
