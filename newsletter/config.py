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

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from newsletter import addresses
from newsletter.universes import MAX_MEMBERS, SHIPPED, load_universe
from newsletter.validators import (
    check_address,
    check_plain_text,
    check_unsubscribe_mailto,
    check_url,
    check_workspace_path,
)
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
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {value!r} (try America/New_York)") from None
    return value


TimeZone = Annotated[str, AfterValidator(check_timezone)]
PlainText = Annotated[str, Field(max_length=2000), AfterValidator(check_plain_text)]
WebUrl = Annotated[str, AfterValidator(check_url)]
Address = Annotated[str, AfterValidator(lambda v: v and check_address(v))]
MAX_WATCHLIST = 50
OneLine = Annotated[str, AfterValidator(addresses.check_one_line)]
"""A value that reaches a mail header: no CR, LF or other control character."""
Mailbox = Annotated[str, AfterValidator(addresses.check_mailbox), AfterValidator(check_address)]
OptionalMailbox = Annotated[str, AfterValidator(addresses.optional(addresses.check_mailbox)),
                            AfterValidator(lambda v: v and check_address(v))]
OptionalAddress = Annotated[str, AfterValidator(addresses.optional(addresses.check_address)),
                            AfterValidator(lambda v: v and check_address(v))]
OptionalMailto = Annotated[str, AfterValidator(addresses.optional(addresses.check_mailto)),
                           AfterValidator(check_unsubscribe_mailto)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Watchlists(Strict):
    indices: list[Ticker] = ["SPY", "QQQ", "IWM", "DIA", "^VIX"]
    macro: list[Ticker] = ["^TNX", "CL=F", "DX-Y.NYB", "BTC-USD"]
    sectors: list[Ticker] = ["XLK", "XLF", "XLE", "XLI", "XLV", "XLY", "XLP", "XLU", "KRE", "SMH"]
    breakdown: list[Ticker] = ["TSLA", "AAPL", "NVDA", "AMZN", "META", "MSFT", "AMD", "COIN"]
    sentiment: list[Ticker] = ["AVGO", "NVDA", "MU", "AMD", "PLTR"]
    story: list[Ticker] = ["HIMS", "RKLB", "HOOD", "PLTR", "COIN"]

    @field_validator("*")
    @classmethod
    def _capped(cls, value: list[str]) -> list[str]:
        if len(value) > MAX_WATCHLIST:
            raise ValueError(f"at most {MAX_WATCHLIST} tickers in a watchlist, got {len(value)}")
        return value


class Pair(Strict):
    lead: Ticker
    lag: Ticker
    label: PlainText = ""


class Theme(Strict):
    name: PlainText
    lead: list[Ticker] = Field(min_length=1, max_length=MAX_WATCHLIST)
    lag: list[Ticker] = Field(min_length=1, max_length=MAX_WATCHLIST)
    lead_label: PlainText = ""
    lag_label: PlainText = ""


class BreadthConfig(Strict):
    """The universe breadth is measured over (see :mod:`newsletter.universes`)."""

    universe: str | list[Ticker] = "dow30"
    """A shipped list (dow30), a CSV of members inside the workspace (members.csv), or a list."""

    @field_validator("universe")
    @classmethod
    def _universe(cls, value: str | list[str], info: ValidationInfo) -> str | list[str]:
        if isinstance(value, list):
            if not value or len(value) > MAX_MEMBERS:
                raise ValueError(f"a list of 1 to {MAX_MEMBERS} tickers, got {len(value)}")
            return value
        if value in SHIPPED:
            return value
        path = Path(value)
        if value.lower().endswith(".csv") and not path.is_absolute() and ".." not in path.parts:
            root = (info.context or {}).get("workspace")
            if root is not None:
                full = (Path(root) / path).resolve()
                if not full.is_relative_to(Path(root).resolve()) or not full.is_file():
                    raise ValueError(f"no file {value!r} in the workspace (a CSV of members with a "
                                     "ticker column)")
            return value
        raise ValueError(f"expected {', '.join(SHIPPED)} (shipped with its date), a CSV file of members "
                         "inside the workspace (members.csv), or a list of tickers [AAPL, MSFT, ...]")


class Sections(Strict):
    headline: bool = True
    recap: bool = True
    breadth: bool = True
    breakdown: bool = True
    rotation: bool = True
    sentiment: bool = True
    macro: bool = True
    edge: bool = True
    volatility: bool = True
    regime: bool = False
    lenses: bool = False
    """Three Minds: off until the lens weights are fitted on the replay (equal weights are a guess)."""
    technical: bool = True
    go_deeper: bool = True
    one_liners: bool = True
    """A section with nothing to say, or without its data, says so in one line (off: it vanishes)."""


class CallsConfig(Strict):
    """The rules every call must pass to reach the ledger (newsletter/trade_plan.py)."""

    min_reward_risk: float = Field(default=2.0, gt=0, le=20)
    """Reward/risk from the entry, at least (2 means the target is twice as far as the stop)."""
    max_trigger_atrs: float = Field(default=3.0, gt=0, le=20)
    """How far the trigger may sit from the last close, in 14-day ATRs."""
    max_stop_atrs: float = Field(default=3.0, gt=0, le=20)
    """How far past the trigger a section may put its stop, in ATRs (the structure must be near)."""
    max_reward_risk: float = Field(default=4.0, gt=0, le=100)
    """Reward/risk from the entry, at most: more than 4 to 1 is a stop hugging the level or a
    target beyond what the horizon brings. Chosen on the replay of 2000-2012 with
    ``max_stretch_pct`` (README, "The record"): those calls hit 2 of 14 decided."""
    max_stretch_pct: float = Field(default=10.0, gt=0, le=100)
    """A section's short is no trade from this far under its 200-day (percent, as printed; a long
    this far over it): a short into a stretched, oversold market (2000-2012 replay: -0.32R a
    decided call from 10% under, 27 calls)."""
    losing_setups: Literal["call", "news"] = "call"
    """A section's plan whose setup lost in the replay (``replay_report``: its mean R a call, as
    of the issue, prints below 0.0R over at least ``min_replayed`` decided calls): "call" makes
    the call and prints the record beside it; "news" shows it as news with that record as the
    reason, not as a call. The author's own calls (notes) are never held back."""
    min_replayed: int = Field(default=20, ge=1, le=100_000)
    """How many decided replayed calls of a setup make its record count for ``losing_setups``."""


class LensesConfig(Strict):
    """The synthesis of the three lenses (newsletter/analysis/synthesis.py, sections/lenses.py)."""

    weights: dict[Literal["macro", "flow", "contrarian"], float] | str = {
        "macro": 1.0, "flow": 1.0, "contrarian": 1.0}
    """Each lens's weight in the synthesis (scaled to their sum; a lens left out weighs 1), or the
    path (relative to the workspace) of a replay's ``lens_weights.json``: the weights fitted on
    2000-2012, and the synthesis then states its out-of-sample record."""
    min_confidence: float = Field(default=0.6, gt=0, le=1)
    """The synthesis makes its one call only at this confidence or more (0.6: two of three agree)."""

    @field_validator("weights", mode="before")
    @classmethod
    def _weights_shape(cls, value: object) -> object:
        """A mapping of lens names to numbers or a path, checked here so an error names the lens
        rather than the two shapes the union allows."""
        lenses = ("macro", "flow", "contrarian")
        if isinstance(value, str):
            return value
        if not isinstance(value, dict):
            raise ValueError("expected the weights ({macro: 1, flow: 1, contrarian: 1}) or the path "
                             "of a replay's lens_weights.json")
        for name, weight in value.items():
            if name not in lenses:
                raise ValueError(f"unknown lens {name!r}: expected some of {', '.join(lenses)}")
            if isinstance(weight, bool) or not isinstance(weight, (int, float)):
                raise ValueError(f"the {name} weight must be a number, got {weight!r}")
        return value

    @field_validator("weights")
    @classmethod
    def _weights(cls, value: dict[str, float] | str) -> dict[str, float] | str:
        if isinstance(value, str):
            if not value.strip():
                raise ValueError("expected the path of a replay's lens_weights.json, or the weights")
            return value
        if any(w < 0 or w != w for w in value.values()):
            raise ValueError("lens weights must be zero or more")
        if sum(value.get(lens, 1.0) for lens in ("macro", "flow", "contrarian")) <= 0:
            raise ValueError("at least one lens weight must be above zero")
        return value


class ValidationConfig(Strict):
    """Thresholds of the data validation stage (:mod:`newsletter.validate`)."""

    key_tickers: list[Ticker] | None = None
    """Tickers whose faults or staleness hold the issue; None means ``watchlists.indices``."""
    jump_sigma: float = Field(default=15.0, gt=0, le=1000)
    """A daily move beyond this many standard deviations of the ticker's own moves is suspect."""
    split_sigma: float = Field(default=6.0, gt=0, le=1000)
    """A move by a split ratio beyond this many standard deviations is an unadjusted split."""
    jump_window: int = Field(default=250, ge=20, le=5000)
    """Sessions of daily moves the standard deviation is taken over (those before the move)."""
    split_ratios: list[float] = Field(default=[2.0, 3.0, 4.0, 5.0, 10.0, 20.0], min_length=0)
    """A jump by one of these ratios (or its inverse) is taken for an unadjusted split."""
    split_tolerance: float = Field(default=0.03, gt=0, lt=0.5)
    """How close (relative) a day's ratio must be to a split ratio."""
    max_price: float = Field(default=1e7, gt=0)
    """A price above this is absurd (Berkshire A trades near 1e6)."""
    min_price: float = Field(default=1e-6, ge=0)
    """A positive price below this is absurd."""
    ohlc_tolerance: float = Field(default=0.001, ge=0, lt=0.1)
    """How far (relative) Open or Close may sit outside the day's Low..High before it is a fault."""
    max_gap_sessions: int = Field(default=3, ge=0)
    """The longest run of missing NYSE sessions tolerated; a longer one cuts the history there."""
    max_missing_pct: float = Field(default=2.0, ge=0, le=100)
    """Missing sessions tolerated, percent of the sessions a ticker should have; more leaves it out."""
    signed: list[Ticker] = ["CL=F"]
    """Tickers whose price may be zero or negative (WTI futures settled at -37.63 on 2020-04-20)."""

    @field_validator("split_ratios")
    @classmethod
    def _ratios(cls, value: list[float]) -> list[float]:
        for ratio in value:
            if not (ratio > 1.0 and ratio < 1e6):
                raise ValueError(f"a split ratio must be above 1 (its inverse is checked too): {ratio!r}")
        return value


class DataConfig(Strict):
    source: str = "sample"
    seed: int = 7
    history_sessions: int = Field(default=7500, ge=260, le=10000)
    """Sessions of history fetched per ticker, and so the reach of every record and event study.
    7500 reaches the session calendar's start (1999). At 1500 (six years) the real bars' issue of
    2013-05-05 headlined an all-time high of the S&P as "a 5-Year High", and the Edge's streak
    study had n = 96 where the data held 213."""
    cache_dir: str = ".cache"
    timeout: float = Field(default=20.0, gt=0, le=300)
    """Seconds per yfinance request."""
    retries: int = Field(default=2, ge=0, le=10)
    extra_closures: list[dt.date] = []
    validation: ValidationConfig = ValidationConfig()

    @field_validator("cache_dir")
    @classmethod
    def _cache_dir(cls, value: str, info: ValidationInfo) -> str:
        return check_workspace_path(value, (info.context or {}).get("workspace"), what="cache folder")

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


class DkimConfig(Strict):
    """DKIM signing of every SMTP message; off while ``selector`` is empty."""

    selector: str = ""
    domain: str = ""
    """The signing domain (d=); empty: the domain of ``email.from``."""
    private_key_file: str = ""
    """A PEM private key file, relative to the workspace; or use ``private_key_env``."""
    private_key_env: str = ""
    """The environment variable holding the PEM private key (never logged)."""


class EmailConfig(Strict):
    from_address: Mailbox = Field(default="The Weekly Edge <letter@example.com>", alias="from")
    reply_to: OptionalMailbox = ""
    recipients_file: str = "recipients.txt"
    author_address: OptionalAddress = ""
    """Where a held issue's reason goes instead of the readers, and the report after a send."""
    rate_per_minute: int = Field(default=600, ge=1)
    batch_size: int = Field(default=50, ge=1)
    max_retries: int = Field(default=3, ge=0)
    max_html_kb: int = Field(default=60, ge=10, le=102)
    """The email's HTML at most this (KB); Gmail clips a message over 102 KB."""
    max_image_kb: int = Field(default=150, ge=1)
    """Each image the email shows at most this (KB)."""
    max_images_kb: int = Field(default=600, ge=1)
    """All the email's images together at most this (KB)."""
    spam_threshold: float = Field(default=5.0, gt=0)
    """SpamAssassin's required_score: a score at or above it holds the issue (when installed)."""
    css_clients: list[str] = ["gmail.desktop-webmail", "gmail.ios", "gmail.android",
                              "apple-mail.macos", "apple-mail.ios", "outlook.windows",
                              "outlook.outlook-com", "yahoo.desktop-webmail"]
    """Clients (caniemail's family.platform, or a family) the email's CSS is checked against."""
    css_unsupported: Literal["note", "hold"] = "note"
    """A CSS feature a listed client lacks: named in the checks (note), or holding the issue."""
    unsubscribe_mailto: OptionalMailto = "unsubscribe@example.com"
    unsubscribe_url: WebUrl = "https://example.com/unsubscribe"
    smtp: SmtpConfig = SmtpConfig()
    dkim: DkimConfig = DkimConfig()

    @field_validator("css_clients")
    @classmethod
    def _known_clients(cls, value: list[str]) -> list[str]:
        from newsletter.presend.css_support import known_clients

        unknown = [client for client in value if client not in known_clients()]
        if unknown:
            raise ValueError(f"unknown client {unknown[0]!r}; expected caniemail's family.platform, "
                             "e.g. gmail.desktop-webmail, outlook.windows, apple-mail.ios")
        return value


def check_send_time(value: str) -> str:
    if value and not re.match(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", value):
        raise ValueError("expected a 24-hour time like 07:30, or empty")
    return value


SendTime = Annotated[str, AfterValidator(check_send_time)]


class SmtpTarget(Strict):
    """Email every reader of ``email.recipients_file`` over ``email.smtp``."""

    kind: Literal["smtp"]


class ListmonkTarget(Strict):
    """A listmonk campaign on ``lists``: left a draft, scheduled at ``send_time`` or started."""

    kind: Literal["listmonk"]
    url: str
    """The listmonk root, e.g. https://lists.example.com (the API is under /api)."""
    username: str
    """The API user (Admin → Users)."""
    token_env: str = "NEWSLETTER_LISTMONK_TOKEN"
    lists: list[int] = Field(min_length=1)
    mode: Literal["draft", "schedule", "start"] = "start"
    send_time: SendTime = ""
    """HH:MM in ``timezone`` on the issue date, for mode schedule (past: start now)."""
    template_id: int | None = None


class GhostTarget(Strict):
    """A Ghost post: a draft, scheduled at ``send_time``, or published (and emailed)."""

    kind: Literal["ghost"]
    url: str
    """The admin domain, e.g. https://site.ghost.io (the API is under /ghost/api/admin/)."""
    key_env: str = "NEWSLETTER_GHOST_ADMIN_KEY"
    """The environment variable holding the Admin API key (id:secret)."""
    mode: Literal["draft", "schedule", "publish"] = "publish"
    send_time: SendTime = ""
    newsletter: str = ""
    """The newsletter's slug to email the post to; empty: published on the site only."""
    email_segment: str = "all"
    tags: list[str] = ["Weekly"]


class ButtondownTarget(Strict):
    """A Buttondown email: a draft, scheduled at ``send_time``, or sent."""

    kind: Literal["buttondown"]
    url: str = "https://api.buttondown.com"
    key_env: str = "NEWSLETTER_BUTTONDOWN_API_KEY"
    mode: Literal["draft", "schedule", "send"] = "send"
    send_time: SendTime = ""


Target = Annotated[SmtpTarget | ListmonkTarget | GhostTarget | ButtondownTarget,
                   Field(discriminator="kind")]


class PublishConfig(Strict):
    targets: list[Target] = [SmtpTarget(kind="smtp")]
    """Where the issue goes after the web archive; each at most once."""
    timeout: float = Field(default=30, gt=0, le=300)
    """Seconds per platform API request."""
    retries: int = Field(default=4, ge=0, le=10)
    """Retries of a temporary platform failure (429, 5xx, timeout) per request."""
    max_wait: float = Field(default=120, gt=0)
    """Longest wait (seconds) between retries; a longer Retry-After stops the target for now."""

    @field_validator("targets")
    @classmethod
    def _one_of_each(cls, targets: list) -> list:
        kinds = [target.kind for target in targets]
        twice = sorted({kind for kind in kinds if kinds.count(kind) > 1})
        if twice:
            raise ValueError(f"each kind of target at most once ({', '.join(twice)} is listed twice)")
        return targets

    def kinds(self) -> list[str]:
        return [target.kind for target in self.targets]


class Config(Strict):
    title: PlainText = "The Weekly Edge"
    tagline: PlainText = "What you know before you trade this week."
    author: PlainText = "The Editor"
    timezone: TimeZone = "America/New_York"
    base_url: str = "https://example.com/letter/"
    output: str = "issues"
    go_deeper_url: WebUrl = ""
    replay_report: str = ""
    """A replay's ``report.json`` (relative to the workspace): each call shows its setup's record."""
    disclaimer: PlainText = (
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
    breadth: BreadthConfig = BreadthConfig()
    sections: Sections = Sections()
    calls: CallsConfig = CallsConfig()
    lenses: LensesConfig = LensesConfig()
    names: dict[str, str] = {}
    """How symbols without a cashtag print ({"^SOX": "the chip index"}); see newsletter.display."""
    email: EmailConfig = EmailConfig()
    publish: PublishConfig = PublishConfig()

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("expected an http(s) URL like https://example.com/letter/")
        check_url(value)
        return value if value.endswith("/") else value + "/"

    @field_validator("output")
    @classmethod
    def _output(cls, value: str, info: ValidationInfo) -> str:
        return check_workspace_path(value, (info.context or {}).get("workspace"), what="output folder")


    def key_tickers(self) -> tuple[str, ...]:
        """The tickers whose bad or stale data holds an issue: ``data.validation.key_tickers``,
        by default the recap's indices."""
        keys = self.data.validation.key_tickers
        return tuple(self.watchlists.indices if keys is None else keys)

    def all_tickers(self) -> list[str]:
        """Every ticker the issue may need, in a stable order, without repeats: the watchlists,
        rotation pairs and themes, and the optional sections' own tickers when they are on (Three
        Minds' ^VIX3M, HYG and LQD, the regime's HYG and IEF: the sample's every issue said "Not
        read: VIX term structure (^VIX3M), credit (HYG/LQD)", none of them fetched)."""
        w = self.watchlists
        names: list[str] = [*w.indices, *w.macro, *w.sectors, *w.breakdown, *w.sentiment, *w.story]
        for pair in self.rotation:
            names += [pair.lead, pair.lag]
        for theme in self.themes:
            names += [*theme.lead, *theme.lag]
        if self.sections.lenses:
            from newsletter.sections import lenses

            names += lenses.TICKERS
        if self.sections.regime:
            from newsletter.sections import regime

            names += regime.TICKERS
        return list(dict.fromkeys(names))


def with_lens_weights_file(config: Config, workspace: Path) -> Config:
    """``lenses.weights`` naming a replay's lens_weights.json: read now (a bad file stops here, in
    one line) and made absolute, so the section finds it from any folder."""
    weights = config.lenses.weights
    if not isinstance(weights, str):
        return config
    from newsletter.lens_weights import read_lens_weights

    full = Path(weights).expanduser()
    full = full if full.is_absolute() else (workspace / full).resolve()
    read_lens_weights(full, display=weights)
    return config.model_copy(update={"lenses": config.lenses.model_copy(update={"weights": str(full)})})


def load_config(workspace: Path) -> Config:
    """Read and validate ``newsletter.yaml`` in ``workspace``; a missing file means defaults."""
    path = workspace / CONFIG_FILE
    if not path.exists():
        return Config()
    loaded = load_yaml(path, display=str(path.relative_to(workspace)) if path.is_relative_to(workspace) else None)
    if loaded.data is not None and not isinstance(loaded.data, dict):
        from newsletter.errors import NewsletterError

        raise NewsletterError("expected a mapping of keys to values at the top", file=loaded.path, line=1)
    config = validate(loaded, Config, context={"workspace": workspace})
    universe = config.breadth.universe
    if isinstance(universe, str) and universe not in SHIPPED:  # a CSV: read now, so a bad one stops here
        load_universe(universe, workspace)
        full = str((workspace / universe).resolve())
        config = config.model_copy(update={"breadth": config.breadth.model_copy(update={"universe": full})})
    config = with_lens_weights_file(config, workspace)
    dkim = config.email.dkim
    if dkim.private_key_file and not Path(dkim.private_key_file).expanduser().is_absolute():
        dkim = dkim.model_copy(update={"private_key_file": str(workspace / dkim.private_key_file)})
        config = config.model_copy(update={"email": config.email.model_copy(update={"dkim": dkim})})
    return config
