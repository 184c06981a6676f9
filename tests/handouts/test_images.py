import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from handouts import images
from handouts.images import PrintImageError, print_image


def flat_png(path: Path, size: tuple[int, int], mode: str = "RGB") -> Path:
    image = Image.new(mode, size, (255, 255, 255, 0) if mode == "RGBA" else "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), fill="#2f6f73")
    image.save(path)
    return path


def photo_jpeg(path: Path, size: tuple[int, int]) -> Path:
    Image.effect_noise(size, 60).convert("RGB").save(path, quality=90)
    return path


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A few bytes claiming a huge image; there is no pixel data to decompress."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b""))
    return path


def test_downscales_to_the_pixel_width_for_the_printed_width(tmp_path: Path) -> None:
    src = flat_png(tmp_path / "routine.png", (2000, 1200))
    out = print_image(src, width_mm=60, dpi=170, cache_dir=tmp_path / "cache")
    with Image.open(out) as image:
        assert image.size == (402, 241)  # 60 mm at 170 dpi, aspect kept


def test_never_upscales_a_small_image(tmp_path: Path) -> None:
    src = flat_png(tmp_path / "small.png", (300, 200))
    out = print_image(src, width_mm=100, dpi=200, cache_dir=tmp_path / "cache")
    with Image.open(out) as image:
        assert image.size == (300, 200)


def test_a_flat_illustration_stays_a_palette_png(tmp_path: Path) -> None:
    src = flat_png(tmp_path / "routine.png", (1600, 1000))
    out = print_image(src, width_mm=50, cache_dir=tmp_path / "cache")
    with Image.open(out) as image:
        assert (out.suffix, image.format, image.mode) == (".png", "PNG", "P")


def test_a_transparent_illustration_keeps_its_transparency(tmp_path: Path) -> None:
    src = flat_png(tmp_path / "icon.png", (800, 800), mode="RGBA")
    out = print_image(src, width_mm=20, cache_dir=tmp_path / "cache")
    with Image.open(out) as image:
        assert image.format == "PNG"
        assert image.convert("RGBA").getpixel((0, 0))[3] == 0


def test_a_photo_becomes_a_jpeg(tmp_path: Path) -> None:
    src = photo_jpeg(tmp_path / "photo.jpg", (1800, 1200))
    out = print_image(src, width_mm=80, dpi=150, cache_dir=tmp_path / "cache")
    with Image.open(out) as image:
        assert (out.suffix, image.format, image.width) == (".jpg", "JPEG", 472)


def test_a_second_call_reuses_the_cached_file_without_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = flat_png(tmp_path / "routine.png", (2000, 1200))
    first = print_image(src, width_mm=60, cache_dir=tmp_path / "cache")
    mtime = first.stat().st_mtime_ns

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the source was decoded again")

    monkeypatch.setattr(images.Image, "open", refuse)
    second = print_image(src, width_mm=60, cache_dir=tmp_path / "cache")
    assert second == first
    assert second.stat().st_mtime_ns == mtime


def test_a_changed_source_or_width_gets_a_new_copy(tmp_path: Path) -> None:
    src = flat_png(tmp_path / "routine.png", (2000, 1200))
    first = print_image(src, width_mm=60, cache_dir=tmp_path / "cache")
    assert print_image(src, width_mm=40, cache_dir=tmp_path / "cache") != first
    flat_png(src, (1900, 1200))
    os.utime(src, ns=(1, 1))
    assert print_image(src, width_mm=60, cache_dir=tmp_path / "cache") != first


def test_leaves_only_the_finished_file_in_the_cache(tmp_path: Path) -> None:
    src = flat_png(tmp_path / "routine.png", (1000, 600))
    out = print_image(src, width_mm=30, cache_dir=tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == [out]


@pytest.mark.parametrize("content", [b"", b"not an image at all", b"GIF89a" + b"\0" * 20])
def test_rejects_a_file_that_is_not_a_supported_image(tmp_path: Path, content: bytes) -> None:
    src = tmp_path / "routine.png"
    src.write_bytes(content)
    with pytest.raises(PrintImageError):
        print_image(src, width_mm=60, cache_dir=tmp_path / "cache")


def test_rejects_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PrintImageError):
        print_image(tmp_path / "gone.png", width_mm=60, cache_dir=tmp_path / "cache")


@pytest.mark.parametrize(("width", "height"), [(100_000, 100_000), (9_000, 9_000)])
def test_rejects_a_pixel_bomb_before_decoding_it(tmp_path: Path, width: int, height: int) -> None:
    src = png_header_only(tmp_path / "bomb.png", width, height)
    with pytest.raises(PrintImageError, match="too many pixels"):
        print_image(src, width_mm=60, cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()
