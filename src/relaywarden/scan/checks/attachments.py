"""Attachment checks: the ways mail delivers malware or a phishing page as a file.

Programs and scripts (by name and by content), macro-enabled Office documents, disk images
(they bypass Windows' mark-of-the-web), password-protected archives (scanners cannot look
inside), disguised names (invoice.pdf.exe, right-to-left override tricks), content that is not
what its name says, HTML attachments that assemble a download in the browser (HTML smuggling)
or ask for a password, archive bombs and messages over the parser's limits, and QR codes that
lead to a URL. One symbol per kind of finding, listing the offending files as evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from relaywarden.configbase import Section
from relaywarden.scan.archive import visible
from relaywarden.scan.context import ScanContext
from relaywarden.scan.message import Attachment, ParsedMessage
from relaywarden.scan.mime import is_html_attachment, parse_html, script_payloads
from relaywarden.scan.verdict import Action, Symbol, known_scores

EXECUTABLE_EXTENSIONS = frozenset({
    "exe", "scr", "com", "pif", "msi", "msp", "mst", "dll", "cpl", "ocx", "sys", "xll", "jar", "apk", "appx",
    "appxbundle", "msix", "msixbundle", "application", "gadget", "elf", "run",
})
SCRIPT_EXTENSIONS = frozenset({
    "js", "jse", "vbs", "vbe", "vb", "wsf", "wsh", "wsc", "ws", "hta", "sct", "ps1", "psm1", "psd1", "ps1xml",
    "bat", "cmd", "lnk", "scf", "url", "reg", "inf", "chm", "msh", "settingcontent-ms", "library-ms",
    "searchconnector-ms", "appref-ms", "iqy", "slk",
    # OneNote notebooks: their embedded files run when the reader double-clicks the icon on the
    # page ("double-click to view the document"), which is how they delivered malware in 2023
    "one", "onepkg",
})
MACRO_EXTENSIONS = frozenset({"docm", "dotm", "xlsm", "xltm", "xlam", "xla", "xlm", "pptm", "potm", "ppam", "ppsm",
                              "sldm"})
DISK_IMAGE_EXTENSIONS = frozenset({"iso", "img", "vhd", "vhdx", "udf", "dmg"})
# what a disguised program pretends to be
DECOY_EXTENSIONS = frozenset({
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "txt", "csv", "odt", "ods", "jpg", "jpeg", "png",
    "gif", "bmp", "tif", "tiff", "mp3", "mp4", "wav", "avi", "mov", "zip", "rar", "7z", "htm", "html", "eml", "msg",
})
_IMAGES = frozenset({"png", "jpeg", "gif"})
_EXPECTED_SNIFF: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "jpg": _IMAGES, "jpeg": _IMAGES, "png": _IMAGES, "gif": _IMAGES,
    "doc": frozenset({"ole", "html"}), "xls": frozenset({"ole", "html"}), "ppt": frozenset({"ole"}),
    "msg": frozenset({"ole"}),
    # password-protected OOXML is an OLE container; legacy exports write HTML under .doc/.xls names
    "docx": frozenset({"zip", "ole"}), "xlsx": frozenset({"zip", "ole"}), "pptx": frozenset({"zip", "ole"}),
    "odt": frozenset({"zip"}),
    "ods": frozenset({"zip"}), "zip": frozenset({"zip"}), "rar": frozenset({"rar"}), "7z": frozenset({"7z"}),
    "gz": frozenset({"gzip"}), "iso": frozenset({"iso"}),
}
_TEXT_EXTENSIONS = frozenset({"txt", "csv", "log", "rtf", "htm", "html"})
_DECLARED_SNIFF: dict[str, frozenset[str]] = {
    "application/pdf": frozenset({"pdf"}),
    "image/jpeg": _IMAGES, "image/png": _IMAGES, "image/gif": _IMAGES,
    "application/msword": frozenset({"ole"}), "application/vnd.ms-excel": frozenset({"ole"}),
}
_PROGRAM_SNIFF = frozenset({"exe", "elf"})
_BIDI_AND_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_SPACE_RUN = re.compile(r"\s{5,}\.")
_SMUGGLING = {
    "atob": re.compile(r"\batob\s*\("),
    "Blob": re.compile(r"\bnew\s+Blob\s*\("),
    "createObjectURL": re.compile(r"createObjectURL"),
    "msSaveOrOpenBlob": re.compile(r"msSave(?:OrOpen)?Blob"),
    "download attribute": re.compile(r"""\.download\s*=|\bdownload\s*=\s*["'][^"']*\.\w{2,5}["']""", re.I),
    "embedded data: file": re.compile(r"data:application/[\w.+-]+;base64,", re.I),
    "large encoded payload": re.compile(r"[A-Za-z0-9+/]{20000}"),
    "browser redirect": re.compile(
        r"""location(?:\.href)?\s*=[^=]|location\.replace\s*\(|http-equiv\s*=\s*["']?refresh""", re.I),
    "markup written from decoded text": re.compile(r"document\.write(?:ln)?\s*\(\s*(?:atob|unescape|decodeURI)"),
    "text hidden as character codes": re.compile(r"fromCharCode"),
    "names assembled from pieces": re.compile(r"""\[\s*(["'])\w{1,12}\1\s*\+\s*(["'])\w{1,12}\2\s*\]"""),
}
# alone enough; the others need company (a report may use atob, a page may redirect)
_STRONG_SMUGGLING = frozenset({"msSaveOrOpenBlob", "script in an SVG image"})
_SMUGGLING_SCAN_BYTES = 2 * 1024 * 1024
_HTML_ATTACHMENTS_PARSED = 20
_EVIDENCE_SHOWN = 5

DEFAULT_SCORES: dict[str, float] = {
    "ATTACH_EXECUTABLE": 8.0,
    "ATTACH_SCRIPT": 8.0,
    "ATTACH_MACRO_OFFICE": 5.0,
    "ATTACH_DISK_IMAGE": 6.0,
    "ATTACH_ENCRYPTED_ARCHIVE": 4.0,
    "ATTACH_DOUBLE_EXTENSION": 8.0,
    "ATTACH_TYPE_MISMATCH": 6.0,
    "ATTACH_HTML_SMUGGLING": 9.0,
    "ATTACH_HTML_FORM": 6.0,
    "ARCHIVE_BOMB": 10.0,
    "MIME_LIMIT": 1.0,
    "QR_CODE_URL": 3.0,
}


def _extension_list(values: list[str]) -> list[str]:
    return [v.strip().lower().lstrip(".") for v in values if v.strip().lstrip(".")]


class AttachmentConfig(Section):
    """Which attachments count as dangerous, and what each finding weighs."""

    extra_executable_extensions: list[str] = []
    """File extensions (without the dot) also treated as programs (ATTACH_EXECUTABLE)."""
    extra_script_extensions: list[str] = []
    """File extensions also treated as scripts (ATTACH_SCRIPT)."""
    allowed_extensions: list[str] = []
    """Extensions never flagged by name (e.g. 'iso' for a team that ships disk images); content
    sniffing still flags a program whatever its name."""
    scores: dict[str, float] = {}
    """Score per symbol name, overriding the defaults (e.g. {ATTACH_MACRO_OFFICE = 3.0})."""
    bomb_action: Literal["quarantine", "reject"] = "quarantine"
    """Action forced by ARCHIVE_BOMB (zip bombs, absurd nesting or member counts)."""
    limit_action: Action | None = None
    """Action forced by MIME_LIMIT (a message the parser could not scan completely); none by default
    because large legitimate attachments also reach the byte limits."""
    max_qr_symbols: Annotated[int, Field(ge=0, le=20)] = 3
    """QR_CODE_URL symbols per message (one per distinct URL)."""

    @field_validator("extra_executable_extensions", "extra_script_extensions", "allowed_extensions")
    @classmethod
    def _normalise(cls, v: list[str]) -> list[str]:
        return _extension_list(v)

    @field_validator("scores")
    @classmethod
    def _known_symbols(cls, v: dict[str, float]) -> dict[str, float]:
        return known_scores(v, DEFAULT_SCORES)

    def score(self, name: str) -> float:
        return self.scores.get(name, DEFAULT_SCORES[name])


# --- names -----------------------------------------------------------------------------------

def shown_name(att: Attachment) -> str:
    """The attachment's path for humans, logs and headers (see archive.visible)."""
    name = att.filename or "(unnamed)"
    return visible(f"{att.container}/{name}" if att.container else name)


def _clean_name(filename: str) -> str:
    # what Windows would see: invisible characters gone, trailing dots and spaces stripped
    name = unicodedata.normalize("NFKC", _BIDI_AND_INVISIBLE.sub("", filename)).strip()
    return name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rstrip(". ").lower()


def extensions(filename: str) -> list[str]:
    """The dotted suffixes of the base name, lower-case, e.g. ['pdf', 'exe'] for invoice.PDF .exe."""
    parts = _clean_name(filename).split(".")
    return [p.strip() for p in parts[1:] if p.strip()]


def _last_extension(filename: str) -> str:
    exts = extensions(filename)
    return exts[-1] if exts else ""


# --- findings --------------------------------------------------------------------------------

class _Rules:
    def __init__(self, allowed_extensions: Iterable[str], extra_executable: Iterable[str],
                 extra_script: Iterable[str]) -> None:
        self.allowed = allowed = frozenset(allowed_extensions)
        self.executable = (EXECUTABLE_EXTENSIONS | set(extra_executable)) - allowed
        self.script = (SCRIPT_EXTENSIONS | set(extra_script)) - allowed
        self.macro = MACRO_EXTENSIONS - allowed
        self.disk = DISK_IMAGE_EXTENSIONS - allowed
        self.dangerous = frozenset(self.executable | self.script | self.disk | self.macro)


def _rules(cfg: AttachmentConfig) -> _Rules:
    return _compiled_rules(tuple(cfg.allowed_extensions), tuple(cfg.extra_executable_extensions),
                           tuple(cfg.extra_script_extensions))


@lru_cache(maxsize=8)
def _compiled_rules(allowed: tuple[str, ...], extra_executable: tuple[str, ...],
                    extra_script: tuple[str, ...]) -> _Rules:
    """The extension sets of a configuration, built once instead of for every message."""
    return _Rules(allowed, extra_executable, extra_script)


def _is_executable(att: Attachment, rules: _Rules) -> bool:
    return _last_extension(att.filename) in rules.executable or att.sniffed_type in _PROGRAM_SNIFF


def _is_script(att: Attachment, rules: _Rules) -> bool:
    # by name only: a '#!' script does not run when opened from a mail client, and developers
    # mail them to each other (seen in the ham corpus)
    return _last_extension(att.filename) in rules.script


def _is_macro(att: Attachment, rules: _Rules) -> bool:
    return att.has_macros or _last_extension(att.filename) in rules.macro


def _is_disk_image(att: Attachment, rules: _Rules) -> bool:
    ext = _last_extension(att.filename)
    return ext in rules.disk or (att.sniffed_type == "iso" and ext not in rules.allowed)


def _is_encrypted_archive(att: Attachment) -> bool:
    return att.encrypted and att.sniffed_type in ("zip", "gzip")


def _is_disguised(att: Attachment, rules: _Rules) -> bool:
    """invoice.pdf.exe, 'invoice.pdf      .exe', or a right-to-left override hiding the real extension."""
    if _BIDI_AND_INVISIBLE.search(att.filename) and _last_extension(att.filename) in rules.dangerous:
        return True
    if re.search("[\u202a-\u202e\u2066-\u2069]", att.filename):
        return True  # direction overrides have no honest use in a file name
    exts = extensions(att.filename)
    if not exts or exts[-1] not in rules.dangerous:
        return False
    return (len(exts) >= 2 and exts[-2] in DECOY_EXTENSIONS) or bool(_SPACE_RUN.search(att.filename))


def _mismatch(att: Attachment) -> str:
    """'' or what the name/type claims versus what the content is."""
    sniffed = att.sniffed_type
    if not sniffed:
        return ""
    ext = _last_extension(att.filename)
    if ext in _TEXT_EXTENSIONS:
        return f"named .{ext} but is a program ({sniffed})" if sniffed in _PROGRAM_SNIFF else ""
    expected = _EXPECTED_SNIFF.get(ext)
    if expected is not None:
        return "" if sniffed in expected else f"named .{ext} but the content is {sniffed}"
    declared = _DECLARED_SNIFF.get(att.content_type)
    if not ext and declared is not None and sniffed not in declared:
        return f"declared as {att.content_type} but the content is {sniffed}"
    return ""


def _is_svg(att: Attachment) -> bool:
    return (att.content_type == "image/svg+xml" or _last_extension(att.filename) == "svg"
            or b"<svg" in att.data[:2048].lower())


def _smuggling_indicators(att: Attachment, markup: str, scripts: int) -> list[str]:
    """What in an HTML attachment assembles or pushes a file or a page at the reader: the whole
    markup is searched, as inline event handlers run script too."""
    found = [name for name, rx in _SMUGGLING.items() if rx.search(markup)]
    if scripts and _is_svg(att):
        found.append("script in an SVG image")
    return found if len(found) >= 2 or _STRONG_SMUGGLING & set(found) else []


def _evidence(items: Iterable[str]) -> str:
    unique = list(dict.fromkeys(items))
    shown = ", ".join(unique[:_EVIDENCE_SHOWN])
    more = len(unique) - _EVIDENCE_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _symbol(cfg: AttachmentConfig, name: str, description: str, banner: str,
            force: Action | None = None) -> Symbol:
    return Symbol(name=name, score=cfg.score(name), description=description, banner=banner, force=force)


def _name_checks(atts: list[Attachment], rules: _Rules, cfg: AttachmentConfig) -> list[Symbol]:
    symbols: list[Symbol] = []
    found: dict[str, list[str]] = {k: [] for k in ("exe", "script", "macro", "disk", "encrypted", "disguised")}
    for att in atts:
        name = shown_name(att)
        if _is_disguised(att, rules):
            found["disguised"].append(name)
        if _is_executable(att, rules):
            found["exe"].append(name)
        elif _is_script(att, rules):
            found["script"].append(name)
        if _is_macro(att, rules):
            found["macro"].append(name)
        if _is_disk_image(att, rules):
            found["disk"].append(name)
        if _is_encrypted_archive(att):
            found["encrypted"].append(name)
    texts = {
        "disguised": ("ATTACH_DOUBLE_EXTENSION", "Attachment name disguises its real type: {e}.",
                      "The attachment {f} is a program or script disguised as a harmless file."),
        "exe": ("ATTACH_EXECUTABLE", "Executable program attached: {e}.",
                "The attachment {f} is a program: opening it could install malware."),
        "script": ("ATTACH_SCRIPT", "Script or shortcut attached (runs when opened): {e}.",
                   "The attachment {f} is a script that runs commands on your computer when opened."),
        "macro": ("ATTACH_MACRO_OFFICE", "Office document with macros attached: {e}.",
                  "The document {f} contains macros: do not enable editing or content."),
        "disk": ("ATTACH_DISK_IMAGE", "Disk image attached (bypasses download protections): {e}.",
                 "The attachment {f} is a disk image, a common way to smuggle malware past protections."),
        "encrypted": ("ATTACH_ENCRYPTED_ARCHIVE", "Password-protected archive attached (cannot be scanned): {e}.",
                      "The archive {f} is password-protected, so it could not be checked for malware."),
    }
    for key, (symbol, description, banner) in texts.items():
        if found[key]:
            symbols.append(_symbol(cfg, symbol, description.format(e=_evidence(found[key])),
                                   banner.format(f=found[key][0])))
    return symbols


def _content_checks(atts: list[Attachment], cfg: AttachmentConfig) -> list[Symbol]:
    symbols: list[Symbol] = []
    mismatched = [(shown_name(a), why) for a in atts if (why := _mismatch(a))]
    if mismatched:
        mismatches = [f"{name} ({why})" for name, why in mismatched]
        symbols.append(_symbol(cfg, "ATTACH_TYPE_MISMATCH",
                               f"Attachment content does not match its name or type: {_evidence(mismatches)}.",
                               f"The attachment {mismatched[0][0]} is not the kind of file its name claims."))
    smuggling: list[str] = []
    forms: list[str] = []
    for att in [a for a in atts if is_html_attachment(a)][:_HTML_ATTACHMENTS_PARSED]:
        markup = att.data[:_SMUGGLING_SCAN_BYTES].decode("utf-8", "replace")
        summary = parse_html(markup, "attachment")
        indicators = _smuggling_indicators(att, markup, summary.scripts)
        if indicators:
            smuggling.append(f"{shown_name(att)} ({', '.join(indicators)})")
        hidden = [form for payload in script_payloads(summary.script_text)
                  for form in parse_html(payload, "attachment").forms]
        for form in [*summary.forms, *hidden]:
            kind = "a password form" if form.has_password else "a form"
            forms.append(f"{shown_name(att)} ({kind} posting to {form.action or 'itself'})")
    if smuggling:
        symbols.append(_symbol(cfg, "ATTACH_HTML_SMUGGLING",
                               "HTML attachment assembles a file or a page with script when opened (HTML "
                               f"smuggling): {_evidence(smuggling)}.",
                               "An HTML attachment in this message builds what it shows with hidden code when "
                               "opened (a download or a sign-in page), a trick to get malware or a fake page past "
                               "scanners."))
    if forms:
        symbols.append(_symbol(cfg, "ATTACH_HTML_FORM",
                               f"HTML attachment contains a form: {_evidence(forms)}.",
                               "An HTML attachment in this message asks you to type information, "
                               "possibly your password: do not fill it in."))
    return symbols


def _limit_checks(msg: ParsedMessage, cfg: AttachmentConfig) -> list[Symbol]:
    symbols: list[Symbol] = []
    if msg.bombs:
        symbols.append(_symbol(cfg, "ARCHIVE_BOMB", f"Archive bomb: {'; '.join(msg.bombs[:3])}.",
                               "The message contains an archive built to overload security scanners.",
                               force=cfg.bomb_action))
    others = [h for h in msg.limits_hit if h not in msg.bombs]
    if others:
        symbols.append(_symbol(cfg, "MIME_LIMIT", f"The message was not scanned completely: {'; '.join(others[:3])}.",
                               "", force=cfg.limit_action))
    return symbols


def _qr_checks(msg: ParsedMessage, cfg: AttachmentConfig) -> list[Symbol]:
    symbols: list[Symbol] = []
    for url in list(dict.fromkeys(msg.qr_urls))[:cfg.max_qr_symbols]:
        # the PDF's name was made visible (scan.pdf) before it got here
        pdf = msg.qr_sources.get(url, "")
        holder = f"The attached file {pdf}" if pdf else "An image"
        place = f"The attached file {pdf}" if pdf else "An image in this message"
        target = url if "://" in url else f"http://{url}"
        try:
            host = urlsplit(target).hostname or url
        except ValueError:
            host = url
        symbols.append(_symbol(cfg, "QR_CODE_URL", f"{holder} holds a QR code that leads to {url[:300]}.",
                               f"{place} holds a QR code leading to {host[:100]}: "
                               "do not scan it to sign in or pay."))
    return symbols


def check_attachments(msg: ParsedMessage, ctx: ScanContext, cfg: AttachmentConfig) -> list[Symbol]:
    """Symbols for dangerous attachments (archive members included), archive bombs, MIME limits
    reached and QR codes with URLs. `ctx` is not needed yet: the same file is as dangerous
    inbound as outbound."""
    rules = _rules(cfg)
    atts = msg.attachments
    return (_name_checks(atts, rules, cfg) + _content_checks(atts, cfg) + _limit_checks(msg, cfg)
            + _qr_checks(msg, cfg))


__all__ = ["DEFAULT_SCORES", "AttachmentConfig", "check_attachments", "extensions", "shown_name"]
