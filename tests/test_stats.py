"""The intervals verdicts are decided on: Wilson for proportions, a percentile bootstrap over units."""

from __future__ import annotations

import random
import warnings

import pytest

from hegui.stats import bootstrap_interval, wilson_interval


def mean(xs):
    return sum(xs) / len(xs)


@pytest.mark.parametrize(
    ("successes", "n", "expected"),
    [(0, 24, (0.0, 0.1380)), (0, 10, (0.0, 0.2775)), (5, 10, (0.2366, 0.7634)), (1, 3, (0.0615, 0.7923)),
     (24, 24, (0.8620, 1.0)), (97, 100, (0.9154, 0.9897))],
)
def test_wilson_known_values(successes, n, expected):
    assert wilson_interval(successes, n) == pytest.approx(expected, abs=1e-4)


def test_wilson_edges():
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson_interval(5, 4)


def test_bootstrap_is_repeatable_with_a_seed():
    rng = random.Random(1)
    units = [rng.random() for _ in range(40)]
    first = bootstrap_interval(units, mean, seed=3)
    assert bootstrap_interval(units, mean, seed=3) == first
    assert bootstrap_interval(units, mean, seed=4) != first
    assert all(isinstance(x, float) for x in first) and first[0] < mean(units) < first[1]


def test_bootstrap_of_a_rate_is_close_to_wilson():
    units = [1] * 30 + [0] * 170
    random.Random(0).shuffle(units)
    low, high = bootstrap_interval(units, mean, resamples=2000)
    w_low, w_high = wilson_interval(30, 200)
    assert low == pytest.approx(w_low, abs=0.015) and high == pytest.approx(w_high, abs=0.015)


def test_bootstrap_resamples_whole_units():
    # The statistic sees the chosen units themselves (here: pairs), not numbers derived from them.
    units = [("a", 1), ("b", 0), ("c", 1), ("d", 1)]
    low, high = bootstrap_interval(units, lambda chosen: mean([x for _, x in chosen]), resamples=500)
    assert 0.0 <= low <= 0.75 <= high <= 1.0


def test_bootstrap_edge_cases_give_no_warning_or_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bootstrap_interval([], mean) == (0.0, 1.0)
        assert bootstrap_interval([0.4], mean) == (0.4, 0.4)
        assert bootstrap_interval([1] * 50, mean) == (1.0, 1.0)
        assert bootstrap_interval([0, 1, 0, 1], lambda chosen: 0.25) == (0.25, 0.25)
    with pytest.raises(ValueError):
        bootstrap_interval([1, 0], mean, resamples=1)
