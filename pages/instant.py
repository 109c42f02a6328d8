"""Sliders that answer in the browser, without a round trip to the server.

A Streamlit slider reruns Python on every step and the browser then redraws the page, about
three times as long as the one-slider reference app takes (``benchmarks/ui_latency.py``).
Where a slider has few enough positions, the page computes every answer beforehand with
``core`` and sends them all at once; a small browser component (``assets/components``) swaps
in the answer for the position chosen, at once. Python learns the values when the person lets
go of the slider (pointer released, focus moved away), which keeps links, the rest of the page
and later visits in step.

Each slider's value lives in ``st.session_state[slider.name]`` and in the link parameter of
the same name, as a widget bound to the address would. A callback that reads or replaces the
values before the sliders are drawn (a *Train* button, a preset) first calls
:func:`take_let_go`, so a letting go that reached Python in the same run is not lost.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass

import numpy as np
import streamlit as st
from PIL import Image

from core import colours
from pages.components import browser_component

#: core's signed colour table, as the browser components that colour a filter's output read it.
SIGNED_TABLE_FOR_BROWSER = base64.b64encode(colours.SIGNED_TABLE.tobytes()).decode("ascii")


@dataclass(frozen=True)
class InstantSlider:
    """One slider over ``options`` (increasing numbers, steps may differ, all ints or all
    floats), shown as ``labels`` (``str`` of each option if none are given, e.g. ``"0.80"`` for
    ``0.8``); ``name`` is its session-state key and its link parameter."""

    name: str
    label: str
    options: tuple[int, ...] | tuple[float, ...]
    default: int | float
    help: str = ""
    labels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.labels and len(self.labels) != len(self.options):
            raise ValueError(f"{self.name}: one label per option")
        if self.default not in self.options:
            raise ValueError(f"{self.name}: the default {self.default!r} is not an option")

    def option(self, value: object) -> int | float | None:
        """The option ``value`` stands for (a number from the browser, or the text of a link,
        read as the options' type), or None if the slider does not offer it."""
        kind = type(self.options[0])
        if isinstance(value, bool):
            return None
        try:
            number = kind(value)
        except (TypeError, ValueError, OverflowError):
            return None
        if not isinstance(value, str) and number != value:
            return None  # 64.5 is not the whole number 64
        return next(
            (option for option in self.options if math.isclose(option, number, abs_tol=1e-9)),
            None,
        )


@dataclass(frozen=True)
class Grid:
    """Gray values the browser draws one square cell each, ``width`` pixels wide; with
    ``numbers`` each value is printed in its cell, as :func:`pages.common.numbers_picture`
    draws them (a picture of hundreds of printed numbers would be far larger to send)."""

    values: np.ndarray  # 2-D uint8
    caption: str
    width: int
    numbers: bool = False


@dataclass(frozen=True)
class View:
    """What the page shows for one combination of slider values."""

    paragraphs: tuple[str, ...]  # plain text; **bold** is the only markup
    pictures: tuple[np.ndarray, ...] = ()  # uint8 gray or RGB
    captions: tuple[str, ...] = ()
    warning: str | None = None
    widths: tuple[int, ...] = ()  # display width of each picture, in pixels
    grids: tuple[Grid, ...] = ()


def _picture_source(picture: np.ndarray) -> str:
    """A picture as a PNG data address (lossless, so small maps stay crisp when enlarged)."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(picture)).save(buffer, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _view_key(values: tuple[int | float, ...]) -> str:
    """The name of the view for these slider values ("64", "2,3", "0.8")."""
    return ",".join(map(str, values))


def encode_views(views: dict[tuple[int | float, ...], View]) -> dict[str, dict]:
    """The views as the browser component reads them (pages cache the result per picture)."""
    encoded = {}
    for values, view in views.items():
        pictures = []
        for picture, caption, width in zip(view.pictures, view.captions, view.widths, strict=True):
            height, picture_width = picture.shape[:2]
            pictures.append(
                {
                    "src": _picture_source(picture),
                    "caption": caption,
                    "width": width,
                    "height": round(height * width / picture_width),
                }
            )
        encoded[_view_key(values)] = {
            "paragraphs": list(view.paragraphs),
            "warning": view.warning,
            "pictures": pictures,
            "grids": [_encoded_grid(grid) for grid in view.grids],
        }
    return encoded


def _encoded_grid(grid: Grid) -> dict:
    rows, cols = grid.values.shape
    return {
        "values": base64.b64encode(np.ascontiguousarray(grid.values, np.uint8).tobytes()).decode(),
        "rows": rows,
        "cols": cols,
        "caption": grid.caption,
        "numbers": grid.numbers,
        "width": grid.width,
        "height": round(rows * grid.width / cols),
    }


def _written_key(slider: InstantSlider) -> str:
    return f"_instant_written_{slider.name}"


def _from_link(slider: InstantSlider) -> int | float | None:
    """The slider's value in the address, if it is one the slider can take and not the text
    this page wrote there itself (then the session's value stands: a preset may have changed
    it since)."""
    text = st.query_params.get(slider.name)
    if text is None or text == st.session_state.get(_written_key(slider)):
        return None
    return slider.option(text)


def _held(slider: InstantSlider) -> int | float:
    """The value the session holds (a preset may have set it), if the slider offers it."""
    held = slider.option(st.session_state.get(slider.name, slider.default))
    return slider.default if held is None else held


def new_commit(key: str) -> list | None:
    """The values the browser component ``key`` sent since the last run (unchecked), if any.

    Each letting go is sent with its own ``commit`` mark, so the same values let go of twice
    (after a preset in between) still count.
    """
    committed = (st.session_state.get(key) or {}).get("values")
    seen_key = f"_instant_seen_{key}"
    if not isinstance(committed, dict) or committed.get("commit") == st.session_state.get(seen_key):
        return None
    st.session_state[seen_key] = committed.get("commit")
    return committed.get("values")


def browser_version(key: str, values: list, *, shown: bool = False) -> tuple[int, list]:
    """What the browser component ``key`` is told: a version, raised when Python holds values
    the browser may not show (a preset, a link, a page opened again), and the values to take
    when it is raised. ``shown``: this run is the browser's own letting go, so it shows them.

    A let go's rerun leaves both unchanged, so the data it sends is unchanged and Streamlit's
    message cache does not send it again (the views are up to a megabyte).
    """
    version_key, taken_key = f"_instant_version_{key}", f"_instant_taken_{key}"
    if taken_key not in st.session_state or (not shown and values != st.session_state[taken_key]):
        st.session_state[version_key] = st.session_state.get(version_key, 0) + 1
        st.session_state[taken_key] = values
    return st.session_state[version_key], st.session_state[taken_key]


def _slider_commit(key: str, sliders: list[InstantSlider]) -> list[int | float] | None:
    """Values the browser sent since the last run, if they are values the sliders can take
    (as the sliders' own options)."""
    committed = new_commit(key)
    if not isinstance(committed, list) or len(committed) != len(sliders):
        return None
    values = [slider.option(value) for slider, value in zip(sliders, committed, strict=True)]
    return None if None in values else values


def take_let_go(key: str, sliders: list[InstantSlider]) -> None:
    """Keep in ``st.session_state`` the values the person let go of since the last run, if any.

    For callbacks that read the values, or replace them, before :func:`instant_sliders` draws
    the sliders: a letting go can reach Python in the same run as a button press.
    """
    values = _slider_commit(key, sliders)
    if values is not None:
        for slider, value in zip(sliders, values, strict=True):
            st.session_state[slider.name] = value
        browser_version(key, values, shown=True)


def instant_sliders(
    key: str, sliders: list[InstantSlider], views: dict[str, dict] | None
) -> tuple[int | float, ...]:
    """Draw the sliders with their precomputed ``views`` (from :func:`encode_views`; None for
    sliders that show nothing but their values) and return the values Python knows: the last
    ones the person let go of, or a link's."""
    values = _slider_commit(key, sliders)
    if values is None:
        values = [
            linked if (linked := _from_link(slider)) is not None else _held(slider)
            for slider in sliders
        ]
        version, taken = browser_version(key, values)
    else:
        version, taken = browser_version(key, values, shown=True)
    for slider, value in zip(sliders, values, strict=True):
        st.session_state[slider.name] = value
        st.session_state[_written_key(slider)] = str(value)
        if st.query_params.get(slider.name) != str(value):
            st.query_params[slider.name] = str(value)
    browser_component("slider_views")(
        key=key,
        data={
            "sliders": [
                {
                    "name": slider.name,
                    "label": slider.label,
                    "options": list(slider.options),
                    "labels": list(slider.labels) or [str(option) for option in slider.options],
                    "keys": [_view_key((option,)) for option in slider.options],
                    "help": slider.help,
                }
                for slider in sliders
            ],
            "views": views,
            "values": taken,  # taken by the browser when the version changes
            "version": version,
        },
        on_values_change=lambda: None,  # any callback makes letting go rerun the page
    )
    return tuple(values)
