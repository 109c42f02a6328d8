"""Text an attacker could put into a link, a file name or a class name, to make the app fetch
from, or show a link to, a host of the attacker's (``pages.verbatim`` must show it as it is).

Every payload names :data:`HOST`; a browser test fails if the page asks that host for anything or
holds a link to it. ``example.invalid`` can never resolve, so nothing leaves the machine.
"""

from __future__ import annotations

import re
import string

HOST = "example.invalid"

#: Each kind of text Streamlit's Markdown (with its LaTeX, autolink and icon extensions) or a
#: browser would turn into a request or a link.
PAYLOADS: tuple[str, ...] = (
    f"![x](http://{HOST}/image.png)",  # a Markdown image: a request when drawn (a beacon)
    f"[click me](http://{HOST}/phish)",  # a Markdown link
    f"[![x](http://{HOST}/nested.png)](http://{HOST}/nested)",  # an image inside a link
    f"<http://{HOST}/autolink>",  # an autolink
    f"http://{HOST}/bare",  # a bare address, which GitHub-flavoured Markdown links
    f"www.{HOST}/www",  # a bare www. address, linked the same way
    f"mail@{HOST}",  # a bare mail address, linked as mailto:
    f"<img src=http://{HOST}/raw.png>",  # raw HTML
    f'<a href="http://{HOST}/raw">x</a>',  # a raw HTML link
    f"$\\href{{http://{HOST}/latex}}{{x}}$",  # LaTeX, inline
    f"$$\\href{{http://{HOST}/display}}{{x}}$$",  # LaTeX, display
    f"[x][r]\n\n[r]: http://{HOST}/reference",  # a reference link over two lines
    f"\\![x](http://{HOST}/escaped.png)",  # an escape the attacker wrote, to undo ours
    f"![x](//{HOST}/scheme-relative.png)",  # an image without a scheme
    ":material/home: :red[red] :smile:",  # Streamlit's icons, colours and emoji codes
    "`code` **bold** _italic_ ~~struck~~ # heading",  # plain Markdown formatting
)

#: File names cannot hold "/", but a browser reads "http:host" as "http://host/".
FILE_NAMES: tuple[str, ...] = (
    f"![x](http:{HOST}).png",
    f"[click me](http:{HOST}).png",
    f"<img src=http:{HOST}>.png",
    f"$\\href{{http:{HOST}}}{{x}}$ www.{HOST}.png",
)

#: Class names for the Training lab, at most 30 characters as its text boxes allow.
CLASS_NAMES: tuple[str, str] = (f"![x](http:{HOST})", f"<http://{HOST}/class>")


def shown(text: str) -> str:
    """What the browser shows for ``text``: its lines joined, without the invisible joiners
    ``pages.verbatim`` adds, and with runs of spaces made one, as HTML draws them."""
    return " ".join(text.replace("\u2060", "").split())


def as_drawn(text: str) -> re.Pattern:
    """Matches ``text`` as a page draws it, with or without the invisible joiners
    ``pages.verbatim`` may put between its characters (for Playwright's ``has_text``)."""
    return re.compile("\u2060?".join(map(re.escape, text)))


_ESCAPE = re.compile(rf"\\([{re.escape(string.punctuation)}])")


def markdown_shown(markdown: str) -> str:
    """What Markdown made of characters and backslash escapes shows, as :func:`shown` puts it."""
    return shown(_ESCAPE.sub(r"\1", markdown))
