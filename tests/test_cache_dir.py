"""The gazetteer's 14 MB index is cached in the user's cache directory, never in the one a command runs in.

XDG: `$XDG_CACHE_HOME/factsapi`, else `~/.cache/factsapi`; CACHE_DIR overrides both. Each
CLI test runs the real `factsapi extract` in a directory of its own and looks at the files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import Settings
from app.extract.gazetteer import load_city_index

FACTSAPI = [sys.executable, "-m", "app.cli"]
ARTICLE = " date 2024-05-02 Police said two men were arrested in Cork on Monday.\n"


def extract_in(folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`factsapi extract` run in `folder`, with these variables and no CACHE_DIR or XDG_CACHE_HOME of ours."""
    (folder / "story.txt").write_text(ARTICLE)
    kept = {k: v for k, v in os.environ.items() if k not in ("CACHE_DIR", "XDG_CACHE_HOME", "HOME")}
    return subprocess.run(
        [*FACTSAPI, "extract", "story.txt"],
        cwd=folder,
        env={**kept, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("xdg", [True, False])
def test_a_command_leaves_no_cache_where_it_runs(tmp_path: Path, xdg: bool) -> None:
    work, home, xdg_home = tmp_path / "work", tmp_path / "home", tmp_path / "xdg"
    for folder in (work, home, xdg_home):
        folder.mkdir()
    env = {"HOME": str(home), **({"XDG_CACHE_HOME": str(xdg_home)} if xdg else {})}
    done = extract_in(work, **env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(p.name for p in work.iterdir()) == ["story.txt"], "nothing written where the command ran"
    cache = (xdg_home if xdg else home / ".cache") / "factsapi"
    assert [p.suffix for p in cache.iterdir()] == [".pickle"], list(cache.iterdir())


def test_cache_dir_overrides(tmp_path: Path) -> None:
    assert Settings(_env_file=None, cache_dir=str(tmp_path)).cache_dir == str(tmp_path)  # type: ignore[call-arg]
    assert Settings(_env_file=None, cache_dir="~/facts-cache").cache_dir == str(Path.home() / "facts-cache")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("xdg", "expected"),
    [
        ("/srv/cache", "/srv/cache/factsapi"),
        ("", "HOME/.cache/factsapi"),
        ("relative/cache", "HOME/.cache/factsapi"),  # the spec: a relative path is to be ignored
    ],
)
def test_the_default_follows_xdg(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: str, expected: str
) -> None:
    monkeypatch.delenv("CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert Settings(_env_file=None).cache_dir == expected.replace("HOME", str(tmp_path))  # type: ignore[call-arg]


def test_a_cache_that_cannot_be_written_is_done_without(tmp_path: Path) -> None:
    """A home that cannot be written (a service account's): the index is built, used, and not kept."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    index = load_city_index(blocker / "factsapi")
    assert len(index.population) > 1000
