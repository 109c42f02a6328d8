"""What a link to the Pixels page can carry: the size of the square grid."""

from __future__ import annotations

from dataclasses import dataclass

from pages.settings import PageSettings, one_of, setting

#: The largest grid whose every number is printed in its square.
SHOW_ALL_NUMBERS_UP_TO = 32
#: Grid sizes offered: every size up to the largest with printed numbers, then every 8th.
SIZES = (*range(8, SHOW_ALL_NUMBERS_UP_TO + 1), *range(SHOW_ALL_NUMBERS_UP_TO + 8, 257, 8))


@dataclass(frozen=True)
class PixelsSettings(PageSettings):
    """The side S of the S × S gray grid the picture is shrunk to."""

    size: int = setting("pixels_size", 128, one_of(SIZES))
