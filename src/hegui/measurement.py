"""What a probe hands back: a measured value with its sample size, interval and the evidence behind it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .stats import wilson_interval


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
    better: Literal["higher", "lower"] | None = Field(
        default=None, description="which way is better, when the probe knows it from the data (a benchmark task)"
    )

    @classmethod
    def proportion(cls, metric: str, successes: int, n: int, **extra) -> Measurement:
        value = successes / n if n else None
        return cls(
            metric=metric, value=value, n=n, successes=successes, interval=wilson_interval(successes, n), **extra
        )


def proportion_group(name: str, successes: int, n: int) -> Group:
    return Group(name=name, value=successes / n if n else None, n=n, interval=wilson_interval(successes, n))
