"""Every registered page runs under AppTest without an exception or an error box."""

from __future__ import annotations

import itertools

import pytest

from pages.journey import HOME, JOURNEY

ALL_PAGES = [HOME, *JOURNEY]


@pytest.mark.parametrize("stop", ALL_PAGES, ids=[stop.url_path for stop in ALL_PAGES])
def test_page_runs_cleanly(app, stop):
    app.run()
    app.switch_page(stop.path)
    app.run()
    assert not app.exception, [exception.value for exception in app.exception]
    assert not app.error, [error.value for error in app.error]
    assert app.title[0].value  # every page says what it is


def test_home_links_to_every_page_of_the_journey(app):
    app.run()
    linked = {link.proto.page for link in app.get("page_link")}
    assert {stop.url_path for stop in JOURNEY} <= linked


def test_every_page_but_the_last_points_to_the_next(app):
    app.run()
    for stop, following in itertools.pairwise(JOURNEY):
        app.switch_page(stop.path)
        app.run()
        assert following.url_path in {link.proto.page for link in app.get("page_link")}, stop.title
