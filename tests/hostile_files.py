"""A corpus of hostile and odd uploads, made in code, shared by tests and benchmarks.

Each entry says whether a careful loader should produce a picture or refuse it with a message.
Everything is generated, so nothing large is stored in the repository.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image


@dataclass(frozen=True)
class HostileFile:
    """One upload: its name, how to make its bytes, and what the app should do with it."""

    name: str
    make: Callable[[], bytes]
    mime: str
    becomes_picture: bool
    size: tuple[int, int] | None = None  # (width, height) of the picture, when one is expected


def _encode(picture: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def _gradient(width: int, height: int) -> Image.Image:
    ys, xs = np.mgrid[0:height, 0:width]
    rgb = np.dstack([xs * 255 // max(1, width - 1), ys * 255 // max(1, height - 1), xs * 0 + 90])
    return Image.fromarray(rgb.astype(np.uint8))


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny valid PNG whose header is rewritten to claim another size."""
    data = bytearray(_encode(Image.new("RGB", (4, 4)), "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def _rotated_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown portrait
    return _encode(_gradient(120, 80), "JPEG", exif=exif.tobytes())


def _animated_gif() -> bytes:
    frames = [Image.new("RGB", (64, 48), colour) for colour in ((200, 30, 30), (30, 30, 200))]
    return _encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=80)


def _transparent_png() -> bytes:
    rgba = np.zeros((50, 70, 4), dtype=np.uint8)
    rgba[10:40, 10:60] = (20, 120, 220, 255)
    return _encode(Image.fromarray(rgba, "RGBA"), "PNG")


def _sixteen_bit_png() -> bytes:
    values = np.linspace(0, 65535, 64 * 48).reshape(48, 64).astype(np.uint16)
    return _encode(Image.fromarray(values), "PNG")


def _noise_png(side: int) -> bytes:
    """Incompressible noise: about 3 bytes per pixel, so side 1800 is close to 10 MB."""
    rng = np.random.default_rng(0)
    return _encode(Image.fromarray(rng.integers(0, 256, (side, side, 3), dtype=np.uint8)), "PNG")


def _large_jpeg() -> bytes:
    """A 6000 × 4000 (24 MP) photo-sized JPEG."""
    return _encode(_gradient(6000, 4000), "JPEG", quality=90)


def _truncated(make: Callable[[], bytes]) -> Callable[[], bytes]:
    return lambda: (data := make())[: len(data) // 2]


HOSTILE_FILES: tuple[HostileFile, ...] = (
    HostileFile("empty.png", lambda: b"", "image/png", False),
    HostileFile("notes.txt", lambda: b"these are notes, not a picture\n" * 20, "text/plain", False),
    HostileFile("page.html", lambda: b"<!doctype html><h1>hi</h1>" * 10, "text/html", False),
    HostileFile(
        "drawing.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>',
        "image/svg+xml",
        False,
    ),
    HostileFile("renamed.jpg", lambda: b"%PDF-1.4\n%%EOF\n" * 40, "image/jpeg", False),
    HostileFile(
        "cut-short.jpg",
        _truncated(lambda: _encode(_gradient(300, 200), "JPEG")),
        "image/jpeg",
        False,
    ),
    HostileFile(
        "cut-short.png", _truncated(lambda: _encode(_gradient(300, 200), "PNG")), "image/png", False
    ),
    HostileFile("huge-header.png", lambda: png_claiming_size(20000, 20000), "image/png", False),
    HostileFile(
        "bomb.png",
        lambda: _encode(Image.new("L", (9000, 9000)), "PNG", optimize=True),
        "image/png",
        False,
    ),
    HostileFile(
        "garbage.png",
        lambda: bytes(np.random.default_rng(1).integers(0, 256, 10**6, dtype=np.uint8)),
        "image/png",
        False,
    ),
    HostileFile("rotated.jpg", _rotated_jpeg, "image/jpeg", True, (80, 120)),
    HostileFile("animated.gif", _animated_gif, "image/gif", True, (64, 48)),
    HostileFile("transparent.png", _transparent_png, "image/png", True, (70, 50)),
    HostileFile("sixteen-bit.png", _sixteen_bit_png, "image/png", True, (64, 48)),
    HostileFile(
        "cmyk.tiff",
        lambda: _encode(Image.new("CMYK", (40, 30), (0, 200, 200, 0)), "TIFF"),
        "image/tiff",
        True,
        (40, 30),
    ),
    HostileFile(
        "one-bit.png",
        lambda: _encode(Image.new("1", (33, 17), 1), "PNG"),
        "image/png",
        True,
        (33, 17),
    ),
    HostileFile(
        "one-pixel.png",
        lambda: _encode(Image.new("RGB", (1, 1), (9, 9, 9)), "PNG"),
        "image/png",
        True,
        (1, 1),
    ),
    HostileFile(
        "very-wide.png", lambda: _encode(_gradient(4000, 3), "PNG"), "image/png", True, (4000, 3)
    ),
    HostileFile("noise-10mb.png", lambda: _noise_png(1800), "image/png", True, (1800, 1800)),
    HostileFile("photo-24mp.jpg", _large_jpeg, "image/jpeg", True, (6000, 4000)),
)
