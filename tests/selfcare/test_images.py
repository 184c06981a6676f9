"""Routine photo uploads: a corpus of bad files is refused without a server error, and a good
photo is stored as a fresh JPEG without its metadata, under a generated name."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from selfcare import images
from selfcare.models import Routine


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def photo(size=(800, 600)) -> Image.Image:
    return Image.effect_noise(size, 40).convert("RGB")


def png_with_header_size(width: int, height: int) -> bytes:
    """A tiny file whose header claims a huge picture: the pixel bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def animated(fmt: str) -> bytes:
    frames = [Image.new("RGB", (64, 64), colour) for colour in ("red", "blue", "green")]
    return encoded(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100)


def gif() -> bytes:
    return encoded(Image.new("P", (64, 64)), "GIF")


def with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = "SECRET-DESCRIPTION"  # ImageDescription
    exif[0x0112] = 6  # orientation: rotate 90°
    exif[0x8825] = {1: "N", 2: (51.0, 27.0, 0.0)}  # GPS position
    return encoded(photo(), "JPEG", exif=exif, quality=90)


BAD_FILES = {
    "a text file named .jpg": ("notes.jpg", b"These are just words, not a picture.\n" * 20),
    "an empty file": ("empty.jpg", b""),
    "a GIF": ("spinner.gif", gif()),
    "a BMP": ("old.bmp", encoded(photo((64, 64)), "BMP")),
    "a PNG whose header claims 100,000 x 100,000 pixels": ("bomb.png",
                                                           png_with_header_size(100_000, 100_000)),
    "a PNG 5000 pixels wide": ("wide.png", png_with_header_size(5000, 100)),
    "a PNG just over the pixel limit": ("big.png", png_with_header_size(4097, 4097)),
    "a JPEG with an HTML page and a zip appended": (
        "polyglot.jpg", encoded(photo(), "JPEG") + b"<html><script>alert(1)</script></html>"
        + b"PK\x03\x04" + b"\x00" * 30,
    ),
    "a PNG with a script after its end": ("polyglot.png",
                                          encoded(photo((64, 64)), "PNG") + b"<?php echo 1; ?>"),
    "a file over 5 MB": ("huge.jpg", encoded(photo((64, 64)), "JPEG") + b"\x00" * (5 * 2**20)),
    "an animated PNG": ("moving.png", animated("PNG")),
    "an animated WebP": ("moving.webp", animated("WEBP")),
    "a truncated JPEG": ("cut.jpg", encoded(photo(), "JPEG")[:2000]),
}  # fmt: skip


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_reason(name, media):
    filename, content = BAD_FILES[name]
    with pytest.raises(images.ImageRejected) as caught:
        images.process(SimpleUploadedFile(filename, content))
    assert str(caught.value)
    assert not list(media.rglob("*.*"))


def routine_form(**overrides) -> dict:
    data = {
        "title": "Shoulder blade ball",
        "summary": "A gentle ball release.",
        "regions": ["upper_back"],
        "tools": ["tennis_ball"],
        "position": "wall",
        "steps": "Stand by a wall.\nLean on the ball.\nHold until it softens.",
        "hold_seconds_min": "30",
        "hold_seconds_default": "60",
        "hold_seconds_max": "90",
        "spots_per_side": "2",
        "sides": "both",
        "frequency": "daily",
        "cautions": "Keep it off the spine.",
        "image_alt": "A person leans against a wall with a ball behind the shoulder blade.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_uploading_a_bad_file_answers_with_a_form_error_and_stores_nothing(
    name, as_therapist, media
):
    filename, content = BAD_FILES[name]
    data = routine_form(photo=SimpleUploadedFile(filename, content))
    response = as_therapist.post(reverse("selfcare:routine-new"), data)
    assert response.status_code == 400
    assert "has-error" in response.content.decode()
    assert not Routine.objects.exists()
    assert not list(media.rglob("*.*"))


def test_a_good_jpeg_is_re_encoded_without_metadata_under_a_generated_name(
    as_therapist, therapist, media
):
    original = with_exif()
    assert b"SECRET-DESCRIPTION" in original
    upload = SimpleUploadedFile("IMG_0042 patient's shoulder.jpg", original)
    response = as_therapist.post(reverse("selfcare:routine-new"), routine_form(photo=upload))
    assert response.status_code == 302
    routine = Routine.objects.get()
    assert (routine.owner, routine.clinic) == (therapist, therapist.clinic)
    assert re.fullmatch(r"routine-photos/[0-9a-f]{32}-full\.jpg", routine.photo)
    stored = sorted(str(p.relative_to(media)) for p in media.rglob("*.jpg"))
    assert stored == sorted(images.rendition(routine.photo, size) for size in images.SIZES)
    for size, width in images.SIZES.items():
        data = (media / images.rendition(routine.photo, size)).read_bytes()
        assert b"SECRET-DESCRIPTION" not in data and b"Exif" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG" and not image.getexif()
            # The EXIF orientation was applied: the 800 x 600 photo now stands upright.
            assert image.height > image.width and image.width <= width
    served = as_therapist.get(reverse("selfcare:routine-image", args=[routine.slug, "small"]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
        assert image.size == (480, 640)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_photos_are_accepted_and_become_jpeg(fmt, media):
    source = photo((300, 200)).convert("RGBA")
    processed = images.process(SimpleUploadedFile(f"p.{fmt.lower()}", encoded(source, fmt)))
    with Image.open(io.BytesIO(processed.renditions["small"])) as image:
        assert image.format == "JPEG" and image.size == (300, 200)


def test_a_photo_needs_a_description(as_therapist, media):
    upload = SimpleUploadedFile("p.jpg", encoded(photo(), "JPEG"))
    response = as_therapist.post(
        reverse("selfcare:routine-new"), routine_form(photo=upload, image_alt="")
    )
    assert response.status_code == 400 and not Routine.objects.exists()
