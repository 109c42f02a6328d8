"""Every widget on every page at its extremes: the page survives and shows no NaN or infinity.

For each page the test finds the widgets the page draws right now (sliders, number inputs,
select sliders, select boxes, radios, toggles, checkboxes, segmented controls and pills,
multiselects, text inputs, data editors, forms and keyed expanders) and moves each one to
its minimum and then its maximum: a slider's ends, a number input's bounds (the browser's
number limits where it has none), every option of a radio or button group, the first and last
of a long select box, off and on, empty and longest text, every cell of a table at the smallest
and largest number a person can type or emptied, every keyed expander opened. A form's
widgets go together (all at the low end, then all at the high end) and the form is submitted.
After every move the page reruns, and the test checks that no exception was raised, no error
box is shown, the widget took the value, and no NaN or infinity is on screen: in text, captions,
code, metrics, tables, image captions, widget labels and options, or the data and text of a
Plotly figure.

Widgets are found again after every move. Widgets a move reveals (zoom sliders once the grid is
large, the contents of a view just chosen) are moved next, before another move can hide them;
widgets a move hid are brought back at the end by that widget's other extremes. A widget keeps
the value of its last move, so later widgets are tested with earlier ones at an extreme. Each
page has a bound on the number of moves, so a page whose keys multiply cannot run away.

Not driven generically, on purpose:
- buttons (presets, Play, Train, Next): a button is an action, not a setting with extremes, and
  some start long work. The Training lab's Train is pressed with 1 epoch after its settings are
  put at their low and then their high ends (``test_training_trains_one_epoch_at_the_extremes``);
  the own-classes lab needs uploaded pictures before it can train, and is not trained here.
- file uploaders and the webcam: uploads have their own corpus (``tests/hostile_files.py``).
- the sidebar is walked too, but AppTest draws no sidebar after ``switch_page`` in this app, so
  the presenter-mode switch is not reached here.
"""

from __future__ import annotations

import functools
import json
import math
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1.element_tree import (
    ButtonGroup,
    Multiselect,
    Radio,
    Selectbox,
    SelectSlider,
    Widget,
)

from pages.journey import JOURNEY
from pages.sections.training.run_face import (
    CONTROL_SLIDERS,
    EPOCHS_SLIDER,
    SEED_FIELD,
    SEED_KEY,
    view_key,
)
from tests.apptest_helpers import decode_plotly_array, let_go

#: Moves one page may make before the test calls it a runaway (the convolution page needs ~100).
MAX_MOVES = 400

#: Select boxes with at most this many options are tried on each option, longer ones on their
#: first and last. Radios and button groups are tried on every option, select sliders on both
#: ends.
EVERY_OPTION_UP_TO = 8

#: The largest numbers a person can type: the browser's number limits.
LARGEST_INTEGER = 2**53 - 1  # JavaScript's Number.MAX_SAFE_INTEGER
LARGEST_FLOAT = sys.float_info.max  # JavaScript's Number.MAX_VALUE

#: "nan", "inf", "-inf", "Infinity" as a token (not "info" or "infinite"), in any case.
_NOT_A_NUMBER = re.compile(r"(?<![\w.])[-+−]?(nan|inf|infinity)(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Move:
    """One change a person can make, and what the changed widget should show after it."""

    apply: Callable[[], None]
    key: str | None = None  # the widget's key, to read back what it took (None: not a widget)
    expected: Any = None  # what `_taken` reads from that widget after the move


def _taken(element) -> Any:
    """A widget's value as the browser shows it: option labels for choices, else the value."""
    if isinstance(element, Selectbox | Radio):
        return element.options[element.index] if element.index is not None else None
    if isinstance(element, ButtonGroup):
        return list(element.formatted_values)
    if isinstance(element, Multiselect):
        return list(element.values)
    if isinstance(element, SelectSlider):
        return element.format_func(element.value)
    value = element.value
    return list(value) if isinstance(value, list | tuple) else value


# --------------------------------------------------------------------------------------------
# Finding the moves a page offers
# --------------------------------------------------------------------------------------------


def _send_labels(element: Widget, labels: list[str]) -> None:
    """Make the next run receive these option labels, exactly as the browser sends them.

    AppTest's ``set_value`` takes a raw option and formats it with the widget's ``format_func``.
    A generic test only knows the labels on screen (the raw options are not in the element
    tree), and a label passed as a raw option is formatted a second time (``"5 × 5"`` becomes
    ``"5 × 5 × 5 × 5"``). So this builds the widget state the frontend sends: the labels.
    """
    state = WidgetState(id=element.id)
    if isinstance(element, Selectbox | Radio):
        state.string_value = labels[0]
    else:
        state.string_array_value.data[:] = labels
    element.__class__ = type(
        f"Labelled{type(element).__name__}",
        (type(element),),
        {"_widget_state": property(lambda _self: state)},
    )


def _number_limits(element) -> tuple[float, float]:
    """A number input's bounds, or the browser's limits where it has none."""
    is_integer = element.proto.data_type == element.proto.INT
    largest = LARGEST_INTEGER if is_integer else LARGEST_FLOAT
    low = element.min if element.min is not None else -largest
    high = element.max if element.max is not None else largest
    return (int(low), int(high)) if is_integer else (float(low), float(high))


def _slider_value(element, value: float):
    return int(value) if element.proto.data_type == element.proto.INT else float(value)


def _editor_edits(table: pd.DataFrame, which: str) -> dict:
    """The edit state of a data editor with every number cell at ``which`` ("min", "max") or
    emptied ("empty"): the largest integers in integer columns, the largest floats in others."""
    cells = {}
    for column in table.columns:
        values = table[column]
        if not pd.api.types.is_numeric_dtype(values):
            continue
        largest = LARGEST_INTEGER if pd.api.types.is_integer_dtype(values) else LARGEST_FLOAT
        cells[str(column)] = {"min": -largest, "max": largest, "empty": None}[which]
    return {
        "edited_rows": {row: dict(cells) for row in range(len(table))},
        "added_rows": [],
        "deleted_rows": [],
    }


def _submit_form(app, form_id: str, moves: list[Move]) -> None:
    for move in moves:
        move.apply()
    next(b for b in app.form_submit_button if b.form_id == form_id).click()


def _widget_moves(element) -> Iterator[tuple[str, Move]]:
    """(name, move) for the extremes of one widget, minimum or first option first."""
    name = f"{element.type} {element.key}" if element.key else f"{element.type} {element.label!r}"
    if element.disabled:
        return
    if element.type == "slider":
        low, high = (_slider_value(element, v) for v in (element.min, element.max))
        ranged = isinstance(element.value, list | tuple)
        for which, value in (("min", low), ("max", high)):
            target = [value, value] if ranged else value
            yield f"{name} = {which}", _setting(element, target)
    elif element.type == "number_input":
        low, high = _number_limits(element)
        for which, value in (("min", low), ("max", high)):
            yield f"{name} = {which}", _setting(element, value)
    elif isinstance(element, SelectSlider | Selectbox | Radio | ButtonGroup):
        options = element.options
        if not options:
            return
        # Options shown side by side, or a short list, are tried one by one: a middle option
        # may reveal a widget (PReLU's α slider). A slider is a slider: its two ends.
        every = isinstance(element, Radio | ButtonGroup) or (
            isinstance(element, Selectbox) and len(options) <= EVERY_OPTION_UP_TO
        )
        if every:
            chosen = [(repr(label), label) for label in options]
        else:
            chosen = [("first", options[0]), ("last", options[-1])]
        for which, label in chosen:
            yield f"{name} = {which}", _choosing(element, [label])
    elif isinstance(element, Multiselect):
        most = element.options[: element.max_selections or None]
        for which, labels in (("none", []), ("most", most)):
            yield f"{name} = {which}", _choosing(element, labels)
    elif element.type in ("toggle", "checkbox"):
        for value in (False, True):
            yield f"{name} = {value}", _setting(element, value)
    elif element.type == "text_input":
        longest = ("Wide *name* with $signs$ & <tags> " * 40)[: element.max_chars or 1000]
        for which, text in (("empty", ""), ("longest", longest)):
            yield f"{name} = {which}", _setting(element, text)


def _setting(element, value) -> Move:
    return Move(lambda: element.set_value(value), element.key, value)


def _choosing(element, labels: list[str]) -> Move:
    expected = labels if isinstance(element, ButtonGroup | Multiselect) else labels[0]
    return Move(lambda: _send_labels(element, labels), element.key, expected)


def _block_moves(app, node) -> Iterator[tuple[str, Move]]:
    """Keyed expanders build their contents only while open: open each in turn."""
    key = node.key
    if not key:
        return
    if node.type == "expander":
        for value in (True, False):
            yield f"expander {key} = {value}", Move(functools.partial(_set_state, app, key, value))


def _set_state(app, key: str, value) -> None:
    app.session_state[key] = value


def _editor_moves(app, editor) -> Iterator[tuple[str, Move]]:
    """Every cell of a data editor at the smallest, the largest, and no number at all."""
    if not editor.key or editor.proto.disabled:
        return  # AppTest edits a data editor only through its key's session state
    table = editor.value
    for which in ("min", "max", "empty"):
        edits = _editor_edits(table, which)
        move = Move(functools.partial(_set_state, app, editor.key, edits))
        yield f"data_editor {editor.key} = {which}", move


def _nodes(app) -> Iterator:
    """Every element and container of the page and of the sidebar, in order."""
    yield from app.main
    yield from app.sidebar


def page_moves(app) -> dict[str, Move]:
    """Every extreme move the page offers right now, by name, in page order.

    The widgets of a form send their values together, when the form is submitted, so a form
    makes two moves: every widget in it at its low extreme, then every one at its high one.
    """
    moves: dict[str, Move] = {}
    forms: dict[str, tuple[list[Move], list[Move]]] = {}
    for node in _nodes(app):
        if isinstance(node, Widget):
            found = list(_widget_moves(node))
        elif node.type == "dataframe" and node.editing_mode != "read_only":
            found = list(_editor_moves(app, node))
        elif node.type in ("tab_container", "expander"):
            found = list(_block_moves(app, node))
        else:
            continue
        if form_id := getattr(node, "form_id", ""):
            low, high = forms.setdefault(form_id, ([], []))
            for side, (_name, move) in zip((low, high), found, strict=False):
                side.append(move)
            for which, side in (("low", low), ("high", high)):
                moves[f"form {form_id} = {which}"] = Move(
                    functools.partial(_submit_form, app, form_id, side)
                )
            continue
        for name, move in found:
            moves.setdefault(name, move)
    return moves


# --------------------------------------------------------------------------------------------
# What is on screen
# --------------------------------------------------------------------------------------------


_TEXT_ELEMENTS = (
    *("markdown", "caption", "code", "latex", "text", "title", "header", "subheader"),
    *("error", "warning", "info", "success", "toast"),
)


def _texts(app) -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of text the page shows."""
    for node in _nodes(app):
        kind = node.type
        proto = getattr(node, "proto", None)
        if kind in _TEXT_ELEMENTS:
            yield kind, str(node.value)
        elif kind == "metric":
            yield kind, f"{node.label} {node.value} {node.delta}"
        elif kind == "html":  # headings (pages.headings), charts drawn as SVG: their text
            yield kind, re.sub(r"<[^>]*>", " ", node.value)
        elif kind == "image":
            yield from (("image caption", caption) for caption in node.captions)
        elif kind == "progress":
            yield kind, proto.text
        elif kind in ("page_link", "button", "tab", "expander"):
            yield kind, getattr(node, "label", "") or ""
        elif isinstance(node, Widget):
            yield f"{kind} label", getattr(node, "label", "") or ""
            yield from ((f"{kind} option", str(o)) for o in getattr(node, "options", []))


def _table_problems(table: pd.DataFrame) -> Iterator[str]:
    for column in table.columns:
        values = table[column]
        if pd.api.types.is_numeric_dtype(values):
            numbers = values.to_numpy(dtype=np.float64, na_value=np.nan)
            if not np.isfinite(numbers).all():
                yield f"column {column!r} holds {numbers[~np.isfinite(numbers)][:3]}"
        else:
            for value in values:
                missing = value is None or (isinstance(value, float) and not math.isfinite(value))
                if missing or _NOT_A_NUMBER.search(str(value)):
                    yield f"column {column!r} holds {value!r}"


def _figure_problems(spec, path: str = "") -> Iterator[str]:
    """Non-finite numbers in a Plotly figure's JSON, and "NaN"/"inf" in its text."""
    if isinstance(spec, dict):
        if "bdata" in spec and "dtype" in spec:
            values = decode_plotly_array(spec)
            if values.dtype.kind == "f" and not np.isfinite(values).all():
                yield f"{path}: {values[~np.isfinite(values)][:3]}"
            return
        for key, value in spec.items():
            yield from _figure_problems(value, f"{path}.{key}")
    elif isinstance(spec, list):
        numbers = [v for v in spec if isinstance(v, int | float) and not isinstance(v, bool)]
        if numbers and None in spec:  # Plotly writes NaN and infinity in a number list as null
            yield f"{path}: null among numbers"
        for index, value in enumerate(spec):
            yield from _figure_problems(value, f"{path}[{index}]")
    elif isinstance(spec, float) and not math.isfinite(spec):
        yield f"{path}: {spec}"
    elif isinstance(spec, str) and _NOT_A_NUMBER.search(spec):
        yield f"{path}: {spec!r}"


def screen_problems(app) -> list[str]:
    """Everything on screen that is an exception, an error box, NaN or infinity."""
    problems = [f"exception: {e.value}\n{''.join(e.stack_trace)}" for e in app.exception]
    problems += [f"error box: {e.value}" for e in app.error]
    for where, text in _texts(app):
        if match := _NOT_A_NUMBER.search(text):
            problems.append(f"{where} shows {match.group()!r}: {text[:300]!r}")
    for table in app.dataframe:
        problems += [f"table {table.key}: {p}" for p in _table_problems(table.value)]
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        name = getattr(chart, "key", None) or chart.proto.id[-12:]
        problems += [f"figure {name}{p}" for p in _figure_problems(spec)]
    return problems


def assert_sane(app, after: str) -> None:
    problems = screen_problems(app)
    assert not problems, f"after {after}:\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------
# The walk
# --------------------------------------------------------------------------------------------


def open_page(app, path: str):
    app.run()
    app.switch_page(path)
    app.run()
    assert_sane(app, f"opening {path}")
    return app


def drive_to_extremes(app, *, skip: Callable[[str], bool] = lambda name: False) -> list[str]:
    """Make every move the page offers, checking the page after each; returns the moves made.

    Moves revealed by a move go first (depth first), since the next move may hide them again.
    A move whose widget is hidden when its turn comes waits until its widget is back. Moves
    still waiting at the end are brought back by the other extremes of the widget whose move
    hid them (the 3 × 3 weight sliders come back when the kernel size returns to 3 × 3).
    """
    seen: set[str] = set()
    pending: list[str] = []
    made: list[str] = []
    hidden_by: dict[str, str] = {}
    revived: set[str] = set()

    def discover() -> dict[str, Move]:
        current = page_moves(app)
        fresh = [name for name in current if name not in seen and not skip(name)]
        seen.update(fresh)
        pending[:0] = fresh
        return current

    def unreached() -> list[str]:
        # A widget whose key carries a number (``tiny_editor_2``) is a new widget when the
        # number changes; its old moves are done if its new self made them.
        done = {_family(name) for name in made}
        return [name for name in pending if _family(name) not in done]

    def reviving_move(current: dict[str, Move]) -> str | None:
        for waiting in unreached():
            culprit = hidden_by.get(waiting, "")
            widget_moves = culprit.rsplit(" = ", 1)[0] + " = "
            for name in current:
                if name.startswith(widget_moves) and name != culprit and name not in revived:
                    revived.add(name)
                    return name
        return None

    current = discover()
    while True:
        name = next((n for n in pending if n in current), None)
        if name is not None:
            pending.remove(name)
        elif (name := reviving_move(current)) is None:
            break
        before, move = current, current[name]
        move.apply()
        app.run()
        made.append(name)
        assert_sane(app, " → ".join(made[-3:]))
        if move.key is not None and (moved := _widget_by_key(app, move.key)) is not None:
            assert _taken(moved) == move.expected, f"{name} did not take: {_taken(moved)!r}"
        assert len(made) <= MAX_MOVES, f"more than {MAX_MOVES} moves: {made[-10:]}"
        current = discover()
        for waiting in pending:
            if waiting in before and waiting not in current:
                hidden_by[waiting] = name
    assert not unreached(), f"never reachable again once hidden: {unreached()}"
    return made


def _widget_by_key(app, key: str) -> Widget | None:
    return next((n for n in _nodes(app) if isinstance(n, Widget) and n.key == key), None)


def _family(name: str) -> str:
    return re.sub(r"\d+", "#", name)


PAGES = [stop.path for stop in JOURNEY]
IDS = [stop.url_path for stop in JOURNEY]


@pytest.mark.parametrize("path", PAGES, ids=IDS)
def test_every_widget_at_its_extremes(app, path):
    open_page(app, path)
    made = drive_to_extremes(app)
    assert made, "the page offered no move at all: the widget discovery found nothing"


def test_the_picture_picker_open_survives_every_extreme(app):
    open_page(app, "pages/pixels.py")
    app.session_state["picker_open"] = True
    app.run()
    assert_sane(app, "opening the picker")
    assert any(b.key and b.key.startswith("sample_") for b in app.button)  # it really is open
    made = drive_to_extremes(app, skip=lambda name: name.startswith("expander picker_open"))
    assert "toggle webcam_on = True" in made


#: The Training lab's settings for the next run (its ``controls`` fragment) that are Streamlit
#: widgets; the others are instant sliders (`pages.instant`) and the seed's browser number field
#: (`pages.instant_number`), let go of at their ends.
LAB_CONTROLS = ("training_optimizer", "training_augmentation")


def test_training_trains_one_epoch_at_the_extremes(app):
    """Every lab setting at its low end, then its high end, one epoch each: finite curves. The
    network trained at the high end then answers on the Face page, which survives its extremes.
    """
    open_page(app, "pages/training.py")
    for side in (0, -1):  # each setting's first move (low end), then its last (high end)
        moves = page_moves(app)
        for key in LAB_CONTROLS:
            [m for m in moves.values() if m.key == key][side].apply()
        app.run()
        for slider in CONTROL_SLIDERS:  # one epoch is enough
            value = 1 if slider is EPOCHS_SLIDER else slider.options[side]
            let_go(app, view_key(slider), [value])
        let_go(app, SEED_KEY, [(SEED_FIELD.low, SEED_FIELD.high)[side]])  # a browser field
        app.button(key="training_train").click().run()
        which = "low" if side == 0 else "high"
        assert_sane(app, f"training one epoch with every setting at its {which} end")
        run = app.session_state["training_run"]
        assert run.epochs_done == 1
        assert all(np.isfinite(values).all() for values in run.history.values()), run.history

    app.button(key="training_use_model").click().run()
    app.switch_page("pages/face.py")
    app.run()
    assert_sane(app, "opening the Face page with the lab's network")
    made = drive_to_extremes(app)
    assert any(name.startswith("radio face_network") for name in made)


def test_the_checks_see_nan_and_infinity_wherever_they_are_shown():
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_string(
        """
import numpy as np, pandas as pd, plotly.graph_objects as go, streamlit as st
st.markdown("Information about infinite numbers is fine.")
st.markdown("The mean is nan")
st.caption("ratio: −inf")
st.metric("Loss", float("nan"))
st.dataframe(pd.DataFrame({"x": [1.0, np.inf]}))
st.plotly_chart(go.Figure(go.Heatmap(z=np.array([[0.0, np.nan]]))), key="typed")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2], y=[1.0, float("inf")])), key="listed")
st.image(np.zeros((4, 4), np.uint8), caption="Mean Infinity")
"""
    ).run()
    problems = screen_problems(app)
    assert len(problems) == 7, problems
    assert not any("Information" in problem for problem in problems)
