"""factsapi: news articles in, queryable facts out."""

__version__ = "0.1.0"
