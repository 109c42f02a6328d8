"""A small audience (`benchmarks.audience`): five visitors at the protocol level on one server,
each keeping its own values, and the checks that would notice state crossing between them."""

from __future__ import annotations

import asyncio

import pytest
import websockets

from benchmarks import audience
from tests.streamlit_server import REPO, streamlit_app


def test_five_visitors_walk_the_talk_and_each_keeps_its_own_values():
    with streamlit_app(REPO / "app.py") as url:
        summary = audience.run(url, visitors=5, arrival=5, browsers=0, pid=url.pid)
    assert summary.errors == []
    assert summary.crossed == []
    assert summary.open_median > 0 and summary.slider_median > 0
    assert summary.peak_mb > 100  # the server's memory was read
    assert summary.cpu_per_visitor > 0


async def _open_together(url: str, page: str, visitors: int) -> list[list[str]]:
    """``visitors`` sessions open ``page`` at the same moment; each one's exceptions."""

    async def one() -> list[str]:
        address = url.replace("http", "ws", 1) + "/_stcore/stream"
        async with websockets.connect(address, max_size=None) as socket:
            session = audience.Session(url, socket, "", "")
            await session.open(page)
            return session.exceptions

    return await asyncio.gather(*(one() for _ in range(visitors)))


def test_the_face_network_is_loaded_once_however_many_open_its_page_together():
    with streamlit_app(REPO / "app.py") as url:
        assert audience.in_own_loop(_open_together(url, "face", 4)) == [[]] * 4
        assert url.logged().count("Loading the face network from") == 1


def test_the_visitors_let_go_of_different_values():
    """Crossed state can only show if visitors leave different values."""
    chosen = [audience.own_values(number) for number in range(30)]
    for stop in audience.WALK:
        assert len({str(values[stop.component]) for values in chosen}) > 5, stop.page
    assert all(values["pixels_size_view"] != [128] for values in chosen)  # never the default


class _Held:
    """A session as `benchmarks.audience.Session` leaves it, holding given values."""

    def __init__(self, size: int, query: str) -> None:
        self.components = {"pixels_size_view": ("id", "", {"values": [size]})}
        self.query = query


@pytest.mark.parametrize(
    ("size", "query", "problems"),
    [
        (40, "pixels_size=40", 0),
        (48, "pixels_size=48", 2),  # another visitor's size, in the page and the address
        (40, "pixels_size=128", 1),  # the address lost it
        (40, "present=1&pixels_size=400", 1),  # 40 is in 400, but it is not 40
    ],
)
def test_a_visitor_notices_values_that_are_not_its_own(size, query, problems):
    visit = audience.Visit(number=4)
    mine = {"pixels_size_view": [40]}
    audience.check_own_state(_Held(size, query), visit, mine)
    assert len(visit.crossed) == problems


def test_percentile_is_the_nearest_rank():
    values = [float(number) for number in range(1, 21)]
    assert audience.percentile(values, 0.95) == 19.0
    assert audience.percentile(values, 0.5) == 10.0
    assert audience.percentile([3.0], 0.95) == 3.0
    thirty = [float(number) for number in range(1, 31)]
    assert audience.percentile(thirty, 0.95) == 29.0  # rank 28.5 rounds up, not to even
