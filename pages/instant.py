"""Sliders that answer in the browser, without a round trip to the server.

A Streamlit slider reruns Python on every step and the browser then redraws the page, about
three times as long as the one-slider reference app takes (``benchmarks/ui_latency.py``).
Where a slider has few enough positions, the page computes every answer beforehand with
``core`` and sends them all at once; a small browser component (``assets/components``) swaps
in the answer for the position chosen, at once. Python learns the values when the person lets
go of the slider (pointer released, focus moved away), which keeps links, the rest of the page
and later visits in step.

Where the combinations are far too many to compute (a dozen sliders of ten to forty steps),
the views are *lazy*. Each run sends the view of the values Python holds (:func:`held_values`),
and the browser keeps every view it was sent. When the person reaches for a slider (the pointer
resting on it, a press, the focus) whose steps around those values the browser lacks, it asks
for them, with one rerun; the page sends them in that run only (:func:`wanted_slider`). Until
they come, the browser keeps the last view on screen, dimmed.

Each slider's value lives in ``st.session_state[slider.name]`` and in the link parameter of
the same name, as a widget bound to the address would. A callback that reads or replaces the
values before the sliders are drawn (a *Train* button, a preset) first calls
:func:`take_let_go`, so a letting go that reached Python in the same run is not lost.
"""

from __future__ import annotations

import base64
import io
import json
import math
from dataclasses import dataclass

import numpy as np
import streamlit as st
from PIL import Image

from core import colours
from pages.components import browser_component
from pages.drawing import HIGHLIGHT
from pages.presenter import NOTE_MIN_CHARACTERS, presenting

#: core's signed colour table, as the browser components that colour a filter's output read it.
SIGNED_TABLE_FOR_BROWSER = base64.b64encode(colours.SIGNED_TABLE.tobytes()).decode("ascii")


@dataclass(frozen=True)
class InstantSlider:
    """One slider over ``options`` (increasing numbers, steps may differ, all ints or all
    floats), shown as ``labels`` (``str`` of each option if none are given, e.g. ``"0.80"`` for
    ``0.8``); ``name`` is its session-state key and its link parameter. A ``group`` is a heading
    drawn above the first slider of each run of sliders that share it; a ``disabled`` slider
    shows its value and cannot be moved."""

    name: str
    label: str
    options: tuple[int, ...] | tuple[float, ...]
    default: int | float
    help: str = ""
    labels: tuple[str, ...] = ()
    group: str = ""
    disabled: bool = False
    #: its value travels in the page's address (a setting of the page's link)
    linked: bool = True

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
class GridReader:
    """A gray grid the browser reads itself as the sliders move, so that nothing is computed
    or sent per position. ``kind`` "window": two sliders choose the first row and column of a
    ``side`` × ``side`` block, framed in the highlight colour on the whole grid (``widths[0]``
    pixels wide) and printed number by number beside it (``widths[1]``); the browser fills in
    {top}, {bottom}, {left} and {right} in the two ``captions``. ``kind`` "row": one slider
    chooses a row, whose numbers are printed in a line, with {row} filled in the caption."""

    values: np.ndarray  # 2-D uint8
    kind: str
    captions: tuple[str, ...]
    side: int = 0
    widths: tuple[int, ...] = ()

    def encoded(self) -> dict:
        """As the browser component reads it."""
        rows, cols = self.values.shape
        return {
            "kind": self.kind,
            "values": base64.b64encode(np.ascontiguousarray(self.values, np.uint8)).decode(),
            "rows": rows,
            "cols": cols,
            "captions": list(self.captions),
            "side": self.side,
            "widths": list(self.widths),
            "frame": HIGHLIGHT,
        }


@dataclass(frozen=True)
class ChartLine:
    """A line through points (``x`` and ``y`` of one length), optionally with a dot of
    ``markers`` pixels at each point; named in the chart's legend if it has one."""

    x: tuple[float, ...]
    y: tuple[float, ...]
    colour: str
    name: str = ""
    width: float = 2.0
    markers: float = 0.0


@dataclass(frozen=True)
class ChartMarker:
    """One point drawn as a ``symbol`` ("circle", "triangle-up" or "x") ``size`` pixels
    across, in ``colour`` with an ``outline`` (none if empty)."""

    x: float
    y: float
    colour: str
    size: float
    symbol: str = "circle"
    outline: str = ""
    outline_width: float = 1.0
    name: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart the browser draws (as SVG) from numbers: lines and markers over ``x_range`` ×
    ``y_range``, clipped to it, with ticks, axis titles, an optional ``background`` picture
    (uint8 RGB, its top row at the top of ``y_range``) filling the plotting area, a ``note``
    in its top left corner and a ``legend`` of the named lines and markers below. ``width``
    and ``height`` are in pixels at which text is drawn at its size; the chart fills the
    page's width, its proportions kept. No hover: the numbers a chart shows are its words'.

    Lines and backgrounds the same in many views are sent once (see :func:`encode_views`)."""

    width: int
    height: int
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x_title: str
    y_title: str
    lines: tuple[ChartLine, ...] = ()
    markers: tuple[ChartMarker, ...] = ()
    background: np.ndarray | None = None
    note: str = ""
    legend: bool = False
    caption: str = ""  # what a screen reader reads for the chart
    #: the axes' ticks as (value, label), instead of round numbers (bars' names, percents)
    x_labels: tuple[tuple[float, str], ...] = ()
    y_labels: tuple[tuple[float, str], ...] = ()
    #: the x labels written on a slant, so that long names (layers') fit under narrow places
    x_labels_slanted: bool = False


def nice_ticks(low: float, high: float, count: int = 6) -> tuple[float, ...]:
    """Round numbers from ``low`` to ``high``, about ``count`` of them, 1, 2 or 5 apart times
    a power of ten (``nice_ticks(0, 76)`` gives 0, 20, 40, 60)."""
    rough = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= rough)
    first = math.ceil(low / step - 1e-9)
    return tuple(round(i * step, 10) for i in range(first, math.floor(high / step + 1e-9) + 1))


def _rounded(values) -> list[float]:
    return [round(float(value), 3) for value in values]


def _encoded_chart(
    chart: Chart, where: list, first_with: dict[str, object], *, named: bool = True
) -> dict:
    """``chart`` as the browser reads it. A line or background already sent in another view
    (``first_with`` maps its text to where) is named as ``{"same": [view key, chart, part]}``.
    ``named``: this chart is in a view others may name (not a frame of an animation)."""

    def shared(part: object, text: str, address: list) -> object:
        text = f"chart part {text}"  # apart from pictures'
        first = first_with.setdefault(text, address) if named else first_with.get(text)
        return part if first in (None, address) else {"same": first}

    lines = []
    for index, line in enumerate(chart.lines):
        encoded = {
            "x": _rounded(line.x),
            "y": _rounded(line.y),
            "colour": line.colour,
            "name": line.name,
            "width": line.width,
            "markers": line.markers,
        }
        lines.append(shared(encoded, repr(encoded), [*where, index]))
    background = None
    if chart.background is not None:
        source, _ = _picture_source(chart.background)
        background = shared({"src": source}, source, [*where, "background"])
    # about one tick every 70 pixels across and every 45 up
    x_labels = chart.x_labels or tuple(
        (tick, f"{tick:g}") for tick in nice_ticks(*chart.x_range, max(chart.width // 70, 3))
    )
    y_labels = chart.y_labels or tuple(
        (tick, f"{tick:g}") for tick in nice_ticks(*chart.y_range, max(chart.height // 45, 3))
    )
    return {
        "width": chart.width,
        "height": chart.height,
        "x": list(chart.x_range),
        "y": list(chart.y_range),
        "xTitle": chart.x_title,
        "yTitle": chart.y_title,
        "xTicks": [[tick, label] for tick, label in x_labels],
        "yTicks": [[tick, label] for tick, label in y_labels],
        "lines": lines,
        "markers": [
            {
                "x": round(float(marker.x), 3),
                "y": round(float(marker.y), 3),
                "colour": marker.colour,
                "size": marker.size,
                "symbol": marker.symbol,
                "outline": marker.outline,
                "outlineWidth": marker.outline_width,
                "name": marker.name,
            }
            for marker in chart.markers
        ],
        "background": background,
        "note": chart.note,
        "legend": chart.legend,
        "caption": chart.caption,
        **({"xSlanted": True} if chart.x_labels_slanted else {}),  # other charts stay as they were
    }


@dataclass(frozen=True)
class View:
    """What the page shows for one combination of slider values."""

    paragraphs: tuple[str, ...]  # plain text; **bold** is the only markup
    #: uint8 gray or RGB arrays (sent as PNG), or pictures already encoded (a JPEG, say)
    pictures: tuple[np.ndarray | bytes, ...] = ()
    captions: tuple[str, ...] = ()
    warning: str | None = None
    #: display width of each picture, in pixels (narrower if the page is: never wider)
    widths: tuple[int, ...] = ()
    grids: tuple[Grid, ...] = ()
    numbered: tuple[str, ...] = ()  # plain text, a numbered list below the pictures
    #: paragraphs below the pictures (and above the numbered list), as ``paragraphs``
    after: tuple[str, ...] = ()
    #: the pictures are photographs, scaled smoothly (maps are drawn with crisp pixels)
    photos: bool = False
    #: per picture, a block (top, left, height, width, in the picture's own pixels, fractions
    #: allowed for a picture drawn shrunk) the browser frames in the highlight colour, or None
    frames: tuple[tuple[float, float, float, float] | None, ...] = ()
    #: the first picture is a map of cells, one pixel each, that two sliders choose from: the
    #: indices of the row slider and of the column slider. A click on the cell in row r and
    #: column c moves them to their r-th and c-th options.
    pick: tuple[int, int] | None = None
    #: charts the browser draws from numbers (:class:`Chart`), after the pictures
    charts: tuple[Chart, ...] = ()
    #: a closing message below everything else: ("success" or "warning", text as paragraphs')
    verdict: tuple[str, str] | None = None
    #: an animation: these views shown in turn, ``sequence_ms`` apart, instead of this one; the
    #: last stays. It plays once per view sent (shown again, the view shows its last).
    sequence: tuple[View, ...] = ()
    sequence_ms: int = 0


def _picture_source(picture: np.ndarray | bytes) -> tuple[str, tuple[int, int]]:
    """A picture as a data address, and its (width, height): an array as a PNG (lossless, so
    small maps stay crisp when enlarged), an encoded picture as it is."""
    if isinstance(picture, bytes):
        with Image.open(io.BytesIO(picture)) as opened:
            mime, size = opened.get_format_mimetype(), opened.size
        encoded = picture
    else:
        buffer = io.BytesIO()
        Image.fromarray(np.ascontiguousarray(picture)).save(buffer, "PNG", compress_level=1)
        mime, size, encoded = "image/png", picture.shape[1::-1], buffer.getvalue()
    return f"data:{mime};base64," + base64.b64encode(encoded).decode("ascii"), size


def _view_key(values: tuple[int | float, ...]) -> str:
    """The name of the view for these slider values ("64", "2,3", "0.8")."""
    return ",".join(map(str, values))


@dataclass(frozen=True)
class EncodedViews:
    """Views as the browser component reads them: one JSON object, view key → view, encoded
    once. Pages cache it per picture with ``st.cache_resource``, and every run sends these
    bytes as they are: encoding a megabyte of views into JSON again, twice (Streamlit also
    encodes a component's data to name it), took tens of milliseconds of each let go."""

    json: bytes

    def __or__(self, later: EncodedViews) -> EncodedViews:
        """The views of both, ``later``'s where both have one (as ``{**self, **later}``; a
        picture shared by name stays within the views it was encoded with)."""
        parts = [views.json[1:-1] for views in (self, later) if views.json != b"{}"]
        return EncodedViews(b"{" + b",".join(parts) + b"}")

    def decoded(self) -> dict[str, dict]:
        """The views as Python objects (for tests and checks)."""
        return json.loads(self.json)


def encode_views(views: dict[tuple[int | float, ...], View]) -> EncodedViews:
    """The views as the browser component reads them (see :class:`EncodedViews`)."""
    encoded = {}
    first_with: dict[str, object] = {}  # a picture's data address → "view key/index" of its first
    once: dict[int, tuple[str, tuple[int, int]]] = {}  # a picture object, encoded once
    # animations last: their frames may name the other views' parts, never the other way round
    for values, view in sorted(views.items(), key=lambda item: bool(item[1].sequence)):
        key = _view_key(values)
        encoded[key] = _encoded_view(view, key, first_with, once)
    ordered = {_view_key(values): encoded[_view_key(values)] for values in views}
    return EncodedViews(json.dumps(ordered, separators=(",", ":")).encode())


def _encoded_view(
    view: View,
    key: str,
    first_with: dict[str, object],
    once: dict[int, tuple[str, tuple[int, int]]],
    *,
    named: bool = True,
) -> dict:
    """``view`` as the browser reads it (see :func:`encode_views`); ``named``: as
    :func:`_encoded_chart`'s; ``once``: the pictures encoded so far, by object (the views hold
    every picture while they are encoded, so no object's id is reused)."""
    frames = view.frames or (None,) * len(view.pictures)
    pictures = []
    for index, (picture, caption, width, frame) in enumerate(
        zip(view.pictures, view.captions, view.widths, frames, strict=True)
    ):
        if id(picture) not in once:
            once[id(picture)] = _picture_source(picture)
        source, (picture_width, height) = once[id(picture)]
        address = f"{key}/{index}"
        first = first_with.setdefault(source, address) if named else first_with.get(source, address)
        pictures.append(
            {
                # a picture many views share is sent once: the others name where it is
                **({"src": source} if first == address else {"same": first}),
                "caption": caption,
                "width": width,
                "height": round(height * width / picture_width),
                "smooth": view.photos,
                # a frame only where there is one: views are sent by the hundred
                **(
                    {}
                    if frame is None
                    else {
                        "frame": [
                            frame[0] / height,
                            frame[1] / picture_width,
                            frame[2] / height,
                            frame[3] / picture_width,
                        ]
                    }
                ),
            }
        )
    encoded = {
        "paragraphs": list(view.paragraphs),
        "warning": view.warning,
        "pictures": pictures,
        "grids": [_encoded_grid(grid) for grid in view.grids],
        "numbered": list(view.numbered),
    }
    # Only views that have them carry the newer parts, so other pages' data stays as it was.
    if view.pick is not None:
        encoded["pick"] = list(view.pick)
    if view.after:
        encoded["after"] = list(view.after)
    if view.charts:
        encoded["charts"] = [
            _encoded_chart(chart, [key, index], first_with, named=named)
            for index, chart in enumerate(view.charts)
        ]
    if view.verdict is not None:
        encoded["verdict"] = list(view.verdict)
    if view.sequence:
        # a frame may name the other views' parts, but none names a frame's
        encoded["sequence"] = [
            _encoded_view(frame, key, first_with, once, named=False) for frame in view.sequence
        ]
        encoded["sequenceMs"] = view.sequence_ms
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
    text = st.query_params.get(slider.name) if slider.linked else None
    if text is None or text == st.session_state.get(_written_key(slider)):
        return None
    return slider.option(text)


def _held(slider: InstantSlider) -> int | float:
    """The value the session holds (a preset may have set it), if the slider offers it."""
    held = slider.option(st.session_state.get(slider.name, slider.default))
    return slider.default if held is None else held


def _linked_or_held(slider: InstantSlider) -> int | float:
    linked = _from_link(slider)
    return _held(slider) if linked is None else linked


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


def browser_version(
    key: str, values: list, *, shown: bool = False, resent: bool = False
) -> tuple[int, list]:
    """What the browser component ``key`` is told: a version, raised when Python holds values
    the browser may not show (a preset, a link, a page opened again), and the values to take
    when it is raised. ``shown``: this run is the browser's own letting go, so it shows them.

    A let go's rerun leaves both unchanged, so the data it sends is unchanged and Streamlit's
    message cache does not send it again (the views are up to a megabyte). A later run raises
    the version if its values differ from those taken or from those let go of (a preset back
    to the values taken, after a let go, is drawn). With ``resent`` (data that changes on every
    run anyway, as lazy views do), the values let go of become the values taken, so that a
    later run does not raise the version either: that would draw the sliders anew, under the
    person's pointer.
    """
    version_key, taken_key = f"_instant_version_{key}", f"_instant_taken_{key}"
    showing_key = f"_instant_showing_{key}"  # what the browser shows: taken, or let go of since
    taken = st.session_state.get(taken_key)
    if taken_key not in st.session_state or (
        not shown and (values != taken or values != st.session_state.get(showing_key, taken))
    ):
        st.session_state[version_key] = st.session_state.get(version_key, 0) + 1
        st.session_state[taken_key] = values
    elif shown and resent:
        st.session_state[taken_key] = values
    st.session_state[showing_key] = values
    return st.session_state[version_key], st.session_state[taken_key]


def _slider_commit(key: str, sliders: list[InstantSlider]) -> list[int | float] | None:
    """Values the browser sent since the last run, if they are values the sliders can take
    (as the sliders' own options)."""
    committed = new_commit(key)
    if not isinstance(committed, list) or len(committed) != len(sliders):
        return None
    values = [slider.option(value) for slider, value in zip(sliders, committed, strict=True)]
    return None if None in values else values


def take_let_go(key: str, sliders: list[InstantSlider], *, resent: bool = False) -> None:
    """Keep in ``st.session_state`` the values the person let go of since the last run, if any.

    For callbacks that read the values, or replace them, before :func:`instant_sliders` draws
    the sliders: a letting go can reach Python in the same run as a button press. ``resent``:
    see :func:`browser_version`.
    """
    values = _slider_commit(key, sliders)
    if values is not None:
        for slider, value in zip(sliders, values, strict=True):
            st.session_state[slider.name] = value
        browser_version(key, values, shown=True, resent=resent)


def held_values(key: str, sliders: list[InstantSlider]) -> tuple[int | float, ...]:
    """The values Python holds for the lazy instant sliders ``key``: the last ones the person
    let go of, or a link's, or the session's; the page computes its views around them before
    :func:`instant_sliders` draws the sliders, which then hold the same values."""
    take_let_go(key, sliders, resent=True)
    return tuple(_linked_or_held(slider) for slider in sliders)


def steps_around(
    held: tuple[int | float, ...], sliders: list[InstantSlider], slider: InstantSlider
) -> list[tuple[int | float, ...]]:
    """The values of every step of ``slider`` with the other ``sliders`` at ``held``: the
    views a reach for a lazy slider asks to be drawn (see :func:`wanted_slider`)."""
    index = sliders.index(slider)
    return [(*held[:index], option, *held[index + 1 :]) for option in slider.options]


def wanted_slider(key: str, sliders: list[InstantSlider]) -> InstantSlider | None:
    """The slider of the lazy instant sliders ``key`` whose steps the browser asked for since
    the last run (once per asking), if it is one of ``sliders`` and can be moved."""
    wanted = (st.session_state.get(key) or {}).get("wanted")
    answered_key = f"_instant_answered_{key}"
    if not isinstance(wanted, dict) or wanted.get("ask") == st.session_state.get(answered_key):
        return None
    st.session_state[answered_key] = wanted.get("ask")
    name = wanted.get("name")
    return next((s for s in sliders if s.name == name and not s.disabled), None)


def settle(key: str, sliders: list, *, resent: bool = False) -> tuple[list, int, list]:
    """The values of the browser component ``key``'s controls: the last ones the person let go
    of, or a link's, or the session's, kept in ``st.session_state`` and the link as a bound
    widget would; with the version and values the browser is told (:func:`browser_version`).

    ``sliders``: instant sliders, or any controls with the same ``name``, ``default``,
    ``linked`` and ``option`` (``pages.instant_number.NumberField``).
    """
    values = _slider_commit(key, sliders)
    if values is None:
        values = [_linked_or_held(slider) for slider in sliders]
        version, taken = browser_version(key, values)
    else:
        version, taken = browser_version(key, values, shown=True, resent=resent)
    for slider, value in zip(sliders, values, strict=True):
        st.session_state[slider.name] = value
        st.session_state[_written_key(slider)] = str(value)
        if slider.linked and st.query_params.get(slider.name) != str(value):
            st.query_params[slider.name] = str(value)
    return values, version, taken


def instant_sliders(
    key: str,
    sliders: list[InstantSlider],
    views: EncodedViews | None,
    *,
    beside: bool = False,
    lazy: str | None = None,
    reader: GridReader | None = None,
    follows: InstantSlider | None = None,
) -> tuple[int | float, ...]:
    """Draw the sliders with their precomputed ``views`` (from :func:`encode_views`; None for
    sliders that show nothing but their values) and return the values Python knows: the last
    ones the person let go of, or a link's.

    ``beside``: the sliders in a column, the view to their right (below on a narrow screen).
    ``lazy``: the views are lazy (see the module text): ``views`` hold the held values' view
    (:func:`held_values`) and, when :func:`wanted_slider` names a slider, its steps. ``lazy``
    names what else the views depend on (the picture, a seed): the browser keeps the views it
    was sent while the name stays the same. ``reader``: instead of views, a grid the browser
    reads at the sliders' values itself (:class:`GridReader`). ``follows``: with no sliders of
    its own, the view of that slider's value (see :func:`following_view`).
    """
    values, version, taken = settle(key, sliders, resent=lazy is not None)
    settings = {
        "sliders": [
            {
                "name": slider.name,
                "label": slider.label,
                "options": list(slider.options),
                "labels": list(slider.labels) or [str(option) for option in slider.options],
                "keys": [_view_key((option,)) for option in slider.options],
                "help": slider.help,
                "group": slider.group,
                "disabled": slider.disabled,
            }
            for slider in sliders
        ],
        "reader": None if reader is None else reader.encoded(),
        "highlight": HIGHLIGHT,
        "values": taken,  # taken by the browser when the version changes
        "version": version,
        "beside": beside,
        "lazy": lazy,
        "follows": None
        if follows is None
        else {"name": follows.name, "held": _view_key((_linked_or_held(follows),))},
        # long explanations are speaker notes while presenting (pages.presenter)
        "presenting": presenting(),
        "noteMinCharacters": NOTE_MIN_CHARACTERS,
    }
    browser_component("slider_views")(
        key=key,
        # bytes, so that the views already encoded are sent as they are (see EncodedViews)
        data=json.dumps(settings).encode()[:-1]
        + b',"views":'
        + (b"null" if views is None else views.json)
        + b"}",
        on_values_change=lambda: None,  # any callback makes letting go rerun the page
        **({"on_wanted_change": lambda: None} if lazy else {}),  # asking reruns it too
    )
    return tuple(values)


def static_view(key: str, view: View | EncodedViews) -> None:
    """Draw ``view`` with no sliders, as the browser draws instant sliders' views: a chart or
    pictures that change on every run cost the browser far less this way than as a Plotly
    chart (~50 ms each time its figure changes). A page may cache the view encoded
    (``encode_views({(): view})``)."""
    instant_sliders(key, [], view if isinstance(view, EncodedViews) else encode_views({(): view}))


def following_view(key: str, leader: InstantSlider, views: EncodedViews) -> None:
    """Draw the view of the value of the instant slider ``leader`` (drawn above it on the page)
    from ``views``, one per option (keyed ``(option,)``). The browser swaps it as the slider
    moves, so it answers at once and letting go of the slider need not rerun it: it can stand
    outside the slider's fragment, which then redraws the slider alone."""
    instant_sliders(key, [], views, follows=leader)
