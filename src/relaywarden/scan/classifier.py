"""The classifier at runtime: load a model, rate a parsed message, explain the rating as symbols.

A model is two files: `<name>.json` (format, classes, the named-feature vocabulary, hashing
size, thresholds, training figures) and `<name>.npz` (the weight matrices and intercepts). Both
are plain data: the arrays are read with numpy.load(allow_pickle=False), so a model file can
never run code, and inference is sparse dot products and softmaxes in numpy (no scikit-learn in
the relay). The packaged model lives in relaywarden/scan/model/.

Two stages: the first rates every message from its words and structure. A message whose
p(spam) + p(phishing) falls in the second stage's band (near the threshold, about 9% of mail)
gets a second look: a model of the character n-grams of its words (scan/ngrams.py), combined
with the first stage's scores by a small stacked logistic regression. Its rating replaces the
first stage's, mapped onto the band, so the second stage reorders the uncertain messages and
never moves one across the band's edges.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from relaywarden.scan.context import ScanContext
from relaywarden.scan.features import N_NAMED, NAMED, FeatureVector, extract, n_features, term_buckets, term_name
from relaywarden.scan.message import ParsedMessage
from relaywarden.scan.ngrams import ngram_vector
from relaywarden.scan.settings import ClassifierConfig as ClassifierConfig
from relaywarden.scan.verdict import Symbol

MODEL_FORMAT = "relaywarden-classifier"
MODEL_VERSION = 2
SUPPORTED_VERSIONS = (1, 2)
"""Version 1 has no second stage; version 2 may have one (its JSON says so)."""
CLASSES: tuple[str, ...] = ("ham", "spam", "phishing")
PACKAGED_MODEL = Path(__file__).parent / "model" / "classifier.json"
MAX_JSON_BYTES = 1_000_000
MAX_NPZ_BYTES = 64 * 1024 * 1024
_SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]+\.npz")


class ModelError(Exception):
    """A model file that cannot be used; the message names the file and the problem."""


@dataclass
class SecondStage:
    """The character n-gram model and the stacker that combines it with the first stage."""

    bits: int
    weights: npt.NDArray[np.float32]
    """(classes, 2**bits): n-gram weights, temperature folded in."""
    intercepts: npt.NDArray[np.float32]
    stack_coef: npt.NDArray[np.float32]
    """(classes, 2 * classes): applied to [first-stage scores, n-gram scores]."""
    stack_intercepts: npt.NDArray[np.float32]
    band: tuple[float, float]
    """First-stage p(spam) + p(phishing) from which to which the second stage rates."""


@dataclass
class Model:
    classes: tuple[str, ...]
    weights: npt.NDArray[np.float32]
    """(len(classes), n_features)."""
    intercepts: npt.NDArray[np.float32]
    hash_bits: int
    threshold: float
    """p(spam) + p(phishing) at or above which the message is flagged."""
    ham_threshold: float
    """p(ham) at or above which the model is very sure the message is legitimate."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """Training figures, corpus counts, split parameters: informative, never executed."""
    second: SecondStage | None = None


def _fail(path: Path, problem: str) -> ModelError:
    return ModelError(f"{path}: {problem}")


def resolve_model_path(path: Path | None) -> Path:
    """The JSON file of a model: the packaged one, the file given, or classifier.json in a directory."""
    if path is None:
        return PACKAGED_MODEL
    return path / "classifier.json" if path.is_dir() else path


def _read_json(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise _fail(path, f"larger than {MAX_JSON_BYTES} bytes: not a classifier model")
        meta = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise _fail(path, f"cannot read the model: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(path, f"not a valid model file (bad JSON: {exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != MODEL_FORMAT:
        raise _fail(path, f"not a relaywarden classifier model (format is not {MODEL_FORMAT!r})")
    if meta.get("version") not in SUPPORTED_VERSIONS:
        raise _fail(path, f"model format version {meta.get('version')!r} is not supported "
                          f"(expected one of {list(SUPPORTED_VERSIONS)})")
    return meta


def _number(meta: dict[str, Any], key: str, path: Path, lo: float, hi: float) -> float:
    value = meta.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        raise _fail(path, f"{key} must be a number between {lo} and {hi}, not {value!r}")
    return float(value)


def _check_vocabulary(meta: dict[str, Any], path: Path) -> tuple[int, tuple[str, ...]]:
    classes = meta.get("classes")
    if classes != list(CLASSES):
        raise _fail(path, f"classes must be {list(CLASSES)}, not {classes!r}")
    named = meta.get("named_features")
    if named != [f.name for f in NAMED]:
        raise _fail(path, "the model was trained with another feature set than this relaywarden version "
                          "computes: retrain it with `relaywarden model train`")
    bits = meta.get("hash_bits")
    if isinstance(bits, bool) or not isinstance(bits, int) or not 8 <= bits <= 24:
        raise _fail(path, f"hash_bits must be an integer from 8 to 24, not {bits!r}")
    return bits, CLASSES


def _load_arrays(npz: Path, json_path: Path, shapes: dict[str, tuple[int, ...]]) -> dict[str, npt.NDArray[np.float32]]:
    """The named arrays of the weights file, each checked against its expected shape."""
    try:
        if npz.stat().st_size > MAX_NPZ_BYTES:
            raise _fail(npz, f"larger than {MAX_NPZ_BYTES} bytes")
        # allow_pickle=False: an object array in a crafted file is refused instead of unpickled.
        with np.load(npz, allow_pickle=False) as data:
            arrays = {name: np.asarray(data[name], dtype=np.float32) for name in shapes}
    except ModelError:
        raise
    except OSError as exc:
        raise _fail(npz, f"cannot read the weights of {json_path.name}: {exc.strerror or exc}") from None
    except KeyError as exc:
        raise _fail(npz, f"weights file lacks the array {exc}") from None
    except Exception as exc:  # zipfile, zlib and numpy each raise their own kinds on a damaged file
        raise _fail(npz, f"not a valid weights file ({type(exc).__name__}: {exc})") from None
    for name, shape in shapes.items():
        if arrays[name].shape != shape:
            raise _fail(npz, f"{name} has shape {arrays[name].shape}; the model description expects {shape}")
        if not np.isfinite(arrays[name]).all():
            raise _fail(npz, f"{name} contains NaN or infinite values")
    return arrays


def _second_stage_spec(meta: dict[str, Any], path: Path) -> tuple[int, tuple[float, float]] | None:
    spec = meta.get("second_stage")
    if spec is None:
        return None
    if meta.get("version") == 1 or not isinstance(spec, dict):
        raise _fail(path, "second_stage must be an object (and needs format version 2)")
    bits = spec.get("ngram_bits")
    if isinstance(bits, bool) or not isinstance(bits, int) or not 8 <= bits <= 24:
        raise _fail(path, f"second_stage.ngram_bits must be an integer from 8 to 24, not {bits!r}")
    band = spec.get("band")
    if (not isinstance(band, list) or len(band) != 2
            or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in band)
            or not 0.0 <= band[0] < band[1] <= 1.0):
        raise _fail(path, f"second_stage.band must be [low, high] with 0 <= low < high <= 1, not {band!r}")
    return bits, (float(band[0]), float(band[1]))


def load_model(path: Path | None = None) -> Model:
    """Read and validate a model; ModelError says clearly what is wrong."""
    json_path = resolve_model_path(path)
    meta = _read_json(json_path)
    bits, classes = _check_vocabulary(meta, json_path)
    weights_file = meta.get("weights_file")
    if not isinstance(weights_file, str) or not _SAFE_NAME.fullmatch(weights_file):
        raise _fail(json_path, f"weights_file must be a file name ending in .npz next to the model, "
                               f"not {weights_file!r}")
    threshold = _number(meta, "threshold", json_path, 0.0, 1.0)
    ham_threshold = _number(meta, "ham_threshold", json_path, 0.0, 1.0)
    k = len(classes)
    shapes: dict[str, tuple[int, ...]] = {"weights": (k, n_features(bits)), "intercepts": (k,)}
    spec = _second_stage_spec(meta, json_path)
    if spec is not None:
        shapes |= {"ngram_weights": (k, 1 << spec[0]), "ngram_intercepts": (k,), "stack_coef": (k, 2 * k),
                   "stack_intercepts": (k,)}
    arrays = _load_arrays(json_path.parent / weights_file, json_path, shapes)
    second = None
    if spec is not None:
        second = SecondStage(bits=spec[0], weights=arrays["ngram_weights"], intercepts=arrays["ngram_intercepts"],
                             stack_coef=arrays["stack_coef"], stack_intercepts=arrays["stack_intercepts"],
                             band=spec[1])
    info = meta.get("training", {})
    return Model(classes=classes, weights=arrays["weights"], intercepts=arrays["intercepts"], hash_bits=bits,
                 threshold=threshold, ham_threshold=ham_threshold, metadata=info if isinstance(info, dict) else {},
                 second=second)


def save_model(model: Model, path: Path) -> Path:
    """Write <path>.json and <path>.npz (path may be a directory: classifier.json inside);
    returns the JSON path. Each file is written to a temporary name and renamed into place."""
    json_path = path / "classifier.json" if path.is_dir() or path.suffix == "" else path
    json_path.parent.mkdir(parents=True, exist_ok=True)
    npz_path = json_path.with_suffix(".npz")
    meta = {
        "format": MODEL_FORMAT, "version": MODEL_VERSION, "classes": list(model.classes),
        "named_features": [f.name for f in NAMED], "hash_bits": model.hash_bits,
        "n_features": n_features(model.hash_bits), "weights_file": npz_path.name,
        "threshold": model.threshold, "ham_threshold": model.ham_threshold,
        "training": model.metadata,
    }
    arrays: dict[str, npt.NDArray[Any]] = {"weights": model.weights.astype(np.float16),
                                           "intercepts": model.intercepts.astype(np.float32)}
    if model.second is not None:
        meta["second_stage"] = {"ngram_bits": model.second.bits, "band": list(model.second.band)}
        arrays |= {"ngram_weights": model.second.weights.astype(np.float16),
                   "ngram_intercepts": model.second.intercepts.astype(np.float32),
                   "stack_coef": model.second.stack_coef.astype(np.float32),
                   "stack_intercepts": model.second.stack_intercepts.astype(np.float32)}
    fd, tmp = tempfile.mkstemp(dir=npz_path.parent, prefix=".weights-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as f:
            # float16 halves the shipped size; the rounding (3 significant digits) moves no
            # probability by more than a fraction of a percent.
            # numpy's stubs type **kwds like its allow_pickle keyword; every value here is an array
            np.savez_compressed(f, **arrays)  # type: ignore[arg-type]
        os.chmod(tmp, 0o644)  # a model is not secret; mkstemp made it 0600
        os.replace(tmp, npz_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    tmp_json = json_path.with_name(f".{json_path.name}.tmp")
    tmp_json.write_text(json.dumps(meta, indent=1, sort_keys=False) + "\n", "utf-8")
    os.replace(tmp_json, json_path)
    return json_path


def _softmax(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    z = z - z.max()
    e = np.exp(z)
    return np.asarray(e / e.sum(), dtype=np.float64)


_PLACEHOLDERS = {"<brand>": "[brand]", "urltoken": "[web address]", "emailtoken": "[e-mail address]",
                 "0": "[number]"}


# Words too common to explain anything to a reader ("the classifier rates this ham: 'the'").
_STOPWORDS = frozenset("""a an and are as at be by for from has have i if in is it its me my of on or our so that the
this to us was we will with you your re fw fwd 0""".split())


def _explains(term: str) -> bool:
    return any(w not in _STOPWORDS and len(w) > 1 for w in term.removeprefix("s:").split(" "))


def _term_words(term: str) -> str:
    subject = term.startswith("s:")
    text = " ".join(_PLACEHOLDERS.get(t, t) for t in term.removeprefix("s:").split(" "))
    return f"'{text}' in the subject" if subject else f"'{text}'"


def weight_fraction(p: float, threshold: float, sure: float) -> float:
    """The part of its weight a flagged message (p >= threshold) gets: 1/4 at the threshold
    rising to 1/2 at `sure`, then to 1 at p = 1; from 1/2 at the threshold when `sure` is not
    above it. Half the weight is the tag threshold with the default weights, so the model alone
    tags only from `sure` on."""
    if sure <= threshold:
        return 0.5 + 0.5 * min(max((p - threshold) / max(1.0 - threshold, 1e-9), 0.0), 1.0)
    if p < sure:
        return 0.25 + 0.25 * max((p - threshold) / (sure - threshold), 0.0)
    return 0.5 + 0.5 * min((p - sure) / (1.0 - sure), 1.0)


class Classifier:
    """A loaded model. predict() and symbols() are pure functions of the message: safe to share
    between threads."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self._named_words = [f.words for f in NAMED]
        # One row of weights per feature: a message's weights are then one cache line per
        # feature instead of one per class and feature (3 MB more per loaded model). The
        # model's weights are not changed after loading.
        self._by_feature = np.ascontiguousarray(model.weights.T)

    @classmethod
    def load(cls, path: Path | None = None) -> Classifier:
        """The model at path (its .json or its directory), or the packaged one when None."""
        return cls(load_model(path))

    def _weights_of(self, fv: FeatureVector) -> npt.NDArray[np.float32]:
        """The weight columns of the message's features, (classes, len(fv.indices)): gathered
        once per message and shared by the rating and its explanation (the gather reads a
        scattered part of a large matrix, which costs more than the arithmetic)."""
        # Transposed back, this is the same array as weights[:, indices], memory layout
        # included, so the dot product adds in the same order and gives the same bits.
        return self._by_feature.take(fv.indices, axis=0).T

    def _scores(self, fv: FeatureVector, w: npt.NDArray[np.float32] | None = None) -> npt.NDArray[np.float64]:
        w = self._weights_of(fv) if w is None else w
        return np.asarray(w @ fv.values, dtype=np.float64) + self.model.intercepts

    def _probabilities(self, scores: npt.NDArray[np.float64], fv: FeatureVector) -> tuple[dict[str, float], bool]:
        """The rating, and whether the second stage gave it."""
        p = _softmax(scores)
        second = self.model.second
        if second is not None and fv.terms is not None and second.band[0] <= p[1] + p[2] <= second.band[1]:
            p = self._second_look(second, scores, fv)
            return dict(zip(self.model.classes, p.tolist(), strict=True)), True
        # tolist() gives the same Python floats as float() of each element, in one call
        return dict(zip(self.model.classes, p.tolist(), strict=True)), False

    @staticmethod
    def _second_look(second: SecondStage, scores: npt.NDArray[np.float64],
                     fv: FeatureVector) -> npt.NDArray[np.float64]:
        assert fv.terms is not None
        cols, values = ngram_vector(fv.terms, second.bits)
        ngram = np.asarray(second.weights[:, cols] @ values, dtype=np.float64) + second.intercepts
        q = _softmax(np.asarray(second.stack_coef @ np.concatenate((scores, ngram)), dtype=np.float64)
                     + second.stack_intercepts)
        low, high = second.band
        malicious = low + (high - low) * float(q[1] + q[2])
        # the stacker's split between spam and phishing, scaled to the mapped p(malicious)
        share = float(q[2] / (q[1] + q[2])) if q[1] + q[2] > 0 else 0.5
        return np.array([1.0 - malicious, malicious * (1.0 - share), malicious * share])

    def predict_vector(self, fv: FeatureVector) -> dict[str, float]:
        return self._probabilities(self._scores(fv), fv)[0]

    def predict(self, msg: ParsedMessage) -> dict[str, float]:
        """Probabilities of ham, spam and phishing (they sum to 1)."""
        return self.predict_vector(extract(msg, self.model.hash_bits))

    def explain(self, fv: FeatureVector, towards: str, top: int = 5, *, with_words: bool = True) -> list[str]:
        """The features of this message that pushed hardest toward class `towards` (against
        ham; for ham, against the stronger of spam and phishing), in plain words. Without
        words, only the structural features are named (naming hashed words means rebuilding
        the message's terms, the dearest part)."""
        w = self._weights_of(fv)
        return self._explain(fv, w, self._scores(fv, w), towards, top, with_words=with_words)

    def _explain(self, fv: FeatureVector, w: npt.NDArray[np.float32], scores: npt.NDArray[np.float64], towards: str,
                 top: int = 5, *, with_words: bool = True) -> list[str]:
        """explain() with the message's weight columns and scores already computed."""
        k = self.model.classes.index(towards)
        other = (1 if scores[1] >= scores[2] else 2) if towards == "ham" else 0
        if not with_words or fv.terms is None:
            # Only structural features can be named. When none of them pushes toward `towards`
            # (most ham), the ranking below names nothing: it stops at its first non-positive
            # gain, and skips word columns. Elementwise, the named columns' gains are the same
            # numbers as in the full product.
            # the array methods and the ufunc's reduce, not numpy's Python-level wrappers
            n = int(fv.indices.searchsorted(N_NAMED))
            if bool(np.logical_and.reduce((w[k, :n] - w[other, :n]) * fv.values[:n] <= 0)):
                return []
        diff = w[k] - w[other]
        contrib = diff * fv.values
        named: list[str] = []
        words: list[str] = []
        buckets = fv.buckets
        # The few candidates as Python numbers: indexing numpy arrays one element at a time
        # costs more than the rest of the loop.
        order = (-contrib).argsort()[: top * 3]  # np.argsort(-contrib) without its Python wrapper
        for gain, col in zip(contrib[order].tolist(), fv.indices[order].tolist(), strict=True):
            if gain <= 0 or len(named) + len(words) >= top:
                break
            if col < N_NAMED:
                named.append(self._named_words[col])
            elif with_words and fv.terms is not None:
                # Only the few columns shown are named: rebuilding every term's label cost more
                # than the rest of the rating.
                buckets = term_buckets(fv.terms, fv.hash_bits) if buckets is None else buckets
                name = term_name(fv.terms, buckets, col)
                if name is not None and _explains(name):
                    words.append(_term_words(name))
        reasons = named
        if words:
            reasons = [*named, ("words " if len(words) > 1 else "word ") + ", ".join(words)]
        return reasons

    def rate(self, msg: ParsedMessage) -> tuple[dict[str, float], FeatureVector]:
        fv = extract(msg, self.model.hash_bits)
        return self.predict_vector(fv), fv

    def symbols(self, msg: ParsedMessage, ctx: ScanContext, cfg: ClassifierConfig) -> list[Symbol]:
        """CLASSIFIER_PHISHING or CLASSIFIER_SPAM when the model flags the message (more points
        the surer it is), CLASSIFIER_HAM (zero or negative) when it is very sure it is not."""
        if not cfg.enabled:
            return []
        fv = extract(msg, self.model.hash_bits)
        w = self._weights_of(fv)
        scores = self._scores(fv, w)
        probs, second_look = self._probabilities(scores, fv)
        threshold = cfg.threshold if cfg.threshold is not None else self.model.threshold
        malicious = probs["spam"] + probs["phishing"]
        if malicious >= threshold:
            cls = "phishing" if probs["phishing"] >= probs["spam"] else "spam"
            weight = cfg.phishing_weight if cls == "phishing" else cfg.spam_weight
            score = weight * weight_fraction(malicious, threshold, cfg.sure_probability)
            return [self._symbol(f"CLASSIFIER_{cls.upper()}", score, cls, malicious, fv, w, scores, second_look)]
        if probs["ham"] >= self.model.ham_threshold and cfg.ham_weight < 0:
            return [self._symbol("CLASSIFIER_HAM", cfg.ham_weight, "ham", probs["ham"], fv, w, scores, second_look)]
        return []

    def _symbol(self, name: str, score: float, cls: str, probability: float, fv: FeatureVector,
                w: npt.NDArray[np.float32], scores: npt.NDArray[np.float64], second_look: bool) -> Symbol:
        pct = math.floor(probability * 1000) / 10
        label = {"ham": "legitimate", "spam": "spam", "phishing": "phishing"}[cls]
        # Most mail is rated ham: its reassuring symbol names structure only, which is cheap.
        reasons = self._explain(fv, w, scores, cls, with_words=cls != "ham")
        because = f": {', '.join(reasons)}" if reasons else ""
        looked = " after a second look at its wording" if second_look else ""
        description = f"the classifier rates this {pct:g}% {label}{looked}{because}"
        banner = ""
        if cls == "phishing":
            banner = "An automatic check found that this message looks like phishing."
        return Symbol(name, round(score, 3), description, banner=banner)


__all__ = ["CLASSES", "MODEL_FORMAT", "MODEL_VERSION", "PACKAGED_MODEL", "SUPPORTED_VERSIONS", "Classifier",
           "ClassifierConfig", "Model", "ModelError", "SecondStage", "load_model", "resolve_model_path", "save_model",
           "weight_fraction"]
