"""`relaywarden model train|evaluate` and `relaywarden report`: the classifier's command line.

cli.py registers them: `app.add_typer(model_app, name="model")` and
`app.command("report")(report_command)`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from relaywarden.cli_common import err, error, load

model_app = typer.Typer(help="Train and evaluate the phishing and spam classifier.", no_args_is_help=True)
# Not cli_common.out: the evaluation tables and headings here use rich markup.
out = Console(highlight=False, soft_wrap=True)


def _error(message: str, code: int = 1) -> typer.Exit:
    error(message)
    return typer.Exit(code)


def _data_dir(config: Path | None) -> Path:
    return load(config).data_dir


@contextmanager
def _progress(task: str, total: int, quiet: bool) -> Iterator[Callable[[int], None]]:
    if quiet:
        yield lambda n: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        tid = bar.add_task(task, total=total)
        yield lambda n: bar.advance(tid, n)


CorpusOpt = Annotated[Path, typer.Option("--corpus", help="Corpus directory (spamassassin/, nazario/, or "
                                                          "ham/ spam/ phishing/ folders).",
                                         exists=True, file_okay=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")]


def _load(corpus: Path, feedback: Path | None) -> tuple[list[Any], Any]:
    from relaywarden.scan.corpus import load_corpus
    from relaywarden.scan.feedback import feedback_dir

    fb = feedback_dir(feedback) if feedback is not None else None
    messages, report = load_corpus(corpus, feedback_dir=fb)
    if not messages:
        raise _error(f"{corpus}: no messages found (expected spamassassin/, nazario/ or ham/, spam/, phishing/)")
    return messages, report


@model_app.command("train")
def train_command(
    corpus: CorpusOpt,
    out_path: Annotated[Path | None, typer.Option("--out", help="Where to write the model (a directory, or "
                                                                "a .json file with its .npz beside it); "
                                                                "default data_dir/model/.")] = None,
    feedback: Annotated[Path | None, typer.Option("--feedback", help="A data directory whose feedback/ labels "
                                                                     "(released and reported messages) are "
                                                                     "added to the training half.",
                                                  file_okay=False)] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="TOML configuration (for data_dir).",
                                                dir_okay=False)] = None,
    as_json: JsonOpt = False,
) -> None:
    """Train the classifier on a corpus: de-duplicate, hold out a quarter, train on the rest,
    report the held-out figures, write the model."""
    from relaywarden.scan.classifier import Classifier, save_model
    from relaywarden.scan.corpus import split
    from relaywarden.scan.training import default_parser, evaluate, train

    messages, report = _load(corpus, feedback)
    train_msgs, test_msgs = split(messages)
    # Feedback is always trained on: it is this site's mail, and not part of the corpus split.
    train_msgs += [m for m in test_msgs if m.source.startswith("feedback-")]
    test_msgs = [m for m in test_msgs if not m.source.startswith("feedback-")]
    err.print(f"{report.kept} unique messages ({report.by_message_id} duplicate Message-IDs, {report.by_body} "
              f"duplicate bodies removed); training on {len(train_msgs)}, holding out {len(test_msgs)}",
              highlight=False)
    parse = default_parser()
    info = {"corpus": {"unique": report.kept, "duplicates_by_message_id": report.by_message_id,
                       "duplicates_by_body": report.by_body, "train": len(train_msgs), "test": len(test_msgs)}}
    with _progress("parsing and training", len(train_msgs), as_json) as advance:
        result = train(train_msgs, parse, progress=advance, info=info)
    clf = Classifier(result.model)
    figures = None
    if test_msgs:
        with _progress("evaluating the held-out quarter", len(test_msgs), as_json) as advance:
            figures = evaluate(clf, test_msgs, parse, progress=advance)
        result.model.metadata["held_out"] = _summary(figures.to_json())
    target = out_path if out_path is not None else _data_dir(config) / "model"
    try:
        written = save_model(result.model, target)
    except OSError as exc:
        raise _error(f"{target}: cannot write the model: {exc.strerror or exc}") from None
    if as_json:
        out.print_json(json.dumps({"model": str(written), "failed": result.failed,
                                   "held_out": figures.to_json() if figures else None}))
        return
    for problem in result.failed[:20]:
        err.print(f"[yellow]skipped:[/yellow] {escape(problem)}", highlight=False)
    if figures is not None:
        _print_evaluation(figures.to_json(), "held-out quarter")
    out.print(f"model written to {written}", markup=False)


def _summary(figures: dict[str, Any]) -> dict[str, Any]:
    keep = ("messages", "threshold", "ham_fpr", "malicious_recall", "confusion", "per_source", "timing_ms")
    summary = {k: figures[k] for k in keep}
    summary["classes"] = figures["classes"]
    return summary


@model_app.command("evaluate")
def evaluate_command(
    corpus: CorpusOpt,
    model: Annotated[Path | None, typer.Option("--model", help="Model .json (or its directory); default the "
                                                               "packaged model.")] = None,
    all_messages: Annotated[bool, typer.Option("--all", help="Evaluate every message, not only the held-out "
                                                             "quarter (for a corpus the model never saw).")]
    = False,
    as_json: JsonOpt = False,
) -> None:
    """Precision, recall, F1 and false-positive rate per class, a confusion matrix and a
    threshold table, on the held-out quarter of a corpus (or all of it with --all)."""
    from relaywarden.scan.classifier import Classifier, ModelError
    from relaywarden.scan.corpus import split
    from relaywarden.scan.training import default_parser, evaluate

    try:
        clf = Classifier.load(model)
    except ModelError as exc:
        raise _error(str(exc)) from None
    messages, _ = _load(corpus, None)
    chosen = messages if all_messages else split(messages)[1]
    if not chosen:
        raise _error("no held-out messages in this corpus; use --all")
    with _progress("parsing and rating", len(chosen), as_json) as advance:
        figures = evaluate(clf, chosen, default_parser(), progress=advance).to_json()
    if as_json:
        out.print_json(json.dumps(figures))
        return
    _print_evaluation(figures, "all messages" if all_messages else "held-out quarter")


def _pct(x: float) -> str:
    return f"{x * 100:.2f}%"


def _print_evaluation(fig: dict[str, Any], what: str) -> None:
    out.print(f"[bold]{fig['messages']} messages ({what}), threshold {fig['threshold']:.6g}[/bold]")
    out.print(f"ham false-positive rate {_pct(fig['ham_fpr'])}, spam+phishing recall "
              f"{_pct(fig['malicious_recall'])}")
    per_class = Table("class", "precision", "recall", "F1", "false-positive rate", "messages",
                      title="per class")
    for label, m in fig["classes"].items():
        per_class.add_row(label, _pct(m["precision"]), _pct(m["recall"]), _pct(m["f1"]), _pct(m["fpr"]),
                          str(m["support"]))
    out.print(per_class)
    _print_confusion(fig["confusion"])
    sources = Table("source", "messages", "flagged", "right class", title="per source")
    for src, s in fig["per_source"].items():
        sources.add_row(escape(src), str(s["messages"]), _pct(s["flagged_rate"]), _pct(s["correct_class_rate"]))
    out.print(sources)
    table = Table("threshold", "ham flagged", "ham FPR", "hard_ham FPR", "spam recall", "phishing recall",
                  "spam+phishing recall", title="threshold table (p(spam)+p(phishing) at or above)")
    for row in fig["thresholds"]:
        table.add_row(f"{row['threshold']:.6g}", str(row["ham_flagged"]), _pct(row["ham_fpr"]),
                      _pct(row["hard_ham_fpr"]), _pct(row["spam_recall"]), _pct(row["phishing_recall"]),
                      _pct(row["malicious_recall"]))
    out.print(table)
    t = fig["timing_ms"]
    out.print(f"features + prediction per message (parsing excluded): median {t['median']:.3f} ms, "
              f"p99 {t['p99']:.3f} ms")
    if fig["failed"]:
        out.print(f"{len(fig['failed'])} message(s) could not be parsed and count as not flagged")


def _print_confusion(confusion: Sequence[Sequence[int]]) -> None:
    labels = ("ham", "spam", "phishing")
    table = Table("true \\ predicted", *labels, title="confusion matrix")
    for label, row in zip(labels, confusion, strict=True):
        table.add_row(label, *(str(v) for v in row))
    out.print(table)


def report_command(
    file: Annotated[Path, typer.Argument(help="The message (.eml) to label.", exists=True, dir_okay=False)],
    label: Annotated[str, typer.Option("--label", help="ham, spam or phishing.")],
    config: Annotated[Path | None, typer.Option("--config", "-c", help="TOML configuration (for data_dir).",
                                                dir_okay=False)] = None,
) -> None:
    """Label a message (a missed phish, a false alarm) for the next `model train --feedback`."""
    from relaywarden.scan.feedback import FeedbackError, record_file

    data_dir = _data_dir(config)
    try:
        path = record_file(data_dir, file, label)
    except FeedbackError as exc:
        raise _error(str(exc), 2) from None
    except OSError as exc:
        raise _error(f"{data_dir}: cannot store the label: {exc.strerror or exc}") from None
    out.print(f"recorded {file} as {label}: {path}", markup=False)


report = report_command

__all__ = ["evaluate_command", "model_app", "report", "report_command", "train_command"]
