"""Names across articles: the variant key that makes every spelling of one entity one key.

Articles from different desks write one person, place or organisation differently:
romanisations ("Zelenskyy", "Zelensky", "Zelenskiy"; "Muhammad", "Mohammed"), titles
("Pope Francis", "Mr. Biden"), exonyms ("Kiev", "Kyiv") and acronyms ("U.N.", "United
Nations"). `match_key` maps them to one key; lookups and cross-article identity compare
keys, never raw spellings. Pure string functions: the read path imports this, not spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..lexicon import TITLE_HEADS
from ..text.folding import fold


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string, so long lists stay readable."""
    return frozenset(text.split())


# Honorifics and abbreviated titles news prints before a name ("Mr. Biden", "Sen. Warren",
# "Gen. Milley"): they say how a person is addressed, not who they are.
HONORIFICS = _words("""mr mrs ms miss mx dr prof sir dame lord lady sen rep gov lt col maj gen capt cpt sgt cmdr
    adm rev fr msgr pres amb supt insp det cpl pvt hon rt sheikh sheik mullah ayatollah""")
# Forms of address: stripped like titles, but they say nothing of a role
FORMS_OF_ADDRESS = _words("mr mrs ms miss mx")
# Titles a person may be known by alone ("Pope Francis", "King Charles"): such a name is a
# whole name, never a surname to merge with someone else's full name.
MONONYM_TITLES = _words("pope king queen prince princess emperor empress sheikh ayatollah patriarch")
# Titles the model takes into a name: "Chief Constable Jane Doe", "Taoiseach Leo Varadkar",
# "Broadcaster Piers Morgan"; a role like any title, never part of the name
TITLES_IN_NAMES = _words("""constable detective inspector trooper taoiseach tanaiste broadcaster presenter
    councillor councilor alderman magistrate coroner selectman reverend pastor comptroller treasurer
    chairperson member""")
_TITLE_WORDS = (
    HONORIFICS
    | {t.replace("-", " ") for t in TITLE_HEADS}
    | {
        "prime",
        "vice",
        "deputy",
        "foreign",
        "defense",
        "defence",
        "interior",
        "acting",
        "former",
        "first",
        "lady",
        "saint",
        "st",
    }
    | TITLES_IN_NAMES
)
_SUFFIXES = _words("jr sr ii iii iv")
# Arabic articles written as a separate word ("al-Assad", "el-Sisi"): "Bashar Assad" is the same man
_PARTICLES = _words("al el ul")
# Lower-case words inside a name: "Ziad al-Sharabi", "Ali bin Tamim", "Arnel dela Vega",
# "Ursula von der Leyen"
NAME_PARTICLES = _PARTICLES | _words(
    "bin bint ibn abu de da das dos del dela della di du van von der den ter la le"
)

# Exonyms and older romanisations news still prints, to the form the gazetteer and most
# desks use now. Places are identified by gazetteer id; this table serves lookups by a name
# never written in the stored articles (`?place=Kiev` when every article wrote Kyiv).
EXONYMS: Mapping[str, str] = {
    "kiev": "kyiv",
    "kharkov": "kharkiv",
    "nikolaev": "mykolaiv",
    "nikolayev": "mykolaiv",
    "lvov": "lviv",
    "dnepr": "dnipro",
    "dnepropetrovsk": "dnipro",
    "zaporozhye": "zaporizhzhia",
    "zaporozhe": "zaporizhzhia",
    "chernigov": "chernihiv",
    "lugansk": "luhansk",
    "artemovsk": "bakhmut",
    "artemivsk": "bakhmut",
    "rovno": "rivne",
    "vinnitsa": "vinnytsia",
    "zhitomir": "zhytomyr",
    "kherson": "kherson",
    "bombay": "mumbai",
    "madras": "chennai",
    "calcutta": "kolkata",
    "peking": "beijing",
    "canton": "guangzhou",
    "rangoon": "yangon",
    "burma": "myanmar",
    "saigon": "ho chi minh city",
    "turkey": "turkiye",
    "czech republic": "czechia",
    "swaziland": "eswatini",
    "ivory coast": "cote d ivoire",
    "holland": "netherlands",
    "great britain": "united kingdom",
    "britain": "united kingdom",
    "uk": "united kingdom",
    "us": "united states",
    "usa": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uae": "united arab emirates",
    "drc": "democratic republic of the congo",
}

# Acronyms and their expansions for organisations (countries are places, see EXONYMS).
ACRONYMS: Mapping[str, str] = {
    "united nations": "un",
    "un security council": "unsc",
    "united nations security council": "unsc",
    "security council": "unsc",
    "north atlantic treaty organization": "nato",
    "north atlantic treaty organisation": "nato",
    "european union": "eu",
    "world health organization": "who",
    "world health organisation": "who",
    "international atomic energy agency": "iaea",
    "international monetary fund": "imf",
    "international criminal court": "icc",
    "international committee of the red cross": "icrc",
    "organization for security and co operation in europe": "osce",
    "organisation for security and co operation in europe": "osce",
    "federal bureau of investigation": "fbi",
    "central intelligence agency": "cia",
    "security service of ukraine": "sbu",
    "federal security service": "fsb",
    "united nations children s fund": "unicef",
    "united nations high commissioner for refugees": "unhcr",
    "un refugee agency": "unhcr",
    "associated press": "ap",
    "agence france presse": "afp",
    "british broadcasting corporation": "bbc",
    "israel defense forces": "idf",
    "european central bank": "ecb",
    "world trade organization": "wto",
}

# Words a statistical model tags as a person that name no one: platforms, events, months.
NOT_PERSON_WORDS = _words("""twitter telegram facebook instagram youtube tiktok whatsapp signal viber x linkedin reddit
    snapchat google truth battle siege war offensive operation summit treaty accord agreement
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""")
# Heads of event names: "Battle of Bakhmut", "Siege of Mariupol", "Operation Z".
EVENT_HEADS = _words("battle siege war offensive operation summit treaty accord massacre")

_DOTTED = re.compile(r"(?<=\b\w)\.")  # the dots of "U.S." and "U.N.", not of "St. Louis"


def strip_titles(name: str) -> tuple[str, str | None]:
    """The name without titles before it or suffixes after it, and the titles as a role."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and is_title_word(words[i]):
        i += 1
    end = len(words)
    while end > i + 1 and fold(words[end - 1]) in _SUFFIXES:
        end -= 1
    role = " ".join(words[:i]) or None
    return " ".join(words[i:end]), role


def known_by_title(name: str) -> bool:
    """'Pope Francis', 'King Charles': a title that makes one name whole, not a surname."""
    role = strip_titles(name)[1] or ""
    return any(fold(w) in MONONYM_TITLES for w in role.split())


def is_title_word(word: str) -> bool:
    """A word of a title or an honorific written before a name ("Sen.", "President", "Mr."),
    or a plural one before two names ("Presidents Muhammadu Buhari ... and Patrice Talon")."""
    folded = fold(word)
    return folded in _TITLE_WORDS or (len(folded) > 4 and folded[-1] == "s" and folded[:-1] in _TITLE_WORDS)


def romanised(word: str) -> str:
    """One folded word reduced to what its romanisations share.

    Transliteration from Cyrillic and Arabic varies in a few known ways: the final
    -ий/-ій (-y, -yy, -iy, -ii, -i, -ij), y/i/j for the same vowel, g/h (Serhiy/Sergey),
    kh/h, q/k, w/v, ou/oo/u, ee/i, ph/f, dh/d, doubled letters (Gaddafi/Gadafi). Long
    words also fold unstressed e/a and o/u (Mohammed/Muhammad); short ones keep them, so
    Dean and Dan, Jan and Jen stay apart.
    """
    w = word.replace("-", "")
    for a, b in _DIGRAPHS:
        w = w.replace(a, b)
    w = _FINAL_I.sub("i", w)
    w = w.replace("j", "y").replace("y", "i")
    w = _SOFT_H.sub("g", w)
    w = _DOUBLE.sub(r"\1", w)
    if len(w) >= 6:
        w = _INNER_E.sub("a", w)
        w = _INNER_O.sub("u", w)
    return w


_DIGRAPHS = (
    ("shch", "shh"),
    ("tch", "ch"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("w", "v"),
    ("dh", "d"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("x", "ks"),
)
_FINAL_I = re.compile(r"(?:iy|yy|ii|ij|yi|ei|ey|iie|y|j)$")
_SOFT_H = re.compile(r"(?<=[aeioulmnr])h(?=[aeiou]|$)")  # Ukrainian h for Russian g: Oleh, Serhiy
_DOUBLE = re.compile(r"(.)\1+")
_INNER_E = re.compile(r"e(?=.)")
_INNER_O = re.compile(r"o(?=.)")


def person_key(name: str) -> str:
    """The variant key of a person's name: no titles, initials or particles, romanisation folded."""
    bare, _role = strip_titles(name)
    words = [w for w in fold(bare).split() if w not in _PARTICLES]
    if len(words) > 2:  # middle initials: "Joseph R. Biden" is "Joseph Biden"
        words = [w for k, w in enumerate(words) if len(w) > 1 or k in (0, len(words) - 1)]
    return " ".join(romanised(w) for w in words)


def surname_key(key: str) -> str:
    """The last word of a person key: what a surname-only mention is compared by."""
    return key.rsplit(" ", 1)[-1]


def place_key(name: str) -> str:
    """The variant key of a place name: exonyms to the current form, then romanisation folded."""
    folded = _undotted(name)
    folded = EXONYMS.get(folded, folded)
    return " ".join(romanised(w) for w in folded.split())


def organization_key(name: str) -> str:
    """The variant key of an organisation: dots out of acronyms, expansions to their acronym."""
    folded = _undotted(name)
    return ACRONYMS.get(folded, folded)


def _undotted(name: str) -> str:
    return fold(_DOTTED.sub("", name.strip()))


def match_key(kind: str, name: str) -> str:
    """The variant key of a name of an entity of this kind ("person", "place", "organization")."""
    if kind == "person":
        return person_key(name)
    if kind == "place":
        return place_key(name)
    return organization_key(name)


def is_acronym(form: str) -> bool:
    """'U.S.', 'UN', 'NATO': capitals (and dots) only."""
    letters = [c for c in form if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def display_name(kind: str, forms: Mapping[str, int], fallback: str) -> str:
    """The form news writing uses most for an entity: `forms` counts the articles using each.

    A person shows a full name (the most used form with first name and surname); a
    place or organisation its most used written form, spelled out rather than an
    acronym where articles spell it out (a gazetteer name never written loses to the
    written one: Mykolaiv, not Mykolayiv).
    """
    counts = {f: n for f, n in forms.items() if n > 0}
    if not counts:
        return fallback
    if kind == "person":
        counts = _summed(counts, lambda f: strip_titles(f)[0])
        widest = max(len(f.split()) for f in counts)
        pool = {f: n for f, n in counts.items() if len(f.split()) == widest}
    else:
        spelled = {f: n for f, n in counts.items() if not is_acronym(f)}
        pool = spelled if kind == "place" and spelled else counts
    top = max(pool.values())
    best = [f for f, n in pool.items() if n == top]
    if fallback in best:
        return fallback
    return min(best, key=lambda f: (len(f), f))


def _summed(counts: Mapping[str, int], norm) -> dict[str, int]:  # type: ignore[no-untyped-def]
    out: dict[str, int] = {}
    for form, n in counts.items():
        out[norm(form)] = out.get(norm(form), 0) + n
    return out
