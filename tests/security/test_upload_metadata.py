"""Finding 4: every metadata chunk is gone after re-encoding, the JPEG comment included.

Each upload carries a distinct marker in every kind of chunk its format has (JPEG: EXIF, XMP,
ICC profile, comment; PNG: tEXt, iTXt, zTXt, eXIf, iCCP; WebP: EXIF, XMP, ICCP). The routine
photo and the clinic logo are stored through the real forms, and the stored bytes may hold none
of the markers and no segment but the picture itself. Data appended after the picture is
refused outright, so nothing at all is stored."""

import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms, PngImagePlugin

from clinic.models import Clinic
from selfcare import images
from selfcare.models import Routine

MARKERS = {
    "exif": b"MARK-EXIF-7c1",
    "xmp": b"MARK-XMP-7c2",
    "icc": b"MARK-ICC-7c3",
    "comment": b"MARK-COM-7c4",
    "text": b"MARK-TEXT-7c5",
    "itxt": b"MARK-ITXT-7c6",
    "ztxt": b"MARK-ZTXT-7c7",
    "trailing": b"MARK-TRAIL-7c8",
}


def picture() -> Image.Image:
    return Image.effect_noise((320, 240), 40).convert("RGB")


def exif() -> Image.Exif:
    data = Image.Exif()
    data[0x010E] = MARKERS["exif"].decode()  # ImageDescription
    data[0x8825] = {1: "N", 2: (51.0, 27.0, 0.0)}  # GPS position
    return data


def xmp() -> bytes:
    return (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description>'
        + MARKERS["xmp"]
        + b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )


def icc() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    # A private tag would need a profile editor; an ICC profile is opaque bytes to every
    # encoder, so the marker rides at its end where a reader would not look.
    return profile + MARKERS["icc"]


def jpeg() -> bytes:
    out = io.BytesIO()
    picture().save(
        out, "JPEG", exif=exif(), xmp=xmp(), icc_profile=icc(), comment=MARKERS["comment"]
    )
    return out.getvalue()


def png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", MARKERS["text"].decode())
    info.add_itxt("XML:com.adobe.xmp", MARKERS["itxt"].decode() + xmp().decode())
    info.add_text("Description", MARKERS["ztxt"].decode() * 8, zip=True)
    out = io.BytesIO()
    picture().save(out, "PNG", pnginfo=info, exif=exif(), icc_profile=icc())
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    picture().save(out, "WEBP", exif=exif(), xmp=xmp(), icc_profile=icc(), quality=90)
    return out.getvalue()


SOURCES = {"jpeg": jpeg, "png": png, "webp": webp}


def chunks_in(data: bytes, fmt: str) -> set[bytes]:
    """The kinds of chunk in a file (PNG chunk types, WebP RIFF chunks), to prove the test
    files really carry what they claim."""
    found = set()
    if fmt == "png":
        pos = 8
        while pos + 8 <= len(data):
            length = struct.unpack(">I", data[pos : pos + 4])[0]
            found.add(data[pos + 4 : pos + 8])
            pos += 12 + length
    elif fmt == "webp":
        pos = 12
        while pos + 8 <= len(data):
            length = struct.unpack("<I", data[pos + 4 : pos + 8])[0]
            found.add(data[pos : pos + 4])
            pos += 8 + length + length % 2
    return found


def jpeg_segments(data: bytes) -> list[int]:
    """The marker of every segment before the image data of a JPEG file."""
    assert data[:2] == b"\xff\xd8"
    markers, pos = [], 2
    while pos < len(data):
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: the rest is image data
            break
        pos += 2 + struct.unpack(">H", data[pos + 2 : pos + 4])[0]
    return markers


def assert_clean(stored: bytes) -> None:
    for name, marker in MARKERS.items():
        assert marker not in stored, f"the {name} marker survived"
    for forbidden in (b"Exif", b"ICC_PROFILE", b"http://ns.adobe.com/xap", b"xmpmeta"):
        assert forbidden not in stored
    # Only the picture's own segments: JFIF header (APP0), tables, frame and scan. No APP1-15
    # (EXIF, XMP, ICC, Adobe) and no COM (0xFE).
    allowed = {0xE0, 0xDB, 0xC4, 0xC0, 0xC2, 0xDD, 0xDA}
    segments = jpeg_segments(stored)
    assert set(segments) <= allowed, [hex(m) for m in segments]
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert not {"comment", "icc_profile", "xmp", "exif"} & set(image.info)


def test_the_test_files_carry_every_kind_of_chunk():
    data = jpeg()
    assert MARKERS["comment"] in data
    segments = jpeg_segments(data)
    assert {0xE1, 0xE2, 0xFE} <= set(segments)  # APP1 (EXIF and XMP), APP2 (ICC), COM
    assert data.count(b"\xff\xe1") >= 2
    assert {b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"iCCP"} <= chunks_in(png(), "png")
    assert {b"EXIF", b"XMP ", b"ICCP", b"VP8X"} <= chunks_in(webp(), "webp")
    with Image.open(io.BytesIO(data)) as opened:
        assert opened.info["comment"] == MARKERS["comment"]  # what Pillow would copy


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize("fmt", sorted(SOURCES))
def test_processed_renditions_carry_no_metadata(fmt):
    processed = images.process(SimpleUploadedFile(f"p.{fmt}", SOURCES[fmt]()))
    for data in processed.renditions.values():
        assert_clean(data)


@pytest.mark.parametrize("fmt", sorted(SOURCES))
def test_a_routine_photo_is_stored_without_any_metadata(fmt, as_therapist, media):
    from tests.selfcare.test_images import routine_form

    upload = SimpleUploadedFile(f"photo.{fmt}", SOURCES[fmt]())
    response = as_therapist.post(reverse("selfcare:routine-new"), routine_form(photo=upload))
    assert response.status_code == 302
    routine = Routine.objects.get()
    stored = [p for p in media.rglob("*") if p.is_file()]
    assert len(stored) == len(images.SIZES)
    assert routine.photo
    for path in stored:
        assert_clean(path.read_bytes())


CLINIC_FORM = {"name": "Harbour", "emergency_number": "112", "accent_colour": "#0f766e",
               "page_size": "A4", "screening_valid_days": 30}  # fmt: skip


@pytest.mark.parametrize("fmt", sorted(SOURCES))
def test_a_clinic_logo_is_stored_without_any_metadata(fmt, as_clinic_admin, clinic, media):
    upload = SimpleUploadedFile(f"logo.{fmt}", SOURCES[fmt]())
    response = as_clinic_admin.post(reverse("clinic:settings"), {**CLINIC_FORM, "logo": upload})
    assert response.status_code == 302
    logo = Clinic.objects.get(pk=clinic.pk).logo
    assert logo
    stored = [p for p in media.rglob("*") if p.is_file()]
    assert len(stored) == 1
    assert_clean(stored[0].read_bytes())


@pytest.mark.parametrize("fmt", sorted(SOURCES))
def test_trailing_data_is_refused_and_nothing_is_stored(
    fmt, as_therapist, as_clinic_admin, clinic, media
):
    from tests.selfcare.test_images import routine_form

    content = SOURCES[fmt]() + b"PK\x03\x04" + MARKERS["trailing"]
    with pytest.raises(images.ImageRejected):
        images.process(SimpleUploadedFile(f"p.{fmt}", content))
    upload = SimpleUploadedFile(f"photo.{fmt}", content)
    response = as_therapist.post(reverse("selfcare:routine-new"), routine_form(photo=upload))
    assert response.status_code == 400 and not Routine.objects.exists()
    upload = SimpleUploadedFile(f"logo.{fmt}", content)
    response = as_clinic_admin.post(reverse("clinic:settings"), {**CLINIC_FORM, "logo": upload})
    assert response.status_code == 200 and not Clinic.objects.get(pk=clinic.pk).logo
    assert not [p for p in media.rglob("*") if p.is_file()]
