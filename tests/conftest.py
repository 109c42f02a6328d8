"""Shared fixtures: hypothesis settings, AppTest, and a real Streamlit server with Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from tests.streamlit_server import CHROMIUM_ARGS, REPO, chromium_path, streamlit_app

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("default")

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


# --------------------------------------------------------------------------------------------
# AppTest
# --------------------------------------------------------------------------------------------


@pytest.fixture
def app():
    """The whole app (navigation and all) under AppTest, not yet run."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(REPO / "app.py"), default_timeout=120)


# --------------------------------------------------------------------------------------------
# Browser: a real `streamlit run` and Debian's Chromium
# --------------------------------------------------------------------------------------------


def _require_chromium() -> str:
    path = chromium_path()
    if path:
        return path
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if IN_CI:
        pytest.fail(f"{message}; browser tests may not skip under CI=true")
    pytest.skip(message)


@pytest.fixture(scope="session")
def server_url():
    """Base URL of `streamlit run app.py` on a free localhost port, for the whole session."""
    _require_chromium()
    with streamlit_app(REPO / "app.py") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    executable = _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def screenshots(tmp_path_factory) -> Path:
    """A folder for screenshots a person can look at after the run (its path is printed)."""
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"\nscreenshots: {folder}")
    return folder


def pytest_sessionfinish(session, exitstatus):
    """Under CI=true a skipped browser test is a failure: CI must exercise a real browser."""
    if not IN_CI:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    browser_skips = [report for report in skipped if "browser" in report.keywords]
    if browser_skips:
        names = ", ".join(report.nodeid for report in browser_skips)
        print(f"\nCI=true but browser tests were skipped: {names}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def media(monkeypatch) -> dict[str, bytes]:
    """Every file the page hands to Streamlit's media store, by file id (the URL's stem)."""
    stored: dict[str, bytes] = {}
    keep = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = keep(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return stored
