"""The lens weights a replay fitted, as a small file an issue's synthesis loads (``lenses.weights``).

``newsletter replay`` with the lenses on writes ``lens_weights.json``: the weights
fitted on 2000-2012 and the synthesis's out-of-sample record with them. The
config's ``lenses.weights`` may name that file instead of giving the weights; the
Three Minds section then weighs its lenses with them and states the record
("synthesis: 312 of 580 right out of sample 2013-2022 (replay, hypothetical)").
A malformed file is one line naming the file, the line and the key.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LENS_NAMES = ("macro", "flow", "contrarian")
FILE_NAME = "lens_weights.json"


class Period(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")


class OutOfSample(Period):
    right: int = Field(ge=0)
    """Up/down synthesis reads that the market proved right."""
    of: int = Field(ge=0)
    """Up/down synthesis reads graded (flat reads state nothing)."""

    @model_validator(mode="after")
    def _counts(self) -> OutOfSample:
        if self.right > self.of:
            raise ValueError(f"right ({self.right}) is more than of ({self.of})")
        return self


class LensWeights(BaseModel):
    """What an issue reads from a replay's ``lens_weights.json``."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    weights: dict[str, float]
    fitted_on: Period
    out_of_sample: OutOfSample

    @field_validator("weights")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        missing = [n for n in LENS_NAMES if n not in value]
        if missing:
            raise ValueError(f"no weight for {', '.join(missing)} (expected {', '.join(LENS_NAMES)})")
        unknown = [n for n in value if n not in LENS_NAMES]
        if unknown:
            raise ValueError(f"unknown lens {unknown[0]!r} (expected {', '.join(LENS_NAMES)})")
        for name, weight in value.items():
            if not math.isfinite(weight) or weight < 0:
                raise ValueError(f"the {name} weight must be finite and zero or more, got {weight}")
        if sum(value.values()) <= 0:
            raise ValueError("at least one lens weight must be above zero")
        return value

    def record_text(self) -> str:
        """The synthesis's out-of-sample record in one line, as the issue prints it."""
        o = self.out_of_sample
        years = f"{o.start.year}–{o.end.year}" if o.start.year != o.end.year else str(o.start.year)
        return f"synthesis: {o.right} of {o.of} right out of sample {years} (replay, hypothetical)"


def read_lens_weights(path: Path, display: str | None = None) -> LensWeights:
    """The weights file at ``path``; a malformed one is a NewsletterError naming file, line and key."""
    from newsletter.errors import NewsletterError
    from newsletter.yamlfile import load_yaml, validate

    shown = display or str(path)
    if not path.is_file():
        raise NewsletterError("no lens weights file here: run `newsletter replay` with the lenses on, "
                              "or give the weights in the config", file=shown, key="lenses.weights")
    loaded = load_yaml(path, display=shown)  # JSON is YAML: an error gets its line
    if not isinstance(loaded.data, dict):
        raise NewsletterError("not a lens weights file: expected a JSON object with weights, "
                              "fitted_on and out_of_sample", file=shown, line=1, key="lenses.weights")
    return validate(loaded, LensWeights)


@lru_cache(maxsize=8)
def _cached(path: str, mtime_ns: int, size: int) -> LensWeights:
    return read_lens_weights(Path(path))


def lens_weights_at(path: str) -> LensWeights:
    """The file ``lenses.weights`` names, read once per version of it (a replay composes a
    thousand issues)."""
    try:
        s = Path(path).stat()
    except OSError:
        return read_lens_weights(Path(path))  # raises the one-line error
    return _cached(path, s.st_mtime_ns, s.st_size)


def lens_weights_json(weights: dict[str, float], fitted_on: tuple[dt.date, dt.date],
                      out_of_sample: tuple[dt.date, dt.date, int, int], *, what: str,
                      version: str, source: str) -> str:
    """The file's text: sorted keys, weights rounded to 6 places, the same bytes for the same fit."""
    start, end, right, of = out_of_sample
    payload = {
        "what": what, "version": version, "source": source,
        "weights": {n: round(float(weights[n]), 6) + 0.0 for n in LENS_NAMES},
        "fitted_on": {"from": fitted_on[0].isoformat(), "to": fitted_on[1].isoformat()},
        "out_of_sample": {"from": start.isoformat(), "to": end.isoformat(), "right": right, "of": of},
    }
    return json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
