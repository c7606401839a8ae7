"""Word lists that news writing leans on, kept in one place so rules stay readable.

Each list says why it exists; extend them here, not inside the rules.
"""

# ---------------------------------------------------------------- attribution (quotes, claims)
# (owned by the attribution rules in quotes.py / claims.py)

# ---------------------------------------------------------------- casualty figures
# (owned by figures.py)
