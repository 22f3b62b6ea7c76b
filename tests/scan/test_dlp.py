"""Outbound data-loss checks on crafted messages: cards, IBANs, keys, tokens, user patterns."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest
from pydantic import ValidationError

from relaywarden.scan.context import ScanContext
from relaywarden.scan.dlp import (
    DLPConfig,
    DLPPattern,
    card_brand,
    check_dlp,
    find_cards,
    find_credentials,
    find_ibans,
    find_private_keys,
    iban_ok,
    luhn_ok,
    nested_unbounded_quantifier,
    office_text,
)
from relaywarden.scan.message import Address, Attachment, ParsedMessage
from relaywarden.scan.mime import parse_message
from relaywarden.scan.verdict import Symbol, Thresholds, Verdict

OUT = ScanContext(direction="outbound", mail_from="alice@example.com", rcpt_to=("bob@partner.test",),
                  auth_user="alice", local_domains=("example.com",))
IN = ScanContext(direction="inbound", mail_from="bob@partner.test", rcpt_to=("alice@example.com",),
                 local_domains=("example.com",))

VISA = "4539 5787 6362 1486"  # Luhn-valid, brand prefix and length of Visa
MASTERCARD = "5425233430109903"
AMEX = "3714-496353-98431"

RSA_KEY = """-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun
VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK
-----END RSA PRIVATE KEY-----
"""
OPENSSH_KEY = """-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACDxYbU1wYV9kSxH2R6Zl5pUkqAaVSUbqtNn1rl7JY0AAQAAAJgAAAAAAAAA
-----END OPENSSH PRIVATE KEY-----
"""
PGP_KEY = """-----BEGIN PGP PRIVATE KEY BLOCK-----

lQVYBGV1c2VyAQwAxB5u8n1OeM1lZmI9bXN4Y2u0aVd3cUZhQk9wZ2ZkY2xhc3Nl
=abcd
-----END PGP PRIVATE KEY BLOCK-----
"""
GITHUB = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
AWS_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def message(text: str = "", *, subject: str = "hello", html_text: str = "",
            attachments: list[Attachment] | None = None) -> ParsedMessage:
    return ParsedMessage(headers=[("From", "Alice <alice@example.com>"), ("Subject", subject)],
                         from_=Address("Alice", "alice@example.com"), from_count=1, reply_to=(), sender=None,
                         subject=subject, text=text, html="", html_text=html_text, links=[], forms=[],
                         attachments=attachments or [], html_scripts=0, raw_size=len(text), part_count=1,
                         max_depth=1)


def names(symbols: list[Symbol]) -> list[str]:
    return [s.name for s in symbols]


def by_name(symbols: list[Symbol], name: str) -> Symbol:
    return next(s for s in symbols if s.name == name)


# --- payment cards -------------------------------------------------------------------------

@pytest.mark.parametrize(("number", "brand"), [
    ("4539578763621486", "Visa"), ("5425233430109903", "Mastercard"), ("2223000048410010", "Mastercard"),
    ("371449635398431", "American Express"), ("6011000990139424", "Discover"), ("3566002020360505", "JCB"),
])
def test_valid_cards_are_recognised_with_their_brand(number: str, brand: str) -> None:
    assert luhn_ok(number)
    assert card_brand(number) == brand
    assert find_cards(f"number: {number}.") == {number: brand}


def test_luhn_failures_and_unknown_brands_are_not_cards() -> None:
    assert not luhn_ok("4539578763621487")
    assert find_cards("card 4539 5787 6362 1487") == {}  # one digit off: checksum fails
    assert find_cards("ref 9539578763621485") == {}  # Luhn-valid but no brand starts with 9
    assert card_brand("453957876362148") is None  # Visa prefix, wrong length


@pytest.mark.parametrize("number", ["4444444444444448", "4111111111111111", "4567890123456783"])
def test_obvious_non_cards_are_ignored(number: str) -> None:
    # Luhn-valid with a Visa prefix, but one repeated digit, a test number or a sequence.
    assert luhn_ok(number) and card_brand(number) == "Visa"
    assert find_cards(f"order {number}") == {}


def test_card_inside_a_longer_number_is_ignored() -> None:
    assert find_cards("tracking 45395787636214861234, phone +1 555 0100") == {}


def test_cards_in_body_are_quarantined_with_masked_evidence() -> None:
    syms = check_dlp(message(f"Please charge {VISA} and {AMEX} today."), OUT, DLPConfig())
    assert names(syms) == ["DLP_PAYMENT_CARD"]
    s = syms[0]
    assert s.force == "quarantine"
    assert "2 payment card numbers" in s.description
    assert "**** **** **** 1486" in s.description and "8431" in s.description
    assert "4539" not in s.description and "5787" not in s.description
    assert Verdict.from_symbols(syms, Thresholds()).action == "quarantine"


def test_card_min_matches_counts_distinct_numbers() -> None:
    cfg = DLPConfig(payment_cards_min_matches=2)
    assert check_dlp(message(f"{VISA} again {VISA}"), OUT, cfg) == []
    assert names(check_dlp(message(f"{VISA} and {MASTERCARD}"), OUT, cfg)) == ["DLP_PAYMENT_CARD"]


# --- IBANs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("iban", [
    "DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606",
    "NL91ABNA0417164300", "BE68539007547034", "NO9386011117947", "CH9300762011623852957",
    "ES9121000418450200051332", "IT60X0542811101000000123456",
])
def test_valid_ibans_of_several_countries(iban: str) -> None:
    assert iban_ok(iban)
    assert find_ibans(f"IBAN: {iban}") == {iban}
    spaced = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    assert find_ibans(f"IBAN {spaced}, thanks") == {iban}


@pytest.mark.parametrize("iban", [
    "DE89370400440532013001",  # last digit changed: mod-97 fails
    "GB82WEST12345698765433",
    "FR1420041010050500013M02607",
    "NL92ABNA0417164300",  # check digits changed
    "DE8937040044053201300",  # one character short for Germany
    "ZZ89370400440532013000",  # no such country
])
def test_bad_ibans_are_rejected(iban: str) -> None:
    assert not iban_ok(iban)
    assert find_ibans(f"IBAN: {iban}") == set()


def test_printed_iban_running_into_the_next_word_is_still_found() -> None:
    assert find_ibans("BE68 5390 0754 7034 DATE 2024") == {"BE68539007547034"}
    assert find_ibans("DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX") == {"DE89370400440532013000"}


def test_iban_default_policy_requires_tls() -> None:
    syms = check_dlp(message("Pay to DE89 3704 0044 0532 0130 00 please"), OUT, DLPConfig())
    assert names(syms) == ["DLP_IBAN", "DLP_REQUIRE_TLS"]
    assert all(s.force is None for s in syms)
    assert "DE** **** **** **** **30 00" in syms[0].description
    assert "3704" not in syms[0].description
    assert "DLP_IBAN" in syms[1].description
    assert Verdict.from_symbols(syms, Thresholds()).action == "accept"


# --- keys and credentials ------------------------------------------------------------------

def test_private_keys_of_each_kind_are_found() -> None:
    assert find_private_keys(RSA_KEY) == ["RSA PRIVATE KEY"]
    assert find_private_keys(OPENSSH_KEY) == ["OPENSSH PRIVATE KEY"]
    assert find_private_keys(PGP_KEY) == ["PGP PRIVATE KEY BLOCK"]
    putty = "PuTTY-User-Key-File-3: ssh-ed25519\nPublic-Lines: 2\n" + "QUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSUNoYXZl" * 2
    assert find_private_keys(putty) == ["PuTTY private key"]


def test_a_key_header_quoted_without_key_material_is_not_a_key() -> None:
    assert find_private_keys("Your file must start with -----BEGIN PRIVATE KEY----- and end with the footer.") == []
    assert find_private_keys("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1L\n") == []


def test_private_key_in_attachment_is_blocked_without_showing_it() -> None:
    att = Attachment(filename="id_rsa", content_type="application/octet-stream", size=len(RSA_KEY),
                     data=RSA_KEY.encode())
    syms = check_dlp(message("here is the server key", attachments=[att]), OUT, DLPConfig())
    assert names(syms) == ["DLP_PRIVATE_KEY"]
    assert syms[0].force == "reject"
    assert 'attachment "id_rsa"' in syms[0].description
    assert "MIIEow" not in syms[0].description
    assert Verdict.from_symbols(syms, Thresholds()).action == "reject"


def test_tokens_are_found_and_masked() -> None:
    slack = "xoxb-" + "123456789012-1234567890123-" + "AbCdEfGhIjKlMnOpQrStUvWx"
    google = "AIza" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"
    stripe = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    found = find_credentials(f"token={GITHUB}\nslack {slack}\nkey: {google}\n{stripe}")
    assert set(found) == {GITHUB, slack, google, stripe}
    described = " ".join(found.values())
    for secret in (GITHUB, slack, google, stripe):
        assert secret not in described
    assert "GitHub token ghp_… (40 characters)" in described


def test_aws_key_id_needs_its_secret_nearby() -> None:
    assert find_credentials(f"the key id is {AWS_ID}") == {}  # an id alone is not a secret
    found = find_credentials(f"aws_access_key_id = {AWS_ID}\naws_secret_access_key = {AWS_SECRET}\n")
    assert AWS_ID in found and AWS_SECRET in found
    assert AWS_SECRET not in " ".join(found.values())


def test_near_misses_are_not_credentials() -> None:
    text = ("ghp_short, xoxb-notatoken, AIza too short, sk_test_4eC39HqLyjWDarjtT1zdp7dc (a test key), "
            "AKIA in prose, password: hunter2")
    assert find_credentials(text) == {}


def test_credentials_in_html_and_subject_are_scanned() -> None:
    syms = check_dlp(message("", subject=f"token {GITHUB}", html_text="nothing here"), OUT, DLPConfig())
    assert names(syms) == ["DLP_CREDENTIAL"]
    assert "the subject" in syms[0].description and syms[0].force == "quarantine"
    syms = check_dlp(message("", html_text=f"use {GITHUB}"), OUT, DLPConfig(credentials="tag"))
    assert syms[0].force == "tag" and "the HTML body" in syms[0].description


# --- user patterns -------------------------------------------------------------------------

def test_user_pattern_with_min_matches() -> None:
    cfg = DLPConfig(patterns=[DLPPattern(name="us_ssn", regex=r"\b\d{3}-\d{2}-\d{4}\b", policy="block",
                                         min_matches=2)])
    assert check_dlp(message("my SSN is 123-45-6789"), OUT, cfg) == []
    syms = check_dlp(message("123-45-6789\n987-65-4321\n123-45-6789"), OUT, cfg)
    assert names(syms) == ["DLP_PATTERN_US_SSN"]
    s = syms[0]
    assert s.force == "reject" and "2 matches of pattern US_SSN" in s.description
    assert "***-**-*789" in s.description and "123-45-6789" not in s.description


def test_user_pattern_requiring_tls_adds_the_tls_symbol() -> None:
    cfg = DLPConfig(patterns=[DLPPattern(name="NIR", regex=r"\b[12]\d{12}\b", policy="require_tls")])
    syms = check_dlp(message("numéro 1850578006084"), OUT, cfg)
    assert names(syms) == ["DLP_PATTERN_NIR", "DLP_REQUIRE_TLS"]


@pytest.mark.parametrize("regex", ["(", "(a+)+$", r"(\d*-)*x", r"([a-z]+\s?){2,}", "x*", "a" * 1001])
def test_bad_user_patterns_are_config_errors(regex: str) -> None:
    with pytest.raises(ValidationError) as exc:
        DLPConfig(patterns=[{"name": "bad", "regex": regex}])
    assert "regex" in str(exc.value)


def test_pattern_names_are_checked() -> None:
    with pytest.raises(ValidationError):
        DLPPattern(name="bad name!", regex=r"\d{4}")
    with pytest.raises(ValidationError):
        DLPConfig(patterns=[DLPPattern(name="id", regex=r"\d{4}"), DLPPattern(name="ID", regex=r"\d{5}")])
    with pytest.raises(ValidationError):
        DLPPattern(name="x", regex=r"\d{4}", policy="delete")


def test_nested_quantifier_detector_allows_bounded_shapes() -> None:
    assert not nested_unbounded_quantifier(r"(\d{3}-){2}\d{4}")
    assert not nested_unbounded_quantifier(r"[(+)]+\d+")
    assert not nested_unbounded_quantifier(r"\(\d+\)+")
    assert nested_unbounded_quantifier(r"(?:a|b+)*")


# --- scope and bounds ----------------------------------------------------------------------

def test_inbound_mail_is_not_checked() -> None:
    assert check_dlp(message(f"{VISA}\n{RSA_KEY}\n{GITHUB}"), IN, DLPConfig()) == []


def test_disabled_checks_nothing() -> None:
    assert check_dlp(message(f"{VISA}\n{RSA_KEY}"), OUT, DLPConfig(enabled=False)) == []


def test_binary_attachments_are_skipped_and_text_ones_scanned() -> None:
    binary = Attachment(filename="photo.jpg", content_type="image/jpeg", size=20,
                        data=b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + VISA.encode())
    csv = Attachment(filename="export.csv", content_type="text/csv", size=40,
                     data=f"name,card\nBob,{MASTERCARD}\n".encode())
    syms = check_dlp(message("see attached", attachments=[binary]), OUT, DLPConfig())
    assert syms == []
    syms = check_dlp(message("see attached", attachments=[binary, csv]), OUT, DLPConfig())
    assert names(syms) == ["DLP_PAYMENT_CARD"] and 'attachment "export.csv"' in syms[0].description


def test_big_input_is_bounded() -> None:
    cfg = DLPConfig(max_scan_chars=10_000)
    filler = "x " * 20_000
    # The card sits beyond the scanned budget: not seen, and the scan ends quickly.
    assert check_dlp(message(filler + VISA), OUT, cfg) == []
    assert names(check_dlp(message(VISA + filler), OUT, cfg)) == ["DLP_PAYMENT_CARD"]


def test_hostile_text_gives_a_result_not_an_exception() -> None:
    cfg = DLPConfig(patterns=[DLPPattern(name="ID", regex=r"\d{3}\s*\d{3}\s*\d{3}")])
    garbage = ("\x00\ud7ff" + "9" * 5000 + " -" * 3000 + "-----BEGIN PRIVATE KEY-----" * 50 + "AKIA" * 500 + "\n") * 20
    att = Attachment(filename="x.txt", content_type="text/plain", size=6, data=b"\xff\xfe\x00garbage\xc3")
    syms = check_dlp(message(garbage, attachments=[att]), OUT, cfg)
    assert all(s.name.startswith("DLP_") for s in syms)
    assert "DLP_PAYMENT_CARD" not in names(syms)


# --- end to end: raw messages through the MIME parser -------------------------------------------

def raw_message(*parts: str) -> bytes:
    body = "".join(f"--BOUNDARY\r\n{p}\r\n" for p in parts)
    return ("From: Alice <alice@example.com>\r\nTo: bob@partner.test\r\nSubject: files\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=BOUNDARY\r\n\r\n"
            f"{body}--BOUNDARY--\r\n").encode()


def test_raw_message_with_encoded_parts_and_a_zipped_export() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("export/cards.csv", f"name,card\nBob,{MASTERCARD}\n")
    zipped = base64.encodebytes(buf.getvalue()).decode()
    key = base64.encodebytes(OPENSSH_KEY.encode()).decode()
    raw = raw_message(
        "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        "<p>Our IBAN: <b>GB82 WEST 1234 5698 7654 32</b></p>=\r\n<p>Regards</p>",
        f"Content-Type: application/zip; name=data.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n{zipped}",
        f"Content-Type: application/octet-stream; name=deploy_key\r\nContent-Transfer-Encoding: base64\r\n\r\n{key}",
    )
    msg = parse_message(raw)
    syms = check_dlp(msg, OUT, DLPConfig(ibans="tag"))
    assert names(syms) == ["DLP_PAYMENT_CARD", "DLP_IBAN", "DLP_PRIVATE_KEY"]
    assert 'export/cards.csv"' in by_name(syms, "DLP_PAYMENT_CARD").description
    assert "the HTML body" in by_name(syms, "DLP_IBAN").description
    assert 'attachment "deploy_key"' in by_name(syms, "DLP_PRIVATE_KEY").description
    assert Verdict.from_symbols(syms, Thresholds()).action == "reject"


def test_raw_garbage_gives_a_clear_empty_result() -> None:
    for raw in (b"", b"\x00\xff" * 5000, b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n" * 300):
        assert check_dlp(parse_message(raw), OUT, DLPConfig()) == []


def office_file(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buf.getvalue()


def test_office_documents_are_read_for_their_text() -> None:
    docx = office_file({"[Content_Types].xml": "<Types/>",
                        "word/document.xml": "<w:document><w:body><w:p><w:r><w:t>Card</w:t></w:r></w:p><w:p><w:r>"
                                             "<w:t>5425 2334 </w:t></w:r><w:r><w:t>3010 9903</w:t></w:r></w:p>"
                                             "<w:p><w:r><w:t>Tom &amp; Jerry</w:t></w:r></w:p></w:body></w:document>"})
    assert office_text(docx, 100_000).split("\n")[:3] == ["Card", "5425 2334 3010 9903", "Tom & Jerry"]
    xlsx = office_file({"xl/sharedStrings.xml": "<sst><si><t>DE89370400440532013000</t></si><si><t>x</t></si></sst>",
                        "xl/media/image1.png": "\x89PNG not text"})
    raw = raw_message("Content-Type: text/plain\r\n\r\nsee attached",
                      "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; "
                      f"name=a.docx\r\nContent-Transfer-Encoding: base64\r\n\r\n{base64.encodebytes(docx).decode()}",
                      "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; "
                      f"name=b.xlsx\r\nContent-Transfer-Encoding: base64\r\n\r\n{base64.encodebytes(xlsx).decode()}")
    syms = check_dlp(parse_message(raw), OUT, DLPConfig())
    assert 'attachment "a.docx"' in by_name(syms, "DLP_PAYMENT_CARD").description
    assert 'attachment "b.xlsx"' in by_name(syms, "DLP_IBAN").description


def test_office_text_is_bounded_and_survives_broken_archives() -> None:
    big = office_file({"word/document.xml": "<w:p>" + "A" * 3_000_000 + "</w:p>"})
    assert len(office_text(big, 10_000)) <= 10_000
    assert office_text(big[: len(big) // 2], 10_000) == ""
    assert office_text(b"PK\x03\x04garbage", 10_000) == ""
    assert office_text(b"not a zip", 10_000) == ""


def test_user_patterns_see_all_of_a_long_line() -> None:
    cfg = DLPConfig(patterns=[DLPPattern(name="ssn", regex=r"\b\d{3}-\d{2}-\d{4}\b")])
    for offset in (0, 395, 398, 10_000, 49_990):  # window edges (every 400 characters) and far along
        line = "x" * offset + " 123-45-6789 " + "y" * (50_000 - offset)
        syms = check_dlp(message("", html_text=line), OUT, cfg)
        assert names(syms) == ["DLP_PATTERN_SSN"], offset


def test_user_patterns_stop_at_their_time_budget_and_say_so() -> None:
    cfg = DLPConfig(patterns=[DLPPattern(name="ssn", regex=r"\b\d{3}-\d{2}-\d{4}\b")], pattern_time_budget=0)
    syms = check_dlp(message(f"123-45-6789 and {VISA}"), OUT, cfg)
    assert names(syms) == ["DLP_PAYMENT_CARD", "DLP_SCAN_INCOMPLETE"]
    assert "SSN" in syms[1].description and syms[1].force is None
