"""The extractor's version, stored with each article: `factsapi reextract` redoes older ones.

Bump it whenever a rule change would change what is extracted.
"""

EXTRACTOR_VERSION = "2026.12.8.2"
