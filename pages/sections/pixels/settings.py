"""What a link to the Pixels page can carry: the size of the square grid, the pixel whose
colour numbers are read, and the mixed colour."""

from __future__ import annotations

from dataclasses import dataclass

from pages.settings import PageSettings, one_of, setting, whole_number

#: The largest grid whose every number is printed in its square.
SHOW_ALL_NUMBERS_UP_TO = 32
#: Grid sizes offered: every size up to the largest with printed numbers, then every 8th.
SIZES = (*range(8, SHOW_ALL_NUMBERS_UP_TO + 1), *range(SHOW_ALL_NUMBERS_UP_TO + 8, 257, 8))
#: The longest side of the working copy of a picture (``pages.common.WORKING_MAX_SIDE``): a
#: row or column a link asks for is one of its pixels.
PICTURE_MAX_SIDE = 1024


@dataclass(frozen=True)
class PixelsSettings(PageSettings):
    """The side S of the S × S gray grid the picture is shrunk to; the row and column of the
    pixel read in colour (a row or column past the picture's edge is its last; without them
    in the link the page starts a third of the way down and half way across the picture, so
    the defaults here only say what a link may carry); the mixer's red, green and blue."""

    size: int = setting("pixels_size", 128, one_of(SIZES))
    colour_row: int = setting("colour_row", 0, whole_number(0, PICTURE_MAX_SIDE - 1))
    colour_col: int = setting("colour_col", 0, whole_number(0, PICTURE_MAX_SIDE - 1))
    mix_red: int = setting("mix_red", 255, whole_number(0, 255))
    mix_green: int = setting("mix_green", 0, whole_number(0, 255))
    mix_blue: int = setting("mix_blue", 255, whole_number(0, 255))
