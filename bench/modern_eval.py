"""Threat detection on modern mail (2024-2026 style), which the 2002-2005 training corpus lacks.

    .venv/bin/python bench/modern_eval.py            # table + summary, JSON to bench/results/modern_eval.json
    .venv/bin/python bench/modern_eval.py --json     # JSON on stdout
    .venv/bin/python bench/modern_eval.py --no-executives

The messages are tests/scan/modern/{ham,phish}/*.eml (hand-written, fictional; see the README
there). Each goes through Scanner.scan(), the scanner the `scan` command builds (shipped model,
no behaviour store, no DNS), inbound, with an otherwise unknown session: no client IP, no
authentication results (an Authentication-Results header written upstream is not trusted, and
`scan` does not verify DKIM). The organisation is example.com (ScanContext.local_domains, as
`scan` takes it from relay.local_domains) and its CEO "Dana Whitfield" is configured in
scan.phishing.executives, as an administrator following the docs would; everything else is the
default configuration.

Figures:
  ham flagged    ham with any action above accept (tag or stronger);
  phish caught   phish at banner or stronger, and at tag or stronger;
  classifier     messages whose spam+phishing probability reaches the model's shipped threshold
                 (what CLASSIFIER_SPAM/CLASSIFIER_PHISHING fire on), whatever the other checks say.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# bench/ is not a package: the line above lets this import work when the file is imported too.
from scan_cost import write_report

from relaywarden.scan.context import ScanContext
from relaywarden.scan.mime import parse_message
from relaywarden.scan.scanner import Scanner
from relaywarden.scan.settings import ScanConfig
from relaywarden.scan.verdict import ACTIONS, Action, severity

REPO = Path(__file__).resolve().parent.parent
MESSAGES = REPO / "tests" / "scan" / "modern"
RESULTS = REPO / "bench" / "results" / "modern_eval.json"
CLASSES = ("ham", "phish")
LOCAL_DOMAINS = ("example.com",)
EXECUTIVES = ("Dana Whitfield",)


@dataclass
class Row:
    file: str
    cls: str
    action: Action
    score: float
    probabilities: dict[str, float]
    """The classifier's ham/spam/phishing probabilities ({} without a classifier)."""
    classifier_flagged: bool
    symbols: dict[str, float]
    """Symbol name -> score, strongest first."""


def scan_config(*, executives: bool = True, names: tuple[str, ...] = EXECUTIVES) -> ScanConfig:
    """The default configuration, plus the CEO's name when `executives` (see the module docstring)."""
    settings: dict[str, Any] = {"phishing": {"executives": list(names)}} if executives else {}
    return ScanConfig.model_validate(settings)


def context(local_domains: tuple[str, ...] = LOCAL_DOMAINS) -> ScanContext:
    return ScanContext(direction="inbound", local_domains=local_domains)


def message_files(root: Path = MESSAGES) -> list[tuple[str, Path]]:
    """(class, path) of every .eml file, by class then name."""
    return [(cls, p) for cls in CLASSES for p in sorted((root / cls).glob("*.eml"))]


def evaluate(scanner: Scanner, files: list[tuple[str, Path]], ctx: ScanContext | None = None) -> list[Row]:
    ctx = ctx or context()
    rows = []
    for cls, path in files:
        raw = path.read_bytes()
        verdict = scanner.scan(raw, ctx)
        probs: dict[str, float] = {}
        flagged = False
        if scanner.classifier is not None:
            rated = scanner.classifier.predict(parse_message(raw, scanner.cfg.mime))
            probs = {k: round(v, 4) for k, v in rated.items()}
            flagged = probs.get("spam", 0.0) + probs.get("phishing", 0.0) >= scanner.classifier.model.threshold
        symbols = {s.name: round(s.score, 2) for s in sorted(verdict.symbols, key=lambda s: -abs(s.score))}
        rows.append(Row(path.name, cls, verdict.action, verdict.score, probs, flagged, symbols))
    return rows


def at_least(action: Action, floor: Action) -> bool:
    return severity(action) >= severity(floor)


def summary(rows: list[Row]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for cls in CLASSES:
        mine = [r for r in rows if r.cls == cls]
        out[cls] = {
            "messages": len(mine),
            "actions": {a: sum(r.action == a for r in mine) for a in ACTIONS},
            "tag_or_stronger": sum(at_least(r.action, "tag") for r in mine),
            "banner_or_stronger": sum(at_least(r.action, "banner") for r in mine),
            "classifier_flagged": sum(r.classifier_flagged for r in mine),
        }
    out["ham_flagged"] = [r.file for r in rows if r.cls == "ham" and at_least(r.action, "tag")]
    out["phish_missed_banner"] = [r.file for r in rows if r.cls == "phish" and not at_least(r.action, "banner")]
    out["phish_missed_tag"] = [r.file for r in rows if r.cls == "phish" and not at_least(r.action, "tag")]
    return out


def print_table(rows: list[Row], summ: dict[str, Any], threshold: float | None) -> None:
    print(f"{'file':<48} {'class':<5} {'action':<10} {'score':>6}  {'ham/spam/phish':<17} symbols")
    for r in rows:
        p = r.probabilities
        probs = f"{p.get('ham', 0):.2f}/{p.get('spam', 0):.2f}/{p.get('phishing', 0):.2f}" if p else "-"
        flag = "*" if r.classifier_flagged else " "
        syms = ", ".join(f"{n} {s:+g}" for n, s in r.symbols.items())
        print(f"{r.file[:48]:<48} {r.cls:<5} {r.action:<10} {r.score:6.2f}  {probs:<16}{flag} {syms}")
    print(f"\n(* = classifier flags it at the shipped threshold {threshold})\n")
    for cls in CLASSES:
        s = summ[cls]
        acts = ", ".join(f"{a} {n}" for a, n in s["actions"].items())
        print(f"{cls:<5}: {s['messages']} messages: {acts}; tag+ {s['tag_or_stronger']}, banner+ "
              f"{s['banner_or_stronger']}, classifier alone {s['classifier_flagged']}")
    ham, phish = summ["ham"], summ["phish"]
    print(f"ham flagged (tag+): {ham['tag_or_stronger']}/{ham['messages']} {summ['ham_flagged']}")
    print(f"phish caught: banner+ {phish['banner_or_stronger']}/{phish['messages']}, "
          f"tag+ {phish['tag_or_stronger']}/{phish['messages']}")
    print(f"phish below tag: {summ['phish_missed_tag']}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    ap.add_argument("--messages", type=Path, default=MESSAGES, help="directory with ham/ and phish/")
    ap.add_argument("--json", action="store_true", help="print the JSON report instead of writing it")
    ap.add_argument("--output", type=Path, default=RESULTS)
    ap.add_argument("--no-executives", action="store_true", help="do not configure the CEO's name")
    ap.add_argument("--local-domain", action="append", default=None, metavar="DOMAIN",
                    help=f"the organisation's domain (repeatable; default {', '.join(LOCAL_DOMAINS)})")
    ap.add_argument("--executive", action="append", default=None, metavar="NAME",
                    help=f"an executive's name (repeatable; default {', '.join(EXECUTIVES)})")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    files = message_files(args.messages)
    if not files:
        print(f"no .eml files under {args.messages}/{{ham,phish}}", file=sys.stderr)
        return 1
    domains = tuple(args.local_domain or LOCAL_DOMAINS)
    names = tuple(args.executive or EXECUTIVES)
    scanner = Scanner.build(scan_config(executives=not args.no_executives, names=names), None, record_behaviour=False)
    threshold = scanner.classifier.model.threshold if scanner.classifier is not None else None
    rows = evaluate(scanner, files, context(domains))
    summ = summary(rows)
    report = {
        "benchmark": "modern_eval", "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "settings": {"messages": str(args.messages), "local_domains": list(domains),
                     "executives": [] if args.no_executives else list(names), "direction": "inbound",
                     "classifier_threshold": threshold},
        "summary": summ, "rows": [asdict(r) for r in rows],
    }
    write_report(report, args.output, as_json=args.json, show=lambda _: print_table(rows, summ, threshold))
    return 0


if __name__ == "__main__":
    sys.exit(main())
