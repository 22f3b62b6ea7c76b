"""The phishing checks on crafted messages: every symbol fires on an attack and stays quiet on
the honest message next to it; real-looking legitimate mail stays under the tag threshold and a
credential phish reaches quarantine."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from relaywarden.scan.checks.phishing import (
    DEFAULT_SCORES,
    PhishingConfig,
    _PhraseSearch,
    _words,
    check_phishing,
    default_brands,
)
from relaywarden.scan.context import AuthSummary, ScanContext
from relaywarden.scan.message import ParsedMessage
from relaywarden.scan.mime import parse_message
from relaywarden.scan.verdict import Symbol, Thresholds, Verdict

LOCAL = ("example.com",)
CFG = PhishingConfig(executives=["Jane Smith"], internal_names=["Example Corp"])
NO_CONTEXT = ScanContext()
INBOUND = ScanContext(direction="inbound", local_domains=LOCAL, rcpt_to=("bob@example.com",))


def eml(from_: str = "Alice <alice@partner.example>", *, subject: str = "Hello", html: str | None = None,
        text: str | None = None, headers: str = "") -> bytes:
    """A small RFC 5322 message: a text part, an HTML part, or both (alternative)."""
    head = (f"From: {from_}\r\nTo: Bob <bob@example.com>\r\nSubject: {subject}\r\n"
            "Date: Thu, 26 Nov 2026 09:00:00 +0000\r\nMessage-ID: <m1@partner.example>\r\n"
            f"{headers}MIME-Version: 1.0\r\n")
    if html is not None and text is not None:
        body = ("Content-Type: multipart/alternative; boundary=b1\r\n\r\n"
                f"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
                f"--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--b1--\r\n")
    elif html is not None:
        body = f"Content-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n"
    else:
        body = f"Content-Type: text/plain; charset=utf-8\r\n\r\n{text or 'Hi Bob, see you tomorrow.'}\r\n"
    return (head + body).encode("utf-8")


def scan(raw: bytes | ParsedMessage, ctx: ScanContext = INBOUND, cfg: PhishingConfig = CFG) -> dict[str, Symbol]:
    msg = raw if isinstance(raw, ParsedMessage) else parse_message(raw)
    symbols = check_phishing(msg, ctx, cfg)
    names = [s.name for s in symbols]
    assert len(names) == len(set(names)), f"a symbol fired twice: {names}"
    for s in symbols:
        assert s.description and "\n" not in s.description and "\r" not in s.description
        assert "\n" not in s.banner
    return {s.name: s for s in symbols}


def total(raw: bytes, ctx: ScanContext = INBOUND, cfg: PhishingConfig = CFG) -> float:
    return sum(s.score for s in scan(raw, ctx, cfg).values())


def auth(dmarc: str | None = "pass", spf: str | None = "pass", domain: str | None = None) -> AuthSummary:
    return AuthSummary(spf=spf, dmarc=dmarc, from_domain=domain, dkim_pass_domains=(domain,) if domain else ())


def ctx_auth(a: AuthSummary) -> ScanContext:
    return ScanContext(direction="inbound", local_domains=LOCAL, auth=a)


# --- LINK_TEXT_MISMATCH ------------------------------------------------------------------------


def test_link_text_showing_another_domain_fires() -> None:
    found = scan(eml(html='<a href="https://evil.example.net/x">https://www.northbank.example.org/login</a>'))
    assert found["LINK_TEXT_MISMATCH"].score == DEFAULT_SCORES["LINK_TEXT_MISMATCH"]
    assert "evil.example.net" in found["LINK_TEXT_MISMATCH"].description
    protected = scan(eml(html='<a href="https://evil.example.net/x">www.paypal.com</a>'))
    assert protected["LINK_TEXT_MISMATCH"].score == DEFAULT_SCORES["LINK_TEXT_MISMATCH_PROTECTED"]
    assert "www.paypal.com" in protected["LINK_TEXT_MISMATCH"].banner


def test_link_text_near_misses() -> None:
    html = ('<a href="https://shop.example.org/sale?utm=1">www.shop.example.org/sale</a>'
            '<a href="https://elsewhere.example.net/">Read more</a>'
            '<a href="https://us1.list-manage.com/track/click?u=1">www.shop.example.org</a>'
            '<a href="https://github.com/o/r/blob/main/setup.py">setup.py</a>'
            '<a href="https://account.live.com/">account.microsoft.com</a>')
    assert "LINK_TEXT_MISMATCH" not in scan(eml(html=html))


# --- LOOKALIKE_SENDER / LOOKALIKE_LINK ---------------------------------------------------------


def test_lookalike_sender_fires_for_brands_and_local_domains() -> None:
    brand = scan(eml("PayPal <service@paypa1-secure.com>"))["LOOKALIKE_SENDER"]
    assert brand.banner == "The sender's address is at paypa1-secure.com, which imitates paypal.com."
    local = scan(eml("Jane <jane@exarnple.com>"))["LOOKALIKE_SENDER"]
    assert "example.com" in local.description
    reply = scan(eml("Bob <bob@partner.example>", headers="Reply-To: <ceo@examp1e.com>\r\n"))
    assert "reply address" in reply["LOOKALIKE_SENDER"].description
    envelope = scan(eml(), ScanContext(local_domains=LOCAL, mail_from="bounce@xn--exmple-4nf.com"))
    assert "LOOKALIKE_SENDER" in envelope


def test_lookalike_sender_near_misses() -> None:
    assert "LOOKALIKE_SENDER" not in scan(eml("PayPal <service@mail.paypal.com>"))
    assert "LOOKALIKE_SENDER" not in scan(eml("Jane <jane@example.com>"))
    assert "LOOKALIKE_SENDER" not in scan(eml("Shop <news@amazon.de>"))


def test_lookalike_link_fires() -> None:
    found = scan(eml(html='<a href="https://paypal.com.account-check.net/signin">Sign in</a>'))
    assert "imitates paypal.com" in found["LOOKALIKE_LINK"].banner
    punycode = scan(eml(text="Open https://xn--pypal-4ve.com/login today"))
    assert "Cyrillic" in punycode["LOOKALIKE_LINK"].description


def test_links_inside_link_wrappers_are_judged_by_their_destination() -> None:
    wrapped = "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fpaypa1.com%2Fsignin&data=05"
    found = scan(eml(html=f'<a href="{wrapped}">https://www.paypal.com/signin</a>'))
    assert "paypa1.com" in found["LOOKALIKE_LINK"].banner
    assert "paypa1.com" in found["LINK_TEXT_MISMATCH"].banner
    honest = "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.paypal.com%2Fsignin&data=05"
    assert scan(eml(html=f'<a href="{honest}">https://www.paypal.com/signin</a>')) == {}


def test_lookalike_link_near_miss() -> None:
    found = scan(eml(html='<a href="https://www.paypal.com/signin">Sign in</a> <a href="https://amazon.co.uk/">x</a>'
                          '<a href="https://example.sharepoint.com/sites/hr">HR site</a>'
                          '<a href="https://office.partner.example/">Office</a>'))
    assert "LOOKALIKE_LINK" not in found


def test_brand_label_in_front_of_another_domain_and_other_tld() -> None:
    found = scan(eml(html='<a href="http://paypal.server4566.example.net/webscr">clicking here</a>'))
    assert found["LOOKALIKE_LINK"].score == DEFAULT_SCORES["LOOKALIKE_LINK"]
    moved = scan(eml(html='<a href="https://paypal.xyz/">PayPal</a>'))
    assert moved["LOOKALIKE_LINK"].score == DEFAULT_SCORES["LOOKALIKE_OTHER_TLD"]


def test_qr_code_urls_go_through_the_url_checks() -> None:
    msg = parse_message(eml(text="Scan the code to keep your mailbox."))
    msg.qr_urls = ["https://rnicrosoft.com/owa", "https://bit.ly/x1"]
    found = scan(msg)
    assert found["LOOKALIKE_LINK"].banner.startswith("A QR code in the message leads to rnicrosoft.com")
    assert "URL_SHORTENER" in found
    clean = parse_message(eml(text="Our menu"))
    clean.qr_urls = ["https://partner.example/menu"]
    assert scan(clean) == {}


# --- DISPLAY_NAME_IMPERSONATION ----------------------------------------------------------------


def test_executive_name_on_an_outside_address_fires() -> None:
    for sender in ("Jane Smith <jane.smith.office@mailhost.example.net>", '"Smith, Jane" <ceo@mailhost.example.net>'):
        found = scan(eml(sender))["DISPLAY_NAME_IMPERSONATION"]
        assert found.score == DEFAULT_SCORES["DISPLAY_NAME_EXECUTIVE"]
        assert "Jane Smith" in found.banner
    # a personal mailbox is the classic gift-card opening: it weighs more
    free = scan(eml("Jane Smith <jane.smith1972@gmail.com>"))["DISPLAY_NAME_IMPERSONATION"]
    assert free.score == DEFAULT_SCORES["DISPLAY_NAME_EXECUTIVE_FREEMAIL"] > DEFAULT_SCORES["DISPLAY_NAME_EXECUTIVE"]
    assert "free-mail" in free.description and "Jane Smith" in free.banner


# --- BEC_PAYMENT_REQUEST -------------------------------------------------------------------------


def test_payment_request_from_an_unaccountable_sender_fires() -> None:
    ask = "Are you available? I need you to buy gift cards for a client today. Reply with the codes."
    free = scan(eml("Jane Smith <jane.smith1972@gmail.com>", text=ask))
    assert free["BEC_PAYMENT_REQUEST"].score == DEFAULT_SCORES["BEC_PAYMENT_REQUEST"]
    assert "'gift cards'" in free["BEC_PAYMENT_REQUEST"].description
    assert "free-mail" in free["BEC_PAYMENT_REQUEST"].description
    assert "phone" in free["BEC_PAYMENT_REQUEST"].banner
    bank = "Please note our new bank details for all outstanding invoices from today."
    diverted = scan(eml("Accounts <ar@supplier.example.net>", text=bank,
                        headers="Reply-To: ar-dept@billing-desk.example.org\r\n"))
    assert "BEC_PAYMENT_REQUEST" in diverted and "ar-dept@billing-desk.example.org" in (
        diverted["BEC_PAYMENT_REQUEST"].description)
    german = scan(eml("Lieferant <buchhaltung@gmail.com>", text="Bitte beachten Sie unsere neue Bankverbindung."))
    assert "BEC_PAYMENT_REQUEST" in german


def test_a_request_to_pay_into_a_new_account_weighs_more() -> None:
    # payroll diversion: "an employee" on free mail asks HR to move the salary
    ask = "I recently changed banks and would like my direct deposit updated before the next payroll run."
    payroll = scan(eml("Priya Nair <priyanair.work@outlook.com>", text=ask))["BEC_PAYMENT_REQUEST"]
    assert payroll.score == DEFAULT_SCORES["BEC_BANK_CHANGE"] > DEFAULT_SCORES["BEC_PAYMENT_REQUEST"]
    assert "'direct deposit'" in payroll.description and "free-mail" in payroll.description
    # a gift-card ask keeps the ordinary weight
    gift = scan(eml("Jane Smith <jane.smith1972@gmail.com>", text="Are you available? Buy gift cards today."))
    assert gift["BEC_PAYMENT_REQUEST"].score == DEFAULT_SCORES["BEC_PAYMENT_REQUEST"]
    # the same words from the employee's own organisation are an ordinary HR message
    assert "BEC_PAYMENT_REQUEST" not in scan(eml("Priya Nair <priya.nair@example.com>", text=ask))


def test_crypto_wallet_lure_needs_wallet_words_and_a_link() -> None:
    lure = ("Your wallet has been selected for the community airdrop. Connect your wallet to claim: "
            "https://claim-eth-airdrop.netlify.app/?ref=s3")
    found = scan(eml("ETH Rewards <rewards@airdrop-season3.example>", text=lure))["CRYPTO_WALLET_LURE"]
    assert found.score == DEFAULT_SCORES["CRYPTO_WALLET_LURE"]
    assert "'connect your wallet'" in found.description and "recovery phrase" in found.banner
    seed = scan(eml(html='<p>Enter your 12-word recovery phrase to keep your funds.</p>'
                         '<a href="https://wallet-restore.example.net/">Restore</a>'))
    assert "CRYPTO_WALLET_LURE" in seed
    spanish = scan(eml(text="Conecta tu billetera para recibir tus tokens: https://reclamo.example.net/"))
    assert "CRYPTO_WALLET_LURE" in spanish
    # talking about wallets without anywhere to click, or about a leather wallet, is not a lure
    assert "CRYPTO_WALLET_LURE" not in scan(eml(text="Never share your recovery phrase with anyone."))
    assert "CRYPTO_WALLET_LURE" not in scan(eml(text="I left my wallet at yours, see https://maps.example.net/"))


# --- SUBJECT_BRAND_LOGIN ----------------------------------------------------------------------------

EXPIRY = ("Your password expires today. Verify your account to keep your current password: "
          "https://intranet-docs.example.net/wp-content/keep/index.php")


def test_a_brand_in_the_subject_asking_to_sign_in_elsewhere() -> None:
    found = scan(eml("IT Helpdesk <helpdesk@mail.partner.example>", subject="Microsoft 365: password expiry notice",
                     text=EXPIRY))["SUBJECT_BRAND_LOGIN"]
    assert found.score == DEFAULT_SCORES["SUBJECT_BRAND_LOGIN"]
    assert "microsoft.com" in found.description and "intranet-docs.example.net" in found.description
    assert "intranet-docs.example.net" in found.banner


def test_subject_brand_stays_quiet_when_the_brand_or_its_links_are_real() -> None:
    subject = "Microsoft 365: password expiry notice"
    real_link = EXPIRY.replace("https://intranet-docs.example.net/wp-content/keep/index.php",
                               "https://account.microsoft.com/security")
    # a link to the brand itself, the brand writing, our own IT, no sign-in words, the display
    # name already claiming the brand (DISPLAY_NAME_IMPERSONATION judges that one)
    assert "SUBJECT_BRAND_LOGIN" not in scan(eml("IT <it@partner.example>", subject=subject, text=real_link))
    assert "SUBJECT_BRAND_LOGIN" not in scan(eml("Microsoft <account@microsoft.com>", subject=subject, text=EXPIRY))
    assert "SUBJECT_BRAND_LOGIN" not in scan(eml("IT <it@example.com>", subject=subject, text=EXPIRY))
    assert "SUBJECT_BRAND_LOGIN" not in scan(eml("IT <it@partner.example>", subject=subject,
                                                 text="Teams is down for an hour: https://status.example.net/"))
    both = scan(eml("Microsoft 365 <it@partner.example>", subject=subject, text=EXPIRY))
    assert "SUBJECT_BRAND_LOGIN" not in both and "DISPLAY_NAME_IMPERSONATION" in both


# --- CALLBACK_PHISHING and TEXT_OBFUSCATION -------------------------------------------------------

RENEWED = ("Your Norton 360 subscription has been renewed and $399.99 has been charged to your account. "
           "If you did not authorize this charge, call our billing department at {phone} for a refund.")


@pytest.mark.parametrize("phone", ["+1 (808) 555-0199", "1-888-555-0147", "(844) 555.0131", "+44 20 7946 0958"])
def test_callback_scam_from_free_mail_naming_a_brand(phone: str) -> None:
    found = scan(eml("Billing Support <billingdept.nlk4471@gmail.com>", text=RENEWED.format(phone=phone)))
    callback = found["CALLBACK_PHISHING"]
    assert callback.score == DEFAULT_SCORES["CALLBACK_PHISHING"]
    assert phone in callback.description and "norton.com" in callback.description
    assert "free-mail" in callback.description and phone in callback.banner


def test_callback_scam_claiming_a_brand_in_the_display_name_or_subject() -> None:
    text = RENEWED.format(phone="1-888-555-0147").replace("Norton 360", "Total Tech Support")
    display = scan(eml("Geek Squad <orders@gs-renewals-desk.example>", text=text))["CALLBACK_PHISHING"]
    assert "geek squad" in display.description and "bestbuy.com" in display.description
    subject = scan(eml("Orders <orders@renewals-desk.example>", subject="Your McAfee renewal", text=text))
    assert "mcafee.com" in subject["CALLBACK_PHISHING"].description


def test_receipts_and_friends_with_phone_numbers_are_not_callback_scams() -> None:
    text = RENEWED.format(phone="1-844-555-0131")
    # the brand itself, a shop naming its payment method, the organisation, a friend naming no brand
    assert "CALLBACK_PHISHING" not in scan(eml("Norton <noreply@mail.norton.com>", text=text))
    shop = ("Your order of 1 x pannier set has been charged to your PayPal account. To cancel your order, "
            "call us at (503) 555-0182.")
    assert "CALLBACK_PHISHING" not in scan(eml("Harbor Bikes <orders@harborbikes.example>", text=shop))
    assert "CALLBACK_PHISHING" not in scan(eml("Billing <billing@example.com>", text=text))
    gym = "our memberships will be renewed automatically; to cancel, call the front desk at (503) 555-0123"
    assert "CALLBACK_PHISHING" not in scan(eml("Maya <maya.chen.pdx@gmail.com>", text=gym))
    # the same scam words without a number to call
    assert "CALLBACK_PHISHING" not in scan(eml("Billing <b.nlk@gmail.com>", text=text.replace("1-844-555-0131", "us")))


def test_invisible_characters_inside_words_disguise_the_text() -> None:
    zw = "\u200b"
    subject = scan(eml(subject=f"Your Pa{zw}yPal account is li{zw}mited"))["TEXT_OBFUSCATION"]
    assert subject.score == DEFAULT_SCORES["TEXT_OBFUSCATION"] and "invisible characters" in subject.description
    body = scan(eml(html=f"<p>Ge{zw}ek Sq{zw}uad renewal</p>"))
    assert "TEXT_OBFUSCATION" in body
    # one stray character in the body is forgiven (copied text); joiners in other scripts and
    # soft hyphens (HTML hyphenation) are honest
    assert "TEXT_OBFUSCATION" not in scan(eml(text=f"See the re{zw}port attached."))
    assert "TEXT_OBFUSCATION" not in scan(eml(text="می\u200cخواهم و می\u200cروم"))
    assert "TEXT_OBFUSCATION" not in scan(eml(html="<p>Donau&shy;dampf&shy;schiff&shy;fahrt und Kapi&shy;tän</p>"))
    # emoji sequences joined with ZWJ between spaces, as newsletters write them
    assert "TEXT_OBFUSCATION" not in scan(eml(subject="Family news \U0001F468\u200d\U0001F469\u200d\U0001F467"))


def test_latin_words_with_look_alike_cyrillic_letters() -> None:
    found = scan(eml(subject="Vеrify your раyment"))["TEXT_OBFUSCATION"]  # Cyrillic е and р, а
    assert "mixes Latin" in found.description
    # Russian text, and garbage from a wrong charset, are not look-alike words
    assert "TEXT_OBFUSCATION" not in scan(eml(subject="Привет, как дела? Meeting at 5"))
    assert "TEXT_OBFUSCATION" not in scan(eml(text="Υd ʮһ ӧw Υd"))
    body = scan(eml(text="Plеase confirm your pаssword today."))  # two words, Cyrillic е and а
    assert "TEXT_OBFUSCATION" in body


def test_payment_words_from_an_accountable_sender_stay_quiet() -> None:
    # the supplier's own domain, replies to itself or to the reader's organisation: an ordinary
    # invoice reminder, whatever its words
    bank = "Please note our new bank details for all outstanding invoices from today."
    assert "BEC_PAYMENT_REQUEST" not in scan(eml("Accounts <ar@supplier.example.net>", text=bank))
    internal = scan(eml("Accounts <ar@supplier.example.net>", text=bank, headers="Reply-To: ap@example.com\r\n"))
    assert "BEC_PAYMENT_REQUEST" not in internal and "REPLY_TO_MISMATCH" not in internal
    assert "BEC_PAYMENT_REQUEST" not in scan(eml("Bob <bob.friend@gmail.com>", text="Lunch on Friday?"))


def test_display_name_with_another_address_or_a_brand_fires() -> None:
    other = scan(eml('"ceo@example.com" <x@mailhost.example.net>'))["DISPLAY_NAME_IMPERSONATION"]
    assert "ceo@example.com" in other.description
    brand = scan(eml("PayPal Billing <billing@mailer-service.example.net>"))["DISPLAY_NAME_IMPERSONATION"]
    assert "paypal.com" in brand.banner
    internal = scan(eml("Example Corp HR <hr@staffing.example.net>"))["DISPLAY_NAME_IMPERSONATION"]
    assert "example.com" in internal.description


def test_display_name_near_misses() -> None:
    for sender in ("Jane Smith <jane@example.com>", '"bob@partner.example" <bob@partner.example>',
                   "PayPal <service@paypal.com>", "Microsoft Teams <noreply@email.teams.microsoft.com>",
                   "Office Manager <office@partner.example>", "Chase Miller <chase@partner.example>",
                   "Jane Doe <jane@partner.example>"):
        assert "DISPLAY_NAME_IMPERSONATION" not in scan(eml(sender)), sender
    # with no local domains known, nothing is "outside": executives are not judged
    assert "DISPLAY_NAME_IMPERSONATION" not in scan(eml("Jane Smith <js@mailhost.example.net>"), NO_CONTEXT)


# --- REPLY_TO_MISMATCH -------------------------------------------------------------------------


def test_oauth_consent_link_for_mail_access_fires() -> None:
    consent = ("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=1&response_type=code"
               "&redirect_uri=https%3A%2F%2Fdocs-viewer.example.net%2Fcb&scope=offline_access%20Mail.ReadWrite")
    found = scan(eml(html=f'<a href="{consent}">Open the document</a>'))
    assert found["URL_OAUTH_CONSENT"].score == DEFAULT_SCORES["URL_OAUTH_CONSENT"]
    assert "login.microsoftonline.com" in found["URL_OAUTH_CONSENT"].description
    google = ("https://accounts.google.com/o/oauth2/v2/auth?client_id=1&redirect_uri=https://app.example.net/cb"
              "&scope=https://www.googleapis.com/auth/gmail.readonly")
    assert "URL_OAUTH_CONSENT" in scan(eml(html=f'<a href="{google}">Continue</a>'))


def test_oauth_sign_in_links_stay_quiet() -> None:
    # a profile-only sign-in, and a consent that returns to the identity provider itself
    profile = ("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=1"
               "&redirect_uri=https%3A%2F%2Fapp.example.net%2Fcb&scope=openid%20profile%20email%20offline_access")
    own = ("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=1"
           "&redirect_uri=https%3A%2F%2Fportal.microsoftonline.com%2Fcb&scope=Mail.Read")
    plain = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
    for href in (profile, own, plain):
        assert "URL_OAUTH_CONSENT" not in scan(eml(html=f'<a href="{href}">Sign in</a>')), href


def test_reply_to_elsewhere_fires_more_for_freemail() -> None:
    free = scan(eml("Accounts <ap@partner.example>", headers="Reply-To: <ap.partner@gmail.com>\r\n"))
    assert free["REPLY_TO_MISMATCH"].score == DEFAULT_SCORES["REPLY_TO_FREEMAIL"]
    other = scan(eml("Accounts <ap@partner.example>", headers="Reply-To: <ap@invoices.example.net>\r\n"))
    assert other["REPLY_TO_MISMATCH"].score == DEFAULT_SCORES["REPLY_TO_MISMATCH"]
    assert "ap@invoices.example.net" in other["REPLY_TO_MISMATCH"].banner


def test_reply_to_near_misses() -> None:
    same = eml("Shop <news@partner.example>", headers="Reply-To: <support@help.partner.example>\r\n")
    assert "REPLY_TO_MISMATCH" not in scan(same)
    listed = eml("Bob <bob@gmail.com>", headers="Reply-To: <dev@lists.example.org>\r\n"
                 "List-Id: Developers <dev.lists.example.org>\r\nList-Post: <mailto:dev@lists.example.org>\r\n")
    assert "REPLY_TO_MISMATCH" not in scan(listed)
    family = eml("Microsoft <account-security-noreply@accountprotection.microsoft.com>",
                 headers="Reply-To: <noreply@office.com>\r\n")
    assert "REPLY_TO_MISMATCH" not in scan(family)
    # a calendar invitation from a partner whose replies go to our own organiser
    internal = eml(headers="Reply-To: organiser@example.com\r\n")
    assert "REPLY_TO_MISMATCH" not in scan(internal)


# --- FREEMAIL_CLAIMS_INTERNAL ------------------------------------------------------------------


def test_freemail_sender_claiming_the_organisation_or_a_brand_fires() -> None:
    internal = scan(eml("Example IT Support <example.helpdesk@gmail.com>"))["FREEMAIL_CLAIMS_INTERNAL"]
    assert "gmail.com" in internal.banner
    brand = scan(eml("Microsoft Account Team <msteam2026@outlook.com>"))
    assert "FREEMAIL_CLAIMS_INTERNAL" in brand and "DISPLAY_NAME_IMPERSONATION" not in brand


def test_unauthenticated_mail_in_the_local_domain_fires() -> None:
    spoof = scan(eml("Alice <alice@example.com>"), ctx_auth(auth(dmarc="fail", spf="fail", domain=None)))
    assert "your own organisation" in spoof["FREEMAIL_CLAIMS_INTERNAL"].banner
    unsigned = scan(eml("Alice <alice@example.com>"), ctx_auth(auth(dmarc="none", spf="softfail")))
    assert "FREEMAIL_CLAIMS_INTERNAL" in unsigned


def test_freemail_claims_near_misses() -> None:
    assert "FREEMAIL_CLAIMS_INTERNAL" not in scan(eml("Bob Jones <bob.jones@gmail.com>"))
    # a service subdomain of a free-mail provider is the provider itself, not one of its users
    assert scan(eml("Yahoo!News <refertofriend@reply.yahoo.com>")) == {}
    passed = ctx_auth(auth(dmarc="pass", domain="example.com"))
    assert "FREEMAIL_CLAIMS_INTERNAL" not in scan(eml("Alice <alice@example.com>"), passed)
    # unknown authentication is not a failure
    assert "FREEMAIL_CLAIMS_INTERNAL" not in scan(eml("Alice <alice@example.com>"))
    outbound = ScanContext(direction="outbound", local_domains=LOCAL, auth=auth(dmarc="fail", spf="fail"))
    assert "FREEMAIL_CLAIMS_INTERNAL" not in scan(eml("Alice <alice@example.com>"), outbound)


# --- CREDENTIAL_FORM ---------------------------------------------------------------------------


def test_password_form_fires() -> None:
    html = ('<form action="https://collect.example.net/p" method="post"><input type="email" name="u">'
            '<input type="password" name="p"></form>')
    found = scan(eml(html=html))["CREDENTIAL_FORM"]
    assert found.score == DEFAULT_SCORES["CREDENTIAL_FORM_PASSWORD"]
    assert "collect.example.net" in found.description


def test_form_posting_outside_fires_and_own_search_form_does_not() -> None:
    outside = '<form action="https://collect.example.net/p"><input type="text" name="card_number"></form>'
    assert scan(eml(html=outside))["CREDENTIAL_FORM"].score == DEFAULT_SCORES["CREDENTIAL_FORM"]
    search = '<form action="https://shop.example.net/search"><input type="text" name="q"></form>'
    assert scan(eml(html=search))["CREDENTIAL_FORM"].score == DEFAULT_SCORES["CREDENTIAL_FORM_EXTERNAL"]
    own = '<form action="https://www.partner.example/search"><input type="text" name="q"></form>'
    assert "CREDENTIAL_FORM" not in scan(eml(html=own))


# --- LOGIN_KEYWORDS ----------------------------------------------------------------------------


def test_login_phrases_with_a_link_fire_modestly() -> None:
    html = ("<p>Your password expires today. Unusual sign-in activity was detected. Verify your account "
            'within 24 hours.</p><a href="https://portal.example.net/">Keep password</a>')
    found = scan(eml(html=html))["LOGIN_KEYWORDS"]
    assert found.score == DEFAULT_SCORES["LOGIN_KEYWORDS_MAX"]
    assert "password expires" in found.description


def test_login_phrases_in_other_languages() -> None:
    html = ('<p>Ihr Passwort läuft ab. Bitte Konto bestätigen.</p><a href="https://portal.example.net/">Jetzt</a>')
    assert scan(eml(html=html))["LOGIN_KEYWORDS"].score == DEFAULT_SCORES["LOGIN_KEYWORDS_MAX"]


def test_login_phrases_without_links_do_not_fire() -> None:
    text = "Reminder: your password expires every 90 days. Never verify your account through a link."
    assert "LOGIN_KEYWORDS" not in scan(eml(text=text))
    plain = '<p>Our autumn collection is here.</p><a href="https://shop.example.org/">Shop</a>'
    assert "LOGIN_KEYWORDS" not in scan(eml(html=plain))


# --- URL kinds ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("href", "symbol", "key"), [
    ("https://bit.ly/3xYz", "URL_SHORTENER", "URL_SHORTENER"),
    ("http://93.184.215.14/login", "URL_IP_LITERAL", "URL_IP_LITERAL"),
    ("http://3405803781/login", "URL_IP_LITERAL", "URL_IP_LITERAL_OBFUSCATED"),
    ("http://192.168.10.20/scan", "URL_IP_LITERAL", "URL_IP_LITERAL_PRIVATE"),
    ("data:text/html;base64,PGgxPkxvZ2luPC9oMT4=", "URL_DATA_SCHEME", "URL_DATA_SCHEME"),
    ("https://we.tl/t-AbCdEf", "URL_FILE_SHARING", "URL_FILE_SHARING"),
    ("https://forms.gle/AbCdEf", "URL_FORM_HOSTING", "URL_FORM_HOSTING"),
    ("https://docs.google.com/forms/d/e/1FAIpQL/viewform", "URL_FORM_HOSTING", "URL_FORM_HOSTING"),
    ("https://login.microsoftonline.com@203.0.113.5.example.net/", "URL_USERINFO_TRICK", "URL_USERINFO_TRICK"),
    ("https://user:secret@files.example.net/", "URL_USERINFO_TRICK", "URL_USERINFO"),
])
def test_url_kinds_fire(href: str, symbol: str, key: str) -> None:
    found = scan(eml(html=f'<a href="{href}">Open</a><a href="{href}#2">Open again</a>'))
    assert found[symbol].score == DEFAULT_SCORES[key]
    assert "(and 1 more)" in found[symbol].description
    assert found[symbol].banner


def test_url_kinds_near_misses() -> None:
    html = ('<a href="https://notbit.ly.partner.example/">a</a>'
            '<a href="https://203.0.113.5.partner.example/">b</a>'
            '<img src="data:image/png;base64,iVBORw0KGgo=">'
            '<a href="https://docs.google.com/document/d/1x/edit">c</a>'
            '<a href="https://www.partner.example/contact@partner.example">d</a>'
            '<a href="mailto:sales@partner.example">e</a><a href="tel:+441234">f</a>'
            '<a href="paypal.html">g</a><a href="bit.ly.html">h</a>'
            "<p>Upgrade from version 1.2.3.4 today.</p>")
    assert scan(eml(html=html)) == {}


# --- authentication ----------------------------------------------------------------------------


def test_dmarc_fail_weighs_more_for_a_high_value_name() -> None:
    failed = ctx_auth(auth(dmarc="fail", spf="softfail"))
    plain = scan(eml("Bob <bob@partner.example>"), failed)
    assert plain["DMARC_FAIL"].score == DEFAULT_SCORES["DMARC_FAIL"]
    for sender in ("Payroll Department <payroll@partner.example>", "IT Support <it@partner.example>",
                   "Jane Smith <jane@partner.example>", "DocuSign <dse@partner.example>"):
        found = scan(eml(sender), failed)
        assert "DMARC_FAIL_HIGH_VALUE" in found and "DMARC_FAIL" not in found, sender
    assert "DMARC_FAIL" not in scan(eml("Bob <bob@partner.example>"), ctx_auth(auth(dmarc="none", spf="none")))


def test_spf_fail() -> None:
    assert scan(eml(), ctx_auth(auth(dmarc="none", spf="fail")))["SPF_FAIL"].score == DEFAULT_SCORES["SPF_FAIL"]
    assert "SPF_FAIL" not in scan(eml(), ctx_auth(auth(dmarc="none", spf="softfail")))


def test_auth_pass_when_the_visible_domain_is_authenticated() -> None:
    found = scan(eml("Alice <alice@mail.partner.example>"), ctx_auth(auth(domain="partner.example")))
    assert found["AUTH_PASS"].score < 0
    other = scan(eml("Alice <alice@partner.example>"), ctx_auth(auth(domain="elsewhere.example.net")))
    assert "AUTH_PASS" not in other
    # an authenticated lookalike proves only that the phisher owns the lookalike
    lookalike = scan(eml("PayPal <service@paypa1.com>"), ctx_auth(auth(domain="paypa1.com")))
    assert "AUTH_PASS" not in lookalike and "LOOKALIKE_SENDER" in lookalike
    # DMARC for gmail.com vouches for Google, not for whoever opened the mailbox
    free = scan(eml("Jane Smith <jane.smith1972@gmail.com>"), ctx_auth(auth(domain="gmail.com")))
    assert "AUTH_PASS" not in free


def test_auth_pass_for_a_brands_own_domain_weighs_more() -> None:
    # the classifier learned phishing from imitations of these notices: the real ones, proven by
    # DMARC, need the stronger counterweight
    real = scan(eml("PayPal <service@paypal.com>", text="You sent a payment of $25.00 to Jane."),
                ctx_auth(auth(domain="paypal.com")))["AUTH_PASS"]
    assert real.score == DEFAULT_SCORES["AUTH_PASS_BRAND"] < DEFAULT_SCORES["AUTH_PASS"]
    assert "paypal.com" in real.description and "brand" in real.description
    # an ordinary company, and the organisation itself, keep the ordinary weight
    partner = scan(eml("Alice <alice@partner.example>"), ctx_auth(auth(domain="partner.example")))["AUTH_PASS"]
    assert partner.score == DEFAULT_SCORES["AUTH_PASS"]
    own = scan(eml("Alice <alice@example.com>"), ctx_auth(auth(domain="example.com")))["AUTH_PASS"]
    assert own.score == DEFAULT_SCORES["AUTH_PASS"]
    # a brand's name without its authentication proves nothing
    failed = ctx_auth(auth(dmarc="fail", domain="paypal.com"))
    assert "AUTH_PASS" not in scan(eml("PayPal <service@paypal.com>"), failed)
    assert "AUTH_PASS" not in scan(eml("PayPal <service@paypal.com>"))


def test_unknown_context_adds_nothing() -> None:
    msg = eml("Alice <alice@example.com>", html='<a href="https://partner.example/">Our site</a>')
    assert scan(msg, NO_CONTEXT) == {}
    assert scan(msg, ScanContext(local_domains=LOCAL)) == {}


# --- whole messages ----------------------------------------------------------------------------

PHISH = eml(
    "Microsoft 365 <no-reply@micros0ft-support.com>",
    subject="Action required: your password expires today",
    html=("<p>Dear user,</p><p>Unusual sign-in activity was detected on your mailbox. Your password expires "
          "today. Verify your account within 24 hours to keep your current password.</p>"
          '<p><a href="https://micros0ft-support.com/owa/auth">https://login.microsoftonline.com/</a></p>'),
)


def test_credential_phish_reaches_quarantine_without_context() -> None:
    found = scan(PHISH, NO_CONTEXT)
    assert {"LOOKALIKE_SENDER", "LOOKALIKE_LINK", "LINK_TEXT_MISMATCH", "LOGIN_KEYWORDS"} <= set(found)
    verdict = Verdict.from_symbols(list(found.values()), Thresholds())
    assert verdict.score >= 10 and verdict.action in ("quarantine", "reject")
    assert any("micros0ft-support.com" in r and "microsoft.com" in r for r in verdict.banner_reasons())


def test_phish_link_behind_brand_text_and_words_alone_reaches_ten() -> None:
    raw = eml("Service <alerts@notices.example.net>", html=(
        "<p>We noticed unusual sign-in activity. Please verify your account.</p>"
        '<a href="https://paypal-login-verify.com/x">https://www.paypal.com/myaccount</a>'))
    assert total(raw, NO_CONTEXT) >= 10


LEGIT = {
    "newsletter": (eml(
        "Northwind Outfitters <news@northwind.example>", subject="Autumn sale: 30% off jackets",
        headers="Reply-To: Northwind Support <support@northwind-help.example>\r\n"
                "List-Unsubscribe: <https://northwind.example/unsubscribe?u=1>\r\n",
        html=("<p>Hi Bob, our autumn sale starts today.</p>"
              + "".join(f'<a href="https://northwind.us1.list-manage.com/track/click?u=1&id={i}">'
                        f"www.northwind.example/item{i}</a>" for i in range(40))
              + '<a href="https://bit.ly/nw-autumn">Watch the video</a>'
              '<a href="https://www.facebook.com/northwind">Facebook</a>'
              '<a href="https://www.linkedin.com/company/northwind">LinkedIn</a>'
              '<a href="https://forms.gle/nwSurvey">Take our 2-minute survey</a>'
              '<p>Security tip: we will never ask you to verify your account by email.</p>'
              '<a href="https://northwind.example/unsubscribe?u=1">Unsubscribe</a>')),
        ctx_auth(auth(domain="northwind.example"))),
    "password reset": (eml(
        "GitHub <noreply@github.com>", subject="[GitHub] Please reset your password",
        text=("We heard that you lost your GitHub password. Sorry about that!\n\nBut don't worry! You can use "
              "the following link to reset your password:\n\nhttps://github.com/password_reset/AbC123\n\n"
              "If you don't use this link within 3 hours, it will expire.\n\nThanks,\nThe GitHub Team")),
        ctx_auth(auth(domain="github.com"))),
    "microsoft unusual sign-in": (eml(
        "Microsoft account team <account-security-noreply@accountprotection.microsoft.com>",
        subject="Microsoft account unusual sign-in activity",
        html=("<p>We detected something unusual about a recent sign-in to the Microsoft account bo*****@example.com."
              " Unusual sign-in activity: Country/region: France.</p>"
              '<a href="https://account.live.com/activity">Review recent activity</a>'
              '<a href="https://go.microsoft.com/fwlink/?LinkID=1">Opt out</a>')),
        ctx_auth(auth(domain="accountprotection.microsoft.com"))),
    "calendar invite": (eml(
        "Alice Martin <alice@partner.example>", subject="Invitation: Quarterly review @ Tue 1 Dec 2026 10:00",
        headers="Sender: Google Calendar <calendar-notification@google.com>\r\n",
        html=("<p>Alice Martin has invited you to Quarterly review.</p>"
              '<a href="https://calendar.google.com/calendar/event?action=RESPOND&eid=x">Yes</a>'
              '<a href="https://meet.google.com/abc-defg-hij">meet.google.com/abc-defg-hij</a>'
              '<a href="https://calendar.google.com/calendar/">Google Calendar</a>')),
        INBOUND),
    "github notification": (eml(
        "Jane Doe <notifications@github.com>", subject="Re: [acme/widgets] Fix build on Python 3.12 (PR #42)",
        headers="Reply-To: acme/widgets <reply+ABCDEF@reply.github.com>\r\nList-ID: acme/widgets "
                "<widgets.acme.github.com>\r\n",
        html=("<p>@bob the change to setup.py looks right.</p>"
              '<a href="https://github.com/acme/widgets/pull/42#discussion_r1">setup.py</a>'
              '<a href="https://github.com/acme/widgets/blob/main/README.md">README.md</a>'
              '<a href="https://github.com/notifications/unsubscribe-auth/x">unsubscribe</a>')),
        ctx_auth(auth(domain="github.com"))),
    "mailing list post": (eml(
        "Bob Smith <bob.smith@gmail.com>", subject="[python-dev] Proposal: faster startup",
        headers="Reply-To: python-dev@lists.python.example\r\nList-Id: <python-dev.lists.python.example>\r\n"
                "List-Post: <mailto:python-dev@lists.python.example>\r\n",
        text=("Hi all,\n\nI measured startup on 3.12 (see https://gist.github.com/bob/123 and "
              "www.python.example/dev/peps/).\nThe interpreter spends 40% in imports.\n\n-- \nBob\n"
              "_______________________________________________\npython-dev mailing list\n"
              "https://lists.python.example/mailman/listinfo/python-dev\n")),
        INBOUND),
    "shipping notice": (eml(
        "DHL Express <noreply@dhl.com>", subject="Your parcel is on its way",
        html=("<p>Your shipment 1234567890 will be delivered tomorrow.</p>"
              '<a href="https://www.dhl.com/en/express/tracking.html?AWB=1234567890">Track your parcel</a>'
              '<a href="https://www.dhl.de/">dhl.de</a>')),
        ctx_auth(auth(domain="dhl.com"))),
    "shared document": (eml(
        "Alice via SharePoint Online <no-reply@sharepointonline.com>", subject="Alice shared 'Q4 plan' with you",
        html=("<p>Alice shared a document with you.</p>"
              '<a href="https://partner.sharepoint.com/:w:/s/team/EabC?e=1">Q4 plan.docx</a>')),
        ctx_auth(auth(domain="sharepointonline.com"))),
    "colleague, no context": (eml(
        "Alice <alice@example.com>", subject="Lunch?",
        text="Shall we try the new place at 12:30? Menu: https://bistro.example.org/menu"),
        NO_CONTEXT),
}


@pytest.mark.parametrize("name", sorted(LEGIT))
def test_legitimate_mail_stays_below_the_tag_threshold(name: str) -> None:
    raw, ctx = LEGIT[name]
    found = scan(raw, ctx)
    assert sum(s.score for s in found.values()) < 4.0, found


# --- hostile input and configuration -----------------------------------------------------------


@pytest.mark.parametrize("raw", [
    b"",
    b"\x00\xff\xfe garbage \r\n\r\n\x80\x81",
    b"From: \"\r\n\t=?utf-8?b?!!!?=\" <@@@>\r\nReply-To: <>, ,,\r\nSubject: x\r\n\r\nbody",
    b"From: x <a@[300.1.1.1]>\r\nContent-Type: text/html\r\n\r\n<a href='http://[::zz]/'>http://</a>"
    b"<a href='http://%00%0a/'>www.</a><a href='https:////'>https://a@b@c@</a><form action='javascript:x'>"
    b"<input type=password></form><a href=\"" + b"A" * 20000 + b"\">x</a>",
    b"From: \xe2\x80\xae moc.lapyap <x@xn--zz--.com>\r\nSubject: \x01\r\n\r\nhttp://0x/ http://4294967296/",
])
def test_hostile_messages_give_symbols_not_exceptions(raw: bytes) -> None:
    ctx = ScanContext(local_domains=LOCAL, mail_from="<>", auth=AuthSummary(dmarc="fail", spf="fail"))
    symbols = check_phishing(parse_message(raw), ctx, CFG)
    assert all(isinstance(s, Symbol) and s.description for s in symbols)


def test_config_validation_and_overrides() -> None:
    assert "paypal.com" in default_brands() and "microsoft.com" in PhishingConfig().brands
    with pytest.raises(ValidationError, match="unknown symbol"):
        PhishingConfig(scores={"NOT_A_SYMBOL": 1.0})
    with pytest.raises(ValidationError, match="not a domain"):
        PhishingConfig(brands=["not a domain"])
    with pytest.raises(ValidationError, match="too short"):
        PhishingConfig(executives=["J"])
    quiet = PhishingConfig(scores={"URL_SHORTENER": 0.25})
    assert scan(eml(text="https://bit.ly/x"), cfg=quiet)["URL_SHORTENER"].score == 0.25
    assert check_phishing(parse_message(PHISH), NO_CONTEXT, PhishingConfig(enabled=False)) == []


def test_custom_brand_with_names() -> None:
    cfg = PhishingConfig(brands=["acme-bank.example"], brand_names={"acme-bank.example": ["Acme Bank"]})
    found = scan(eml("Acme Bank Alerts <alerts@acme-bank-secure.example>"), NO_CONTEXT, cfg)
    assert {"LOOKALIKE_SENDER", "DISPLAY_NAME_IMPERSONATION"} <= set(found)
    assert scan(eml("Acme Bank <alerts@acme-bank.example>"), NO_CONTEXT, cfg) == {}
    # the bundled brands are replaced, not extended
    assert "LOOKALIKE_SENDER" not in scan(eml("x <x@paypa1.com>"), NO_CONTEXT, cfg)


_PIECES = st.sampled_from([
    "From: ", "Reply-To: ", "Sender: ", "List-Id: ", "\r\n", "\r\n\r\n", "<", ">", "@", '"', ",", "=?utf-8?b?", "?=",
    "paypal", "pаypal", ".com", "gmail.com", "example.com", "Jane Smith", "IT Support", "<a href='", "'>", "</a>",
    "<form action='", "<input type=password name=p>", "http://", "https://", "data:text/html,", "bit.ly/", "0x7f.1",
    "verify your account", "www.paypal.com", "Content-Type: text/html\r\n", "\x00", "\xff", " "])


@settings(max_examples=80, deadline=None, derandomize=True)
@given(pieces=st.lists(_PIECES, max_size=40))
def test_generated_messages_never_raise(pieces: list[str]) -> None:
    raw = "".join(pieces).encode("utf-8", "surrogateescape")
    ctx = ScanContext(local_domains=LOCAL, mail_from="".join(pieces[:3]), auth=AuthSummary(dmarc="fail", spf="fail"))
    for s in check_phishing(parse_message(raw), ctx, CFG):
        assert s.name in DEFAULT_SCORES
        assert "\n" not in s.description


# --- phrase search ----------------------------------------------------------------------------

SEARCH_PHRASES = ("verify your account", "verify now", "your account has been locked", "account has been",
                  "account has been locked", "sign-in", "a b", "b c", "a b c", " lead", "trail ", "x  y", "ça va")


def test_phrase_search_finds_what_substring_search_finds() -> None:
    search = _PhraseSearch(SEARCH_PHRASES)
    for text in ("please reverify your account now", "verify nowhere", "your account has been locked today",
                 "my account has been lockedx", "a b c d", "ab c", "xa b cx", " lead trail ", "x  y", "sign-in ça va",
                 "", "a", "verify your", "account has beenlocked"):
        assert search.found_in(text) == [p for p in SEARCH_PHRASES if p in text], text
    login = _words("login_phrases")
    text = "we noticed unusual sign-in activity: verify your account within 24 hours or your account will be closed"
    assert _PhraseSearch(login).found_in(text) == [p for p in login if p in text] != []


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["a", "b", "c", " ", "  ", "verify", "your", "account", "has", "been", "locked",
                                 "now", "re", "x", "y", "lead", "trail", "sign-in", "ça", "va"]), max_size=30))
def test_fuzz_phrase_search(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _PhraseSearch(SEARCH_PHRASES).found_in(text) == [p for p in SEARCH_PHRASES if p in text], text


# --- checks added after the blind set of 28 November 2026 ------------------------------------------

def test_a_hosted_page_link_that_carries_the_recipients_address() -> None:
    import base64
    b64 = base64.b64encode(b"bob@example.com").decode()
    for url in (f"https://view-doc.acme-share.workers.dev/?e={b64}",
                "https://pub-6f1e.r2.dev/Remit.html?em=bob@example.com",
                "https://hr-review.vercel.app/ack?user=bob%40example.com", f"https://docs-view.web.app/#{b64.rstrip('=')}"):
        found = scan(eml(text=f"Please review the shared statement: {url}"))["LINK_CARRIES_RECIPIENT"]
        assert found.score == DEFAULT_SCORES["LINK_CARRIES_RECIPIENT"] and "bob@example.com" in found.description
        assert "already knows your email address" in found.banner
    # found through the To field alone, as `relaywarden scan` sees a stored message
    assert "LINK_CARRIES_RECIPIENT" in scan(eml(text=f"Open: https://x.pages.dev/?e={b64}"), NO_CONTEXT)
    # a newsletter's own unsubscribe link with the address, someone else's address, a hosted page without one
    quiet = ["https://news.partner.example/unsubscribe?email=bob@example.com",
             f"https://x.workers.dev/?e={base64.b64encode(b'carol@other.example').decode()}",
             "https://x.workers.dev/?e=not-base64-at-all"]
    for url in quiet:
        assert "LINK_CARRIES_RECIPIENT" not in scan(eml(text=f"See {url}")), url


def test_brands_own_their_country_domains_and_brand_top_level_domains() -> None:
    text = "Your order has shipped. Track it in your account."
    for sender in ("Amazon.de <versandbestaetigung@amazon.de>", "PayPal <service@paypal.co.uk>",
                   "Amazon Web Services <no-reply@signin.aws>", "Colissimo <noreply@notif-colissimo-laposte.info>",
                   "HMRC <noreply@tax.service.gov.uk>"):
        assert "DISPLAY_NAME_IMPERSONATION" not in scan(eml(sender, text=text)), sender
    # a generic top-level domain is anyone's
    assert "DISPLAY_NAME_IMPERSONATION" in scan(eml("Amazon <orders@amazon-shipping.xyz>", text=text))
    assert "DISPLAY_NAME_IMPERSONATION" in scan(eml("PayPal <service@paypal.xyz>", text=text))


def test_a_brand_joined_to_any_words_with_hyphens_is_a_lookalike() -> None:
    for sender in ("DHL Paket <noreply@dhl-sendungsinfo.com>", "LinkedIn <inmail@linkedin-messaging.net>"):
        found = scan(eml(sender, text="Ihre Sendung wartet."))["LOOKALIKE_SENDER"]
        assert "joins other words" in found.description
    # ordinary words (apple), glued short names (dhlparcel) and the brands' own domains are not
    for sender in ("Bagels <orders@big-apple-bagels.com>", "Parcel <info@dhlparcel.nl>",
                   "PayPal <news@paypal-communication.com>", "Adobe Acrobat Sign <adobesign@adobesign.com>"):
        assert "LOOKALIKE_SENDER" not in scan(eml(sender, text="Hello")), sender


def test_links_that_download_programs_or_archives_from_other_sites() -> None:
    wp = scan(eml(text="Reconciliation: https://garden.example/wp-content/uploads/2026/04/docs/Q1.zip"))
    assert wp["URL_FILE_DOWNLOAD"].score == DEFAULT_SCORES["URL_FILE_DOWNLOAD_WORDPRESS"]
    program = scan(eml(text="Invoice viewer: https://cdn.files.example/dl/Invoice_2231.pdf.exe?dl=1"))
    assert program["URL_FILE_DOWNLOAD"].score == DEFAULT_SCORES["URL_FILE_DOWNLOAD_PROGRAM"]
    archive = scan(eml(text="Evidence: https://storage.files.example/o/Evidence.zip?alt=media"))
    assert archive["URL_FILE_DOWNLOAD"].score == DEFAULT_SCORES["URL_FILE_DOWNLOAD"]
    quiet = ["https://partner.example/releases/tool-2.1.zip",  # the sender's own site
             "https://cgi.ebay.com/ws/eBayISAPI.dll?ViewItem&item=1",  # a server handler
             "https://mirror.example.org/src/razor-agents-2.14.tar.gz",  # a source tarball
             "https://mail.vudu.example/jump/http://www.chyp.com"]  # a host name at the end of a path
    for url in quiet:
        assert "URL_FILE_DOWNLOAD" not in scan(eml(text=f"See {url}")), url


def test_a_bing_click_redirect_is_unwrapped_and_named() -> None:
    import base64
    target = "https://paypal.com.account-check.net/signin"
    encoded = base64.urlsafe_b64encode(target.encode()).decode().rstrip("=")
    url = f"https://www.bing.com/ck/a?!&&p=3f2a&ptn=3&u=a1{encoded}"
    found = scan(eml(html=f'<a href="{url}">INV-88213.pdf</a>'))
    assert found["URL_OPEN_REDIRECT"].score == DEFAULT_SCORES["URL_OPEN_REDIRECT"]
    assert "LOOKALIKE_LINK" in found  # the destination inside is judged too
    assert "URL_OPEN_REDIRECT" not in scan(eml(html='<a href="https://www.bing.com/search?q=relay">search</a>'))


def test_device_code_phishing() -> None:
    text = ("Because you're an external guest you need to authorise your device first: go to "
            "https://microsoft.com/devicelogin and enter the code: KQ7T-9MXB. It is valid for 15 minutes.")
    found = scan(eml("Elena <elena.m.2026@gmail.com>", text=text))["DEVICE_CODE_PHISHING"]
    assert "KQ7T-9MXB" in found.description and found.score == DEFAULT_SCORES["DEVICE_CODE_PHISHING"]
    assert "DEVICE_CODE_PHISHING" in scan(eml(text=text.replace("KQ7T-9MXB", "GQ8DL2N7P")))
    # instructions without a code, and the provider's own mail, are not
    assert "DEVICE_CODE_PHISHING" not in scan(eml(text="To pair the room display, go to microsoft.com/devicelogin "
                                                       "and type the code shown on its screen."))
    assert "DEVICE_CODE_PHISHING" not in scan(eml("Microsoft <account-security-noreply@microsoft.com>", text=text))


def test_gift_card_codes_and_tax_forms_from_free_mail_weigh_more() -> None:
    codes = ("Can you get 8 Apple gift cards, $200 each? Once you have them, scratch the back and send me "
             "clear pictures of the codes.")
    found = scan(eml("Dana <dana.w.exec@outlook.com>", text=codes))["BEC_PAYMENT_REQUEST"]
    assert found.score == DEFAULT_SCORES["BEC_GIFT_CARD_CODES"] and "'scratch the back'" in found.description
    w2 = "I need the 2025 W-2s for all staff (PDF is fine) for a review with our auditors this afternoon."
    found = scan(eml("Dana <dwhitfield.exec@proton.me>", text=w2))["BEC_PAYMENT_REQUEST"]
    assert found.score == DEFAULT_SCORES["BEC_TAX_FORMS"] and "employees' tax forms" in found.description
    # an employee sending their own W-2 to their accountant, and the same words from an accountable sender
    assert "BEC_PAYMENT_REQUEST" not in scan(eml("Sam <sam.lee.1990@gmail.com>", text="Attached is my W-2 for 2025."))
    assert "BEC_PAYMENT_REQUEST" not in scan(eml("Payroll <payroll@partner.example>", text=w2))


def test_brand_names_of_several_words_written_as_one_are_distinctive() -> None:
    found = scan(eml("Royal Mail <noreply@royalmail-redelivery.com>", text="Your parcel could not be delivered."))
    assert "it joins other words to the name royalmail" in found["LOOKALIKE_SENDER"].description
    assert "LOOKALIKE_SENDER" not in scan(eml("Studio <hello@zoom-photography.example>", text="Your prints are ready."))


def test_the_recipients_address_in_a_links_fragment_on_any_other_site() -> None:
    import base64
    b64 = base64.b64encode(b"bob@example.com").decode()
    found = scan(eml(html=f'<a href="https://docs-secure-review.top/Ks9wQ/?cf=1#{b64}">Open</a>'))
    assert "LINK_CARRIES_RECIPIENT" in found and "docs-secure-review.top" in found["LINK_CARRIES_RECIPIENT"].description
    # the sender's own site, and an address in an ordinary site's query, do not count
    own = eml("Portal <noreply@partner.example>", html=f'<a href="https://login.partner.example/#{b64}">Sign in</a>')
    assert "LINK_CARRIES_RECIPIENT" not in scan(own)
    assert "LINK_CARRIES_RECIPIENT" not in scan(eml(text=f"See https://news.other.example/view?e={b64}"))


def test_a_data_link_page_with_a_password_form_is_a_credential_form() -> None:
    import base64
    page = (b'<html><body><form action="https://owa-verify.example.top/p.php" method="post">'
            b'<input type="email" name="u"><input type="password" name="p"></form></body></html>')
    href = "data:text/html;base64," + base64.b64encode(page).decode()
    found = scan(eml(html=f'<a href="{href}">Keep Same Password</a>'))
    assert "URL_DATA_SCHEME" in found and "owa-verify.example.top" in found["CREDENTIAL_FORM"].description
    plain = "data:text/html,%3Cp%3EHello%3C%2Fp%3E"
    assert "CREDENTIAL_FORM" not in scan(eml(html=f'<a href="{plain}">hello</a>'))


def test_platforms_mailing_for_the_organisation_may_show_its_name() -> None:
    text = "Order #4718 placed by Ellen Achterberg."
    assert "DISPLAY_NAME_IMPERSONATION" not in scan(eml("Example Corp Store <mailer@shopify.com>", text=text))
    assert "DISPLAY_NAME_IMPERSONATION" in scan(eml("Example Corp Store <orders@examplecorp-shop.top>", text=text))
    # a brand's or an executive's name is still judged on a platform
    assert "DISPLAY_NAME_IMPERSONATION" in scan(eml("Jane Smith <jane@shopify.com>", text=text))


def test_tax_authorities_are_protected_brands() -> None:
    found = scan(eml("ELSTER Finanzamt <benachrichtigung@elster-portal-de.com>", text="Ihre Steuererstattung"))
    assert "elster.de" in found["LOOKALIKE_SENDER"].description
    assert "DISPLAY_NAME_IMPERSONATION" in scan(eml("impots.gouv.fr <ne-pas-repondre@dgfip-info.example>",
                                                    text="Remboursement d'impôt"))


def test_domains_built_to_be_misread_whoever_they_imitate() -> None:
    mixed = "n\u043erthbank".encode("idna").decode() + ".example"  # Latin with a Cyrillic o
    found = scan(eml(html=f'<a href="https://{mixed}/login">Log in</a>'))["DISGUISED_DOMAIN"]
    assert "mixes Latin with look-alike Cyrillic letters" in found.description
    found = scan(eml(html='<a href="https://northbank.com.update-user7256.info/">Log in</a>'))["DISGUISED_DOMAIN"]
    assert "starts with the name northbank.com but belongs to update-user7256.info" in found.description
    assert "DISGUISED_DOMAIN" in scan(eml("Bank <alerts@northbank.com.secure-mail.info>", text="Hello"))
    # department and service host names, and an all-Cyrillic name, are not disguises
    for host in ("student.cs.ucc.ie", "exchange.ie.ml.com", "photos.app.goo.gl", "citeseer.nj.nec.com",
                 "mail.de.example.com", "xn--80ak6aa92e.com"):
        assert "DISGUISED_DOMAIN" not in scan(eml(html=f'<a href="https://{host}/x">x</a>')), host


def test_an_archive_link_with_its_password_in_the_text() -> None:
    text = "Die Unterlagen: https://files.partner-ag.example/d/Unterlagen.zip Passwort: 2027"
    found = scan(eml(text=text))["URL_FILE_DOWNLOAD"]
    assert found.score == DEFAULT_SCORES["URL_FILE_DOWNLOAD_LOCKED"] and "gives its password" in found.banner
    # a hacked site is often the hacked mailbox's own: WordPress archives count from the sender too
    own = eml("Regula <r.baumann@partner.example>",
              text="Anbei: https://partner.example/wp-content/uploads/2026/11/Unterlagen.zip")
    assert scan(own)["URL_FILE_DOWNLOAD"].score == DEFAULT_SCORES["URL_FILE_DOWNLOAD_WORDPRESS"]
    assert "URL_FILE_DOWNLOAD" not in scan(eml("Regula <r.baumann@partner.example>",
                                               text="Catalogue: https://partner.example/files/catalogue.zip"))


def test_protected_domains_whose_name_is_a_common_word() -> None:
    # post.ch is Swiss Post's; post.com and post-it.com are someone else's
    for sender in ("News <hello@post.com>", "Team <team@post-it.com>", "Sec <a@securityadmin.example>"):
        assert "LOOKALIKE_SENDER" not in scan(eml(sender, text="Hello")), sender
    assert "LOOKALIKE_SENDER" in scan(eml("Die Post <info@swisspost-zustellservice.com>", text="Zollgebühr"))
    assert "DISPLAY_NAME_IMPERSONATION" not in scan(eml("Die Post <noreply@post.ch>", text="Ihre Sendung"))


def test_doubleclick_redirects_and_other_device_code_shapes() -> None:
    url = "https://adclick.g.doubleclick.net/pcs/click?xai=AKAO&adurl=https://paypal.com.account-check.net/signin"
    found = scan(eml(html=f'<a href="{url}">Increase storage</a>'))
    assert "URL_OPEN_REDIRECT" in found and "LOOKALIKE_LINK" in found
    text = "Go to https://microsoft.com/devicelogin and enter the code: GH7K2-QXP9M within 15 minutes."
    assert "DEVICE_CODE_PHISHING" in scan(eml("Erik <erik.h.1970@outlook.com>", text=text))


def test_nordic_brands_and_a_common_word_among_them() -> None:
    found = scan(eml("BankID <varsel@bankid-fornyelse.com>", text="Ditt BankID utløper. Forny her."))
    assert "bankid.no" in found["LOOKALIKE_SENDER"].description
    # bring.no is Posten's; bring-it-on.example is not its imitation
    assert "LOOKALIKE_SENDER" not in scan(eml("Shop <hello@bring-it-on.example>", text="New arrivals"))


def test_secure_message_and_file_transfer_services_are_protected() -> None:
    for sender, brand in (("Proofpoint Encryption <secure@proofpoint-securemail.net>", "proofpoint.com"),
                          ("WeTransfer <noreply@wetransfer-files.com>", "wetransfer.com")):
        found = scan(eml(sender, text="You have received a secure message."))
        assert brand in found["LOOKALIKE_SENDER"].description, sender
    assert "DISPLAY_NAME_IMPERSONATION" not in scan(eml("WeTransfer <noreply@wetransfer.com>", text="Files sent"))


def test_a_malformed_data_link_page_is_still_a_data_link() -> None:
    for href in ("data:text/html;base64,%%%not*base64!!!", "data:text/html;base64,PGZvcm0", "data:text/html;base64"):
        found = scan(eml(html=f'<a href="{href}">Open</a>'))
        assert "URL_DATA_SCHEME" in found and "CREDENTIAL_FORM" not in found, href
