"""DNS rebinding: a page on a name the attacker controls, resolved to this machine, may not use the API.

A rebound page is same-origin with the server in its browser's eyes: it sends its own name
as `Host` and as `Origin`, and needs no CORS. The server answers only the names it is
known by (`ALLOWED_HOSTS`, any IP address), and never takes a `Host` it does not know for
its own origin, or writes it into a link. The rebinding requests go to `factsapi serve`
started as `make run` starts it (loopback writes, no key), on the suite's database.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings

from .support import settings
from .test_browser_safety import NOWHERE, api_server, stored_ids

PROBLEMS = "/problems/"
REBOUND = {"Host": "evil.test:8701", "Origin": "http://evil.test:8701"}
ARTICLE = " date 2024-03-09 Officials said a rebound page stored this in Tralee on Friday."


def victim(client: TestClient) -> int:
    """An article of this test's own, stored with the key: what the rebound page tries to delete."""
    body = " date 2024-03-10 Mayor Ana Ruiz said the ferry to Cobh would run again on Monday."
    response = client.post("/v1/articles", content=body, headers={"Content-Type": "text/plain"})
    assert response.status_code in (200, 201), response.text
    return response.json()["id"]


def problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


@pytest.mark.parametrize(
    ("env", "status", "kind"),
    [
        ({}, 400, "untrusted-host"),  # the name is not one the server answers to
        # behind a proxy that checks names: the name gets in, but is not taken for ours
        ({"ALLOWED_HOSTS": "*"}, 403, "forbidden"),
    ],
)
def test_a_rebound_page_cannot_write_while_make_run_serves(
    client: TestClient, tmp_path: Path, env: dict[str, str], status: int, kind: str
) -> None:
    target = victim(client)
    before = stored_ids(client)
    log = tmp_path / "server.log"
    with api_server(log, WARM_EXTRACTION="false", **env) as api:
        post = httpx.post(
            f"{api}/v1/articles", content=ARTICLE, headers={**REBOUND, "Content-Type": "text/plain"}
        )
        delete = httpx.delete(f"{api}/v1/articles/{target}", headers=REBOUND)
        # a request with no Origin is not a page's: still, a loopback client's write needs a name of ours
        bare = httpx.post(
            f"{api}/v1/articles",
            content=ARTICLE,
            headers={"Host": REBOUND["Host"], "Content-Type": "text/plain"},
        )
    assert problem(post, status)["type"] == PROBLEMS + kind, log.read_text()[-2000:]
    assert problem(delete, status)["type"] == PROBLEMS + kind
    assert problem(bare, status)["type"] == PROBLEMS + kind
    assert stored_ids(client) == before, "nothing was written"


def test_the_servers_own_names_still_write_and_a_stranger_is_told_why(
    client: TestClient, tmp_path: Path
) -> None:
    with api_server(tmp_path / "server.log", WARM_EXTRACTION="false") as api:
        port = api.rsplit(":", 1)[1]
        # the server's own pages (Swagger UI) under each name it is known by: past the
        # host and origin checks, to the 404 of an article that does not exist
        for name in ("localhost", "127.0.0.1", "[::1]"):
            own = {"Host": f"{name}:{port}", "Origin": f"http://{name}:{port}"}
            assert httpx.delete(f"{api}{NOWHERE}", headers=own).status_code == 404, name
        read = httpx.get(f"{api}/v1/claims", headers={"Host": "evil.test:8701"})
    body = problem(read, 400)
    assert "evil.test" in body["detail"] and "ALLOWED_HOSTS" in body["detail"]
    assert read.headers["x-request-id"] and read.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("allowed", "host", "status"),
    [
        (None, "localhost:8000", 200),
        (None, "LOCALHOST", 200),
        (None, "127.0.0.1:8000", 200),
        (None, "[::1]:8000", 200),
        (None, "192.0.2.7:8000", 200),  # an address is never rebound: it names the machine itself
        (None, "[2001:db8::7]", 200),
        (None, "evil.test:8701", 400),
        (None, "localhost.evil.test", 400),
        (None, "127.0.0.1.evil.test", 400),
        (None, "", 400),
        ("facts.example, *.example.org", "facts.example:443", 200),
        ("facts.example, *.example.org", "api.example.org", 200),
        ("facts.example, *.example.org", "example.org", 400),
        ("facts.example, *.example.org", "localhost", 400),  # the list replaces the default
        ("*", "anything.test", 200),
    ],
)
def test_only_the_names_the_server_is_known_by_are_answered(
    client: TestClient, allowed: str | None, host: str, status: int
) -> None:
    with settings(ALLOWED_HOSTS=allowed):
        response = TestClient(client.app).get("/health", headers={"Host": host})
    assert response.status_code == status, response.text
    if status == 400:
        assert problem(response, 400)["type"] == PROBLEMS + "untrusted-host"


def test_the_test_clients_own_name_is_its_servers(client: TestClient) -> None:
    """TestClient's scope names its server `testserver`: the address the request came in on."""
    assert TestClient(client.app).get("/health").status_code == 200


@pytest.mark.parametrize(
    ("value", "hosts"),
    [
        ("127.0.0.1,localhost,[::1]", ["127.0.0.1", "localhost", "[::1]"]),
        (" Facts.Example. , *.example.org:443 ", ["facts.example", "*.example.org"]),
        ('["facts.example", "::1"]', ["facts.example", "[::1]"]),
        ("*", ["*"]),
    ],
)
def test_allowed_hosts_read_as_a_comma_list_or_json(
    monkeypatch: pytest.MonkeyPatch, value: str, hosts: list[str]
) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", value)
    assert Settings(_env_file=None).allowed_hosts == hosts  # type: ignore[call-arg]


def test_links_do_not_reflect_the_host(client: TestClient, harbor: dict, flood: dict, tmp_path: Path) -> None:
    with api_server(tmp_path / "server.log", WARM_EXTRACTION="false", ALLOWED_HOSTS="*") as api:
        link = httpx.get(f"{api}/v1/claims?limit=1", headers={"Host": "evil.test:8701"}).headers["link"]
    assert link.startswith("</v1/claims?") and "evil" not in link, link
    with settings(PUBLIC_URL="https://facts.example"):
        link = TestClient(client.app).get("/v1/claims?limit=1", headers={"Host": "localhost"}).headers["link"]
    assert link.startswith("<https://facts.example/v1/claims?limit=1&cursor="), link
    # and the page it names is the next one
    following = client.get(link.removeprefix("<https://facts.example").split(">;")[0])
    assert following.status_code == 200 and following.json()["data"]


@pytest.mark.parametrize(
    "value",
    [
        "facts.example",
        "ftp://facts.example",
        "https://facts.example/api",
        "https://",
        "https://u:p@facts.example",
    ],
)
def test_a_public_url_that_is_not_an_origin_stops_start_up(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    from pydantic import ValidationError

    monkeypatch.setenv("PUBLIC_URL", value)
    with pytest.raises(ValidationError, match="public_url"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_the_public_urls_origin_may_write_behind_a_proxy(client: TestClient) -> None:
    """Behind a proxy (`ALLOWED_HOSTS=*`), a page of the public origin is the server's own."""
    env = {"ALLOWED_HOSTS": "*", "PUBLIC_URL": "https://facts.example", "FACTS_API_KEY": None}
    with settings(**env, ALLOW_LOOPBACK_WRITES="true"):
        local = TestClient(client.app, client=("127.0.0.1", 5000))
        own = local.delete(NOWHERE, headers={"Host": "facts.example", "Origin": "https://facts.example"})
        rebound = local.delete(NOWHERE, headers={"Host": "evil.test", "Origin": "http://evil.test"})
    with settings(**{**env, "PUBLIC_URL": None}, ALLOW_LOOPBACK_WRITES="true"):
        unnamed = TestClient(client.app, client=("127.0.0.1", 5000)).delete(
            NOWHERE, headers={"Host": "facts.example", "Origin": "https://facts.example"}
        )
    assert own.status_code == 404, own.text
    assert rebound.status_code == 403, rebound.text
    assert unnamed.status_code == 403, unnamed.text
