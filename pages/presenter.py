"""Presenter mode: the journey as slides, one section per screen, driven from a clicker.

Every page draws its sections inside :func:`slide` containers. The full page shows them all, one
under the other. While presenting (``?present=1``), a browser component
(``assets/components/presenter.js``) shows one slide at a time, zoomed to fit the screen, with
long explanations folded away into speaker notes; → / ← and PageDown / PageUp step through the
slides and on across pages, Home / End jump to the first and last slide of the journey, and the
slide's number is kept in the address (``&slide=3``). The notes are shown by a second window
(``?notes=1``) that follows the slides over the browser's BroadcastChannel: nothing leaves the
presenter's machine.

Light on purpose (no NumPy): ``app.py`` imports it before the first paint.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator, Sequence
from typing import ParamSpec, TypeVar

import streamlit as st

from pages.components import browser_component
from pages.links import quoted_parameter, say_ignored
from pages.settings import NOTES_PARAM, PRESENT_PARAM, SLIDE_PARAM

P = ParamSpec("P")
R = TypeVar("R")

PRESENTING_KEY = "presenting"
_COMPONENT_KEY = "presenter"
_GO_KEY = "_presenter_go"  # where a key press asked to go: another page's first or last slide
_PRESENTED_KEY = "_presenter_was_on"  # this session has presented (see slide_bar)
_SCROLL_KEY = "_presenter_scroll_to"  # the section to show the full page at, once
_TARGET_KEY = "_presenter_full_page_target"  # the same, for this run's page (full_page_target)
_SLIDE_PREFIX = "slide-"
_KEPT_PREFIX = "kept-"
#: Where a slide number in the address may also say "the page's last slide".
LAST_SLIDE = "last"
_MOST_SLIDE_DIGITS = 4  # no page has a thousand slides; a longer number is not read at all
#: Text longer than this is an explanation: while presenting it is a speaker note, folded
#: away from the slide (by assets/components/presenter.js, and by slider_views.js inside it).
NOTE_MIN_CHARACTERS = 100
#: The BroadcastChannel over which the presenting window tells the notes window its slide.
_NOTES_CHANNEL = "how-a-computer-sees.slides"

_PRESENTER_CSS = """
<style>
html { font-size: 21px; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] { display: none !important; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #ffffff; }
[data-testid="stMain"] { color: #000000; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 3.25rem 2rem 0; }
[data-testid="stMain"] button { min-height: 3rem; font-size: 1.1rem; }
[data-testid="stSlider"] [role="slider"] { width: 1.6rem; height: 1.6rem; }
[data-testid="stImageCaption"] { color: #000000; font-size: 1rem; }
/* The slide bar's place after the page takes no room: the slide alone fills the screen. */
.st-key-presenter { position: absolute; }
/* Nothing of the page shows until the slide bar has picked the slide (and folded its notes). */
html:not([data-presenter-ready]) [data-testid="stMainBlockContainer"]
  > [data-testid="stVerticalBlock"] > :not(.st-key-presenter)SHOWN_EARLY
  { display: none !important; }
/* ...but for a page opened at its first slide, whose title (and the spinner while TensorFlow
   loads) shows at once; its words wait for the slide bar, which folds them into the notes. */
html:not([data-presenter-ready]) .st-key-slide-start :is([data-testid="stMarkdown"],
  [data-testid="stAlert"], [data-testid="stCaptionContainer"]) { display: none !important; }
/* A picture never needs more than most of the screen: the slide's zoom does the rest. */
[data-testid="stMain"] [data-testid="stImage"] img { max-height: 70vh; object-fit: contain; }
</style>
"""


@contextlib.contextmanager
def slide(name: str) -> Iterator[None]:
    """One section of a page, shown as one slide in presenter mode (``name``: unique on the page,
    letters, digits and hyphens). Slides are not nested."""
    with st.container(key=f"{_SLIDE_PREFIX}{name}"):
        yield


@contextlib.contextmanager
def kept_on_slides(name: str) -> Iterator[None]:
    """Words that stay on a slide however long they are (``name``: unique on the page): what
    happens to a visitor's pictures is never folded into the speaker notes."""
    with st.container(key=f"{_KEPT_PREFIX}{name}"):
        yield


def presenting() -> bool:
    """Whether presenter mode is on for this session (``?present=1`` turns it on)."""
    if st.query_params.get(PRESENT_PARAM) == "1" and PRESENTING_KEY not in st.session_state:
        st.session_state[PRESENTING_KEY] = True  # before the switch is drawn
    return bool(st.session_state.get(PRESENTING_KEY))


def wants_speaker_notes() -> bool:
    """Whether this window is the presenter's notes window (``?notes=1``)."""
    return st.query_params.get(NOTES_PARAM) == "1"


def speaker_notes() -> None:
    """The notes window: the folded explanations of the slide the presenter's window shows."""
    browser_component("speaker_notes", shared=())(
        key="speaker_notes", data={"channel": _NOTES_CHANNEL}
    )


def _slide_number_in_link() -> str | None:
    """The address's slide ("3" or "last"), once checked; a slide the app cannot show is named in
    the ignored-link notice and dropped."""
    wanted = st.query_params.get(SLIDE_PARAM)
    if (
        wanted is None
        or wanted == LAST_SLIDE
        or (
            len(wanted) <= _MOST_SLIDE_DIGITS
            and wanted.isascii()
            and wanted.isdecimal()
            and int(wanted) >= 1
        )
    ):
        return wanted
    del st.query_params[SLIDE_PARAM]
    say_ignored(quoted_parameter(SLIDE_PARAM, wanted))
    return None


def _stop_presenting() -> None:
    st.session_state[PRESENTING_KEY] = False
    if PRESENT_PARAM in st.query_params:
        del st.query_params[PRESENT_PARAM]


def _follow_switch() -> None:
    if not st.session_state[PRESENTING_KEY]:
        _stop_presenting()


def _sent(field: str) -> object:
    return (st.session_state.get(_COMPONENT_KEY) or {}).get(field)


def _leave() -> None:
    """The toolbar's Leave: the full page, shown at the section that was on screen."""
    _stop_presenting()
    shown = _sent("leave")
    if isinstance(shown, str) and shown.startswith(_SLIDE_PREFIX):
        st.session_state[_SCROLL_KEY] = shown


def _go() -> None:
    """A key press asked for the next or previous page (or the journey's first or last)."""
    st.session_state[_GO_KEY] = _sent("go")


def destination(journey: Sequence[str], here: str, asked: object) -> tuple[str, str] | None:
    """The page a key press asked for (``"next"``, ``"previous"``, ``"first"``, ``"last"``) and
    the slide to open it at, or None past the journey's ends (or for anything else)."""
    index = journey.index(here) if here in journey else 0
    targets = {
        "next": (index + 1, "1"),
        "previous": (index - 1, LAST_SLIDE),
        "first": (0, "1"),
        "last": (len(journey) - 1, LAST_SLIDE),
    }
    if not isinstance(asked, str) or asked not in targets:
        return None  # anything else a browser may send
    target, at = targets[asked]
    return (journey[target], at) if 0 <= target < len(journey) else None


def _switch_if_asked(journey: Sequence[str], here: str) -> None:
    """Open the page a key press asked for, at its first or last slide (this ends the run)."""
    found = destination(journey, here, st.session_state.pop(_GO_KEY, None))
    if found is not None:
        page, at = found
        st.switch_page(page, query_params={PRESENT_PARAM: "1", SLIDE_PARAM: at})


def presenter_mode(journey: Sequence[str], here: str, page_title: str) -> dict:
    """The sidebar switch, and while presenting: large type and no sidebar. Returns what the
    slide bar (:func:`slide_bar`, drawn after the page) is told.

    ``journey``: every page's script path in order; ``here``: this page's. The address keeps
    ``present=1`` on every page, so a bookmarked slide opens presenting.
    """
    presenting()
    st.sidebar.toggle(
        "Presenter mode",
        key=PRESENTING_KEY,
        on_change=_follow_switch,
        help="One section at a time in large type, for a projector: → / ← or a clicker's "
        "PageDown / PageUp step through the slides, across pages. Explanations become speaker "
        "notes (the Notes button opens them in a window of their own). Leave with the Leave "
        "button at the bottom right.",
    )
    on = bool(st.session_state[PRESENTING_KEY])
    wanted = _slide_number_in_link()
    if on:
        _switch_if_asked(journey, here)
        st.query_params[PRESENT_PARAM] = "1"
        shown_early = ":not(:has(> .st-key-slide-start))" if wanted in (None, "1") else ""
        st.html(_PRESENTER_CSS.replace("SHOWN_EARLY", shown_early))
    scroll_to = st.session_state.pop(_SCROLL_KEY, None)
    if not on and wanted is not None:
        del st.query_params[SLIDE_PARAM]  # the full page opens at that section, once
    st.session_state[_TARGET_KEY] = None if on else (scroll_to or wanted)
    index = journey.index(here) if here in journey else 0
    return {
        "presenting": on,
        "page": here,
        "pageTitle": page_title,
        "hasPrevious": index > 0,
        "hasNext": index < len(journey) - 1,
        # the slide to open a page at ("3", "last"): the address may not say it yet
        "slide": (wanted or "1") if on else None,
        # the full page's section to show, once: where presenting left off, or a link's
        "scrollTo": None if on else (scroll_to or wanted),
        "noteMinCharacters": NOTE_MIN_CHARACTERS,
        "channel": _NOTES_CHANNEL,
    }


def full_page_target() -> str | None:
    """The section the full page is about to be shown at, taken once: the slide's name
    (``"sees"``) where presenting was left, or a link's slide (``"3"``, ``"last"``). A page that
    shows one of several views opens the view that holds that slide."""
    target = st.session_state.pop(_TARGET_KEY, None)
    return target.removeprefix(_SLIDE_PREFIX) if isinstance(target, str) else None


def slide_bar(told: dict) -> None:
    """The browser side of presenter mode (keys, slides, notes, the slide bar), told what
    :func:`presenter_mode` returned. Drawn after the page, so that it never moves the page
    down; on every run once the session has presented, so that it hears when presenting stops.
    A session that never presented (and no slide link) draws none: a first visit's page then
    paints without loading the component."""
    if told["presenting"]:
        st.session_state[_PRESENTED_KEY] = True
    elif not (told["scrollTo"] or st.session_state.get(_PRESENTED_KEY)):
        return
    browser_component("presenter", shared=())(
        key=_COMPONENT_KEY, data=told, on_go_change=_go, on_leave_change=_leave
    )


class _SlideSequence:
    """The slides a decorated ``draw`` draws: the first by name, each :func:`next_slide` after."""

    def __init__(self, first: str) -> None:
        self._first = first
        self._open: contextlib.AbstractContextManager | None = None

    def __enter__(self) -> _SlideSequence:
        self.next(self._first)
        return self

    def next(self, name: str) -> None:
        if self._open is not None:
            self._open.__exit__(None, None, None)
        self._open = slide(name)
        self._open.__enter__()

    def __exit__(self, *raised: object) -> bool | None:
        return self._open.__exit__(*raised)


_DRAWING: contextvars.ContextVar[_SlideSequence] = contextvars.ContextVar("slides being drawn")


def as_slide(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a section's ``draw`` so that what it draws is the slide ``name``, and the slides
    it starts with :func:`next_slide`."""

    def decorate(draw: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(draw)
        def drawn(*args: P.args, **kwargs: P.kwargs) -> R:
            with _SlideSequence(name) as sequence:
                token = _DRAWING.set(sequence)
                try:
                    return draw(*args, **kwargs)
                finally:
                    _DRAWING.reset(token)

        return drawn

    return decorate


def next_slide(name: str) -> None:
    """End the slide a decorated ``draw`` is drawing, and start the slide ``name``. Not in a
    fragment: a fragment reruns on its own, outside the ``draw`` that started the slides."""
    try:
        sequence = _DRAWING.get()
    except LookupError:
        raise RuntimeError(
            f"next_slide({name!r}) outside a section decorated by as_slide"
        ) from None
    sequence.next(name)
