"""How a computer sees: entry point.

Registers the pages of the journey with ``st.navigation`` and draws what every page shares. Nothing
heavy is imported here, so the first page paints before TensorFlow is ever loaded.
"""

import streamlit as st

from pages.journey import HOME, JOURNEY, TAB_ICON, UNFADED_RERUNS
from pages.links import check_link, remember_incoming_link
from pages.presenter import presenter_mode, slide_bar, speaker_notes, wants_speaker_notes

st.set_page_config(
    page_title="How a computer sees",
    # An emoji, which the browser draws itself (a data address, no request): a ":material/…:"
    # icon here is fetched from Google's font servers, and the browser must contact no host but
    # this app's server. Set before st.navigation: until a page icon is set, the browser shows
    # the current page's (material) icon, which it would fetch from there. Not a picture file:
    # Streamlit loads NumPy and Pillow to serve one, a seventh of a second before the first
    # page can paint.
    page_icon=TAB_ICON,
    layout="wide",
)
st.html(UNFADED_RERUNS)  # no fade while a rerun redraws: see pages.journey


def _page(stop, **options) -> st.Page:
    return st.Page(stop.path, title=stop.title, icon=stop.icon, url_path=stop.url_path, **options)


basics, learning = JOURNEY[:3], JOURNEY[3:]
notes_window = wants_speaker_notes()
navigation = st.navigation(
    {
        "": [_page(HOME, default=True)],
        "How pictures become features": [_page(stop) for stop in basics],
        "How a network learns to see": [_page(stop) for stop in learning],
    },
    position="hidden" if notes_window else "sidebar",
)
if notes_window:
    speaker_notes()
    st.stop()

with st.sidebar:
    st.caption(
        "An interactive explainer of how a computer recognises what is in a picture, "
        "from pixels to a real convolutional network. Everything runs here, offline."
    )
shown = {stop.url_path: stop for stop in JOURNEY}.get(navigation.url_path, HOME)
slides = presenter_mode([stop.path for stop in (HOME, *JOURNEY)], shown.path, shown.title)

remember_incoming_link()
try:
    navigation.run()
    check_link(shown.settings_class())
finally:  # also after a page that stops early (st.stop): the keys must still work there
    slide_bar(slides)
