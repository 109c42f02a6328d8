"""Presenter mode's Python side (pages.presenter): where a key press past a page's ends goes,
which slide links are kept, and the notes window (the browser side: test_browser_presenter)."""

from __future__ import annotations

import pytest

from pages.journey import HOME, JOURNEY
from pages.presenter import LAST_SLIDE, destination, next_slide
from tests.crafted_text import markdown_shown

PATHS = [stop.path for stop in (HOME, *JOURNEY)]


def test_keys_past_a_page_go_along_the_journey_and_stop_at_its_ends():
    assert destination(PATHS, "pages/pooling.py", "next") == ("pages/augmentation.py", "1")
    assert destination(PATHS, "pages/pooling.py", "previous") == (
        "pages/convolution.py",
        LAST_SLIDE,
    )
    assert destination(PATHS, "pages/pooling.py", "first") == (HOME.path, "1")
    assert destination(PATHS, "pages/pooling.py", "last") == (JOURNEY[-1].path, LAST_SLIDE)
    assert destination(PATHS, HOME.path, "previous") is None
    assert destination(PATHS, JOURNEY[-1].path, "next") is None


@pytest.mark.parametrize("sent", [None, "", "sideways", 3, ["next"], {"go": "next"}])
def test_anything_else_a_browser_sends_goes_nowhere(sent):
    assert destination(PATHS, "pages/pooling.py", sent) is None


def test_next_slide_belongs_to_a_decorated_section():
    with pytest.raises(RuntimeError, match="as_slide"):
        next_slide("orphan")


def _notices(app) -> list[str]:
    return [markdown_shown(toast.value) for toast in app.toast]


@pytest.mark.parametrize("slide", ["2", "99", "9999", LAST_SLIDE])  # the browser clamps
def test_a_slide_link_is_kept_for_the_browser_to_open(app, slide):
    app.query_params.update({"present": "1", "slide": slide})
    app.run()
    assert not app.exception
    assert _notices(app) == []
    assert app.query_params["slide"] == slide


@pytest.mark.parametrize("slide", ["0", "-1", "two", "1.5", "٣", "<b>3</b>", "10000", "9" * 5000])
def test_a_slide_link_the_app_cannot_show_is_named_and_dropped(app, slide):
    app.query_params.update({"present": "1", "slide": slide})
    app.run()
    assert not app.exception
    (notice,) = _notices(app)
    assert "“slide=" in notice and "Everything else was set" in notice
    assert "slide" not in app.query_params


def test_the_notes_window_draws_no_page(app):
    app.query_params["notes"] = "1"
    app.run()
    assert not app.exception
    assert not app.title  # the page itself is not run: only the notes, from the presenter
    assert _notices(app) == []
