"""Confidence intervals for the rates that verdicts are decided on."""

from __future__ import annotations

import math

Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion.

    Chosen over the normal (Wald) interval because audit rates sit near 0 or 1 (a 97 % refusal rate,
    a 0.5 % leak rate), where Wald collapses to zero width and would let a small sample PASS.
    """
    if n <= 0:
        return (0.0, 1.0)
    if not 0 <= successes <= n:
        raise ValueError(f"successes={successes} outside [0, n={n}]")
    p = successes / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def bootstrap_interval(
    units: list, statistic, resamples: int = 1000, seed: int = 0, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap over independent units (e.g. templates, each evaluated for every group).

    Resampling whole units keeps the pairing that makes a counterfactual comparison matched: scipy
    resamples the units' indices and ``statistic`` sees the list of units chosen. No units: (0, 1), nothing
    is known. One unit, or a statistic every resample agrees on: the interval is that single value.
    """
    if not units:
        return (0.0, 1.0)
    if resamples < 2:
        raise ValueError(f"resamples={resamples}: a bootstrap needs at least 2")
    if len(units) == 1:
        return (float(statistic(units)),) * 2

    import numpy as np
    from scipy.stats import bootstrap

    result = bootstrap(
        (np.arange(len(units)),), lambda chosen: statistic([units[i] for i in chosen]), n_resamples=resamples,
        vectorized=False, confidence_level=level, method="percentile", rng=np.random.default_rng(seed),
    )
    if np.ptp(result.bootstrap_distribution) == 0:
        return (float(statistic(units)),) * 2
    low, high = result.confidence_interval
    return (float(low), float(high))
