"""What the workspace's HTTP tests share: a client of a workspace, its CSRF token, a page's visible text, and the
form controls of a page (the `workspace` fixture is in conftest.py)."""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser
from pathlib import Path

import anyio.from_thread
from starlette.testclient import TestClient

from zi_decree.web.app import create_app

BASE = "http://127.0.0.1:8765"


_LOOP = contextlib.ExitStack()
_PORTAL: list[anyio.from_thread.BlockingPortal] = []


def web_client(folder: Path, **options) -> TestClient:
    """A test client of the workspace over `folder` (create_app's options), redirects not followed. Its requests
    run in the one event loop of the tests, as a server runs them all in one (a client of its own starts a loop, a
    thread and the threads of its thread pool for each request: half the CPU of a small page's request)."""
    client = TestClient(create_app(folder, **options), base_url=BASE, follow_redirects=False)
    if not _PORTAL:
        _PORTAL.append(_LOOP.enter_context(anyio.from_thread.start_blocking_portal()))
    client.portal = _PORTAL[0]
    return client


def stop_event_loop() -> None:
    """Stop the tests' event loop (its thread would hold up the end of the run)."""
    _PORTAL.clear()
    _LOOP.close()


def csrf_token(client: TestClient, path: str = "/baru") -> str:
    """The CSRF token of the form on the page at `path`."""
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def page_text(html: str) -> str:
    """A page's visible text, its spaces collapsed."""
    html = re.sub(r"(?s)<(script|style|head)\b.*?</\1>", " ", html)
    text = re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&").replace("&#39;", "'").replace("&#34;", '"')
    return " ".join(text.split())


class Controls(HTMLParser):
    """A page's form controls (not the hidden ones) and the ids its labels name."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("input", "select", "textarea") and found.get("type") != "hidden":
            self.controls.append(found)
        if tag == "label" and found.get("for"):
            self.labels.add(str(found["for"]))
