"""Sliders that answer in the browser, without a round trip to the server.

A Streamlit slider reruns Python on every step and the browser then redraws the page, about
three times as long as the one-slider reference app takes (``benchmarks/ui_latency.py``).
Where a slider has few enough positions, the page computes every answer beforehand with
``core`` and sends them all at once; a small browser component (``assets/components``) swaps
in the answer for the position chosen, at once. Python learns the values when the person lets
go of the slider (pointer released, focus moved away), which keeps links, the rest of the page
and later visits in step.

Each slider's value lives in ``st.session_state[slider.name]`` and in the link parameter of
the same name, as a widget bound to the address would.
"""

from __future__ import annotations

import base64
import functools
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import streamlit as st
from PIL import Image

from core import colours

_COMPONENTS = Path(__file__).resolve().parent.parent / "assets" / "components"

#: core's signed colour table, as the browser components that colour a filter's output read it.
SIGNED_TABLE_FOR_BROWSER = base64.b64encode(colours.SIGNED_TABLE.tobytes()).decode("ascii")


@dataclass(frozen=True)
class InstantSlider:
    """One slider over ``options`` (increasing whole numbers, steps may differ); ``name`` is its
    session-state key and its link parameter."""

    name: str
    label: str
    options: tuple[int, ...]
    default: int
    help: str = ""


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


def encode_views(views: dict[tuple[int, ...], View]) -> dict[str, dict]:
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
        encoded[",".join(map(str, values))] = {
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


@functools.cache
def _component_files(name: str) -> tuple[str, str]:
    """The component's JavaScript, after the shared code it may call (letting go of a slider,
    filtering a picture), and its CSS."""
    read = functools.partial(Path.read_text, encoding="utf-8")
    shared = [read(_COMPONENTS / f"{part}.js") for part in ("let_go", "convolution_core")]
    js = "\n".join([*shared, read(_COMPONENTS / f"{name}.js")])
    return js, read(_COMPONENTS / f"{name}.css")


def browser_component(name: str):
    """The browser component ``assets/components/<name>.js`` (and ``.css``) as a mounting
    command. Registered on every run: cheap, silent when unchanged, and it survives a new
    Streamlit runtime (tests start many)."""
    js, css = _component_files(name)
    return st.components.v2.component(f"how_a_computer_sees.{name}", js=js, css=css)


def _from_link(slider: InstantSlider) -> int | None:
    """The slider's value in the address, if it is one the slider can take."""
    text = st.query_params.get(slider.name)
    try:
        value = int(text) if text is not None else None
    except ValueError:
        return None
    return value if value in slider.options else None


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


def _slider_commit(key: str, sliders: list[InstantSlider]) -> list[int] | None:
    """Values the browser sent since the last run, if they are values the sliders can take."""
    committed = new_commit(key)
    try:
        values = [int(value) for value in committed or ()]
    except (TypeError, ValueError):
        return None
    if len(values) != len(sliders) or any(
        value not in slider.options for value, slider in zip(values, sliders, strict=True)
    ):
        return None
    return values


def instant_sliders(
    key: str, sliders: list[InstantSlider], views: dict[str, dict]
) -> tuple[int, ...]:
    """Draw the sliders with their precomputed ``views`` (from :func:`encode_views`) and
    return the values Python knows: the last ones the person let go of, or a link's."""
    values = _slider_commit(key, sliders)
    if values is None:
        values = [
            linked
            if (linked := _from_link(slider)) is not None
            else st.session_state.get(slider.name, slider.default)
            for slider in sliders
        ]
        version, taken = browser_version(key, values)
    else:
        version, taken = browser_version(key, values, shown=True)
    for slider, value in zip(sliders, values, strict=True):
        st.session_state[slider.name] = value
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
