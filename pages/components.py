"""The app's browser components (``assets/components/<name>.js`` and ``.css``) as mounting commands.

Light on purpose (no NumPy): ``app.py`` imports it (for the presenter's slide bar) on every run.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

_COMPONENTS = Path(__file__).resolve().parent.parent / "assets" / "components"
#: Code every slider component may call (letting go of a slider, filtering a picture).
_SHARED = ("let_go", "convolution_core")


@functools.cache
def _component_files(name: str, shared: tuple[str, ...]) -> tuple[str, str]:
    """The component's JavaScript, after the shared code it calls, and its CSS, after the
    shared code's own (where it has any)."""
    read = functools.partial(Path.read_text, encoding="utf-8")
    js = "\n".join(
        [*(read(_COMPONENTS / f"{part}.js") for part in shared), read(_COMPONENTS / f"{name}.js")]
    )
    shared_css = [_COMPONENTS / f"{part}.css" for part in shared]
    css = "\n".join(
        [*(read(path) for path in shared_css if path.exists()), read(_COMPONENTS / f"{name}.css")]
    )
    return js, css


def browser_component(name: str, *, shared: tuple[str, ...] = _SHARED):
    """The browser component ``name`` (after the ``shared`` code it calls) as a mounting command.

    Registered on every run: cheap, silent when unchanged, and it survives a new Streamlit
    runtime (tests start many).
    """
    js, css = _component_files(name, shared)
    return st.components.v2.component(f"how_a_computer_sees.{name}", js=js, css=css)
