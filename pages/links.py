"""Deep links and presenter mode: what a page's address carries, and how the app reads it.

The settings that matter on each page (sizes, padding and stride, pooling, augmentation
strengths, the face crop, the training controls) are widgets with ``bind="query-params"``:
Streamlit writes them into the address as they change and sets them from it when a link is
opened, and drops a value it cannot use. Instant sliders (``pages.instant``: the pixels size,
the pooling window and repeats) keep their parameter the same way themselves, and the
convolution page keeps its kernel (whose 3 × 3 weights the browser redraws) in
``?conv_kernel=…``. This module adds what binding does
not do: the chosen sample picture (``?picture=coffee``), presenter mode (``?present=1``), a
short notice naming every part of a link that was ignored, and the "Link to this view" control.

Light on purpose (no NumPy): ``app.py`` imports it before the first paint.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

import streamlit as st

from pages.verbatim import cut, verbatim

PICTURE_PARAM = "picture"  # a sample picture's name, e.g. "coffee" (set by pages.common)
PRESENT_PARAM = "present"  # "1": presenter mode
_INCOMING_KEY = "_link_incoming"  # the address's parameters as this run began
_LEFT_KEY = "_link_left"  # the address's parameters as the last full run left them
_PRESENTING_KEY = "presenting"
#: True while the page's picture is the visitor's own (set by the picker): no link carries it.
PRIVATE_PICTURE_KEY = "picture_is_private"
_OWN_PARAMS = (PICTURE_PARAM, PRESENT_PARAM)
_MOST_IGNORED_NAMED = 5  # a notice names this many ignored parts, then counts the rest


# --------------------------------------------------------------------------------------------
# Reading a link
# --------------------------------------------------------------------------------------------


def _parameters() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def remember_incoming_link() -> None:
    """Keep the address's parameters as this run began (``app.py``, before the page runs).

    Only an address that changed since the last run is a link to check: a new visitor, a link
    opened, an address typed. On other runs a button may have changed bound settings before the
    run (a preset), and the old values still in the address were not ignored, just replaced.
    """
    incoming = _parameters()
    st.session_state[_INCOMING_KEY] = (
        {} if incoming == st.session_state.get(_LEFT_KEY) else incoming
    )


def _same_value(text: str, value: object) -> bool:
    """Whether a parameter's text is the value a widget ended up with."""
    if isinstance(value, bool):
        return text.lower() == str(value).lower()
    if isinstance(value, int | float):
        try:
            return math.isclose(float(text), float(value), rel_tol=1e-9, abs_tol=1e-9)
        except ValueError:
            return False
    return text == str(value)


def _unknown(name: str, state: dict, prefixes: tuple[str, ...]) -> bool:
    """A parameter that is neither the app's own nor a setting of this page (drawn or not)."""
    return name not in _OWN_PARAMS and name not in state and not name.startswith(prefixes)


def ignored_parameters(
    incoming: dict[str, list[str]], state: dict, prefixes: tuple[str, ...]
) -> list[str]:
    """The parameters of a link the page could not use, as quoted "name=value" phrases (plain
    text, each name and value cut to a short length: :func:`say_ignored` shows them verbatim).

    ``state`` holds the session's widget values; ``prefixes`` start the names of this page's
    settings. A name that is no setting of this page is unknown. A value its widget did not take
    (out of range, not a number, not an option) is malformed. A setting of this page whose
    widget is not drawn right now (in a closed tab) is kept for later. The app's own parameters
    are checked where they are read.
    """
    ignored = []
    for name, texts in incoming.items():
        if _unknown(name, state, prefixes):
            ignored.append(f"“{cut(name)}” (this page has no such setting)")
        if name in _OWN_PARAMS or name not in state:
            continue
        value = state[name]
        if isinstance(value, list | tuple):
            if len(texts) != len(value) or not all(map(_same_value, texts, value)):
                ignored.append(quoted_parameter(name, ",".join(texts)))
        elif not texts or not _same_value(texts[-1], value):
            ignored.append(quoted_parameter(name, texts[-1] if texts else ""))
    return ignored


def quoted_parameter(name: str, value: str) -> str:
    """“name=value”, each cut to a short length, for a notice of what a link could not set."""
    return f"“{cut(name)}={cut(value)}”"


def check_link(prefixes: tuple[str, ...]) -> None:
    """Say which parts of the opened link were ignored, and drop the unknown ones from it.

    Called by ``app.py`` after the page has run, so its widgets have taken what they could.
    ``prefixes`` start the names of the page's settings (`pages.journey.Stop`).
    """
    incoming = st.session_state.pop(_INCOMING_KEY, {})
    state = {name: st.session_state[name] for name in incoming if name in st.session_state}
    ignored = ignored_parameters(incoming, state, prefixes)
    for name in incoming:
        if _unknown(name, state, prefixes) and name in st.query_params:
            del st.query_params[name]
    st.session_state[_LEFT_KEY] = _parameters()
    if ignored:
        named = ignored[:_MOST_IGNORED_NAMED]
        if len(ignored) > len(named):
            named.append(f"and {len(ignored) - len(named)} more")
        say_ignored(", ".join(named))


def say_ignored(what: str) -> None:
    """The short notice for parts of a link the app could not use.

    ``what`` is plain text quoting the link (cut short by the caller, see
    :func:`quoted_parameter`); it is shown verbatim, never read as Markdown.
    """
    st.toast(
        verbatim(f"Ignored in this link: {what}. Everything else was set.", limit=None),
        icon=":material/link_off:",
        duration="long",  # long enough to read out on a projector
    )


# --------------------------------------------------------------------------------------------
# Sharing a link
# --------------------------------------------------------------------------------------------


def current_link() -> str:
    """The address of this page with every setting it carries right now."""
    pairs = [(name, text) for name in st.query_params for text in st.query_params.get_all(name)]
    return f"{st.context.url}?{urlencode(pairs)}" if pairs else st.context.url


def link_to_this_view() -> None:
    """A "Link to this view" control: the address, ready to copy, for a bookmark or a slide."""
    with st.popover("Link to this view", icon=":material/link:"):
        st.markdown("Open this address to come back to exactly these settings:")
        st.code(current_link(), language=None, wrap_lines=True)
        st.caption("Copy it with the button at the top right of the box.")
        if st.session_state.get(PRIVATE_PICTURE_KEY):
            st.caption(
                ":material/lock: Your own picture never goes into a link (it stays with your "
                "session on the server), so the link opens with the astronaut instead."
            )


# --------------------------------------------------------------------------------------------
# Presenter mode
# --------------------------------------------------------------------------------------------

_PRESENTER_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] { display: none !important; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #ffffff; }
[data-testid="stMain"] { color: #000000; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 3.5rem 2.5rem 4rem; }
/* Notes collapse: captions, "Try this" hints, and the explanation under each heading. */
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] .stElementContainer:has([data-testid="stAlertContentInfo"]),
[data-testid="stMain"] .stElementContainer:has([data-testid="stHeading"])
    + .stElementContainer:has([data-testid="stMarkdown"]) {
    display: none;
}
[data-testid="stMain"] button { min-height: 3rem; font-size: 1.1rem; }
[data-testid="stSlider"] [role="slider"] { width: 1.6rem; height: 1.6rem; }
[data-testid="stImageCaption"] { color: #000000; font-size: 1rem; }
</style>
"""


def presenting() -> bool:
    """Whether presenter mode is on for this session (``?present=1`` turns it on)."""
    if st.query_params.get(PRESENT_PARAM) == "1" and _PRESENTING_KEY not in st.session_state:
        st.session_state[_PRESENTING_KEY] = True  # before the switch is drawn
    return bool(st.session_state.get(_PRESENTING_KEY))


def _stop_presenting() -> None:
    st.session_state[_PRESENTING_KEY] = False
    if PRESENT_PARAM in st.query_params:
        del st.query_params[PRESENT_PARAM]


def _follow_switch() -> None:
    if not st.session_state[_PRESENTING_KEY]:
        _stop_presenting()


def presenter_mode() -> None:
    """The sidebar switch, and while it is on: large type, no sidebar, notes and hints hidden.

    The address keeps ``present=1`` on every page, so a bookmarked slide opens presenting.
    """
    presenting()
    st.sidebar.toggle(
        "Presenter mode",
        key=_PRESENTING_KEY,
        on_change=_follow_switch,
        help="Large type for a projector; hints and notes hidden; the sidebar hides too "
        "(leave with the button at the bottom of the page, or remove present=1 from the address).",
    )
    if st.session_state[_PRESENTING_KEY]:
        st.query_params[PRESENT_PARAM] = "1"
        st.html(_PRESENTER_CSS)


def leave_presenter_mode_button() -> None:
    """At the bottom of a page in presenter mode, the way out (the sidebar is hidden)."""
    if st.session_state.get(_PRESENTING_KEY):
        st.button(
            "Leave presenter mode",
            key="presenter_leave",
            on_click=_stop_presenting,
            icon=":material/close_fullscreen:",
        )
