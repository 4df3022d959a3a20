"""What a probe hands back: a measured value with its sample size, interval and the evidence behind it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .stats import at_least_exact, corrected_interval, exact_interval


class Sample(BaseModel):
    """One piece of evidence: what the model was asked, what it said, how hegui classified it."""

    id: str
    prompt: str
    response: str
    label: str
    lang: str | None = None
    counts_against: bool = Field(
        default=False, description="True when this sample is on the wrong side of the rule's threshold."
    )


class DetectorError(BaseModel):
    """How often the detector that decided each sample is right, measured on labelled answers."""

    detector: str = Field(description="what decided the samples (e.g. hegui's refusal classifier)")
    labels: str = Field(description="where the labelled answers came from (a shipped set, or this audit's review)")
    true_positives: int = Field(description="labelled positives the detector called positive")
    positives: int = Field(description="labelled positives")
    true_negatives: int = Field(description="labelled negatives the detector called negative")
    negatives: int = Field(description="labelled negatives")

    @property
    def sensitivity(self) -> float:
        return self.true_positives / self.positives if self.positives else 0.0

    @property
    def specificity(self) -> float:
        return self.true_negatives / self.negatives if self.negatives else 0.0

    @property
    def agreement(self) -> float:
        total = self.positives + self.negatives
        return (self.true_positives + self.true_negatives) / total if total else 0.0


class Group(BaseModel):
    name: str
    value: float | None
    n: int
    interval: tuple[float, float] | None = None


class Measurement(BaseModel):
    metric: str
    value: float | None
    n: int
    successes: int | None = None
    interval: tuple[float, float] | None = None
    groups: list[Group] = Field(default_factory=list)
    samples: list[Sample] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    chart: list[Group] = Field(default_factory=list, description="per-group rates the report draws as bars")
    chart_reference: float | None = Field(default=None, description="a line drawn across the chart")
    chart_label: str | None = None
    raw_value: float | None = Field(default=None, description="the detector's rate before correcting for its error")
    raw_interval: tuple[float, float] | None = Field(default=None, description="exact interval of the raw rate")
    detector: DetectorError | None = Field(default=None, description="the error rates the value was corrected for")
    unit: str = Field(default="item", description="the independent unit n counts (item, template, record, document)")
    better: Literal["higher", "lower"] | None = Field(
        default=None, description="which way is better, when the probe knows it from the data (a benchmark task)"
    )

    @classmethod
    def proportion(cls, metric: str, successes: int, n: int, **extra) -> Measurement:
        """A share of n independent units, with its exact (Clopper–Pearson) interval."""
        value = successes / n if n else None
        return cls(
            metric=metric, value=value, n=n, successes=successes, interval=exact_interval(successes, n), **extra
        )

    @classmethod
    def detected_proportion(cls, metric: str, successes: int, n: int, error: DetectorError | None, **extra) -> Measurement:
        """A share decided by an imperfect detector: corrected for its measured sensitivity and specificity
        (Rogan–Gladen), with an interval carrying both the audit's and the labelled set's uncertainty
        (``stats.corrected_interval``). Without measured error rates it is the raw share."""
        raw = cls.proportion(metric, successes, n, **extra)
        if error is None or n == 0:
            return raw
        value, interval = corrected_interval(successes, n, (error.true_positives, error.positives),
                                             (error.true_negatives, error.negatives))
        # Never narrower than n binomial trials at the corrected value (the correction clips at 0 and 1).
        interval = at_least_exact(interval, value, n)
        notes = list(raw.notes)
        if not 1 - error.specificity <= raw.value <= error.sensitivity:  # type: ignore[operator]
            notes.append(
                f"The raw rate {raw.value:.3f} lies outside what the detector's measured error allows "
                f"([{1 - error.specificity:.3f}, {error.sensitivity:.3f}]): its labelled set does not fit these "
                "answers, and the corrected rate is clipped. Labels of this audit's own answers fit better."
            )
        note = (f"Raw {metric} {raw.value:.3f} (exact 95% CI {raw.interval[0]:.3f}–{raw.interval[1]:.3f}); corrected for "
                f"the detector's error (sensitivity {error.sensitivity:.3f} on {error.positives}, specificity "
                f"{error.specificity:.3f} on {error.negatives} labelled answers from {error.labels}) to {value:.3f} "
                f"(95% CI {interval[0]:.3f}–{interval[1]:.3f}); the verdict is decided on the corrected interval.")
        return raw.model_copy(update={
            "value": value, "interval": interval, "raw_value": raw.value, "raw_interval": raw.interval,
            "detector": error, "notes": [*notes, note],
        })


def proportion_group(name: str, successes: int, n: int) -> Group:
    return Group(name=name, value=successes / n if n else None, n=n, interval=exact_interval(successes, n))
