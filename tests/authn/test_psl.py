"""The official Public Suffix List test vectors (test_psl.txt), against the copied list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relaywarden.authn.psl import PSLError, PublicSuffixList

DATA = Path(__file__).resolve().parent.parent / "data" / "psl"
_CHECK = re.compile(r"^checkPublicSuffix\((null|'[^']*'), (null|'[^']*')\);$")


def _arg(text: str) -> str | None:
    return None if text == "null" else text[1:-1]


def _vectors() -> list[tuple[str | None, str | None]]:
    vectors = []
    for line in (DATA / "test_psl.txt").read_text(encoding="utf-8").splitlines():
        match = _CHECK.match(line.strip())
        if match:
            vectors.append((_arg(match[1]), _arg(match[2])))
    return vectors


VECTORS = _vectors()


@pytest.fixture(scope="module")
def psl() -> PublicSuffixList:
    return PublicSuffixList(DATA / "public_suffix_list.dat")


def test_all_vectors_found() -> None:
    # 82 checks in the file; the 4 for the non-Internet TLD ".local" are commented out upstream.
    assert len(VECTORS) == 78


@pytest.mark.parametrize(("domain", "expected"), VECTORS, ids=[repr(v[0]) for v in VECTORS])
def test_official_vector(psl: PublicSuffixList, domain: str | None, expected: str | None) -> None:
    if domain is None:
        # The JavaScript suite's null input has no Python counterpart: nothing to look up.
        assert expected is None
        return
    assert psl.organizational_domain(domain) == expected


def test_public_suffix(psl: PublicSuffixList) -> None:
    assert psl.public_suffix("www.example.co.uk") == "co.uk"
    assert psl.public_suffix("EXAMPLE.COM.") == "com"
    assert psl.public_suffix("a.b.c.kobe.jp") == "c.kobe.jp"
    with pytest.raises(ValueError):
        psl.public_suffix("a..com")


def test_bundled_list_is_the_default() -> None:
    bundled = PublicSuffixList()
    assert bundled.path is None
    assert bundled.organizational_domain("mail.example.co.uk") == "example.co.uk"


def test_hostile_names_have_no_org_domain(psl: PublicSuffixList) -> None:
    for name in ["", ".", "a..b.com", "x" * 300 + ".com", "a b.com", "user@example.com", "[1.2.3.4]"]:
        assert psl.organizational_domain(name) is None


def test_not_a_list_is_refused(tmp_path: Path) -> None:
    truncated = tmp_path / "psl.dat"
    truncated.write_text("// ===BEGIN ICANN DOMAINS===\ncom\n", encoding="utf-8")
    with pytest.raises(PSLError, match="not a Public Suffix List"):
        PublicSuffixList(truncated)
    with pytest.raises(PSLError, match="cannot read"):
        PublicSuffixList(tmp_path / "missing.dat")
