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


def _drawn_slides(app) -> list[str]:
    """The names of the slide containers the page drew, in order."""

    def blocks(node):
        for child in getattr(node, "children", {}).values():
            yield child
            yield from blocks(child)

    ids = [block.proto.id for block in blocks(app.main) if hasattr(block.proto, "id")]
    return [found.split("-slide-", 1)[1] for found in ids if "-slide-" in found]


def _presenter_drawn(app) -> bool:
    return any(c.proto.id.endswith("-presenter") for c in app.get("bidi_component"))


def test_a_session_that_never_presented_draws_its_slides_as_no_containers(app):
    app.run()
    assert app.title and _drawn_slides(app) == [] and not _presenter_drawn(app)
    app.switch_page("pages/pixels.py").run()
    assert not app.exception
    assert app.header and _drawn_slides(app) == []  # the page is there, without its containers


def test_presenting_draws_the_slides_and_they_stay_after_leaving(app):
    app.query_params["present"] = "1"
    app.run()
    app.switch_page("pages/pixels.py").run()
    shown = _drawn_slides(app)
    assert shown[:2] == ["start", "grid"] and len(shown) == len(set(shown)) > 4
    app.session_state["presenting"] = False  # what the switch's Off does
    del app.query_params["present"]
    app.run()
    assert not app.exception and "present" not in app.query_params
    assert _drawn_slides(app) == shown  # not every element drawn anew in other containers


def test_a_slide_link_draws_the_slides_to_open_the_full_page_at(app):
    app.query_params["slide"] = "2"
    app.run()
    assert "slide" not in app.query_params  # read once
    assert _drawn_slides(app) and _presenter_drawn(app)
    app.switch_page("pages/pixels.py").run()  # and on, for the rest of the session
    assert len(_drawn_slides(app)) > 4
