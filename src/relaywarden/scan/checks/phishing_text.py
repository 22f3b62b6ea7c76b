"""Phishing checks that read the words of the message.

Login keywords, a subject that names a brand and a login, wallet lures, callback (telephone)
lures, obfuscated text (hidden characters and mixed-script words), payment requests and device
code lures.
"""

from __future__ import annotations

import re

from relaywarden.scan.checks.phishing_rules import (
    _MAX_TEXT,
    _Claim,
    _Message,
    _org,
    _reply_elsewhere,
    _show,
    flatten,
)
from relaywarden.scan.lookalike import scripts_of, skeleton
from relaywarden.scan.verdict import Symbol

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
    places += [(name, flatten(f"{m.msg.subject} {text[:_MAX_TEXT]}")) for name, text in m.msg.pdf_texts.items()]
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


_DEVICE_LOGIN = re.compile(r"(?:microsoft\.com/devicelogin|aka\.ms/devicelogin|microsoftonline\.com/[\w.-]+/oauth2/"
                           r"deviceauth|google\.com/device\b|github\.com/login/device)")
_DEVICE_CODE = re.compile(r"\bcode\b[^.]{0,40}?\b(?=[a-z0-9-]*\d)([a-z0-9]{3,6}-[a-z0-9]{3,6}|[a-z0-9]{6,10})\b")
"""A code near the word 'code': Microsoft's are nine letters and digits, others 4-4 or 5-5 with a
hyphen."""


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
