"""Real-browser tests: Debian's Chromium driven by Playwright against a live server.

Every page a test visits is checked with axe-core (any serious or critical violation fails) and
saved as a screenshot under tests/e2e/screenshots/ (git-ignored) for people to look at."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = HERE / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=["phone", "desktop"])
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, live_server, request):
    # The phone app's service worker fetches pages for offline use in the background, which
    # would outlive the test; only the offline tests (their own browser context) let it run.
    size = PHONE if "phone" in request.node.name else DESKTOP
    context = browser.new_context(service_workers="block", viewport=size, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.shots = []  # type: ignore[attr-defined]
    yield page
    context.close()


class Visitor:
    """Looks at every page like a careful reviewer: accessibility and a screenshot."""

    def __init__(self, page: Page, test_name: str):
        self.page = page
        self.folder = SHOTS / re.sub(r"[^\w.-]+", "_", test_name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        self.count += 1
        self.page.screenshot(path=self.folder / f"{self.count:02d}-{name}.png", full_page=True)
        assert_accessible(self.page, name)


def assert_accessible(page: Page, name: str) -> None:
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"accessibility violations on {name}: {json.dumps(bad, indent=1)}"


@pytest.fixture
def visitor(page, request):
    return Visitor(page, request.node.name)
