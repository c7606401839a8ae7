"""The read side, one module per thing served: facts, entities, articles, geo, incidents, facets.

Helpers beside them: `filters` (the fact filters as data), `search` (full-text search).
"""
