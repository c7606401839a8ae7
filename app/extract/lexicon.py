"""Word lists that news writing leans on, kept in one place so rules stay readable.

Each list says why it exists; extend them here, not inside the rules.
"""

# ---------------------------------------------------------------- attribution (quotes, claims)
# (owned by the attribution rules in quotes.py / claims.py)


def _word_set(text: str) -> frozenset[str]:
    """A set of words written as one string, so long lists stay readable."""
    return frozenset(text.split())


# Verbs (lemmas) that attribute what follows them to their subject: "X said (that) ...".
# Their content is a clause (ccomp), so "reported from Lviv" or "told him" attribute nothing.
REPORTING_VERBS = _word_set(
    "say tell add announce report state claim confirm deny admit acknowledge concede conclude warn "
    "insist estimate allege accuse note argue predict assert maintain explain stress emphasize "
    "emphasise reiterate declare disclose reveal write tweet post testify believe contend "
    "recall recount complain caution affirm "
    # news copy varies its verbs: "Deputy Governor Oleg Klimov indicated 68 people were
    # missing", "Mayor John Tory suggested a broader probe may be required", "He remarked
    # toilet paper is a bulky item", "She informed police she had diplomatic immunity"
    "indicate suggest comment remark inform "
    # what someone holds to blame: "attributed the bombing to Houthi rebels"
    "attribute blame"
)
# Reporting verbs that things do as often as speakers: "alliance intelligence indicates that
# ...", "the data suggest ...", "the strike claimed 20 lives". Their subject must be someone
# who speaks (a name, a person or body, a report) for the clause to be a claim of theirs.
VERBS_THINGS_DO = _word_set("indicate suggest claim")
# Reporting verbs whose direct object (or gerund) is itself the attributed content: "the
# ministry reported heavy shelling", "denied targeting civilians", "claimed widespread voter
# fraud" (a speaker's claim only: "the strike claimed 20 lives" is no statement).
OBJECT_CONTENT_VERBS = _word_set(
    "report announce confirm deny acknowledge admit predict estimate reveal disclose claim"
)
# Verbs whose object is what a speaker holds someone to account for, and the preposition
# naming what: "accused Russia of shelling civilians", "attributed the bombing to rebels".
GROUNDS_PREPOSITIONS = {"accuse": "of", "attribute": "to", "blame": "for"}
# Verbs that attribute quoted words but rarely a whole statement: "called the attack
# “barbaric”", "urged people to “stay calm”". They find speakers for quotes, never claims.
QUOTING_VERBS = REPORTING_VERBS | _word_set(
    "call describe dub label term brand urge vow pledge promise ask plead demand shout chant reply respond answer"
)
# Nouns that carry a statement given by a light verb: "have given assurances that ...",
# "issued a warning that ...". Only with a that-clause, so "gave an order" is no claim.
# Words of condolence and sympathy: "I want to express my sympathy to the families", "Deeply
# saddened by the loss of lives". A quotation saying only that (or a wish, "May God protect
# them") states nothing a reader could check, so it is no claim.
SYMPATHY_WORDS = _word_set(
    "sympathy sympathies condolence condolences prayers saddened heartbroken mourning mourns mourn"
)
# Verbs that characterise a thing in the speaker's words: "Schiff called it “a non-starter”",
# "denounced the claims as a “national embarrassment”". With the quoted label they state the
# speaker's judgement of the thing: a claim, read from the object to the label.
CHARACTERISING_VERBS = _word_set(
    "call describe label brand term dub characterise characterize denounce condemn attack dismiss hail"
)
STATEMENT_NOUNS = _word_set(
    "assurance guarantee statement announcement warning pledge promise claim allegation insistence indication"
)
STATEMENT_LIGHT_VERBS = _word_set("give offer issue make provide repeat release")
# Things that say something for their maker: "according to a statement from the ministry"
# names the ministry as the source, "the ministry’s report" too.
DOCUMENT_NOUNS = _word_set(
    "statement report data figure post message communique release tweet video letter filing document "
    "record briefing assessment update motion lawsuit complaint petition"
)

# ---------------------------------------------------------------- casualty figures
# (owned by figures.py and numbers.py)


def _words(text: str) -> list[str]:
    """A word list written as one string, so long lists stay readable."""
    return text.split()


# Words before a count that bound or hedge it, and whether they make it an estimate.
# Coders keep "at least 15" as 15 with its floor noted, but "about 15" is approximate.
COUNT_QUALIFIERS: dict[str, bool] = {
    **dict.fromkeys(["at least", "more than", "over", "up to", "as many as", "at most", "fewer than"], False),
    **dict.fromkeys(["less than", "upwards of", "in excess of", "just over", "well over"], False),
    **dict.fromkeys(["no fewer than", "just under", "no less than", "as few as"], False),
    **dict.fromkeys(["an estimated", "estimated", "about", "around", "some", "nearly", "almost"], True),
    **dict.fromkeys(["roughly", "approximately", "close to", "an approximate", "a reported"], True),
}
# The same after a count: "30 or more", "100 or so".
COUNT_QUALIFIERS_AFTER: dict[str, bool] = {"or more": False, "or so": True}

# Verbs whose object, or passive subject, are the people counted: "killed 12 people",
# "15 people were killed". Their active subject is the attacker, never the victims.
# Arrests and detentions are left out on purpose: custody by police or troops is not a
# battlefield capture, and ACLED codes it apart from casualties.
VERBS_ON_OBJECT: dict[str, str] = {
    **dict.fromkeys(_words("kill massacre slaughter execute murder slay assassinate behead"), "killed"),
    **dict.fromkeys(_words("injure wound hurt maim hospitalize hospitalise"), "injured"),
    **dict.fromkeys(_words("capture abduct kidnap"), "captured"),
    **dict.fromkeys(_words("displace uproot"), "displaced"),
    **dict.fromkeys(_words("evacuate rescue airlift relocate"), "evacuated"),
}
# Verbs of a blow that need not kill: "was shot in the leg", "was stabbed" leave people
# injured unless the report says more ("shot and killed", "shot dead", "fatally stabbed").
# "Beat" is left out: "beat two defenders" is sport.
BLOW_VERBS: dict[str, str] = dict.fromkeys(_words("shoot stab"), "injured")
# Verbs a "fatally" turns into a killing: "was fatally shot", "fatally struck by a car".
FATAL_VERBS = frozenset(_words("shoot stab strike hit beat wound injure burn maul crush run knife"))
FATAL_ADVERBS = frozenset(_words("fatally"))
# Verbs that find a body, so "a body" is one person dead: "the body of a hiker was recovered".
BODY_VERBS = frozenset(_words("find recover pull retrieve discover identify wash locate"))
# Verbs whose active subject are the people counted: "thousands die", "4 million flee".
VERBS_ON_SUBJECT: dict[str, str] = {
    **dict.fromkeys(_words("die perish drown succumb"), "killed"),
    **dict.fromkeys(_words("flee"), "displaced"),
    **dict.fromkeys(_words("disappear vanish"), "missing"),
}
# Transitive verbs news also uses of the people themselves: "200 residents evacuated".
ERGATIVE_VERBS = frozenset(["evacuate", "relocate"])
# A verb plus a word under it (particle, object, complement, or a preposition's object)
# that together say what happened, with the people as object / passive subject ...
PHRASES_ON_OBJECT: dict[tuple[str, str], str] = {
    ("shoot", "dead"): "killed",
    ("gun", "down"): "killed",
    ("mow", "down"): "killed",
    ("take", "prisoner"): "captured",
    ("take", "hostage"): "captured",
    ("take", "captive"): "captured",
    ("hold", "hostage"): "captured",
    ("force", "home"): "displaced",
    ("drive", "home"): "displaced",
}
# ... or as active subject: "lost their lives", "managed to get out of Mariupol".
PHRASES_ON_SUBJECT: dict[tuple[str, str], str] = {
    ("lose", "life"): "killed",
    ("suffer", "injury"): "injured",
    ("sustain", "injury"): "injured",
    ("suffer", "wound"): "injured",
    ("get", "out"): "evacuated",
    ("make", "out"): "evacuated",
}
# Words saying what state people are in, as a complement ("remain missing", "were found
# dead"), a modifier ("50 injured people", "people killed") or the counted noun itself
# ("30 dead", "20 deaths", "1,000 refugees"). Keyed by lowercase form or lemma.
STATE_WORDS: dict[str, str] = {
    **dict.fromkeys(_words("dead killed kill death fatality body corpse"), "killed"),
    **dict.fromkeys(_words("injured injure wounded wound hurt"), "injured"),
    **dict.fromkeys(_words("missing unaccounted"), "missing"),
    **dict.fromkeys(_words("hostage captive"), "captured"),
    **dict.fromkeys(_words("displaced homeless refugee"), "displaced"),
    **dict.fromkeys(_words("evacuated evacuee"), "evacuated"),
}
# Verbs that link people to such a state: "are missing", "were reported killed", "left 30 dead".
LINKING_VERBS = frozenset(_words("be remain go become report list confirm declare find leave make pronounce"))
# Nouns naming an act done to people, counted through "of": "the deaths of 20 people",
# "the evacuation of 200 residents".
ACT_NOUNS: dict[str, str] = {
    **dict.fromkeys(_words("death killing murder massacre execution body"), "killed"),
    **dict.fromkeys(_words("injury wounding"), "injured"),
    **dict.fromkeys(_words("disappearance"), "missing"),
    **dict.fromkeys(_words("capture abduction kidnapping"), "captured"),
    **dict.fromkeys(_words("displacement exodus"), "displaced"),
    **dict.fromkeys(_words("evacuation rescue"), "evacuated"),
}
# Verbs that take lives: "claimed 20 lives", "cost the lives of 20 people".
LIFE_VERBS = frozenset(_words("claim cost take"))
# Nouns a running total is told in: "the death toll rose to 20", "the number of people
# killed stood at 32". A bare "toll" in news is always a death toll.
TOLL_NOUNS = frozenset(_words("toll tally number count total figure"))
# "Casualties" is killed and wounded together, so a count of them is neither category;
# it is kept as "other" rather than guessed at.
COMBINED_NOUNS = frozenset(["casualty"])
# Verbs passing their subject (or object) on to the verb after them: "have managed to get
# out", "were forced to flee", "have had to flee".
CONTROL_VERBS = frozenset(_words("manage force compel oblige begin start continue have succeed"))
# Verbs that make what follows them unreal: "threatened to kill", "plans to evacuate".
HYPOTHETICAL_VERBS = frozenset(
    _words(
        "threaten plan expect fear risk aim want hope intend seek try attempt vow pledge promise prepare "
        "need refuse fail predict presume"
    )
)
# Auxiliaries of things that may or will happen, not that did: "could kill thousands".
MODALS = frozenset(_words("could would might may can should must will shall ca wo 'd 'll"))
# Nouns for people, so a count of them is a count of people even without a casualty word.
PEOPLE_NOUNS = frozenset(
    _words(
        "people person persons civilian man men woman women child children kid kids boy girl baby babies "
        "infant teenager teen youth adult resident inhabitant citizen national villager local soldier troop "
        "serviceman servicemen servicemember fighter militant rebel insurgent guerrilla jihadist gunman "
        "gunmen attacker assailant member officer policeman policemen police guard commander personnel "
        "recruit conscript draftee reservist marine sailor pilot crew worker employee staff staffer "
        "volunteer journalist reporter doctor nurse medic paramedic student pupil schoolgirl schoolboy "
        "teacher worshipper pilgrim passenger driver migrant refugee asylum-seeker evacuee survivor "
        "victim protester demonstrator detainee prisoner hostage captive inmate farmer herder fisherman "
        "fishermen miner shopper bystander tourist visitor family relative other others individual "
        "dead wounded injured missing displaced peacekeeper contractor mercenary official lawmaker "
        "suspect patient elderly pensioner mourner worshiper aid-worker soul life them us occupant "
        "firefighter motorist pedestrian"
    )
)
# Plural endings of people nouns not listed: "Palestinians", "journalists", "firemen", "trainees".
PEOPLE_ENDINGS = ("ians", "ists", "men", "ees", "ers")
# Things ending like people that are not: "helicopters", "containers", "headquarters".
NOT_PEOPLE = frozenset(
    _words(
        "helicopters containers shelters centers centres towers tankers launchers carriers destroyers "
        "bombers meters metres kilometers kilometres liters litres numbers orders papers borders letters "
        "quarters headquarters computers waters chambers trailers corners layers clusters rockets "
        "barrels dollars shares degrees miles"
    )
)
# One person, written without a number: "a man was shot and killed", "the gunman was killed",
# "a construction worker died". Singular nouns only; collectives ("police", "family",
# "crew", "staff") are not one person.
SINGLE_PEOPLE_NOUNS = (
    PEOPLE_NOUNS
    - _word_set("people persons police personnel staff crew family others other them us soul life")
    - _word_set("dead wounded injured missing displaced elderly")
) | _word_set(
    "pedestrian motorcyclist cyclist bicyclist motorist toddler newborn shooter hiker swimmer climber "
    "firefighter trooper deputy co-worker coworker clerk cashier homeowner tenant occupant neighbor "
    "neighbour mother father son daughter husband wife brother sister grandmother grandfather "
    "girlfriend boyfriend customer skier diver jogger rider"
)
# Players counted in sports copy: "two players were injured in the second quarter" is a
# team's news, not a casualty figure (a killing stays one: "two players were killed").
# Cyclists, riders and runners are left out: on a road they are traffic victims.
ATHLETE_NOUNS = frozenset(
    _words(
        "player starter reserve substitute striker defender midfielder forward goalkeeper goalie "
        "quarterback receiver linebacker lineman pitcher batter batsman bowler catcher rookie teammate "
        "athlete"
    )
)
# The words before such a noun that make it one person: "a man", "another victim", "the gunman".
SINGLE_DETERMINERS = frozenset(_words("a an another the this that"))
# Nouns whose count is how many people live somewhere: "a population of 430,000",
# "a city of 2 million".
POPULATION_NOUNS = frozenset(["population"])
SETTLEMENT_NOUNS = frozenset(_words("city town village country region province district camp home"))

# ---------------------------------------------------------------- people, roles, organizations
# (owned by entities.py)

# Words that make the phrase before or beside a name a job title: "NATO Secretary-General
# Jens Stoltenberg", "Jeremy Fleming, head of the GCHQ", "regional governor Oleksandr Pavliuk".
TITLE_HEADS = frozenset(
    [
        "president",
        "premier",
        "chancellor",
        "minister",
        "secretary",
        "secretary-general",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "governor",
        "mayor",
        "head",
        "chief",
        "leader",
        "commander",
        "general",
        "colonel",
        "major",
        "captain",
        "lieutenant",
        "sergeant",
        "admiral",
        "marshal",
        "ambassador",
        "envoy",
        "diplomat",
        "official",
        "officer",
        "director",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "executive",
        "founder",
        "president-elect",
        "vice-president",
        "king",
        "queen",
        "prince",
        "princess",
        "emperor",
        "pope",
        "cardinal",
        "bishop",
        "archbishop",
        "rabbi",
        "imam",
        "cleric",
        "senator",
        "congressman",
        "congresswoman",
        "representative",
        "lawmaker",
        "legislator",
        "deputy",
        "mp",
        "judge",
        "justice",
        "prosecutor",
        "attorney",
        "lawyer",
        "adviser",
        "advisor",
        "aide",
        "analyst",
        "expert",
        "professor",
        "researcher",
        "economist",
        "scientist",
        "doctor",
        "dr.",
        "journalist",
        "reporter",
        "editor",
        "correspondent",
        "coach",
        "manager",
        "owner",
        "partner",
        "manager",
        "negotiator",
        "mediator",
        "monitor",
        "inspector",
        "commissioner",
        "administrator",
        "superintendent",
        "sheriff",
        "chief-of-staff",
        "speaker",
        "whip",
        "ruler",
        "dictator",
        "strongman",
        "warlord",
    ]
)

# Words that may stand inside a title before its head: "Deputy Prime Minister", "Defense
# Minister", "top rebel leader", "regional governor". Capitalised names of organisations
# and nationality adjectives are accepted by rule, not listed here.
TITLE_MODIFIERS = frozenset(
    [
        "deputy",
        "vice",
        "prime",
        "foreign",
        "defense",
        "defence",
        "interior",
        "finance",
        "health",
        "justice",
        "economy",
        "education",
        "energy",
        "culture",
        "trade",
        "transport",
        "agriculture",
        "environment",
        "home",
        "state",
        "regional",
        "provincial",
        "local",
        "city",
        "district",
        "military",
        "top",
        "senior",
        "former",
        "acting",
        "interim",
        "then",
        "rebel",
        "opposition",
        "separatist",
        "party",
        "supreme",
        "assistant",
        "associate",
        "executive",
        "general",
        "secretary",
        "press",
        "national",
        "federal",
        "chief",
        "first",
        "lead",
        "principal",
    ]
)

# Nouns that, in an appositive right after a lone name, say the name is a person:
# "Mariya, a local resident, ...", "Ahmed, a father of three, ...".
PERSON_NOUNS = frozenset(
    [
        "resident",
        "woman",
        "man",
        "girl",
        "boy",
        "mother",
        "father",
        "daughter",
        "son",
        "wife",
        "husband",
        "widow",
        "student",
        "teacher",
        "nurse",
        "doctor",
        "soldier",
        "volunteer",
        "farmer",
        "worker",
        "driver",
        "survivor",
        "refugee",
        "villager",
        "grandmother",
        "grandfather",
        "child",
        "baby",
        "teenager",
        "retiree",
        "pensioner",
        "shopkeeper",
        "vendor",
        "fighter",
        "civilian",
        "activist",
        "neighbor",
        "neighbour",
        "relative",
        "friend",
    ]
)

# Words after which a capitalised name is usually a place: "in Odesa", "near Bakhmut".
PLACE_PREPOSITIONS = frozenset(
    [
        "in",
        "near",
        "outside",
        "around",
        "from",
        "to",
        "into",
        "across",
        "toward",
        "towards",
        "through",
        "of",
        "on",
    ]
)

# Verbs whose object is a place: "reached Mariupol", "shelled Irpin and Makariv".
PLACE_VERBS = frozenset(
    _words(
        "reach enter leave visit flee evacuate shell bomb attack strike hit capture seize besiege "
        "encircle surround liberate retake occupy invade storm raid pound target bombard"
    )
)

# Words after a name that make it a place: "the Donetsk and Luhansk regions".
REGION_WORDS = frozenset(
    _words("region regions province provinces oblast oblasts district districts county state")
)

# Tokens that mark a name as an organisation even when NER calls it a person.
ORG_SUFFIXES = frozenset(
    _words(
        "Inc Inc. Ltd Ltd. LLC PLC plc PBC Corp Corp. Corporation Co Co. Company Group Holding Holdings "
        "Labs Agency Ministry Department Council Committee Commission Bank Fund Institute University "
        "Association Union Party Front Army Forces Police Service Services Court Parliament Organization "
        "Organisation Airlines Airways Aircraft Motors Store Records Studios Network Foundation Partnership "
        "Assembly Federation Alliance Society AG SA SpA "
        "N.V. NV GmbH"
    )
)

# Suffixes dropped before comparing two names of one company ("Apple Inc." is "Apple").
CORPORATE_SUFFIXES = frozenset(
    _words("inc ltd llc plc pbc corp corporation co company group holding holdings ag sa spa nv n v gmbh")
)

# Generic words NER sometimes tags as an organisation on their own: not names of anything.
GENERIC_ORG_WORDS = frozenset(
    _words(
        "defense defence military army police government ministry forces state administration "
        "parliament court council media press"
    )
)

# Time zones and currencies the model calls organisations.
CODES_NOT_ORGS = frozenset(_words("UTC GMT EST EDT PST PDT CET USD EUR GBP JPY CNY RUB UAH"))

# Last words of names of events, products and flights, which are not organisations.
NOT_ORG_HEADS = frozenset(
    _words(
        "Conference Summit Expo Festival Flight Program Programme Award Awards Championship Championships "
        "Cup Games Olympics Show Week Day Prize Act Treaty Accord"
    )
)

# Last words of names of buildings and sites: places, located by the town named beside them.
FACILITY_HEADS = frozenset(
    _words(
        "Airport Center Centre Station Stadium Square Bridge Hospital Palace Cathedral Mosque Church "
        "Base Port Harbor Harbour Dam Plant Prison Camp Factory Tower Arena Hall Park Facility"
    )
)
