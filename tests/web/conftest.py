"""Browser fixtures: the app served by uvicorn in a thread on an OS-chosen port, and headless Chromium
(the Debian package, driven by Playwright's Python API; Playwright's own browsers are never installed).
Tests skip with a reason when Chromium is absent (.ci/services.sh installs it)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from api import data

CHROMIUM = os.environ.get("SITREP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(os.environ.get("SITREP_TEST_ARTIFACTS") or Path(__file__).resolve().parents[2] / "test-artifacts")


class Server:
    """The app on 127.0.0.1 with a free port, in a daemon thread."""

    def __init__(self, db_path: Path, **settings):
        import uvicorn

        from sitrep.api import create_app
        from sitrep.config import Settings

        self.app = create_app(Settings(db=str(db_path), **settings))
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.app.state.store.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium; .ci/services.sh does)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (requirements-dev.txt)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as e:  # noqa: BLE001 - a broken Chromium install is a skip, with its reason
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {str(e).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture(scope="session")
def web_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("web-template") / "template.db"
    return path, data.build(path)


@pytest.fixture(scope="module")
def server(web_template, tmp_path_factory, browser):
    """One server per module, reading its own copy of the store."""
    db = data.copy(web_template[0], tmp_path_factory.mktemp("web") / "sitrep.db")
    s = Server(db)
    yield s
    s.stop()


@pytest.fixture
def fresh_server(web_template, tmp_path, browser):
    """A server on a fresh copy, for tests that write."""
    s = Server(data.copy(web_template[0], tmp_path / "sitrep.db"))
    yield s
    s.stop()


@pytest.fixture
def page(browser):
    """A fresh browser context and page, offline: requests to other hosts are refused and listed in
    page.outside; console errors (CSP violations among them) and page errors are collected in page.errors."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    outside: list[str] = []

    def offline(route):  # the page must work offline: anything not from the test server is refused
        if route.request.url.startswith("http://127.0.0.1:") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", offline)
    pg = ctx.new_page()
    pg.outside = outside
    pg.errors = []
    pg.dialogs = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(15_000)
    yield pg
    ctx.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
