"""Browser scenarios: a live server with compiled catalogues, screenshots kept under var/screenshots/."""

from pathlib import Path

import pytest

from tests.catalogues import ensure_compiled

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="session", autouse=True)
def catalogues():
    ensure_compiled()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB"}
