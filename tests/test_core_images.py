"""core.images: every kind of input the loader promises to handle, by name."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from core import images
from core.images import ImageLoadError, load_image


def encode(picture: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def gradient_rgb(width: int = 40, height: int = 30) -> np.ndarray:
    ys, xs = np.mgrid[0:height, 0:width]
    return np.dstack([xs * 6 % 256, ys * 8 % 256, (xs + ys) * 3 % 256]).astype(np.uint8)


def png_claiming_size(width: int, height: int) -> bytes:
    """A valid tiny PNG whose header is rewritten to claim another size (a bomb's header)."""
    data = bytearray(encode(Image.new("RGB", (4, 4)), "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


# --------------------------------------------------------------------------------------------
# Formats that must decode exactly
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["PNG", "BMP", "TIFF", "GIF"])
def test_lossless_formats_decode_to_the_same_pixels(fmt):
    rgb = gradient_rgb()
    if fmt == "GIF":  # GIF stores a palette: use few colours so it is lossless
        rgb = (rgb // 64 * 64).astype(np.uint8)
    decoded = load_image(encode(Image.fromarray(rgb), fmt))
    assert decoded.dtype == np.uint8
    assert decoded.shape == rgb.shape
    np.testing.assert_array_equal(decoded, rgb)


def test_lossless_webp_decodes_to_the_same_pixels():
    rgb = gradient_rgb()
    decoded = load_image(encode(Image.fromarray(rgb), "WEBP", lossless=True))
    np.testing.assert_array_equal(decoded, rgb)


def test_jpeg_decodes_close_to_the_original():
    rgb = np.full((32, 48, 3), (200, 120, 40), dtype=np.uint8)
    decoded = load_image(encode(Image.fromarray(rgb), "JPEG", quality=95))
    assert decoded.shape == (32, 48, 3)
    assert np.abs(decoded.astype(int) - rgb).max() <= 3


def test_gray_picture_becomes_three_equal_channels():
    gray = np.arange(0, 250, 10, dtype=np.uint8).reshape(5, 5)
    decoded = load_image(encode(Image.fromarray(gray), "PNG"))
    assert decoded.shape == (5, 5, 3)
    for channel in range(3):
        np.testing.assert_array_equal(decoded[..., channel], gray)


def test_one_by_one_picture():
    decoded = load_image(encode(Image.new("RGB", (1, 1), (1, 2, 3)), "PNG"))
    np.testing.assert_array_equal(decoded, [[[1, 2, 3]]])


# --------------------------------------------------------------------------------------------
# Odd modes
# --------------------------------------------------------------------------------------------


def test_exif_orientation_is_applied():
    picture = Image.fromarray(gradient_rgb(40, 20))  # 40 wide, 20 high
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    decoded = load_image(encode(picture, "JPEG", exif=exif.tobytes()))
    assert decoded.shape[:2] == (40, 20)  # now 20 wide, 40 high


def test_transparency_is_composited_on_white():
    rgba = np.zeros((2, 2, 4), dtype=np.uint8)
    rgba[0, 0] = (255, 0, 0, 255)  # opaque red stays red
    rgba[0, 1] = (255, 0, 0, 0)  # fully transparent becomes white
    rgba[1, 0] = (0, 0, 0, 128)  # half-transparent black becomes mid gray
    decoded = load_image(encode(Image.fromarray(rgba, "RGBA"), "PNG"))
    np.testing.assert_array_equal(decoded[0, 0], [255, 0, 0])
    np.testing.assert_array_equal(decoded[0, 1], [255, 255, 255])
    assert np.all(np.abs(decoded[1, 0].astype(int) - 127) <= 1)


def test_gray_with_alpha_is_composited_on_white():
    la = Image.new("LA", (3, 3), (0, 0))  # black, fully transparent
    decoded = load_image(encode(la, "PNG"))
    np.testing.assert_array_equal(decoded, np.full((3, 3, 3), 255))


def test_palette_with_transparent_index_is_composited_on_white():
    palette_picture = Image.new("P", (4, 4), 1)
    palette_picture.putpalette([0, 0, 0, 10, 20, 30] + [0] * 762)
    palette_picture.putpixel((0, 0), 0)
    decoded = load_image(encode(palette_picture, "PNG", transparency=0))
    np.testing.assert_array_equal(decoded[0, 0], [255, 255, 255])
    np.testing.assert_array_equal(decoded[1, 1], [10, 20, 30])


def test_first_frame_of_an_animation():
    frames = [Image.new("RGB", (8, 8), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    decoded = load_image(data)
    np.testing.assert_array_equal(decoded[0, 0], [255, 0, 0])


def test_sixteen_bit_gray_is_rescaled_not_clipped():
    values = np.array([[0, 257, 32896, 65535]], dtype=np.uint16)
    data = encode(Image.fromarray(values), "PNG")
    assert Image.open(io.BytesIO(data)).mode.startswith("I")
    decoded = load_image(data)
    np.testing.assert_array_equal(decoded[..., 0], [[0, 1, 128, 255]])


def test_float_picture_in_unit_range_is_scaled_to_bytes():
    values = np.array([[0.0, 0.5, 1.0]], dtype=np.float32)
    decoded = load_image(encode(Image.fromarray(values, "F"), "TIFF"))
    np.testing.assert_array_equal(decoded[..., 0], [[0, 128, 255]])


def test_float_picture_outside_unit_range_is_stretched_to_its_own_range():
    values = np.array([[-10.0, 0.0, 30.0]], dtype=np.float32)
    decoded = load_image(encode(Image.fromarray(values, "F"), "TIFF"))
    np.testing.assert_array_equal(decoded[..., 0], [[0, 64, 255]])


def test_thirty_two_bit_integer_picture_is_stretched():
    values = np.array([[-5, 0, 100_000]], dtype=np.int32)
    decoded = load_image(encode(Image.fromarray(values, "I"), "TIFF"))
    assert decoded[0, 0, 0] == 0 and decoded[0, 2, 0] == 255


def test_one_bit_picture_becomes_black_and_white():
    bits = Image.new("1", (4, 4), 0)
    bits.putpixel((1, 1), 1)
    decoded = load_image(encode(bits, "PNG"))
    assert set(np.unique(decoded)) == {0, 255}
    np.testing.assert_array_equal(decoded[1, 1], [255, 255, 255])


def test_cmyk_picture_becomes_rgb():
    cmyk = Image.new("CMYK", (4, 4), (0, 255, 255, 0))  # full magenta + yellow = red
    decoded = load_image(encode(cmyk, "TIFF"))
    assert decoded.shape == (4, 4, 3)
    np.testing.assert_array_equal(decoded[0, 0], [255, 0, 0])


# --------------------------------------------------------------------------------------------
# Refusals: every one is an ImageLoadError with words a person can act on
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("text", b"hello, this is not a picture"),
        ("html", b"<!doctype html><html><body><img src=x></body></html>"),
        ("svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
        ("pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
        ("random bytes", bytes(range(256)) * 8),
    ],
)
def test_non_pictures_are_refused_with_the_formats_we_read(name, data):
    with pytest.raises(ImageLoadError, match="not a picture we can read"):
        load_image(data)


def test_empty_file_is_refused():
    with pytest.raises(ImageLoadError, match="empty"):
        load_image(b"")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP", "TIFF", "BMP"])
def test_truncated_files_are_refused(fmt):
    data = encode(Image.fromarray(gradient_rgb(64, 64)), fmt)
    with pytest.raises(ImageLoadError):
        load_image(data[: len(data) // 2])


def test_corrupt_png_data_is_refused():
    data = bytearray(encode(Image.fromarray(gradient_rgb(64, 64)), "PNG"))
    data[60:200] = b"\x00" * 140  # inside the compressed pixel data
    with pytest.raises(ImageLoadError, match="cut short or damaged"):
        load_image(bytes(data))


def test_header_over_our_limit_is_refused_with_its_size_before_decoding():
    with pytest.raises(ImageLoadError, match=r"8,000 × 8,000 pixels .*limit is 40 megapixels"):
        load_image(png_claiming_size(8000, 8000))


def test_decompression_bomb_header_is_refused():
    with pytest.raises(ImageLoadError, match=r"400 megapixels.*limit is 40 megapixels"):
        load_image(png_claiming_size(20000, 20000))


def test_real_decompression_bomb_is_refused_quickly():
    """A 9000 × 9000 black PNG compresses to a few hundred kB but would decode to 243 MB."""
    bomb = encode(Image.new("L", (9000, 9000)), "PNG", optimize=True)
    assert len(bomb) < 1_000_000
    with pytest.raises(ImageLoadError, match="megapixels"):
        load_image(bomb)


def test_file_over_the_size_limit_is_refused():
    with pytest.raises(ImageLoadError, match="limit is 25 MB"):
        load_image(b"\x89PNG" + b"\x00" * images.MAX_FILE_BYTES)


def test_errors_are_value_errors():
    assert issubclass(ImageLoadError, ValueError)


@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise_anything_but_a_load_error(data):
    try:
        decoded = load_image(data)
    except ImageLoadError:
        return  # refused with a message: fine
    assert decoded.ndim == 3 and decoded.shape[2] == 3 and decoded.dtype == np.uint8


@given(arrays(np.uint8, st.tuples(st.integers(1, 24), st.integers(1, 24), st.just(3))))
def test_png_round_trip_is_exact(rgb):
    np.testing.assert_array_equal(load_image(encode(Image.fromarray(rgb), "PNG")), rgb)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def test_to_gray_uses_bt601_weights_like_pillow():
    rgb = gradient_rgb()
    pillow = np.asarray(Image.fromarray(rgb).convert("L")).astype(int)
    assert np.abs(images.to_gray(rgb).astype(int) - pillow).max() <= 1
    assert images.to_gray(np.array([[[255, 0, 255]]], dtype=np.uint8))[0, 0] == round(
        255 * (0.299 + 0.114)
    )


def test_to_gray_leaves_gray_unchanged():
    gray = np.arange(12, dtype=np.uint8).reshape(3, 4)
    np.testing.assert_array_equal(images.to_gray(gray), gray)


def test_resize_square_crops_the_centre_then_resizes():
    wide = np.zeros((10, 30), dtype=np.uint8)
    wide[:, 10:20] = 255  # the centre square is all white
    small = images.resize_square(wide, 5)
    assert small.shape == (5, 5)
    assert np.all(small == 255)


@pytest.mark.parametrize("size", [1, 8, 128, 256])
def test_resize_square_gives_size_squared_numbers(size):
    assert images.resize_square(images.load_sample("astronaut"), size).shape == (size, size, 3)


def test_resize_box_filter_averages_blocks():
    checker = np.array([[0, 255], [255, 0]], dtype=np.uint8)
    assert images.resize(checker, 1, 1)[0, 0] in (127, 128)


def test_fit_within_keeps_aspect_and_small_pictures():
    big = np.zeros((3000, 1500, 3), dtype=np.uint8)
    assert images.fit_within(big, 1024).shape == (1024, 512, 3)
    small = np.zeros((10, 20, 3), dtype=np.uint8)
    assert images.fit_within(small, 1024) is small


def test_to_unit_scales_to_zero_one():
    scaled = images.to_unit(np.array([0, 51, 255], dtype=np.uint8))
    assert scaled.dtype == np.float32
    np.testing.assert_allclose(scaled, [0.0, 0.2, 1.0])


@pytest.mark.parametrize("name", list(images.SAMPLES))
def test_every_sample_loads_offline_as_rgb(name):
    rgb = images.load_sample(name)
    assert rgb.ndim == 3 and rgb.shape[2] == 3 and rgb.dtype == np.uint8
    assert min(rgb.shape[:2]) >= 5


def test_unknown_sample_names_the_known_ones():
    with pytest.raises(ValueError, match="astronaut"):
        images.load_sample("lena")


def test_digit_one_is_the_classic_five_by_five():
    expected = np.full((5, 5), 255)
    expected[1:4, 2] = 0
    np.testing.assert_array_equal(images.DIGIT_ONE, expected)


@pytest.mark.parametrize("size", [5, 6, 7, 8])
def test_tiny_pictures_at_every_editor_size(size):
    assert images.digit_one(size).shape == (size, size)
    letter = images.letter_h(size)
    assert letter.shape == (size, size)
    assert letter[size // 2, size // 2] == 255 and letter[0, 0] == 0


@pytest.mark.parametrize(
    ("rgb", "name"),
    [((255, 0, 255), "magenta"), ((250, 250, 5), "yellow"), ((0, 0, 0), "black"),
     ((120, 125, 130), "gray")],
)  # fmt: skip
def test_nearest_colour_name(rgb, name):
    assert images.nearest_colour_name(rgb) == name


# --------------------------------------------------------------------------------------------
# The shared corpus of hostile and odd uploads
# --------------------------------------------------------------------------------------------

from tests.hostile_files import HOSTILE_FILES  # noqa: E402 - kept beside the tests that use it


@pytest.mark.parametrize("upload", HOSTILE_FILES, ids=[f.name for f in HOSTILE_FILES])
def test_every_hostile_upload_gives_a_picture_or_a_clear_message(upload):
    data = upload.make()
    if upload.becomes_picture:
        rgb = load_image(data)
        assert rgb.dtype == np.uint8 and rgb.ndim == 3 and rgb.shape[2] == 3
        assert (rgb.shape[1], rgb.shape[0]) == upload.size
    else:
        with pytest.raises(ImageLoadError) as refused:
            load_image(data)
        message = str(refused.value)
        assert message.endswith(".") and len(message) > 25  # a sentence, not a code


# --------------------------------------------------------------------------------------------
# read_image: decoding straight to a working size
# --------------------------------------------------------------------------------------------


def test_read_image_decodes_a_large_jpeg_at_a_reduced_scale():
    ys, xs = np.mgrid[0:2000, 0:3000]
    smooth = np.dstack([xs * 255 // 2999, ys * 255 // 1999, (xs + ys) * 255 // 4998])
    photo = encode(Image.fromarray(smooth.astype(np.uint8)), "JPEG", quality=90)
    loaded = images.read_image(photo, max_side=1024)
    assert loaded.original_size == (3000, 2000)
    assert loaded.rgb.shape == (683, 1024, 3)
    full = images.fit_within(load_image(photo), 1024)
    assert np.abs(loaded.rgb.astype(int) - full.astype(int)).mean() < 3  # same picture


def test_read_image_reports_the_upright_original_size():
    picture = Image.fromarray(gradient_rgb(400, 100))
    exif = Image.Exif()
    exif[0x0112] = 8  # rotate 90° counter-clockwise to display
    loaded = images.read_image(encode(picture, "JPEG", exif=exif.tobytes()), max_side=50)
    assert loaded.original_size == (100, 400)
    height, width, _ = loaded.rgb.shape
    assert height == 50 and width in (12, 13)  # 12.5; JPEG's scaled decoding rounds up


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "JPEG"])
def test_read_image_leaves_small_pictures_alone(fmt):
    rgb = gradient_rgb(40, 30)
    loaded = images.read_image(encode(Image.fromarray(rgb), fmt, quality=95), max_side=1024)
    assert loaded.rgb.shape == rgb.shape and loaded.original_size == (40, 30)


def test_read_image_without_a_limit_equals_load_image():
    data = encode(Image.fromarray(gradient_rgb(64, 48)), "PNG")
    np.testing.assert_array_equal(images.read_image(data).rgb, load_image(data))
