"""Start-up: seconds from launch to the first answered request, and whether spaCy was loaded.

    python -m bench.startup

The peer is a bare FastAPI app answering /health under the same uvicorn.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .serve import VENV_BIN, wait_until_up

BARE_APP = "from fastapi import FastAPI\napp = FastAPI()\n@app.get('/health')\ndef health():\n    return {'status': 'ok'}\n"


def first_answer(cmd: list[str], url: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(url)
        return time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def spacy_loaded(port: int, env: dict[str, str]) -> bool:
    """Serve, make read requests, and ask the process whether spaCy was ever imported."""
    cmd = [
        sys.executable,
        "-c",
        (
            "import sys, threading, uvicorn, urllib.request, time\n"
            "from app.main import app\n"
            f"cfg = uvicorn.Config(app, host='127.0.0.1', port={port}, log_level='error')\n"
            "server = uvicorn.Server(cfg)\n"
            "t = threading.Thread(target=server.run); t.start()\n"
            "time.sleep(1.5)\n"
            f"[urllib.request.urlopen('http://127.0.0.1:{port}' + p).read() for p in ('/v1/articles', '/v1/claims', '/v1/places')]\n"
            "print('spacy' in sys.modules)\n"
            "server.should_exit = True; t.join()\n"
        ),
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout.strip()
    return out.endswith("True")


def main(argv: list[str] | None = None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="factsapi-startup-"))
    db = work / "startup.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}"}
    subprocess.run([str(VENV_BIN / "factsapi"), "migrate"], env=env, check=True, capture_output=True)
    ours = first_answer(
        [str(VENV_BIN / "factsapi"), "serve", "--port", "8104"], "http://127.0.0.1:8104/health", env
    )
    (work / "bare.py").write_text(BARE_APP)
    bare = first_answer(
        [str(VENV_BIN / "uvicorn"), "bare:app", "--port", "8105", "--app-dir", str(work)],
        "http://127.0.0.1:8105/health",
        env,
    )
    report = {
        "factsapi_first_request_s": round(ours, 2),
        "bare_fastapi_first_request_s": round(bare, 2),
        "ratio": round(ours / bare, 2),
        "read_path_imported_spacy": spacy_loaded(8106, env),
    }
    print(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    main()
