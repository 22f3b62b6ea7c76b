"""scan.features: the cheaper paths give exactly what the general ones give."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from relaywarden.scan import features
from relaywarden.scan.features import _ascii_tokens, _tokens, words
from relaywarden.scan.message import ParsedMessage

ASCII_TEXTS = [
    "", "Hello World", "Don't stop: it's 100% FREE!!! $$$ 1,000,000 dollars", "a'b'c'd ''x'' 'quoted' x' 'y",
    "Visit HTTP://Example.COM/Path?x=1 or WWW.Example.org now", "mail John.Doe+x@Example.CO.UK, or a@b",
    "snake_case_words __init__ x_1", "tabs\tand\x1cfile\x1dseparators\x0bvt", "$5 $ $x x$y a$'b",
    "https://a.example/x@y.example z@w.example", "www.", "://", "@@@ @x.y a@b.c.", "A'B 9'9 'S",
    "007 0 00 1-2-3 x0y 100000 9.99 a00b 0'0 '0' 20$ $20", "rock'n'roll ''' a' 'b it's $$ 5$x a$'b a'$b",
]
_PIECES = st.sampled_from(["a", "Z", "0", "42", "'", "$", "_", " ", "\n", "\x1c", ".", "@", "-", "+", "http://",
                           "HTTPS://", "www.", "WWW.", "x.example", "/", ":", "!", "é"])


def test_ascii_tokens_are_the_general_tokens() -> None:
    for text in ASCII_TEXTS:
        assert _ascii_tokens(text) == _tokens(text), text


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_PIECES, max_size=40))
def test_fuzz_ascii_tokens_are_the_general_tokens(pieces: list[str]) -> None:
    text = "".join(pieces)
    if text.isascii():
        assert _ascii_tokens(text) == _tokens(text)


def test_words_normalise_urls_addresses_digits_and_brands() -> None:
    assert words("Verify your PayPal account at https://x.example/a now: 24 hours, write to bob@x.example") == [
        "verify", "your", "<brand>", "account", "at", "urltoken", "now", "0", "hours", "write", "to", "emailtoken"]


MARKUP = [
    '<p style="DISPLAY : none">x</p><IMG SRC="https://x.example/a.png"><img\nsrc=cid:1><imgx>', "<IFRAME src=x>",
    "<span style='di\u017fplay:none'>", "<FONT size=0>tiny</font><font\tSIZE='1'>", "<FRAME>",
    "<p>plain</p>", "", "<frame>", "<iframes>", "<img", "<\u0130frame>", "<ıframe>",
]


def test_iframe_search_is_what_the_case_insensitive_pattern_finds() -> None:
    for markup in MARKUP:
        assert features._has_iframe(markup) == (features._IFRAME.search(markup) is not None), markup


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["<img", "<IMG", "<iframe", "<IFRAME", "<FRAME", "<frame", "<i", "frame", " ",
                                 ">", "\u0130", "\u017f", "x", "\n"]), max_size=40))
def test_fuzz_iframe_search(pieces: list[str]) -> None:
    markup = "".join(pieces)
    assert features._has_iframe(markup) == (features._IFRAME.search(markup) is not None), markup


def test_bucket_array_is_term_buckets_in_order() -> None:
    body = ["click", "here", "0", "click", "here", "now", "\ud800lone"]
    for subject, words_ in ((["hi"], body), ([], body), (["a", "b", "a"], []), ([], []), (["x"], ["y"])):
        terms = features.TextTerms(subject=subject, body=words_)
        for bits in (8, features.HASH_BITS):
            assert (features._term_bucket_array(terms, bits).tolist()
                    == features.term_buckets(terms, bits).tolist()), (subject, words_)


def test_text_columns_are_the_counted_term_buckets() -> None:
    body = ["click", "here", "0", "click", "here", "now", "\ud800lone"]
    for subject, words_ in ((["hi"], body), ([], body), (["a", "b", "a"], []), ([], []), (["x"], ["y"]),
                            (["urgent", "urgent"], ["urgent"])):
        terms = features.TextTerms(subject=subject, body=words_)
        for bits in (8, features.HASH_BITS):
            cols, counts = features._text_columns(terms, bits)
            ref_cols, ref_counts = features._counted(features.term_buckets(terms, bits))
            assert (cols.tolist(), counts.tolist()) == (ref_cols.tolist(), ref_counts.tolist()), (subject, words_)


def test_body_start_is_the_start_of_body_text() -> None:
    for text, html_text in (("", ""), ("plain", ""), ("", "visible"), ("plain", "visible"), ("p" * 10, "h" * 10)):
        msg = ParsedMessage(headers=[], from_=None, from_count=0, reply_to=(), sender=None, subject="", text=text,
                            html="", html_text=html_text, links=[], forms=[], attachments=[], html_scripts=0,
                            raw_size=0, part_count=1, max_depth=0)
        for chars in range(0, 25):
            assert msg.body_start(chars) == msg.body_text[:chars], (text, html_text, chars)


def test_pair_hashes_are_the_plain_expression() -> None:
    uni = np.array([0, 1, 0xFFFFFFFF, 0x9E3779B1, 12345678901, 2**63 + 5], dtype=np.uint64)
    mixed = (uni[:-1] * np.uint64(0x9E3779B1) + (uni[1:] ^ np.uint64(0x7F4A7C15))) & np.uint64(0xFFFFFFFF)
    assert features._pair_hashes(uni).tolist() == (mixed ^ (mixed >> np.uint64(15))).tolist()
    assert features._pair_hashes(uni[:1]).tolist() == []
