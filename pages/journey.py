"""The journey through the app: one list that app.py, the home page and every "next" link read.

Kept free of heavy imports (no NumPy, Plotly or SciPy), so the navigation and the home page paint
before anything else is loaded.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import streamlit as st
from streamlit import delta_generator
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner

from pages.links import link_to_this_view


def _leave_legacy_multipage_mode() -> None:
    """Make sure ``app.py``'s navigation is in charge, whichever URL a server sees first.

    Streamlit treats a folder named ``pages/`` as a legacy multipage app until ``st.navigation``
    has run once in the process. If a fresh server's first request is a deep link such as
    ``/pixels``, it runs that page script alone, without ``app.py``, and every later session gets
    the legacy sidebar. A page that finds itself run that way hands over to ``app.py`` and reruns.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def _no_cleanup_between_runs() -> None:
    """Stands in for Streamlit's after-run cleanup, which this app does not need."""


def _keep_keras_state_between_runs() -> None:
    """Stop Streamlit from calling ``keras.backend.clear_session()`` after every script run.

    Once any page has imported Keras, Streamlit's ``_clean_problem_modules`` clears the Keras
    session after every run of every session. Its full garbage collection adds about 230 ms to
    each slider move on every page, and it resets Keras's global state while another session
    may be training. This app needs none of it: its networks have named layers and live in
    ``st.cache_resource`` or in a session's state. The hook's only other work closes
    matplotlib figures, and the app never imports matplotlib (a test checks both).
    """
    script_runner._clean_problem_modules = _no_cleanup_between_runs


def _skip_the_repl_check() -> None:
    """Tell Streamlit its run-it-with-``streamlit run`` warning was already considered.

    Before a server process draws its first element, Streamlit checks whether it runs in a
    Python REPL: ``inspect.stack()`` looks up the module of every frame, which reads the path
    of every module loaded (about 1,000). That is 50–100 ms on a cold server's first visit,
    before anything paints. This app only ever runs under ``streamlit run`` (or AppTest).
    """
    delta_generator._use_warning_has_been_displayed = True


_keep_keras_state_between_runs()  # first: the end of this module may end this run
_skip_the_repl_check()


@dataclass(frozen=True)
class Stop:
    """One page of the journey."""

    path: str
    title: str
    icon: str
    url_path: str
    summary: str
    #: The page's settings class, as "module:Class" (imported only once the page has run).
    settings: str = "pages.settings:NoSettings"

    def settings_class(self) -> type:
        """The `pages.settings.PageSettings` subclass that says what this page's links carry."""
        module, _, name = self.settings.partition(":")
        return getattr(importlib.import_module(module), name)


#: The browser tab's icon: an eye, drawn by the browser from the emoji itself.
TAB_ICON = "👁️"
#: Every page leaves the elements a rerun has not redrawn yet as they are. Streamlit fades them, to
#: a third after half a second, by a CSS transition on each; starting and cancelling those on
#: every rerun, however short, costs the browser rendering work (14 ms of styles, layout, paint and
#: compositing in a trace of a let go of the face page's square, 4 ms without the fade). Timed
#: side by side, that let go settled in 58-60 ms without the fade against 68-73 ms with it. A run
#: that takes long still shows Streamlit's running figure and Stop button at the top right.
UNFADED_RERUNS = (
    '<style>[data-stale="true"] { opacity: 1 !important; transition: none !important; }</style>'
)
HOME = Stop("pages/home.py", "Start here", ":material/home:", "home", "")

JOURNEY: tuple[Stop, ...] = (
    Stop(
        "pages/pixels.py",
        "Pixels are numbers",
        ":material/grid_on:",
        "pixels",
        "A picture is a grid of numbers from 0 (black) to 255 (white). See yours.",
        "pages.sections.pixels.settings:PixelsSettings",
    ),
    Stop(
        "pages/convolution.py",
        "Convolution",
        ":material/blur_on:",
        "convolution",
        "Slide a small grid of weights over the picture to find edges, blur or sharpen.",
        "pages.sections.convolution.settings:ConvolutionSettings",
    ),
    Stop(
        "pages/pooling.py",
        "Pooling & activations",
        ":material/view_compact:",
        "pooling",
        "Shrink feature maps but keep what was found; bend numbers with activations.",
        "pages.sections.pooling.settings:PoolingSettings",
    ),
    Stop(
        "pages/augmentation.py",
        "Augmentation",
        ":material/auto_awesome_motion:",
        "augmentation",
        "Turn one photo into many training examples: rotate, shift, flip, add noise.",
        "pages.sections.augmentation.settings:AugmentationPageSettings",
    ),
    Stop(
        "pages/face.py",
        "Face or not?",
        ":material/face:",
        "face",
        "A real trained network decides, and shows what it saw and where it looked.",
        "pages.sections.face.settings:FaceSettings",
    ),
    Stop(
        "pages/inside.py",
        "Inside the network",
        ":material/psychology:",
        "inside",
        "How far each cell sees, what excites a filter, and the picture it wants to see.",
        "pages.sections.inside.settings:InsideSettings",
    ),
    Stop(
        "pages/training.py",
        "Training lab",
        ":material/model_training:",
        "training",
        "Watch a network learn, overfit and recover, then teach it your own classes.",
        "pages.sections.training.settings:TrainingSettings",
    ),
    Stop(
        "pages/live.py",
        "Live camera",
        ":material/videocam:",
        "live",
        "Kernels and the face network on live video from your camera.",
    ),
)


def next_stop(path: str) -> Stop | None:
    """The page after ``path`` in the journey, or None at the end."""
    paths = [stop.path for stop in JOURNEY]
    index = paths.index(path) + 1 if path in paths else 0
    return JOURNEY[index] if index < len(JOURNEY) else None


def page_footer(path: str) -> None:
    """End a page with a link to this view and a pointer to the next page."""
    following = next_stop(path)
    st.divider()
    link_to_this_view()
    if following is None:
        st.page_link(HOME.path, label="Back to the start", icon=HOME.icon)
        return
    st.markdown(f"**Next:** {following.summary}")
    st.page_link(following.path, label=following.title, icon=following.icon)


# Last, once every name above exists: this may end the run (st.rerun raises). Sessions that
# import this module at the same moment get this very module object even when its import is cut
# short, so a rerun any earlier left them without HOME or JOURNEY (an ImportError on a cold
# server's first concurrent visitors; benchmarks/load_test.py caught it).
_leave_legacy_multipage_mode()
