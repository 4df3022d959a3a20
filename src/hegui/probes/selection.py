"""Which rows of a bank a check measures: one seeded mechanism for every bank-driven probe.

TC260-003 §9 asks for items drawn at random (随机抽取) from a bank; taking the first N instead lets the file's
order decide the verdict (in CBBQ's published order a model that always answers "A" passes both bias rules;
shuffled, the same model fails). Every probe that reads a bank takes its parameters from ``Selection``:
filters (``langs``, ``where``), then a seeded sample of ``sample`` rows (the seed is recorded in the policy,
so anyone can repeat the draw), then ``limit`` (the first N of what is left: a quick look, not evidence).

A filter that names a field no row has, or that leaves no row, is an error: a mistyped ``where`` key must
not turn into a rule measured on nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import DataError
from ..suggest import did_you_mean

Row = Mapping[str, Any]


class Selection(BaseModel):
    """The row-selection parameters every bank-driven probe's ``Params`` inherits."""

    model_config = ConfigDict(extra="forbid")

    langs: list[str] | None = Field(default=None, description="only rows in these languages (e.g. [zh])")
    where: dict[str, str] = Field(default_factory=dict, description="keep rows whose fields equal these values")
    sample: int | None = Field(
        default=None, ge=1, description="a seeded random sample of N rows after the filters (TC260-003 §9: 随机抽取)")
    seed: int = Field(default=0, description="the sample's seed, recorded so the draw can be repeated")
    limit: int | None = Field(
        default=None, ge=1, description="only the first N rows after filters and sample (a quick look, not a sample)")

    def select(self, rows: Iterable[Row], what: str = "bank") -> list[Row]:
        """The rows this check measures, in file order."""
        rows = list(rows)
        total = len(rows)
        if self.where and rows:
            fields = sorted({key for row in rows for key in row if not str(key).startswith("_")})
            unknown = [key for key in self.where if key not in fields]
            if unknown:
                hints = "".join(did_you_mean(key, fields) for key in unknown)
                raise DataError(f"where: {', '.join(map(repr, unknown))} is not a field of the {what}{hints} "
                                f"(fields: {', '.join(fields)})")
        kept = [r for r in rows if all(str(r.get(k)) == str(v) for k, v in self.where.items())]
        if self.langs:
            kept = [r for r in kept if r.get("lang") in self.langs]
        if total and not kept:
            raise DataError(f"the filters {self.describe()} leave 0 of the {what}'s {total} rows"
                            f"{_seen(rows, self)}")
        if self.sample and self.sample < len(kept):
            kept = [kept[i] for i in sorted(random.Random(self.seed).sample(range(len(kept)), self.sample))]
        return kept[: self.limit] if self.limit else kept

    def describe(self) -> str:
        parts = [f"langs={self.langs}"] if self.langs else []
        parts += [f"where {key}={value!r}" for key, value in self.where.items()]
        return ", ".join(parts) or "(none)"


def _seen(rows: list[Row], selection: Selection) -> str:
    """What values the filtered fields do have: the usual cause of 0 rows is a value spelled differently."""
    shown = []
    for key in [*selection.where, *(["lang"] if selection.langs else [])]:
        values = sorted({str(r.get(key)) for r in rows})
        shown.append(f"{key}: {', '.join(values[:8])}{' ...' if len(values) > 8 else ''}")
    return f" (values present: {'; '.join(shown)})" if shown else ""
