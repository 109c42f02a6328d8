"""Text from outside the app, shown exactly as it came: never read as Markdown, HTML or LaTeX.

A link's parameter names and values, an uploaded file's name and a class name typed in the
Training lab are chosen by whoever made the link or the file. Streamlit reads Markdown (and
LaTeX, links, images, HTML-looking autolinks and its own ``:icon:`` codes) in almost every piece
of text it draws, captions and labels included, so such text is put through :func:`verbatim`
before it goes into any of them, and through :func:`html_verbatim` before it goes into a figure
or into HTML the app writes. ``tests/test_browser_verbatim.py`` opens crafted links and uploads
in Chromium and checks that the browser asks no other host for anything and that no link on the
page leads to one.

Light on purpose (the standard library only): ``pages.links`` imports it before the first paint.
"""

from __future__ import annotations

import html
import string
import unicodedata

#: How many characters of an outside text a page shows; the rest is cut and marked with "…".
SHOWN_CHARACTERS = 40

# CommonMark lets a backslash escape any ASCII punctuation mark, and an escaped mark starts
# nothing: no link, image, emphasis, code, math or directive. Streamlit also turns web and mail
# addresses and ``:name:`` codes into links and icons after the Markdown is read, escapes or not;
# an invisible word joiner (U+2060) after every ":" and "@" and before every "." breaks those
# patterns ("http:", "www.", "name@host.org", ":smile:") without changing what the reader sees.
_JOINER = "\u2060"
_ESCAPED = {ord(mark): f"\\{mark}" for mark in string.punctuation} | {
    ord(":"): f"\\:{_JOINER}",
    ord("@"): f"\\@{_JOINER}",
    ord("."): f"{_JOINER}\\.",
}
# Line breaks, tabs and other control characters, and invisible format characters such as
# right-to-left overrides, which could make a name read as something else.
_INVISIBLE_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")


def cut(text: str, limit: int | None = SHOWN_CHARACTERS) -> str:
    """``text`` on one line, with invisible characters made spaces, at most ``limit`` characters
    (all of it if ``limit`` is None).

    >>> cut("holiday\\nphoto.png")
    'holiday photo.png'
    >>> cut("a" * 50, limit=5)
    'aaaa…'
    """
    visible = "".join(
        " " if unicodedata.category(character) in _INVISIBLE_CATEGORIES else character
        for character in text
    )
    if limit is None or len(visible) <= limit:
        return visible
    return visible[: max(limit - 1, 0)] + "…"


def verbatim(text: str, limit: int | None = SHOWN_CHARACTERS) -> str:
    """Markdown that Streamlit draws as ``text`` itself, cut to ``limit`` characters (all of it
    if ``limit`` is None).

    >>> verbatim("[a](b)")
    '\\\\[a\\\\]\\\\(b\\\\)'
    """
    return cut(text, limit).translate(_ESCAPED)


def view_text(text: str, limit: int | None = SHOWN_CHARACTERS) -> str:
    """Text that a browser view (``pages.instant.View``) draws as ``text`` itself, cut to
    ``limit`` characters: a view escapes HTML and reads only ``**bold**``, so a word joiner after
    every "*" keeps any two from standing together.

    >>> view_text("a**b**") == "a*\u2060*\u2060b*\u2060*\u2060"
    True
    """
    return cut(text, limit).replace("*", f"*{_JOINER}")


def html_verbatim(text: str, limit: int | None = SHOWN_CHARACTERS) -> str:
    """HTML that draws as ``text`` itself, cut to ``limit`` characters: for HTML the app writes
    (``pages.tables``) and for a Plotly figure's labels, in which Plotly reads a few HTML tags,
    ``<a>`` among them."""
    return html.escape(cut(text, limit), quote=False)
