"""The one cross-fitting loop of training (fold_predictions) and out_of_fold on given folds."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]

from relaywarden.scan.training import ALPHA, _folds, fold_predictions, out_of_fold


def test_each_row_is_predicted_without_its_fold() -> None:
    n, folds = 23, _folds(23, 5)
    seen: list[int] = []

    def predict(mask: npt.NDArray[np.bool_], fold: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        assert not mask[fold].any() and int(mask.sum()) == n - len(fold)
        seen.extend(int(i) for i in fold)
        # Column 0: the row's own index, to show the result is in the original row order.
        return np.column_stack((fold.astype(np.float64), np.full(len(fold), mask.sum()), np.ones(len(fold))))

    out = fold_predictions(n, folds, predict)
    assert sorted(seen) == list(range(n))
    assert out[:, 0].tolist() == list(range(n)) and (out[:, 2] == 1).all()


def test_a_skipped_fold_stays_zero() -> None:
    folds = _folds(10, 2)
    out = fold_predictions(10, folds, lambda mask, fold: None if 0 in fold else np.ones((len(fold), 3)))
    skipped = folds[0] if 0 in folds[0] else folds[1]
    assert (out[skipped] == 0).all() and out.sum() == 3 * (10 - len(skipped))


def _separable(n: int) -> tuple[sparse.csr_matrix, npt.NDArray[np.int64]]:
    rng = np.random.default_rng(7)
    y = np.arange(n) % 3
    x = rng.random((n, 12)) * 0.1
    x[np.arange(n), y] += 1.0  # feature k marks class k
    return sparse.csr_matrix(x), y.astype(np.int64)


def test_out_of_fold_on_training_folds_given_explicitly_is_the_same() -> None:
    x, y = _separable(60)
    w = np.ones(60)
    default = out_of_fold(x, y, w, ALPHA, 5)
    assert np.array_equal(default, out_of_fold(x, y, w, ALPHA, 5, folds=_folds(60, 5)))
    assert (default.argmax(axis=1) == y).mean() > 0.9  # the scores mean something


def test_out_of_fold_gives_zeros_when_a_class_is_alone() -> None:
    x, _ = _separable(30)
    assert not out_of_fold(x, np.zeros(30, dtype=np.int64), np.ones(30), ALPHA).any()
