"""Phishing checks on where the message leads: its links, URLs and forms.

Lookalike links, link text that shows another domain than the link goes to, credential forms,
the kinds of URL (shorteners, file sharing, form hosting, downloads, open redirects, OAuth consent,
user info, IP literals, data: URLs) and links that carry the recipient's address.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from relaywarden.scan.checks.attachments import (
    DISK_IMAGE_EXTENSIONS,
    EXECUTABLE_EXTENSIONS,
    MACRO_EXTENSIONS,
    SCRIPT_EXTENSIONS,
)
from relaywarden.scan.checks.phishing_rules import _MAX_URLS, _Message, _org, _sender_domains, _show
from relaywarden.scan.lookalike import decode_idna, scripts_of, skeleton
from relaywarden.scan.mime import recipient_addresses
from relaywarden.scan.urls import (
    URLInfo,
    is_file_sharing,
    is_form_hosting,
    is_redirector,
    is_shortener,
    parse_url,
    shown_host,
    unpadded_base64,
    unwrap_redirect,
)
from relaywarden.scan.verdict import Symbol

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


_CONFUSABLE_SCRIPTS = frozenset({"CYRILLIC", "GREEK"})
_CLASSIC_TLDS = frozenset({"com", "net", "org", "info", "biz", "gov", "edu"})
"""Top-level domains a reader takes for the end of a name. Newer ones are also words that host
names use (photos.app.goo.gl), and two letters are as often a department (student.cs.ucc.ie,
exchange.ie.ml.com) as a country: a protected brand under its country code is LOOKALIKE's."""
_HOST_WORDS = frozenset({"mail", "smtp", "static", "media", "images", "cdn", "apps", "portal", "login", "secure",
                         "help", "support", "news", "blog", "docs", "shop", "store", "data", "files", "assets"})
"""Host names' own words: mail.de.example.com is a German mail host, not the domain mail.de."""


def _disguised(domain: str) -> str | None:
    """Why `domain` is built to be misread, whoever it imitates (None when it is not): a label
    mixing Latin with look-alike Cyrillic or Greek letters (xn--pstfinance-..., 'pоstfinance'), or
    a whole domain name in front of another one (postfinance.ch.secure-login.info)."""
    name = decode_idna(domain)
    if not name:
        return None
    for label in name.split("."):
        if not label.isascii():
            scripts = scripts_of(label)
            if "LATIN" in scripts and scripts & _CONFUSABLE_SCRIPTS and skeleton(label).isascii():
                others = "/".join(sorted(scripts & _CONFUSABLE_SCRIPTS)).title()
                return f"its name {_show(name, 60)} mixes Latin with look-alike {others} letters"
    org = _org(name)
    sub = name[:-len(org)].rstrip(".") if name.endswith("." + org) else ""
    labels = sub.split(".")
    if len(labels) >= 2 and len(labels[-2]) >= 4 and labels[-2] not in _HOST_WORDS and labels[-1] in _CLASSIC_TLDS:
        shown = f"{labels[-2]}.{labels[-1]}"
        if _org(shown) == shown and shown != org:
            return f"it starts with the name {shown} but belongs to {org}"
    return None


def _disguised_domain(m: _Message) -> list[Symbol]:
    """A sender or link domain disguised as another, for names not on the protected list (which
    LOOKALIKE_SENDER and LOOKALIKE_LINK name): a local bank, post or tax office is imitated the
    same way as PayPal."""
    seen: set[str] = set()
    places = [(f"The {role} domain", domain) for role, domain in _sender_domains(m)]
    places += [("A link's domain", info.host) for _, info, _ in m.urls if info.host and not info.ip]
    for place, domain in places:
        if domain in seen or len(seen) >= _MAX_URLS:
            continue
        seen.add(domain)
        if m.rules.index.match(domain) is not None:
            continue  # named by the lookalike checks
        why = _disguised(domain)
        if why is not None:
            return [Symbol(
                "DISGUISED_DOMAIN", m.score("DISGUISED_DOMAIN"),
                f"{place} {_show(domain)} is built to be misread: {why}.",
                banner=f"{place} {_show(domain, 60)} is disguised to look like another: {why}.",
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
_ARCHIVE_PASSWORD = re.compile(
    r"\b(?:password|passwort|kennwort|mot de passe|passcode|pw|pwd|contrase\u00f1a|senha|wachtwoord|"
    r"has\u0142o|parola d'ordine)\s*[:=]\s*\S{3,}")
"""A password given in the (lower-cased) text: "Passwort: 2027", "mot de passe : X"."""


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
    wordpress = ext in _ARCHIVE_EXTENSIONS and _WORDPRESS_PATH.search(path) is not None
    # a hacked site is often the hacked mailbox's own: WordPress archives count from anyone
    own = bool(m.from_org) and _org(info.host) in m.rules.families.get(m.from_org, frozenset({m.from_org}))
    if own and not wordpress:
        return
    if ext in _ARCHIVE_EXTENSIONS and _ARCHIVE_PASSWORD.search(m.flat_text):
        kinds.hit("URL_FILE_DOWNLOAD", "URL_FILE_DOWNLOAD_LOCKED", href,
                  f"A link downloads an archive ({_show(name, 60)}) from {_show(info.host)} and the message gives its "
                  "password: a locked archive is one no scanner can open, which is why malware travels that way.")
    elif ext in _PROGRAM_EXTENSIONS:
        kinds.hit("URL_FILE_DOWNLOAD", "URL_FILE_DOWNLOAD_PROGRAM", href,
                  f"A link downloads a program or script ({_show(name, 60)}) from {_show(info.host)}: do not run it.")
    elif wordpress:
        kinds.hit("URL_FILE_DOWNLOAD", "URL_FILE_DOWNLOAD_WORDPRESS", href,
                  f"A link downloads an archive ({_show(name, 60)}) from a website's WordPress folders, where "
                  "attackers put malware on sites they broke into: do not open it.")
    else:
        kinds.hit("URL_FILE_DOWNLOAD", "URL_FILE_DOWNLOAD", href,
                  f"A link downloads an archive ({_show(name, 60)}) from {_show(info.host)}, which no attachment "
                  "check has looked into.")


def _open_redirect(info: URLInfo) -> bool:
    """Bing's result-click redirect (bing.com/ck/a) and DoubleClick's ad-click redirect (adurl=):
    mail has no reason to link through them, and phishing borrows their names (unwrap_redirect
    reads the destination, and the checks judge it too)."""
    org = _org(info.host)
    return (info.path.startswith("/ck/a?") and org == "bing.com") or (
        org == "doubleclick.net" and "adurl=" in info.path)


_B64_VALUE = re.compile(r"[A-Za-z0-9+/_-]{8,}={0,2}")


def _recipients(m: _Message) -> list[str]:
    """The recipients' addresses, lower-case: the envelope's when known, and the To and Cc fields'."""
    return list(dict.fromkeys([r.lower() for r in m.ctx.rcpt_to[:20]] + recipient_addresses(m.msg)))


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
    raw = unpadded_base64(chunk)
    return raw.decode("utf-8", "ignore") if raw is not None and raw.isascii() else ""


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
