"""Content checks: each module reads a ParsedMessage (and a ScanContext) and returns named,
scored, explained symbols (see scan.verdict.Symbol)."""
