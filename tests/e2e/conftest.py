"""Browser-test fixtures: a uvicorn server on 127.0.0.1 (a free port) in a thread, and Debian's
Chromium driven by Playwright. Playwright never downloads a browser here: the executable is given."""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from ngpaths import ROOT

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


class LiveServer:
    """The app served by uvicorn from a thread, on a socket bound here so the port cannot be taken."""

    def __init__(self, app):
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.url = "http://127.0.0.1:%d" % self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("NEWSGRAPH_TEST_CHROMIUM") or "/usr/bin/chromium"
    if not Path(path).exists():
        msg = f"no Chromium at {path}: run scripts/browser.sh (make test does)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    pw = sync_api.sync_playwright().start()
    b = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
    yield b
    b.close()
    pw.stop()


class Watch:
    """What a page did: dialogs it opened, requests it made, CSP complaints on its console."""

    def __init__(self, page, origin: str):
        self.dialogs, self.requests, self.console = [], [], []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.console.append(m.text))
        self.origin = origin

        def route(r):
            self.requests.append(r.request.url)
            if r.request.url.startswith(origin + "/"):
                r.continue_()
            else:  # nothing may leave the machine
                r.abort()

        page.route("**/*", route)

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.origin + "/")]


@pytest.fixture
def new_page(browser):
    """new_page(server, js=True) -> (page, watch); screenshots go to artifacts/screenshots/."""
    contexts = []

    def make(server: LiveServer, js: bool = True):
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=js)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(15000)
        return page, Watch(page, server.url)

    yield make
    for c in contexts:
        c.close()


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(scope="session")
def built_server(tmp_path_factory):
    from e2e.webdata import fill
    from newsgraph.api import create_app

    db = str(tmp_path_factory.mktemp("e2e") / "built.db")
    fill(db)
    s = LiveServer(create_app(db))
    yield s
    s.stop()


@pytest.fixture(scope="session")
def seed_server(tmp_path_factory, seed_record):
    """The seed article through the real pipeline (tests/conftest.py's `seed_record`), stored and served."""
    from newsgraph.api import create_app
    from newsgraph.store import open_store

    db = str(tmp_path_factory.mktemp("e2e") / "seed.db")
    with open_store(db) as st:
        st.add([seed_record])
    s = LiveServer(create_app(db))
    s.article_id = seed_record["id"]
    yield s
    s.stop()
