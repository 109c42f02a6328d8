"""Deep links: what a page's address carries, and how the app reads it.

Each page's settings dataclass (`pages.settings`, one per page in ``pages/sections/<page>/``)
says which parameters its links may carry and which values each may take. Its widgets are bound
to the address (``bind="query-params"``): Streamlit writes them in as they change and sets them
from it when a link is opened. Instant sliders (``pages.instant``) and the convolution page's
kernel (``?conv_kernel=…``) keep their parameters themselves. This module adds what binding does
not do: a short notice naming every part of a link that was ignored (checked against the page's
settings), and the "Link to this view" control (whose address the browser reads itself,
``assets/components/link_box.js``). The sample picture (``?picture=coffee``) is read
by the picker (`pages.common`); presenter mode (``?present=1``) and its slides by
`pages.presenter`.

Light on purpose (no NumPy): ``app.py`` imports it before the first paint.
"""

from __future__ import annotations

import streamlit as st

from pages.components import browser_component
from pages.settings import PageSettings
from pages.verbatim import cut, verbatim

_INCOMING_KEY = "_link_incoming"  # the address's parameters as this run began
_LEFT_KEY = "_link_left"  # the address's parameters as the last full run left them
#: True while the page's picture is the visitor's own (set by the picker): no link carries it.
PRIVATE_PICTURE_KEY = "picture_is_private"
#: The key of the browser component that shows the address in "Link to this view".
LINK_BOX_KEY = "link_box"
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


def quoted_parameter(name: str, value: str) -> str:
    """“name=value”, each cut to a short length, for a notice of what a link could not set."""
    return f"“{cut(name)}={cut(value)}”"


def check_link(settings: type[PageSettings]) -> None:
    """Say which parts of the opened link were ignored, and drop the unknown ones from it.

    Called by ``app.py`` after the page has run, with the page's settings class, which knows
    every parameter the page reads and the values each may take (`pages.settings`).
    """
    incoming = st.session_state.pop(_INCOMING_KEY, {})
    _, ignored = settings.from_query(incoming)
    for name in incoming:
        if not settings.is_known(name) and name in st.query_params:
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


def link_to_this_view() -> None:
    """A "Link to this view" control: the address, ready to copy, for a bookmark or a slide."""
    with st.popover("Link to this view", icon=":material/link:"):
        st.markdown("Open this address to come back to exactly these settings:")
        # The browser shows its own address: a fragment's rerun moves it without a full run,
        # so the address Python last saw may be old (assets/components/link_box.js).
        browser_component("link_box", shared=())(key=LINK_BOX_KEY)
        st.caption("Copy it with the button at the top right of the box.")
        if st.session_state.get(PRIVATE_PICTURE_KEY):
            st.caption(
                ":material/lock: Your own picture never goes into a link (it stays with your "
                "session on the server), so the link opens with the astronaut instead."
            )
