"""Word lists that news writing leans on, kept in one place so rules stay readable.

Each list says why it exists; extend them here, not inside the rules.
"""

# ---------------------------------------------------------------- attribution (quotes, claims)
# (owned by the attribution rules in quotes.py / claims.py)

# ---------------------------------------------------------------- casualty figures
# (owned by figures.py)

# ---------------------------------------------------------------- people, roles, organizations
# (owned by entities.py)

# Words that make the phrase before or beside a name a job title: "NATO Secretary-General
# Jens Stoltenberg", "Jeremy Fleming, head of the GCHQ", "regional governor Oleksandr Pavliuk".
TITLE_HEADS = frozenset(
    """
    president premier chancellor minister secretary secretary-general spokesman spokeswoman
    spokesperson governor mayor head chief leader commander general colonel major captain
    lieutenant sergeant admiral marshal ambassador envoy diplomat official officer director
    chairman chairwoman chair ceo executive founder president-elect vice-president king queen
    prince princess emperor pope cardinal bishop archbishop rabbi imam cleric senator
    congressman congresswoman representative lawmaker legislator deputy mp judge justice
    prosecutor attorney lawyer adviser advisor aide analyst expert professor researcher
    economist scientist doctor dr. journalist reporter editor correspondent coach manager
    owner partner manager negotiator mediator monitor inspector commissioner administrator
    superintendent sheriff chief-of-staff speaker ruler dictator strongman warlord
    """.split()
)

# Words that may stand inside a title before its head: "Deputy Prime Minister", "Defense
# Minister", "top rebel leader", "regional governor". Capitalised names of organisations
# and nationality adjectives are accepted by rule, not listed here.
TITLE_MODIFIERS = frozenset(
    """
    deputy vice prime foreign defense defence interior finance health justice economy
    education energy culture trade transport agriculture environment home state regional
    provincial local city district military top senior former acting interim then
    rebel opposition separatist party supreme assistant associate executive general
    secretary press national federal chief first lead principal
    """.split()
)

# Nouns that, in an appositive right after a lone name, say the name is a person:
# "Mariya, a local resident, ...", "Ahmed, a father of three, ...".
PERSON_NOUNS = frozenset(
    """
    resident woman man girl boy mother father daughter son wife husband widow student
    teacher nurse doctor soldier volunteer farmer worker driver survivor refugee villager
    grandmother grandfather child baby teenager retiree pensioner shopkeeper vendor
    fighter civilian activist neighbor neighbour relative friend
    """.split()
)

# Tokens that mark a name as an organisation even when NER calls it a person.
ORG_SUFFIXES = frozenset(
    "Inc Inc. Ltd Ltd. LLC PBC Corp Corp. Co. Group Labs Agency Ministry Department Council "
    "Committee Commission Bank Fund Institute University Association Union Party Front Army "
    "Forces Police Service Services Court Parliament Organization Organisation".split()
)

# Generic words NER sometimes tags as an organisation on their own: not names of anything.
GENERIC_ORG_WORDS = frozenset(
    "defense defence military army police government ministry forces state administration "
    "parliament court council media press".split()
)
