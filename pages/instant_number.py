"""Number fields that answer in the browser, without a round trip to the server.

A Streamlit number input reruns Python on every arrow key and every press of its − / +. These
fields step, check and clamp in the browser (``assets/components/number_fields.js``), and a
page's own component may redraw what depends on them at once (``softmax_scores.js`` draws
softmax's bars and words). Python is told the values when the person lets go: Enter, or the
focus leaving the fields (a click elsewhere, Tab past the last one). Steps between fields of one
component are not a letting go.

They keep their values as :mod:`pages.instant`'s sliders do, with its own code
(:func:`pages.instant.settle`): in ``st.session_state[field.name]``, in the link parameter of
the same name (if ``linked``), and with the version the browser compares to take the values
Python sets (a preset, a link). A callback that reads or replaces the values before the fields
are drawn (a *Train* button, a preset) first calls :func:`take_let_go`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pages.components import browser_component
from pages.instant import settle
from pages.instant import take_let_go as _take_sliders_let_go


@dataclass(frozen=True)
class NumberField:
    """A number from ``low`` to ``high``, stepped by ``step`` (arrow keys, − / +), held with
    ``decimals`` decimal places (0: a whole number, an ``int``; None: any number, a ``float``,
    shown as typed, to 12 significant digits); ``name`` is its session-state key and, if
    ``linked``, its link parameter."""

    name: str
    label: str
    low: float
    high: float
    step: float
    default: int | float
    decimals: int | None = 0
    help: str = ""
    linked: bool = True

    def __post_init__(self) -> None:
        if self.option(self.default) != self.default:
            raise ValueError(f"{self.name}: the default {self.default!r} is not a value it takes")

    def option(self, value: object) -> int | float | None:
        """The value ``value`` stands for (a number from the browser, or the text of a link),
        or None if the field does not take it: not a number, not finite, outside the limits,
        or with more decimals than the field holds, if it holds a number of them (a link may
        not write 3.5 for a whole number; the browser rounds before it sends)."""
        if isinstance(value, bool):
            return None
        try:
            if isinstance(value, str):
                number = float(int(value)) if self.decimals == 0 else float(value)
            elif isinstance(value, int | float):
                number = float(value)
            else:
                return None
        except (ValueError, OverflowError):
            return None
        if not math.isfinite(number) or not self.low <= number <= self.high:
            return None
        if self.decimals is None:
            return number + 0.0  # no "-0.0"
        rounded = round(number, self.decimals)
        if not math.isclose(rounded, number, rel_tol=0.0, abs_tol=1e-9):
            return None
        return int(rounded) if self.decimals == 0 else rounded + 0.0  # no "-0.0"

    def encoded(self) -> dict:
        """As the browser component reads it."""
        return {
            "name": self.name,
            "label": self.label,
            "low": self.low,
            "high": self.high,
            "step": self.step,
            "decimals": self.decimals,
            "help": self.help,
        }


def take_let_go(key: str, fields: list[NumberField]) -> None:
    """Keep in ``st.session_state`` the values let go of since the last run, if any: for a
    callback that reads or replaces them before :func:`number_fields` draws the fields (see
    :func:`pages.instant.take_let_go`, which it is)."""
    _take_sliders_let_go(key, fields, resent=True)


def number_fields(
    key: str,
    fields: list[NumberField],
    *,
    component: str = "number_field",
    data: dict | None = None,
) -> tuple[int | float, ...]:
    """Draw the fields as the browser component ``key`` and return the values Python holds:
    the last ones the person let go of, or a link's, or the session's.

    ``component``: the component that draws them (``assets/components/<component>.js``, which
    calls ``number_fields.js``), with ``data`` for what it draws beside them.
    """
    # ``resent``: the values let go of become those the browser was told, so that a preset
    # setting the values it was told before (the first preset, after a let go) still counts.
    values, version, taken = settle(key, fields, resent=True)
    browser_component(component, shared=("number_fields",))(
        key=key,
        data={
            **(data or {}),
            "fields": [field.encoded() for field in fields],
            "values": taken,  # taken by the browser when the version changes
            "version": version,
        },
        on_values_change=lambda: None,  # any callback makes letting go rerun the page
    )
    return tuple(values)
