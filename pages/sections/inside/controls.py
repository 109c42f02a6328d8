"""The Inside page's controls: a choice of options and a numbered instant slider, each bound to its
field of `InsideSettings` (key, default and place in the link)."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from pages.instant import InstantSlider
from pages.sections.inside.settings import InsideSettings


def choice(target, label: str, field: str, options: Sequence[str]) -> str:
    """Buttons for one of ``options``; the chosen one is in the link."""
    return target.segmented_control(
        label,
        options,
        default=InsideSettings.default(field),
        key=InsideSettings.key(field),
        bind="query-params",
        required=True,
    )


def numbered(field: str, label: str, count: int) -> InstantSlider:
    """An instant slider from 1 to ``count`` (cells and filters are counted from 1, as people
    count), in the link. A value beyond ``count`` (from a link, or left by a larger layer) is
    moved to ``count``."""
    key = InsideSettings.key(field)
    linked = st.query_params.get(key)
    if linked is not None and linked.isdigit() and int(linked) > count:
        st.query_params[key] = str(count)
    if st.session_state.get(key, 1) > count:
        st.session_state[key] = count
    default = min(InsideSettings.default(field), count)
    return InstantSlider(key, f"{label} (1 to {count})", tuple(range(1, count + 1)), default)
