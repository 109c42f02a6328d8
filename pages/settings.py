"""Each page's settings in one frozen dataclass: widget keys, defaults, allowed values, link text.

A page declares what its address can carry once, as fields made with :func:`setting`::

    @dataclass(frozen=True)
    class PoolingSettings(PageSettings):
        window: int = setting("pooling_window", 2, whole_number(2, 8))

Its widgets take their keys, defaults and ranges from there; `from_query` reads a link (and says
which parts it could not use, for the notice of `pages.links`), `to_query` writes one, and
`from_state` reads the widgets' values. Streamlit keeps a bound widget and the address in step
(``bind="query-params"``); the dataclass says what is allowed, so a link is checked without
drawing the page, and the checks are tested without Streamlit (``tests/test_settings.py``).

Light on purpose (the standard library only): ``app.py`` checks links with it on every run.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, Self

from pages.verbatim import cut

PICTURE_PARAM = "picture"  # a sample picture's name, e.g. "coffee" (read by pages.common)
PRESENT_PARAM = "present"  # "1": presenter mode (read by pages.presenter)
SLIDE_PARAM = "slide"  # a slide's number, or "last" (read by pages.presenter)
NOTES_PARAM = "notes"  # "1": the presenter's speaker-notes window (read by pages.presenter)
#: Parameters every page shares, read where they are used.
APP_PARAMS = (PICTURE_PARAM, PRESENT_PARAM, SLIDE_PARAM, NOTES_PARAM)

#: Reads a parameter's texts (its values in the address, in order) into a value, or raises
#: ValueError when the page cannot use them.
Parser = Callable[[Sequence[str]], Any]


@dataclasses.dataclass(frozen=True)
class Setting:
    """How one field of a page's settings travels: its key (the widget's and the link's), how
    its text is read, and how its value is written."""

    key: str
    parse: Parser
    show: Callable[[Any], str] = str


def setting(key: str, default: Any, parse: Parser, show: Callable[[Any], str] = str) -> Any:
    """A settings field: its default, and the :class:`Setting` that reads and writes it."""
    return dataclasses.field(default=default, metadata={"setting": Setting(key, parse, show)})


def _last(texts: Sequence[str]) -> str:
    if not texts:
        raise ValueError("no value")
    return texts[-1]


def whole_number(low: int, high: int) -> Parser:
    """A whole number from ``low`` to ``high``, written as one ("3", not "3.0")."""

    def parse(texts: Sequence[str]) -> int:
        value = int(_last(texts))
        if not low <= value <= high:
            raise ValueError(f"not a whole number from {low} to {high}")
        return value

    return parse


def real_number(low: float, high: float) -> Parser:
    """A finite number from ``low`` to ``high``."""

    def parse(texts: Sequence[str]) -> float:
        value = float(_last(texts))
        if not math.isfinite(value) or not low <= value <= high:
            raise ValueError(f"not a number from {low} to {high}")
        return value

    return parse


def one_of(options: Sequence[Any], show: Callable[[Any], str] = str) -> Parser:
    """One of ``options``, written as ``show`` writes it (numbers also compare as numbers)."""

    def parse(texts: Sequence[str]) -> Any:
        text = _last(texts)
        for option in options:
            if show(option) == text or _same_number(text, option):
                return option
        raise ValueError("not one of the options")

    return parse


def _same_number(text: str, option: Any) -> bool:
    if isinstance(option, bool) or not isinstance(option, int | float):
        return False
    try:
        return math.isclose(float(text), float(option), rel_tol=1e-9, abs_tol=1e-12)
    except ValueError:
        return False


def flag() -> Parser:
    """True or False, written "true" or "false" (any case)."""
    return one_of((True, False), show=lambda value: str(value).lower())


def show_flag(value: bool) -> str:
    return str(value).lower()


def number_range(low: float, high: float) -> Parser:
    """Two numbers from ``low`` to ``high``, the first not above the second (a range slider,
    which the address carries as the parameter twice)."""
    single = real_number(low, high)

    def parse(texts: Sequence[str]) -> tuple[float, float]:
        if len(texts) != 2:
            raise ValueError("a range needs two values")
        first, second = single(texts[:1]), single(texts[1:])
        if first > second:
            raise ValueError("the range runs backwards")
        return first, second

    return parse


@dataclasses.dataclass(frozen=True)
class PageSettings:
    """The base of every page's settings dataclass (see the module text)."""

    #: Parameters the page reads itself whose names start with one of these (keys made per
    #: picture, say): never reported as unknown, checked by the page's own widgets.
    OWN_PREFIXES: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def settings(cls) -> dict[str, Setting]:
        """Field name → :class:`Setting`, in the order the fields are declared."""
        return {
            field.name: field.metadata["setting"]
            for field in dataclasses.fields(cls)
            if "setting" in field.metadata
        }

    @classmethod
    def key(cls, field: str) -> str:
        """The widget key (and link parameter) of ``field``."""
        return cls.settings()[field].key

    @classmethod
    def default(cls, field: str) -> Any:
        return next(f.default for f in dataclasses.fields(cls) if f.name == field)

    @classmethod
    def is_known(cls, name: str) -> bool:
        """Whether a link parameter means something on this page."""
        keys = {setting.key for setting in cls.settings().values()}
        return name in keys or name in APP_PARAMS or name.startswith(cls.OWN_PREFIXES)

    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]]) -> tuple[Self, list[str]]:
        """The settings a link asks for (defaults where it says nothing), and the parts of it
        the page could not use, as quoted phrases for the notice (cut short, plain text)."""
        values, ignored = {}, []
        for name, setting_ in cls.settings().items():
            texts = list(query.get(setting_.key, ()))
            if not texts:
                continue
            try:
                values[name] = setting_.parse(texts)
            except ValueError:
                ignored.append(f"“{cut(setting_.key)}={cut(','.join(texts))}”")
        ignored += [
            f"“{cut(name)}” (this page has no such setting)"
            for name in query
            if not cls.is_known(name)
        ]
        return cls(**values), ignored

    def to_query(self) -> dict[str, str]:
        """The link parameters of every setting that differs from its default."""
        return {
            setting_.key: setting_.show(getattr(self, name))
            for name, setting_ in self.settings().items()
            if getattr(self, name) != self.default(name)
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Self:
        """The settings as the widgets hold them (``st.session_state``), defaults for widgets
        not drawn yet."""
        return cls(
            **{
                name: state[setting_.key]
                for name, setting_ in cls.settings().items()
                if setting_.key in state
            }
        )


@dataclasses.dataclass(frozen=True)
class NoSettings(PageSettings):
    """A page whose address carries nothing but the app's own parameters (the home page)."""
