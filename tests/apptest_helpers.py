"""Small readers for AppTest element trees, shared by the page tests."""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
from PIL import Image

from tests.streamlit_server import bidi_data


def plotly_spec(app, key: str) -> dict:
    """The Plotly figure (as JSON) of the chart with widget ``key``."""
    chart = next(
        c for c in app.get("plotly_chart") if c.proto.id.endswith(key) or key in c.proto.id
    )
    return json.loads(chart.proto.spec)


def decode_plotly_array(value) -> np.ndarray:
    """A Plotly array as NumPy: Plotly sends NumPy arrays as base64 typed arrays."""
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        return data.reshape([int(n) for n in shape.split(",")]) if shape else data
    return np.array(value)


def heatmap_z(app, key: str) -> np.ndarray:
    """The values the first trace of the Plotly chart with widget ``key`` draws."""
    return decode_plotly_array(plotly_spec(app, key)["data"][0]["z"])


def instant_data(app, key: str) -> dict:
    """What the page sent to the instant sliders with ``key`` (``pages.instant``), with every
    picture's ``src`` filled in where the page sent it once for many views, as the browser
    does."""
    data = component_data(app, key)
    for view in (data.get("views") or {}).values():
        for picture in view["pictures"]:
            if "same" in picture:
                first, index = picture["same"].rsplit("/", 1)
                picture["src"] = data["views"][first]["pictures"][int(index)]["src"]
    return data


def _components(app, key: str):
    return (c for c in app.get("bidi_component") if c.proto.id.endswith(f"-{key}"))


def draws_component(app, key: str) -> bool:
    """Whether the page drew the browser component (instant sliders, a view) with ``key``."""
    return any(_components(app, key))


def component_data(app, key: str) -> dict:
    """What the page sent to the browser component with ``key``, as it is (decoded); raises
    StopIteration where the page drew none."""
    return bidi_data(next(_components(app, key)).proto)


def instant_view(app, key: str) -> dict:
    """The view the instant sliders with ``key`` show for the values Python holds."""
    data = instant_data(app, key)
    held = [app.session_state[slider["name"]] for slider in data["sliders"]]
    return data["views"][",".join(map(str, held))]


def static_view_of(app, key: str) -> dict:
    """The view drawn with ``key`` by :func:`pages.instant.static_view`, or for a
    :func:`pages.instant.following_view`, the view of the value Python holds."""
    data = instant_data(app, key)
    return data["views"][data["follows"]["held"] if data.get("follows") else ""]


def view_picture(picture: dict) -> np.ndarray:
    """A picture of a view as the browser gets it (its ``src``), decoded to RGB."""
    encoded = base64.b64decode(picture["src"].split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(encoded)).convert("RGB"))


def static_chart(app, key: str) -> dict:
    """The chart of the view drawn with ``key`` by :func:`pages.instant.static_view`."""
    return static_view_of(app, key)["charts"][0]


_commits = itertools.count()


def let_go(app, key: str, values: list) -> None:
    """Do what the browser does when a person lets go of a browser component's sliders: send
    their values, with a mark of its own for this letting go."""
    app.session_state[key] = {"values": {"values": list(values), "commit": next(_commits)}}
    app.run()


def want_steps(app, key: str, name: str) -> None:
    """Do what the browser does when a person reaches for a slider of the lazy instant sliders
    ``key`` whose steps it has no views for: ask for them, with a mark of its own."""
    app.session_state[key] = {"wanted": {"name": name, "ask": next(_commits)}}
    app.run()


def all_text(app) -> str:
    """Every markdown, caption, info and alert text on the page, joined."""
    parts = [e.value for e in (*app.markdown, *app.caption, *app.info, *app.warning, *app.error)]
    return "\n".join(str(part) for part in parts)


_HEADING = re.compile(r"<h([23])\b[^>]*>(.*?)</h\1>", re.DOTALL)


def headings(app, level: int = 2) -> list[str]:
    """The texts of the page's section headings (``level`` 2) or subheadings (3), in order, as
    ``pages.headings`` draws them."""
    return [
        html.unescape(text)
        for element in app.get("html")
        for found_level, text in _HEADING.findall(element.value)
        if int(found_level) == level
    ]


class _TableReader(HTMLParser):
    """The cells of every ``<table>`` in a piece of HTML: per row, each cell's tag and text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, str]]]] = []
        self._cell: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self._cell = (tag, [])

    def handle_endtag(self, tag) -> None:
        if tag in ("th", "td"):
            kind, text = self._cell
            self.tables[-1][-1].append((kind, "".join(text)))
            self._cell = None

    def handle_data(self, data) -> None:
        if self._cell is not None:
            self._cell[1].append(data)


def html_tables(app) -> list[dict[str, list[str]]]:
    """The page's tables drawn as HTML (``pages.tables``), each as its columns: heading, then
    the cells' text, unescaped. Each table's first row must be its headings, all different."""
    tables = []
    for element in app.get("html"):
        reader = _TableReader()
        reader.feed(element.value)
        reader.close()
        for heading_row, *rows in reader.tables:
            assert {kind for kind, _ in heading_row} == {"th"}, heading_row
            headings = [text for _, text in heading_row]
            assert len(set(headings)) == len(headings), headings
            assert all(kind == "td" for row in rows for kind, _ in row), rows
            columns = [[row[index][1] for row in rows] for index in range(len(headings))]
            assert all(len(row) == len(headings) for row in rows), rows
            tables.append(dict(zip(headings, columns, strict=True)))
    return tables


def widget(elements, key: str):
    """The widget with ``key`` among ``app.slider``, ``app.button``, ... (clear error if absent)."""
    for element in elements:
        if element.key == key:
            return element
    raise AssertionError(f"no widget with key {key!r}; keys: {[e.key for e in elements]}")


def decoded(media: dict[str, bytes], url: str) -> np.ndarray:
    """The RGB picture the page sent to the media store under ``url``."""
    return np.asarray(Image.open(io.BytesIO(media[Path(url).stem])).convert("RGB"))
