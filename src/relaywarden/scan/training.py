"""Training and evaluation of the classifier (scikit-learn is imported here only, never by the relay).

train: de-duplicated corpus -> deterministic split -> features of the training half ->
multinomial logistic regression -> thresholds chosen on out-of-fold predictions of the
training half (the test half is never looked at) -> Model. evaluate: the held-out half (or a
whole foreign corpus) -> per-class precision, recall, F1 and false-positive rate, a confusion
matrix, per-source rates and a threshold table.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]

from relaywarden.scan.classifier import CLASSES, Classifier, Model, SecondStage
from relaywarden.scan.corpus import CorpusMessage
from relaywarden.scan.features import HASH_BITS, FeatureVector, TextTerms, extract, n_features
from relaywarden.scan.message import ParsedMessage
from relaywarden.scan.ngrams import NGRAM_BITS, ngram_vector

Parser = Callable[[bytes], ParsedMessage]
Progress = Callable[[int], None]
"""Called with the number of messages just processed (for a progress bar)."""

TARGET_HAM_FPR = 0.001
THRESHOLD_TABLE = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99)
ALPHA = 3e-6
"""L2 regularisation of the SGD logistic regression (chosen on held-out folds of the training half)."""
SECOND_BAND = (0.2, 0.99)
"""First-stage p(spam) + p(phishing) for which the second stage rates: about 9% of the corpus
(1% of easy ham, a fifth of hard ham and spam); bench/second_stage.py measured the band."""
STACK_C = 0.03
"""Inverse regularisation of the stacker (chosen on training folds by bench/second_stage.py)."""
SECOND_STAGE_MIN_PER_CLASS = 20
"""Fewer examples of a class than this (a small feedback-only set) and no second stage is trained."""
FEEDBACK_WEIGHT = 3.0
"""An administrator's label counts as much as three corpus messages: it is about this site's mail."""


def default_parser() -> Parser:
    from relaywarden.scan.mime import parse_message

    return parse_message


def vectorise(messages: Sequence[CorpusMessage], parse: Parser, hash_bits: int = HASH_BITS,
              progress: Progress | None = None) -> tuple[list[FeatureVector], list[str]]:
    """Feature vectors of the messages; a message the parser cannot read is reported and dropped
    (returned in the second list as 'origin: problem')."""
    vectors: list[FeatureVector] = []
    failed: list[str] = []
    for m in messages:
        try:
            vectors.append(extract(parse(m.raw), hash_bits))
        except Exception as exc:  # a corpus file the parser rejects must not end a training run
            failed.append(f"{m.origin}: {type(exc).__name__}: {exc}")
            vectors.append(FeatureVector(np.zeros(0, np.int64), np.zeros(0, np.float32)))
        if progress is not None:
            progress(1)
    return vectors, failed


def to_matrix(vectors: Sequence[FeatureVector], hash_bits: int) -> Any:
    indptr = np.zeros(len(vectors) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(v.indices) for v in vectors])
    indices = np.concatenate([v.indices for v in vectors]) if vectors else np.zeros(0, np.int64)
    data = np.concatenate([v.values for v in vectors]) if vectors else np.zeros(0, np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(vectors), n_features(hash_bits)))


def _labels(messages: Sequence[CorpusMessage]) -> npt.NDArray[np.int64]:
    return np.array([CLASSES.index(m.label) for m in messages], dtype=np.int64)


def _fit(x: Any, y: npt.NDArray[np.int64], weights: npt.NDArray[np.float64],
         alpha: float) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(coef, intercept) with one row per class in CLASSES order.

    Stochastic gradient descent on the logistic loss: seconds on the whole corpus where an exact
    solver takes minutes for the same held-out figures (measured; see docs/model-card.md)."""
    from sklearn.linear_model import SGDClassifier

    present = np.unique(y)
    coef = np.zeros((len(CLASSES), x.shape[1]), dtype=np.float64)
    # A class missing from the training data (a small feedback-only set) gets a very low
    # intercept, so the runtime's three-row model never predicts it.
    intercept = np.full(len(CLASSES), -30.0)
    if len(present) < 2:
        intercept[int(present[0])] = 0.0
        return coef, intercept
    clf = SGDClassifier(loss="log_loss", alpha=alpha, class_weight="balanced", max_iter=30, tol=None,
                        random_state=0)
    clf.fit(x, y, sample_weight=weights)
    if len(present) == 2:
        pos, neg = int(present[1]), int(present[0])
        coef[pos], intercept[pos] = clf.coef_[0] / 2, clf.intercept_[0] / 2
        coef[neg], intercept[neg] = -clf.coef_[0] / 2, -clf.intercept_[0] / 2
    else:
        for row, cls in enumerate(clf.classes_):
            coef[int(cls)], intercept[int(cls)] = clf.coef_[row], clf.intercept_[row]
    return coef, intercept


def _raw_scores(coef: npt.NDArray[np.float64], intercept: npt.NDArray[np.float64], x: Any) -> npt.NDArray[np.float64]:
    return np.asarray(x @ coef.T, dtype=np.float64) + intercept


def softmax_rows(z: npt.NDArray[np.float64], temperature: float = 1.0) -> npt.NDArray[np.float64]:
    z = z / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)


TEMPERATURES = tuple(float(t) for t in np.geomspace(0.5, 64.0, 36))


def choose_temperature(z: npt.NDArray[np.float64], y: npt.NDArray[np.int64]) -> float:
    """The divisor of the scores that makes out-of-fold probabilities honest (least log loss).

    SGD with light regularisation is over-confident: without this every flagged message would
    read "100% phishing". Dividing all scores by one number changes no ranking, only the words."""
    best, best_loss = 1.0, math.inf
    rows = np.arange(len(y))
    for t in TEMPERATURES:
        p = softmax_rows(z, t)
        loss = float(-np.log(np.clip(p[rows, y], 1e-12, 1.0)).mean())
        if loss < best_loss:
            best, best_loss = t, loss
    return best


def _folds(n: int, k: int) -> list[npt.NDArray[np.int64]]:
    order = np.random.default_rng(20261128).permutation(n)
    return [order[i::k] for i in range(k)]


FoldPredict = Callable[[npt.NDArray[np.bool_], npt.NDArray[np.int64]], npt.NDArray[np.float64] | None]
"""predict(train_mask, fold): a model fitted on the rows of train_mask predicts the rows of fold
(one column per class), or None to leave that fold's rows at zero."""


def fold_predictions(n: int, folds: Sequence[npt.NDArray[np.int64]], predict: FoldPredict) -> npt.NDArray[np.float64]:
    """Each row predicted by a model fitted without its fold: the one cross-fitting loop of
    out_of_fold, the second stage's stacker and bench/second_stage.py."""
    out = np.zeros((n, len(CLASSES)))
    for fold in folds:
        mask = np.ones(n, dtype=bool)
        mask[fold] = False
        predicted = predict(mask, fold)
        if predicted is not None:
            out[fold] = predicted
    return out


def out_of_fold(x: Any, y: npt.NDArray[np.int64], w: npt.NDArray[np.float64], alpha: float,
                k: int = 5, folds: Sequence[npt.NDArray[np.int64]] | None = None) -> npt.NDArray[np.float64]:
    """Raw class scores for each training message from a model that did not see it; on
    training's k folds, or on the folds given."""
    if x.shape[0] < 2 * k or len(np.unique(y)) < 2:
        return np.zeros((x.shape[0], len(CLASSES)))

    def predict(mask: npt.NDArray[np.bool_], fold: npt.NDArray[np.int64]) -> npt.NDArray[np.float64] | None:
        if len(np.unique(y[mask])) < 2:
            return None
        coef, icpt = _fit(x[mask], y[mask], w[mask], alpha)
        return _raw_scores(coef, icpt, x[fold])

    return fold_predictions(x.shape[0], _folds(x.shape[0], k) if folds is None else folds, predict)


def choose_threshold(malicious: npt.NDArray[np.float64], is_ham: npt.NDArray[np.bool_],
                     target_fpr: float = TARGET_HAM_FPR) -> float:
    """The lowest threshold that flags at most target_fpr of the ham (out-of-fold scores)."""
    ham = np.sort(malicious[is_ham])[::-1]
    if len(ham) == 0:
        return 0.5
    allowed = math.floor(target_fpr * len(ham))
    # Just above the (allowed+1)-th highest ham score: that ham and all below it pass.
    t = float(ham[allowed]) + 1e-6 if allowed < len(ham) else 0.5
    return min(max(t, 0.05), 1.0 - 1e-12)


def choose_ham_threshold(p_ham: npt.NDArray[np.float64], is_ham: npt.NDArray[np.bool_]) -> float:
    """p(ham) above which at most 0.5% of the spam and phishing lie: 'very sure it is ham'."""
    bad = np.sort(p_ham[~is_ham])[::-1]
    if len(bad) == 0:
        return 0.99
    t = float(bad[math.floor(0.005 * len(bad))]) + 1e-6
    return min(max(t, 0.9), 0.9999)


def ngram_matrix(terms: Sequence[TextTerms | None], bits: int = NGRAM_BITS) -> Any:
    """The second stage's input: character n-grams of each message's normalised words (a row
    of zeros for a message without words)."""
    rows = [ngram_vector(t, bits) if t is not None else (np.zeros(0, np.int64), np.zeros(0)) for t in terms]
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(c) for c, _ in rows])
    indices = np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, np.int64)
    data = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), 1 << bits))


def make_stacker(c: float = STACK_C) -> Any:
    """The second stage's stacker, not fitted yet (bench/second_stage.py tries other C)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, class_weight="balanced")


def _stacker(y: npt.NDArray[np.int64], feats: npt.NDArray[np.float64], w: npt.NDArray[np.float64]) -> Any:
    clf = make_stacker()
    clf.fit(feats, y, sample_weight=w)
    return clf


def gate(first: npt.NDArray[np.float64], second: npt.NDArray[np.float64],
         band: tuple[float, float] = SECOND_BAND) -> npt.NDArray[np.float64]:
    """p(malicious) as the relay computes it: the first stage's outside the band, the second
    stage's mapped onto the band inside it (mapped, not clipped: clipping would tie everything
    the second stage is sure of at the band's edge, where the threshold sits)."""
    out = first.copy()
    inside = (first >= band[0]) & (first <= band[1])
    out[inside] = band[0] + (band[1] - band[0]) * second[inside]
    return out


@dataclass
class _SecondFit:
    stage: SecondStage
    malicious: npt.NDArray[np.float64]
    """Out-of-fold p(malicious) after the second stage (gated)."""


def _second_stage(vectors: Sequence[FeatureVector], y: npt.NDArray[np.int64], w: npt.NDArray[np.float64],
                  first_scores: npt.NDArray[np.float64], first_malicious: npt.NDArray[np.float64], alpha: float,
                  folds: int) -> _SecondFit | None:
    """The n-gram model and its stacker, or None when there are too few examples of a class.
    first_scores are the first stage's out-of-fold scores divided by its temperature, as the
    relay's first-stage scores are."""
    if any(int((y == k).sum()) < SECOND_STAGE_MIN_PER_CLASS for k in range(len(CLASSES))):
        return None
    x2 = ngram_matrix([v.terms for v in vectors])
    oof2 = out_of_fold(x2, y, w, alpha, folds)
    t2 = choose_temperature(oof2, y)
    feats = np.hstack((first_scores, oof2 / t2))

    def stack_fold(mask: npt.NDArray[np.bool_], fold: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        return np.asarray(_stacker(y[mask], feats[mask], w[mask]).predict_proba(feats[fold]), dtype=np.float64)

    stacked = fold_predictions(len(y), _folds(len(y), folds), stack_fold)
    coef, icpt = _fit(x2, y, w, alpha)
    stack = _stacker(y, feats, w)
    stage = SecondStage(bits=NGRAM_BITS, weights=(coef / t2).astype(np.float32),
                        intercepts=(icpt / t2).astype(np.float32),
                        stack_coef=np.asarray(stack.coef_, dtype=np.float32),
                        stack_intercepts=np.asarray(stack.intercept_, dtype=np.float32), band=SECOND_BAND)
    return _SecondFit(stage=stage, malicious=gate(first_malicious, stacked[:, 1] + stacked[:, 2]))


@dataclass
class TrainResult:
    model: Model
    failed: list[str]
    oof_fpr: float
    oof_recall: float


def train(train_msgs: Sequence[CorpusMessage], parse: Parser, *, hash_bits: int = HASH_BITS, alpha: float = ALPHA,
          progress: Progress | None = None, info: dict[str, Any] | None = None, folds: int = 5) -> TrainResult:
    """A model from the training messages only (the caller keeps the test half away)."""
    vectors, failed = vectorise(train_msgs, parse, hash_bits, progress)
    x = to_matrix(vectors, hash_bits)
    y = _labels(train_msgs)
    w = np.array([FEEDBACK_WEIGHT if m.source.startswith("feedback-") else 1.0 for m in train_msgs])
    oof_scores = out_of_fold(x, y, w, alpha, folds)
    temperature = choose_temperature(oof_scores, y)
    oof = softmax_rows(oof_scores, temperature)
    is_ham = y == 0
    malicious = oof[:, 1] + oof[:, 2]
    second = _second_stage(vectors, y, w, oof_scores / temperature, malicious, alpha, folds)
    if second is not None:
        malicious = second.malicious
    threshold = choose_threshold(malicious, is_ham)
    ham_threshold = choose_ham_threshold(1.0 - malicious, is_ham)
    oof_fpr = float((malicious[is_ham] >= threshold).mean()) if is_ham.any() else 0.0
    oof_recall = float((malicious[~is_ham] >= threshold).mean()) if (~is_ham).any() else 0.0
    coef, icpt = _fit(x, y, w, alpha)
    counts = {label: int((y == i).sum()) for i, label in enumerate(CLASSES)}
    meta: dict[str, Any] = {
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "algorithm": f"logistic regression by SGD (scikit-learn SGDClassifier, log loss, alpha={alpha}, "
                     "balanced class weights, one-vs-rest scores combined by softmax)",
        "train_messages": counts,
        "feedback_messages": int(sum(m.source.startswith("feedback-") for m in train_msgs)),
        "out_of_fold": {"ham_fpr": round(oof_fpr, 5), "malicious_recall": round(oof_recall, 5), "folds": folds},
        "second_stage": ({"what": "character 3-5-grams of the normalised words (SGD logistic regression, same "
                                  "alpha), stacked with the first stage's scores (logistic regression, "
                                  f"C={STACK_C}), for first-stage p(spam)+p(phishing) in {list(SECOND_BAND)}"}
                         if second is not None else None),
        **(info or {}),
    }
    # The temperature is folded into the weights: the runtime stays one dot product and a softmax.
    coef, icpt = coef / temperature, icpt / temperature
    meta["temperature"] = round(temperature, 4)
    model = Model(classes=CLASSES, weights=coef.astype(np.float32), intercepts=icpt.astype(np.float32),
                  hash_bits=hash_bits, threshold=threshold, ham_threshold=ham_threshold, metadata=meta,
                  second=second.stage if second is not None else None)
    return TrainResult(model=model, failed=failed, oof_fpr=oof_fpr, oof_recall=oof_recall)


@dataclass
class ClassMetrics:
    precision: float
    recall: float
    f1: float
    fpr: float
    support: int


@dataclass
class Evaluation:
    messages: int
    threshold: float
    classes: dict[str, ClassMetrics]
    confusion: list[list[int]]
    """Rows: true ham, spam, phishing; columns: predicted ham, spam, phishing."""
    ham_fpr: float
    malicious_recall: float
    per_source: dict[str, dict[str, float | int]]
    thresholds: list[dict[str, float | int]]
    timing_ms: dict[str, float]
    """Feature extraction + prediction per message (parsing excluded): median and p99."""
    failed: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _ratio(a: float, b: float) -> float:
    return round(a / b, 5) if b else 0.0


def decide(probs: npt.NDArray[np.float64], threshold: float) -> npt.NDArray[np.int64]:
    """Predicted class per row: ham below the threshold, else the stronger of spam and phishing."""
    malicious = probs[:, 1] + probs[:, 2]
    pred = np.where(probs[:, 2] >= probs[:, 1], 2, 1)
    return np.where(malicious >= threshold, pred, 0).astype(np.int64)


def _class_metrics(y: npt.NDArray[np.int64], pred: npt.NDArray[np.int64]) -> dict[str, ClassMetrics]:
    out: dict[str, ClassMetrics] = {}
    for i, label in enumerate(CLASSES):
        tp = int(((pred == i) & (y == i)).sum())
        fp = int(((pred == i) & (y != i)).sum())
        fn = int(((pred != i) & (y == i)).sum())
        negatives = int((y != i).sum())
        p = _ratio(tp, tp + fp)
        r = _ratio(tp, tp + fn)
        out[label] = ClassMetrics(precision=p, recall=r, f1=round(2 * p * r / (p + r), 5) if p + r else 0.0,
                                  fpr=_ratio(fp, negatives), support=int((y == i).sum()))
    return out


def _threshold_rows(probs: npt.NDArray[np.float64], y: npt.NDArray[np.int64], sources: list[str],
                    extra: float) -> list[dict[str, float | int]]:
    malicious = probs[:, 1] + probs[:, 2]
    hard = np.array([s.endswith("hard_ham") for s in sources], dtype=bool)
    rows: list[dict[str, float | int]] = []
    for t in sorted({*THRESHOLD_TABLE, round(extra, 4)}):
        flagged = malicious >= t
        ham = y == 0
        rows.append({"threshold": t, "ham_flagged": int((flagged & ham).sum()),
                     "ham_fpr": _ratio(int((flagged & ham).sum()), int(ham.sum())),
                     "hard_ham_fpr": _ratio(int((flagged & hard).sum()), int(hard.sum())),
                     "spam_recall": _ratio(int((flagged & (y == 1)).sum()), int((y == 1).sum())),
                     "phishing_recall": _ratio(int((flagged & (y == 2)).sum()), int((y == 2).sum())),
                     "malicious_recall": _ratio(int((flagged & ~ham).sum()), int((~ham).sum()))})
    return rows


def _per_source(pred: npt.NDArray[np.int64], y: npt.NDArray[np.int64],
                sources: list[str]) -> dict[str, dict[str, float | int]]:
    out: dict[str, dict[str, float | int]] = {}
    for src in sorted(set(sources)):
        mask = np.array([s == src for s in sources], dtype=bool)
        n = int(mask.sum())
        flagged = int((pred[mask] != 0).sum())
        right = int((pred[mask] == y[mask]).sum())
        out[src] = {"messages": n, "flagged": flagged, "flagged_rate": _ratio(flagged, n),
                    "correct_class_rate": _ratio(right, n)}
    return out


def evaluate(clf: Classifier, messages: Sequence[CorpusMessage], parse: Parser, *,
             progress: Progress | None = None, threshold: float | None = None) -> Evaluation:
    """Figures of the model on messages it was not trained on."""
    probs = np.zeros((len(messages), len(CLASSES)))
    times: list[float] = []
    failed: list[str] = []
    for i, m in enumerate(messages):
        try:
            parsed = parse(m.raw)
        except Exception as exc:  # reported and counted as "not flagged" (ham)
            failed.append(f"{m.origin}: {type(exc).__name__}: {exc}")
            probs[i] = (1.0, 0.0, 0.0)
            continue
        finally:
            if progress is not None:
                progress(1)
        start = time.perf_counter()
        p = clf.predict(parsed)
        times.append((time.perf_counter() - start) * 1000)
        probs[i] = [p[c] for c in CLASSES]
    y = _labels(messages)
    t = clf.model.threshold if threshold is None else threshold
    pred = decide(probs, t)
    sources = [m.source for m in messages]
    confusion = [[int(((y == a) & (pred == b)).sum()) for b in range(len(CLASSES))] for a in range(len(CLASSES))]
    ham = y == 0
    flagged = pred != 0
    return Evaluation(
        messages=len(messages), threshold=round(t, 6), classes=_class_metrics(y, pred), confusion=confusion,
        ham_fpr=_ratio(int((flagged & ham).sum()), int(ham.sum())),
        malicious_recall=_ratio(int((flagged & ~ham).sum()), int((~ham).sum())),
        per_source=_per_source(pred, y, sources), thresholds=_threshold_rows(probs, y, sources, t),
        timing_ms={"median": round(float(np.median(times)), 4) if times else 0.0,
                   "p99": round(float(np.percentile(times, 99)), 4) if times else 0.0},
        failed=failed)


__all__ = ["SECOND_BAND", "TARGET_HAM_FPR", "ClassMetrics", "Evaluation", "TrainResult", "decide", "default_parser",
           "evaluate", "gate", "ngram_matrix", "out_of_fold", "to_matrix", "train", "vectorise"]
