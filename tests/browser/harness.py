"""The browser-test harness: a real server process, Debian's Chromium, and axe-core.

Shared by the browser tests and docs/screenshots.py, so both see the app the same way.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
AXE_FILE = HERE / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Headless in a container: no sandbox, no GPU, and no calls home from the browser itself.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
START_TIMEOUT = 30.0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env(questions_dir: Path) -> dict[str, str]:
    # Drop any QUIZ_/FLASK_ settings of the caller's shell so every run serves the same way.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUIZ_", "FLASK_"))}
    env.update(QUIZ_SECRET_KEY=os.urandom(16).hex(), QUIZ_QUESTIONS_DIR=str(questions_dir),
               QUIZ_ENV="development", QUIZ_COOKIE_SECURE="0")
    return env


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"the app did not answer {url} within {START_TIMEOUT:.0f} s:\n{log.read_text()}")


@contextmanager
def serve(questions_dir: Path, log: Path) -> Iterator[str]:
    """Run the app in its own process on a free 127.0.0.1 port; yield its base URL, then stop it."""
    port = free_port()
    command = [sys.executable, "-m", "flask", "--app", "quiz", "run", "--host", "127.0.0.1",
               "--port", str(port), "--no-reload", "--no-debugger", "--with-threads"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=_server_env(questions_dir),
                                   stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def chromium_path() -> str:
    """Return Debian's Chromium; Playwright's own browser downloads are never used."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError("Chromium is missing: run `bash tests/run.sh`, which installs Debian's chromium.")
    return path


def launch(playwright: Playwright) -> Browser:
    """Start one headless Chromium for a whole session."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def axe_version() -> str:
    """Return the axe-core version package.json pins."""
    return json.loads((HERE / "package.json").read_text())["dependencies"]["axe-core"]


def axe_source() -> str:
    """Return the pinned axe-core script, or explain how to install it."""
    installed = AXE_FILE.parent / "package.json"
    if not installed.exists():
        raise RuntimeError(f"axe-core is missing from {AXE_FILE.parent}: run `bash tests/run.sh`.")
    found = json.loads(installed.read_text())["version"]
    if found != axe_version():
        raise RuntimeError(f"axe-core {found} is installed but {axe_version()} is pinned: run `bash tests/run.sh`.")
    return AXE_FILE.read_text()


AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
}"""


def settle(page: Page) -> None:
    """Wait for running transitions (say, colours changing with the scheme) to finish."""
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")


def axe_violations(page: Page, source: str) -> list[str]:
    """Run axe-core on the page for WCAG 2.2 A/AA; return one line per violated rule."""
    settle(page)
    # Evaluated through the DevTools protocol, so the page's strict CSP does not block it.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(source)
    found = page.evaluate(AXE_RUN, AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}" for v in found]


class RequestLog:
    """Every request a browser context makes, to prove none leaves the app's own origin."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.urls: list[str] = []

    def __call__(self, request) -> None:
        self.urls.append(request.url)

    def foreign(self, since: int = 0) -> list[str]:
        """Return requested URLs (from request number `since` on) that are not on the app's origin."""
        return [url for url in self.urls[since:] if not url.startswith(self.origin + "/")]


def open_context(browser: Browser, server: str, **options) -> tuple[BrowserContext, RequestLog]:
    """Open a browser context (phone-sized unless told) that records every request it makes."""
    context = browser.new_context(**{"viewport": PHONE, **options})
    log = RequestLog(server)
    context.on("request", log)
    return context, log
