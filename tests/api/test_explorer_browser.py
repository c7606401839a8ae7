"""The explorer at /explore in headless Chromium, over the seed, with no network but this machine.

Each view is a URL (the page keeps its state in the hash), so the test follows the links
the page draws: from the map's marker to the place's incidents, from a search result to
the article with the fact highlighted. Errors: the page writes every script error,
rejected promise, failed asset and CSP violation into #errors, and Chromium's log
carries every console line.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.support import CHROMIUM, offline_chromium, served

# looked up by a name the article uses: the canonical spelling is the extractor's choice
SEED_PLACES = ("Ukraine", "Mariupol", "Mykolaiv", "Kyiv")
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_fc4ee9ee1c3e4ec7.txt"
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (.ci/run installs it from Debian)"
)


@dataclass
class Node:
    """An element of the dumped DOM: enough of one to find things by class and read their text."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found.extend(child.find_all(tag, cls))
        return found

    def by_id(self, id_: str) -> Node | None:
        return next((n for n in self.find_all() if n.attrs.get("id") == id_), None)


class TreeBuilder(HTMLParser):
    VOID = frozenset({"meta", "link", "input", "br", "img", "hr", "source", "col", "wbr", "area"})

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class Page:
    dom: Node
    console: list[str]

    @property
    def html(self) -> Node:
        return self.dom.find_all("html")[0]

    def errors(self) -> list[str]:
        """What the page's error collector and Chromium's console log caught."""
        collected = self.dom.by_id("errors")
        return [*(li.text for li in (collected.find_all("li") if collected else [])), *self.console]


def chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on `url`, cut off from every network but loopback, console lines on stderr."""
    return subprocess.run(
        [
            *offline_chromium(profile),
            "--hide-scrollbars",
            "--virtual-time-budget=15000",
            "--enable-logging=stderr",
            "--v=0",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console_lines(stderr: str) -> list[str]:
    # every console.log/warn/error of the page, as Chromium logs it: `INFO:CONSOLE:12] "text", source: ...`
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def render(url: str, tmp_path: Path) -> Page:
    """The DOM once the page has drawn the view in `url`, and the console lines it logged."""
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    result = chromium(url, profile, "--dump-dom")
    builder = TreeBuilder()
    builder.feed(result.stdout)
    page = Page(builder.root, console_lines(result.stderr))
    assert page.dom.find_all("html"), result.stderr[-2000:]
    assert page.dom.find_all("body")[0].attrs.get("data-ready") == "1", (page.errors(), result.stdout[-2000:])
    return page


@pytest.fixture
def explorer(client: TestClient) -> Iterator[str]:
    """The test app, with the seed article ingested, on a real loopback port: the explorer's URL."""
    response = client.post("/v1/articles", content=SEED.read_bytes(), headers={"Content-Type": "text/plain"})
    assert response.status_code in (200, 201), response.text
    with served(client.app) as url:
        yield f"{url}/explore"


def test_console_lines_are_read_from_chromium_log(tmp_path: Path) -> None:
    """The no-errors checks below rest on this: a page's console line reaches us."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (.ci/run installs it from Debian)")
    page = 'data:text/html,<script>console.error("explorer-probe")</script>'
    result = chromium(page, tmp_path / "probe", "--dump-dom")
    assert any("explorer-probe" in line for line in console_lines(result.stderr)), result.stderr[-2000:]


@needs_chromium
def test_map_draws_the_places_and_an_incident_shows_its_reports_side_by_side(
    explorer: str, client: TestClient, tmp_path: Path
) -> None:
    home = render(explorer, tmp_path)
    assert home.errors() == []
    markers = {a.attrs["data-place"]: a for a in home.dom.find_all("a", "marker")}
    ids = {name: str(client.get(f"/v1/places/{name}").json()["id"]) for name in SEED_PLACES}
    # the seed's places with casualty figures, drawn red, and places its facts only name
    for name in ("Ukraine", "Mariupol", "Mykolaiv"):
        assert "casualties" in markers[ids[name]].classes, name
    assert "casualties" not in markers[ids["Kyiv"]].classes
    assert all(a.find_all("circle") for a in markers.values())

    # the marker's link opens the place: its incident, every report side by side
    mykolaiv = markers[ids["Mykolaiv"]].attrs["href"]
    assert urllib.parse.unquote(mykolaiv) == f"#view=place:{ids['Mykolaiv']}"
    view = render(f"{explorer}/{mykolaiv}", tmp_path)
    assert view.errors() == []
    incidents = view.dom.find_all("section", "incident")
    killed = next(i for i in incidents if i.find_all("h4")[0].text.startswith("killed"))
    reports = killed.find_all("li", "report")
    values = [r.find_all("strong", "value")[0].text for r in reports]
    assert "20" in values and "at least 15" in values, values
    for report in reports:
        assert report.find_all("span", "who")[0].text.strip(), "a report without its source"
        assert report.find_all("a", "open"), "a report without a link to its article"
    assert len(killed.find_all("ul", "reports")) == 1, "reports of one incident are listed together"

    shot = Path(os.environ.get("EXPLORER_SCREENSHOT") or tmp_path / "explorer.png")
    chromium(f"{explorer}/{mykolaiv}", tmp_path / "shot", f"--screenshot={shot}", "--window-size=1280,900")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


@needs_chromium
def test_a_search_finds_a_quote_and_opens_its_article_with_the_quote_highlighted(
    explorer: str, client: TestClient, tmp_path: Path
) -> None:
    quote = client.get("/v1/quotes", params={"person": "Stoltenberg"}).json()["data"][0]
    results = render(f"{explorer}/#q=Stoltenberg", tmp_path)
    assert results.errors() == []
    cards = [c for c in results.dom.find_all("li", "quote") if quote["text"] in c.text]
    assert cards, "the search shows no card with Stoltenberg's quote"
    assert "Jens Stoltenberg" in cards[0].find_all("span", "who")[0].text
    link = cards[0].find_all("a", "open")[0].attrs["href"]

    article = render(f"{explorer}/{link}", tmp_path)
    assert article.errors() == []
    highlighted = article.dom.find_all("mark")
    assert [m.text for m in highlighted] == [quote["text"]]
    # the quote sits in its sentence, inside the article's text
    paragraph = next(p for p in article.dom.find_all("p", "segment") if p.find_all("mark"))
    assert "Stoltenberg said" in paragraph.text


@needs_chromium
def test_a_persons_panel_lists_their_statements_with_their_reach(
    explorer: str, client: TestClient, tmp_path: Path
) -> None:
    person = client.get("/v1/people/stoltenberg").json()
    said = client.get("/v1/statements", params={"person": person["id"], "sort": "reach"}).json()
    assert said["count"] > 0
    panel = render(f"{explorer}/#view=person:{person['id']}", tmp_path)
    assert panel.errors() == []
    shown = panel.dom.find_all("li", "statement")
    assert len(shown) == said["count"]
    first = said["data"][0]
    assert first["text"] in shown[0].text
    reach = f"{first['articles']} article{'' if first['articles'] == 1 else 's'}"
    assert shown[0].find_all("p", "reach")[0].text.startswith(reach)
    assert shown[0].find_all("a", "open"), "a statement links to its first report in its article"


@needs_chromium
def test_an_unknown_entity_says_so_on_the_page(explorer: str, tmp_path: Path) -> None:
    profile = tmp_path / "missing"
    result = chromium(f"{explorer}/#view=person:999999", profile, "--dump-dom")
    builder = TreeBuilder()
    builder.feed(result.stdout)
    assert builder.root.find_all("body")[0].attrs.get("data-ready") == "error"
    status = builder.root.by_id("status")
    assert status is not None and status.text.startswith("Could not load: "), status and status.text


def test_the_landing_page_links_the_explorer_and_the_reference(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    for href in ('href="explore/"', 'href="docs"', 'href="redoc"', 'href="openapi.json"'):
        assert href in response.text


def test_explore_redirects_to_its_folder_so_relative_assets_resolve(client: TestClient) -> None:
    response = client.get("/explore", follow_redirects=False)
    assert response.status_code == 308 and response.headers["location"] == "explore/"
    assert "<title>factsapi explorer</title>" in client.get("/explore").text


@pytest.mark.parametrize(
    ("path", "csp"),
    [
        ("/explore/", "script-src 'self'"),
        ("/explore/js/main.js", "connect-src 'self'"),
        ("/v1/quotes", "default-src 'none'; frame-ancestors 'none'"),
        ("/", "default-src 'none'; frame-ancestors 'none'"),
    ],
)
def test_the_explorer_may_run_its_own_scripts_and_the_api_stays_locked(
    client: TestClient, path: str, csp: str
) -> None:
    policies = client.get(path).headers.get_list("content-security-policy")
    assert len(policies) == 1, policies
    assert csp in policies[0]
    assert "http" not in policies[0], "no other origin is allowed"


def test_every_asset_the_explorer_names_is_served(client: TestClient) -> None:
    """index.html's scripts and styles, the modules' imports and fetched files: all answer 200."""
    index = client.get("/explore/").text
    names = set(re.findall(r'(?:src|href)="((?:js|vendor)/[^"]+|[\w-]+\.css)"', index))
    modules = [n for n in names if n.startswith("js/")]
    while modules:
        source = client.get(f"/explore/{modules.pop()}").text
        for name in re.findall(r'from "\./([\w-]+\.js)"', source):
            if f"js/{name}" not in names:
                names.add(f"js/{name}")
                modules.append(f"js/{name}")
        names.update(re.findall(r'fetch\("((?:vendor)/[^"]+)"\)', source))
    assert {"js/main.js", "js/map.js", "vendor/d3-geo.min.js", "vendor/countries-110m.json"} <= names
    for name in sorted(names):
        assert client.get(f"/explore/{name}").status_code == 200, name


@needs_chromium
def test_a_category_draws_casualty_circles_only_where_it_has_figures(
    explorer: str, client: TestClient, tmp_path: Path
) -> None:
    features = client.get("/v1/places.geojson").json()["features"]
    totals = {str(f["id"]): f["properties"]["casualties"] for f in features}
    # a category some place counts and another place with casualties does not
    category, without = next(
        (c, place)
        for counts in totals.values()
        for c in counts
        for place, other in totals.items()
        if other and c not in other
    )
    view = render(f"{explorer}/#category={category}", tmp_path)
    assert view.errors() == []
    markers = {a.attrs["data-place"]: a for a in view.dom.find_all("a", "marker")}
    assert "casualties" not in markers[without].classes  # before: its other categories drew a circle
    assert all("casualties" in markers[p].classes for p, counts in totals.items() if counts.get(category))


@needs_chromium
def test_an_unknown_name_offers_the_names_it_may_mean(explorer: str, tmp_path: Path) -> None:
    page = render(f"{explorer}/#person=Stoltenburg", tmp_path)
    assert page.errors() == []
    notice = page.dom.by_id("notice")
    assert notice is not None and "hidden" not in notice.attrs, "no notice for the unknown name"
    assert "No person named “Stoltenburg”" in notice.text and "Did you mean" in notice.text
    offers = notice.find_all("a", "suggestion")
    assert [a.text for a in offers][:1] == ["Jens Stoltenberg"]
    status = page.dom.by_id("status")
    assert status is not None and status.text == "", "the error went to the status line"

    # the suggestion loads the view with the name in the misspelling's place
    meant = render(f"{explorer}/{offers[0].attrs['href']}", tmp_path)
    assert meant.errors() == []
    assert "hidden" in (meant.dom.by_id("notice") or Node("p", {})).attrs
    cards = meant.dom.find_all("li", "quote") + meant.dom.find_all("li", "claim")
    assert cards and all("Stoltenberg" in c.find_all("span", "who")[0].text for c in cards)


@needs_chromium
def test_a_search_no_name_holds_offers_the_names_spelled_closest(explorer: str, tmp_path: Path) -> None:
    page = render(f"{explorer}/#q=Stoltenburg", tmp_path)
    assert page.errors() == []
    matches = page.dom.by_id("matches")
    assert matches is not None and "Did you mean" in matches.text
    assert [a.text for a in matches.find_all("a", "suggestion")][:1] == ["Jens Stoltenberg"]
