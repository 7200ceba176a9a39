"""The workspace config (``newsletter.yaml``): declared once, validated with pydantic.

Every model forbids unknown keys, so a typo is an error naming file, line and
key rather than a silently ignored setting.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from newsletter import addresses
from newsletter.yamlfile import load_yaml, validate

TICKER_RE = re.compile(r"^[\^A-Z0-9][A-Z0-9.=\-^]{0,14}$")
CONFIG_FILE = "newsletter.yaml"


def check_ticker(value: str) -> str:
    ticker = value.strip().upper() if isinstance(value, str) else value
    if not isinstance(ticker, str) or not TICKER_RE.match(ticker):
        raise ValueError(f"not a valid ticker symbol: {value!r}")
    return ticker


Ticker = Annotated[str, AfterValidator(check_ticker)]


def check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (try America/New_York)") from None
    return value


TimeZone = Annotated[str, AfterValidator(check_timezone)]
OneLine = Annotated[str, AfterValidator(addresses.check_one_line)]
"""A value that reaches a mail header: no CR, LF or other control character."""
Mailbox = Annotated[str, AfterValidator(addresses.check_mailbox)]
OptionalMailbox = Annotated[str, AfterValidator(addresses.optional(addresses.check_mailbox))]
OptionalAddress = Annotated[str, AfterValidator(addresses.optional(addresses.check_address))]
OptionalMailto = Annotated[str, AfterValidator(addresses.optional(addresses.check_mailto))]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Watchlists(Strict):
    indices: list[Ticker] = ["SPY", "QQQ", "IWM", "DIA", "^VIX"]
    macro: list[Ticker] = ["^TNX", "CL=F", "DX-Y.NYB", "BTC-USD"]
    sectors: list[Ticker] = ["XLK", "XLF", "XLE", "XLI", "XLV", "XLY", "XLP", "XLU", "KRE", "SMH"]
    breakdown: list[Ticker] = ["TSLA", "AAPL", "NVDA", "AMZN", "META", "MSFT", "AMD", "COIN"]
    sentiment: list[Ticker] = ["AVGO", "NVDA", "MU", "AMD", "PLTR"]
    story: list[Ticker] = ["HIMS", "RKLB", "HOOD", "PLTR", "COIN"]


class Pair(Strict):
    lead: Ticker
    lag: Ticker
    label: str = ""


class Theme(Strict):
    name: str
    lead: list[Ticker] = Field(min_length=1)
    lag: list[Ticker] = Field(min_length=1)
    lead_label: str = ""
    lag_label: str = ""


class Sections(Strict):
    headline: bool = True
    recap: bool = True
    breakdown: bool = True
    rotation: bool = True
    sentiment: bool = True
    macro: bool = True
    edge: bool = True
    regime: bool = False
    go_deeper: bool = True


class DataConfig(Strict):
    source: str = "sample"
    seed: int = 7
    history_sessions: int = Field(default=1500, ge=260, le=10000)
    cache_dir: str = ".cache"
    timeout: float = Field(default=20.0, gt=0, le=300)
    """Seconds per yfinance request."""
    retries: int = Field(default=2, ge=0, le=10)
    extra_closures: list[dt.date] = []

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        if value in ("sample", "yahoo") or value.startswith("csv:"):
            return value
        raise ValueError("expected sample, yahoo or csv:DIR")


class SmtpConfig(Strict):
    host: OneLine = "127.0.0.1"
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: OneLine = ""
    password_env: OneLine = "NEWSLETTER_SMTP_PASSWORD"
    timeout: float = Field(default=30, gt=0)


class EmailConfig(Strict):
    from_address: Mailbox = Field(default="The Weekly Edge <letter@example.com>", alias="from")
    reply_to: OptionalMailbox = ""
    recipients_file: str = "recipients.txt"
    author_address: OptionalAddress = ""
    """Where a held issue's reason goes instead of the readers, when set."""
    rate_per_minute: int = Field(default=600, ge=1)
    batch_size: int = Field(default=50, ge=1)
    max_retries: int = Field(default=3, ge=0)
    max_html_kb: int = Field(default=60, ge=10, le=102)
    unsubscribe_mailto: OptionalMailto = "unsubscribe@example.com"
    unsubscribe_url: OneLine = "https://example.com/unsubscribe"
    smtp: SmtpConfig = SmtpConfig()


class Config(Strict):
    title: str = "The Weekly Edge"
    tagline: str = "What you know before you trade this week."
    author: str = "The Editor"
    timezone: TimeZone = "America/New_York"
    base_url: str = "https://example.com/letter/"
    output: str = "issues"
    go_deeper_url: str = ""
    disclaimer: str = (
        "This newsletter is for education and information only. It is not investment advice; "
        "do your own research. Past performance does not guarantee future results."
    )
    data: DataConfig = DataConfig()
    watchlists: Watchlists = Watchlists()
    rotation: list[Pair] = [Pair(lead="IWM", lag="SPY"), Pair(lead="IWM", lag="QQQ")]
    themes: list[Theme] = [
        Theme(name="AI semis vs analog semis", lead=["NVDA", "AVGO", "AMD"],
              lag=["TXN", "ADI", "MCHP"], lead_label="AI semis", lag_label="analog semis"),
    ]
    sections: Sections = Sections()
    email: EmailConfig = EmailConfig()

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("expected an http(s) URL like https://example.com/letter/")
        return value if value.endswith("/") else value + "/"


    def all_tickers(self) -> list[str]:
        """Every ticker the issue may need, in a stable order, without repeats."""
        w = self.watchlists
        names: list[str] = [*w.indices, *w.macro, *w.sectors, *w.breakdown, *w.sentiment, *w.story]
        for pair in self.rotation:
            names += [pair.lead, pair.lag]
        for theme in self.themes:
            names += [*theme.lead, *theme.lag]
        return list(dict.fromkeys(names))


def load_config(workspace: Path) -> Config:
    """Read and validate ``newsletter.yaml`` in ``workspace``; a missing file means defaults."""
    path = workspace / CONFIG_FILE
    if not path.exists():
        return Config()
    loaded = load_yaml(path, display=str(path.relative_to(workspace)) if path.is_relative_to(workspace) else None)
    if loaded.data is not None and not isinstance(loaded.data, dict):
        from newsletter.errors import NewsletterError

        raise NewsletterError("expected a mapping of keys to values at the top", file=loaded.path, line=1)
    return validate(loaded, Config)
