# factsapi: slim Python, dependencies from the hashed lock, a non-root user.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DATABASE_URL=sqlite:////data/factsapi.db \
    CACHE_DIR=/data/cache

WORKDIR /app
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
# docs/errors.md: the pages the problem `type` URIs resolve to (/problems/...)
COPY docs/errors.md ./docs/errors.md
COPY seeds ./seeds
RUN pip install --no-deps . \
    && useradd --create-home --uid 10001 facts \
    && mkdir -p /data && chown facts:facts /data

USER facts
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2).status != 200)"

# migrate, then serve; the seeds are ingested by `docker compose run api factsapi ingest seeds/`
CMD ["sh", "-c", "factsapi migrate && exec factsapi serve --host 0.0.0.0 --port 8000"]
