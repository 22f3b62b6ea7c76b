"""The openspf suites' `zonedata` as an in-memory DNSLookup, with the suite's semantics.

As pyspf's driver applies them (see tests/data/spf/README.md): an SPF record is also served
as TXT unless the name has its own TXT (`TXT: NONE` means none and turns the copying off); a
list value is one record of several strings joined without spaces (for MX, [pref, host]);
`TIMEOUT` makes a query time out for any type with no answer listed before it at that name; a
name absent from the zone is NXDOMAIN; a CNAME is followed; a label over 63 octets finds
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from relaywarden.authn.dnsview import DNSTempError

_MAX_CNAME_HOPS = 8

ZoneData = Mapping[str, Sequence[object]]


def _text(rdtype: str, value: object) -> str | None:
    """One answer as DNSLookup text; None for the `NONE` placeholder."""
    if value == "NONE":
        return None
    if isinstance(value, list):
        if rdtype == "MX":
            return " ".join(str(v) for v in value)
        return "".join(str(v) for v in value)
    return str(value)


class _Name:
    """The records at one name: answers per type, and for each type whether a TIMEOUT hits it."""

    def __init__(self, entries: Sequence[object]) -> None:
        self.answers: dict[str, list[str]] = {}
        self.times_out: set[str] = set()
        self.explicit_txt = False
        self.timeout_after: set[str] | None = None
        for entry in entries:
            if entry == "TIMEOUT":
                # Types with an answer listed before the TIMEOUT still answer.
                self.timeout_after = {t for t, v in self.answers.items() if v} | self._copied_txt()
                break
            assert isinstance(entry, Mapping)
            for rdtype, value in entry.items():
                rdtype = str(rdtype).upper()
                if rdtype == "TXT":
                    self.explicit_txt = True
                text = _text(rdtype, value)
                self.answers.setdefault(rdtype, [])
                if text is not None:
                    self.answers[rdtype].append(text)

    def _copied_txt(self) -> set[str]:
        return {"TXT"} if not self.explicit_txt and self.answers.get("SPF") else set()

    def lookup(self, name: str, rdtype: str) -> list[str]:
        if self.timeout_after is not None and rdtype not in self.timeout_after:
            raise DNSTempError(f"{name}/{rdtype}: timeout (suite TIMEOUT)", name=name, rdtype=rdtype)
        if rdtype == "TXT" and not self.explicit_txt:
            return list(self.answers.get("SPF", []))
        return list(self.answers.get(rdtype, []))


class SuiteZone:
    """DNSLookup over one scenario's zonedata; `queries` records what was asked, in order."""

    def __init__(self, zonedata: ZoneData) -> None:
        self._names = {str(k).lower().rstrip("."): _Name(v) for k, v in zonedata.items()}
        self.queries: list[tuple[str, str]] = []

    async def lookup(self, name: str, rdtype: str) -> list[str]:
        rdtype = rdtype.upper()
        key = name.lower().rstrip(".")
        self.queries.append((key, rdtype))
        seen = {key}
        for _ in range(_MAX_CNAME_HOPS):
            if any(len(label) > 63 for label in key.split(".")):
                return []
            node = self._names.get(key)
            if node is None:
                return []
            answers = node.lookup(key, rdtype)
            cnames = node.answers.get("CNAME", [])
            if answers or rdtype == "CNAME" or not cnames:
                return answers
            key = cnames[0].lower().rstrip(".")
            if key in seen:
                return []  # a CNAME loop: nothing there
            seen.add(key)
        return []

    async def nxdomain(self, name: str) -> bool:
        return name.lower().rstrip(".") not in self._names
