"""URLs as a browser reads them, and what kind of place they lead to.

Links in mail are hostile input written to fool a reader and lenient parsers alike:
`https://paypal.com@evil.net/` goes to evil.net, `http://3232235777/` is 192.168.1.1,
`https:\\\\evil.net` works in browsers, and warnings quote links defanged as `hxxp://evil[.]net`.
`parse_url` follows what browsers do (WHATWG URL host parsing) closely enough to find the host a
click really reaches; it never raises on garbage and returns None when there is no host to find.
"""

from __future__ import annotations

import base64
import ipaddress
import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import parse_qs, unquote

from relaywarden.authn.psl import PublicSuffixList
from relaywarden.scan.lookalike import decode_idna, default_psl, organizational_domain, read_data

__all__ = [
    "URLInfo",
    "host_of",
    "is_data_url",
    "is_file_sharing",
    "is_form_hosting",
    "is_ip_literal",
    "is_redirector",
    "is_shortener",
    "parse_url",
    "registrable_domain",
    "shown_host",
    "unpadded_base64",
    "unwrap_redirect",
]

_MAX_URL = 8192
"""Longer hrefs are cut before parsing: the host is always near the start."""

_WEB_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
"""Schemes whose authority browsers parse leniently (slashes and backslashes alike)."""

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]{0,30}):")
_BARE_HOST = re.compile(r"^(?:www\d?\.)?[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2,24}|xn--[a-z0-9-]+)(?:[:/?#]|$)", re.I)
_BAD_HOST_CHAR = re.compile(r"[\s\x00-\x1f<>\"'`{}|^%]")
_HXXP = re.compile(r"^h[xX]{2}p(s?)", re.I)
_HEX_LABEL = re.compile(r"0x[0-9a-f]*")
_SHOWN_SCHEME = re.compile(r"^(?:https?|hxxps?|ftp)(?::|\[:\])//", re.I)
_INVISIBLE = re.compile(r"[\t\r\n\u200b-\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class URLInfo:
    raw: str
    """The URL as written (stripped)."""
    scheme: str
    """Lower-case: 'http', 'https', 'mailto', 'data', 'javascript', ...; 'http' when the URL had
    none but starts like a host (www.example.com/login)."""
    host: str
    """Lower-case, Unicode (punycode decoded), no port or trailing dot; an IP literal in its
    canonical form (192.168.1.1, 2001:db8::1); '' when the URL has no host (mailto:, data:)."""
    userinfo: str = ""
    """What stands before '@' in the authority: a reader takes it for the host."""
    path: str = ""
    """Everything after the host (path, query, fragment), as written."""
    ip: bool = False
    """The host is an IP address, whatever notation the URL used (decimal, hex, octal)."""
    obfuscated_ip: bool = False
    """The IP was written in a notation other than plain dotted decimal (or IPv6)."""


def _defang(url: str) -> str:
    """Undo the defanging used in warnings and reports (hxxp, [.], [:])."""
    if url[1:3].lower() == "xx":
        url = _HXXP.sub(r"http\1", url)
    return url.replace("[.]", ".").replace("(.)", ".").replace("[:]", ":")


def _parse_ipv4_part(part: str) -> int | None:
    try:
        if part[:2].lower() == "0x":
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10) if part.isdigit() else None
    except ValueError:
        return None


def _parse_ipv4(host: str) -> tuple[str | None, bool]:
    """(canonical address, written unusually) when the host is an IPv4 address in any notation
    browsers accept (3232235777, 0xC0A80101, 0300.0250.1.1, 192.168.257); (None, False) otherwise."""
    parts = host.split(".")
    if parts and parts[-1] == "":
        parts.pop()
    if not parts or len(parts) > 4:
        return None, False
    numbers = [_parse_ipv4_part(p) for p in parts]
    if any(n is None for n in numbers):
        return None, False
    values = [n for n in numbers if n is not None]
    if any(v > 255 for v in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        return None, False
    address = values[-1]
    for i, v in enumerate(values[:-1]):
        address += v * 256 ** (3 - i)
    canonical = str(ipaddress.IPv4Address(address))
    return canonical, canonical != host.rstrip(".")


def _ends_in_number(host: str) -> bool:
    """WHATWG: a host whose last label is a number is parsed as IPv4 (and is invalid if not one)."""
    last = host.rstrip(".").rsplit(".", 1)[-1]
    return bool(last) and (last.isdigit() or bool(_HEX_LABEL.fullmatch(last)))


def _split_authority(rest: str) -> tuple[str, str]:
    cut = len(rest)
    for sep in "/?#":
        i = rest.find(sep)
        if 0 <= i < cut:
            cut = i
    return rest[:cut], rest[cut:]


def _parse_host(hostport: str) -> tuple[str, bool, bool] | None:
    """(host, is_ip, obfuscated) from 'host[:port]'; None when no usable host."""
    if hostport.startswith("["):
        end = hostport.find("]")
        try:
            return str(ipaddress.IPv6Address(hostport[1:end])), True, False
        except ValueError:
            return None
    host, colon, port = hostport.rpartition(":")
    if not colon or not (port.isdigit() or port == ""):
        host = hostport
    host = unquote(host).strip().lower().rstrip(".")
    if not host or len(host) > 253 or _BAD_HOST_CHAR.search(host):
        return None
    if _ends_in_number(host):
        canonical, unusual = _parse_ipv4(host)
        return None if canonical is None else (canonical, True, unusual)
    return decode_idna(host), False, False


def parse_url(url: str, *, bare: bool = True) -> URLInfo | None:
    """The parts of a URL that matter for safety, as a browser would see them; None when the
    text is not a URL (no scheme and does not start like a host name) or has an unusable host.

    `bare=False` is for hrefs: there a name without scheme is a relative path to a browser
    ('paypal.html'), and only 'www.' names are made into links by mail clients."""
    raw = url.strip()[:_MAX_URL]
    text = _defang(_INVISIBLE.sub("", raw).strip("<>\"' "))
    match = _SCHEME.match(text)
    if match and not (match.group(1).isdigit() or "." in match.group(1)):
        scheme = match.group(1).lower()
        rest = text[match.end():]
    elif text.startswith("//") or (_BARE_HOST.match(text) and (bare or text[:4].lower() == "www.")):
        scheme, rest = "http", text
    else:
        return None
    if scheme not in _WEB_SCHEMES:
        return URLInfo(raw=raw, scheme=scheme, host="", path=rest)
    authority, path = _split_authority(rest.replace("\\", "/").lstrip("/"))
    userinfo, at, hostport = authority.rpartition("@")
    parsed = _parse_host(hostport)
    if parsed is None:
        return None
    host, ip, obfuscated = parsed
    return URLInfo(raw=raw, scheme=scheme, host=host, userinfo=userinfo if at else "", path=path,
                   ip=ip, obfuscated_ip=obfuscated)


def host_of(url: str) -> str | None:
    """The host a click on url reaches (Unicode, lower-case), or None."""
    info = parse_url(url)
    return info.host if info is not None and info.host else None


def registrable_domain(host: str, psl: PublicSuffixList | None = None) -> str | None:
    """The registrable (organisational) domain of a host via the Public Suffix List; None for IP
    literals, public suffixes and names that are not domains."""
    if not host or is_ip_literal(host):
        return None
    try:
        return organizational_domain(host, psl or default_psl())
    except ValueError:
        return None


def is_ip_literal(url_or_host: str) -> bool:
    """True when the host (or the URL's host) is an IP address in any notation."""
    try:
        ipaddress.ip_address(url_or_host.strip("[]"))
        return True
    except ValueError:
        pass
    if "/" in url_or_host or ":" in url_or_host:
        info = parse_url(url_or_host)
        return info is not None and info.ip
    return _ends_in_number(url_or_host) and _parse_ipv4(url_or_host.lower())[0] is not None


def is_data_url(url: str) -> bool:
    """A data: URL carries its page inline: no host, nothing for a filter to look up."""
    return _INVISIBLE.sub("", url).strip().lower().startswith("data:")


_SERVICE_MEMO_SIZE = 4096


@dataclass(frozen=True)
class _ServiceList:
    domains: frozenset[str]
    prefixes: tuple[tuple[str, str], ...]
    """(host, path prefix) for services that share a host with other things (docs.google.com/forms)."""
    _memo: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, key: str) -> _ServiceList:
        entries = [str(e).lower() for e in read_data("url_services.json")[key]]
        domains = frozenset(e for e in entries if "/" not in e)
        prefixes = tuple((h, "/" + p) for h, _, p in (e.partition("/") for e in entries if "/" in e))
        return cls(domains, prefixes)

    def _listed_host(self, host: str) -> bool:
        """The host or one of its parent domains is listed (the bare TLD is never tried)."""
        known = self._memo.get(host)
        if known is None:
            labels = host.split(".")
            known = any(".".join(labels[i:]) in self.domains for i in range(len(labels) - 1))
            # four lists ask about every link's host: remember the answers, within a bound
            if len(self._memo) >= _SERVICE_MEMO_SIZE:
                self._memo.clear()
            self._memo[host] = known
        return known

    def matches(self, url_or_host: str | URLInfo) -> bool:
        info = url_or_host if isinstance(url_or_host, URLInfo) else parse_url(url_or_host)
        if info is None or not info.host:
            return False
        if self._listed_host(info.host):
            return True
        path = info.path.lower()
        return any((info.host == h or info.host.endswith("." + h)) and path.startswith(p) for h, p in self.prefixes)


@cache
def _services(key: str) -> _ServiceList:
    return _ServiceList.load(key)


def is_shortener(url_or_host: str | URLInfo) -> bool:
    """A link shortener (bit.ly, tinyurl.com...): the real destination is hidden."""
    return _services("shorteners").matches(url_or_host)


def is_file_sharing(url_or_host: str | URLInfo) -> bool:
    """A file-sharing service (Dropbox, WeTransfer, Google Drive, IPFS gateways...)."""
    return _services("file_sharing").matches(url_or_host)


def is_form_hosting(url_or_host: str | URLInfo) -> bool:
    """A form builder or free site host (Google Forms, Jotform, wixsite, web.app...), where
    anyone can put up a login page under a reputable name."""
    return _services("form_hosting").matches(url_or_host)


def is_redirector(url_or_host: str | URLInfo) -> bool:
    """A newsletter click tracker or a security link rewriter: the host says nothing about
    where the click ends, so link text cannot be compared with it."""
    return _services("redirectors").matches(url_or_host)


def _query_param(path: str, *names: str) -> str | None:
    _, _, query = path.partition("?")
    params = parse_qs(query.partition("#")[0], max_num_fields=50)
    for name in names:
        if params.get(name):
            return params[name][0]
    return None


def _proofpoint_v2(encoded: str) -> str:
    """URL Defense v2 writes '_' for '/' and '-XX' for a hex-escaped byte."""
    return re.sub(r"-([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), encoded.replace("_", "/"))


def unwrap_redirect(url: str | URLInfo) -> str | None:
    """The destination written inside a link wrapper that states it openly (Microsoft Safe Links,
    Proofpoint URL Defense v2 and v3, Google's /url?q=, Bing's and DoubleClick's click trackers),
    or None. Phishing hides behind these
    because filters trust the wrapper's host."""
    info = url if isinstance(url, URLInfo) else parse_url(url)
    if info is None or not info.host:
        return None
    host, path = info.host, info.path
    target: str | None = None
    if host.endswith("safelinks.protection.outlook.com"):
        target = _query_param(path, "url")
    elif host == "urldefense.com" and path.startswith("/v3/__"):
        target = path[len("/v3/__"):].partition("__;")[0]
    elif host == "urldefense.proofpoint.com" and path.startswith("/v2/url"):
        encoded = _query_param(path, "u")
        target = _proofpoint_v2(encoded) if encoded else None
    elif path.startswith("/url?") and registrable_domain(host) == "google.com":
        target = _query_param(path, "q", "url")
    elif path.startswith("/ck/a?") and registrable_domain(host) == "bing.com":
        target = _bing_click(_query_param(path, "u"))
    elif registrable_domain(host) == "doubleclick.net":
        target = _query_param(path, "adurl")
    return target if target and parse_url(target) is not None else None


def _bing_click(value: str | None) -> str | None:
    """Bing's click tracker (bing.com/ck/a?...&u=a1<base64url of the destination>), an open
    redirect that phishing has used since 2024 to borrow bing.com's reputation."""
    if not value or not value.startswith("a1") or len(value) > 8192:
        return None
    decoded = unpadded_base64(value[2:])
    if decoded is None:
        return None
    text = decoded.decode("utf-8", "replace")
    return text if text.isprintable() else None


def unpadded_base64(value: str) -> bytes | None:
    """`value` decoded as base64 or base64url, its '=' padding optional (links drop it); None
    when it is neither."""
    try:
        return base64.b64decode(value.replace("-", "+").replace("_", "/") + "=" * (-len(value) % 4), validate=True)
    except ValueError:
        return None


_COMMON_TLDS = frozenset(
    "com net org info biz io co us uk de fr nl be ch at it es pt se no dk fi pl cz ie ca au nz jp cn in br mx ru "
    "gov edu mil int app dev xyz top online site shop store club live email cloud tech me tv eu asia".split()
)
"""Top-level domains that link text is read as a domain for; others too often end file names
(setup.py, README.md, Node.js)."""


def shown_host(text: str) -> str | None:
    """The host the visible text of a link presents to the reader ('https://paypal.com/x',
    'www.paypal.com', 'paypal.com'), or None when the text does not read as a URL or domain."""
    words = [w.strip("<>()[]\"'.,:;!") for w in _INVISIBLE.sub("", text).split()]
    for word in words:
        host = _host_shown_by(word, alone=len(words) == 1)
        if host is not None:
            return host
    return None


def _host_shown_by(word: str, *, alone: bool) -> str | None:
    has_scheme = bool(_SHOWN_SCHEME.match(word))
    www = word[:4].lower() == "www."
    if not (has_scheme or www or (alone and "." in word)):
        return None  # most words of most anchors: no parsing
    info = parse_url(word)
    if info is None or not info.host or info.scheme not in _WEB_SCHEMES:
        return None
    if has_scheme or www:
        return info.host
    # a bare name inside a sentence is too often something else (Node.js, setup.py)
    return info.host if alone and info.host.rsplit(".", 1)[-1] in _COMMON_TLDS else None
