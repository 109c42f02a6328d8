"""Section headings drawn as plain HTML, looking as ``st.header(…, divider="gray")`` and
``st.subheader`` do.

Why not those: Streamlit redraws every heading element of the page each time any part of it
reruns (a fragment's too), and each redraw parses the heading's Markdown again and re-measures
its link anchor. In a test app, 30 headings added ~40 ms to every rerun of a slider in a
fragment, 30 of these nothing measurable (an HTML element is only redrawn when its text
changes); timed side by side, letting go of a slider on the Pixels, Pooling, Face, Training and
Convolution pages settled 8–25 ms sooner (Augmentation: no difference). What is lost is the link
icon Streamlit shows beside a heading on hover and the heading's own address (``#look-closer``),
which nothing in the app uses.

The sizes are Streamlit's own (light theme, in rem, so that presenter mode's larger root font
scales them alike); the text is escaped, never read as Markdown or HTML.
"""

from html import escape

import streamlit as st

#: Streamlit's heading font, weight, line height and letter spacing.
_HEADING_STYLE = "margin:0;font-weight:600;line-height:1.2;letter-spacing:-0.005em;color:inherit;"
#: The section heading: h2 at 2.25rem with 1rem above, then the gray rule st.header draws.
_SECTION = f"{_HEADING_STYLE}font-size:2.25rem;padding:1rem 0 0;"
_RULE = (
    "margin:0.5rem 0 0;height:0.125rem;border:none;border-radius:9999px;background-color:#6B7280;"
)
#: The subheading: h3 at 1.75rem with 0.75rem above.
_SUBSECTION = f"{_HEADING_STYLE}font-size:1.75rem;padding:0.75rem 0 0;"


def section_heading(text: str) -> None:
    """A section's heading, under which a gray rule runs across the page."""
    st.html(f'<h2 style="{_SECTION}">{escape(text)}</h2><hr style="{_RULE}">')


def subheading(text: str) -> None:
    """A heading inside a section."""
    st.html(f'<h3 style="{_SUBSECTION}">{escape(text)}</h3>')
