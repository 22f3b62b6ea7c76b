"""Phishing checks: who the message pretends to be, and where its links and forms lead.

Each finding is one symbol with a stable name, the evidence in one sentence for the
administrator, and a plain sentence for the recipient's banner ("The sender's address is
paypa1-secure.com, which imitates paypal.com."). Scores are modest one by one and add up on a
real attack: a lookalike link behind text that shows the brand, with login words, reaches the
quarantine threshold; a newsletter's links and words alone stay below the tag threshold.

Unknown context (no authentication results, no local domains) never adds suspicion.

This module is the entry point: check_phishing, the sub-checks on the sender and on authentication.
The configuration, compiled rules and per-message context are in phishing_rules, the sub-checks on
links and URLs in phishing_links, those on the words in phishing_text.
"""

from __future__ import annotations

import re

from relaywarden.scan.checks.phishing_links import (
    _credential_form,
    _disguised_domain,
    _link_text_mismatch,
    _lookalike_link,
    _recipient_in_link,
    _url_kinds,
)
from relaywarden.scan.checks.phishing_rules import (
    _EMAIL_IN_TEXT,
    DEFAULT_SCORES,
    PhishingConfig,
    _collect_urls,
    _compile,
    _Message,
    _org,
    _phrase_in,
    _platforms,
    _reply_elsewhere,
    _RulesKey,
    _sender_domains,
    _show,
    default_brands,
    default_freemail,
)
from relaywarden.scan.checks.phishing_rules import _PhraseSearch as _PhraseSearch
from relaywarden.scan.checks.phishing_rules import _words as _words
from relaywarden.scan.checks.phishing_text import (
    _callback,
    _device_code,
    _login_keywords,
    _payment_request,
    _subject_brand_login,
    _text_obfuscation,
    _wallet_lure,
)
from relaywarden.scan.context import AuthSummary, ScanContext
from relaywarden.scan.message import Address, ParsedMessage, address_domain
from relaywarden.scan.verdict import Symbol

__all__ = ["DEFAULT_SCORES", "PhishingConfig", "check_phishing", "default_brands", "default_freemail"]


def check_phishing(msg: ParsedMessage, ctx: ScanContext, cfg: PhishingConfig) -> list[Symbol]:
    """Every phishing finding for one message, as symbols (empty when nothing is suspicious)."""
    if not cfg.enabled:
        return []
    rules = _compile(_RulesKey.of(cfg, ctx))
    from_domain = msg.from_.domain if msg.from_ is not None else ""
    m = _Message(msg=msg, ctx=ctx, rules=rules, from_domain=from_domain,
                 from_org=_org(from_domain) if from_domain else "", urls=_collect_urls(msg))
    symbols: list[Symbol] = []
    for check in (_lookalike_sender, _lookalike_link, _disguised_domain, _link_text_mismatch, _display_name,
                  _freemail_claims, _reply_to, _credential_form, _login_keywords, _subject_brand_login, _wallet_lure,
                  _payment_request, _callback, _text_obfuscation, _url_kinds, _recipient_in_link, _device_code,
                  _authentication):
        symbols.extend(check(m))
    return symbols


# --- who the message claims to be --------------------------------------------------------------


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
