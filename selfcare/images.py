"""Therapists' routine photos: checked, decoded and re-encoded before anything is stored.

Only JPEG, PNG or WebP; at most 5 MB and 4096×4096 pixels; one frame. The size is read from
the header and checked before any pixel is decoded, so a pixel bomb costs no memory. The
stored files are new JPEG encodings made by Pillow (no EXIF, XMP, ICC profile, comment or other
metadata; a file with anything appended after the picture is refused), under a generated name,
in the sizes the pages use."""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4096
FORMATS = ["JPEG", "PNG", "WEBP"]
# Pillow refuses to decode anything larger (DecompressionBombError), whatever calls it.
Image.MAX_IMAGE_PIXELS = MAX_SIDE * MAX_SIDE
FOLDER = "routine-photos"
# Widths the pages use: library cards, the routine page and the timer (2× for sharp screens).
SIZES = {"small": 480, "large": 960, "full": 1600}
JPEG_QUALITY = 82


class ImageRejected(ValueError):
    """The upload is not an image we accept. The message is safe to show the uploader."""


@dataclass(frozen=True)
class Processed:
    renditions: dict[str, bytes]  # size name → JPEG bytes
    width: int
    height: int


def process(upload) -> Processed:
    """Validate and re-encode an uploaded file (anything with .size and .read()/.seek())."""
    size = getattr(upload, "size", None)
    if size is None or size > MAX_BYTES:
        raise ImageRejected("The photo must be 5 MB or smaller.")
    if size == 0:
        raise ImageRejected("The file is empty.")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data), formats=FORMATS)
        with opened:
            # Only the header has been read: check the size before decoding a single pixel.
            width, height = opened.size
            if width > MAX_SIDE or height > MAX_SIDE:
                raise ImageRejected("The photo must be at most 4096 × 4096 pixels.")
            if getattr(opened, "n_frames", 1) != 1 or getattr(opened, "is_animated", False):
                raise ImageRejected(
                    "The file holds more than one picture (an animation or a multi-picture "
                    "photo). Upload a single still photo."
                )
            if trailing_bytes(data, opened.format):
                # Something else rides behind the picture (an archive, a web page, a script).
                raise ImageRejected(
                    "The file has extra data after the picture. Save it again as a plain "
                    "JPEG or PNG and upload that."
                )
            opened.draft("RGB", (SIZES["full"], SIZES["full"]))  # JPEG: decode at reduced scale
            opened.load()
            image = ImageOps.exif_transpose(opened)
            image = _flatten(image)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected("The photo must be at most 4096 × 4096 pixels.") from exc
    except Exception as exc:  # Pillow reports unreadable files with many exception types.
        raise ImageRejected("Upload a JPEG, PNG or WebP photo.") from exc
    renditions = {name: _encode(image, width) for name, width in SIZES.items()}
    return Processed(renditions, image.width, image.height)


def trailing_bytes(data: bytes, image_format: str) -> int:
    """How many bytes follow the end of the image itself (0 for a clean file)."""
    if image_format == "PNG":
        end = _png_end(data)
    elif image_format == "WEBP":
        end = 8 + int.from_bytes(data[4:8], "little")
        end += end % 2
    else:
        end = _jpeg_end(data)
    return max(0, len(data) - end) if end else len(data)


def _png_end(data: bytes) -> int:
    pos = 8
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        pos += 12 + length
        if kind == b"IEND":
            return pos
    return 0


def _jpeg_end(data: bytes) -> int:
    """Walk the marker segments; inside scan data 0xFF is followed by 0x00 or a restart
    marker, so the first other marker there ends the scan (EOI, or the next segment)."""
    size, pos = len(data), 2
    while pos + 2 <= size:
        if data[pos] != 0xFF:
            return 0
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
        elif marker == 0xD9:
            return pos + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
        else:
            pos += 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
            if marker == 0xDA:  # start of scan: skip the entropy-coded data
                pos = _scan_end(data, pos)
    return 0


def _scan_end(data: bytes, pos: int) -> int:
    while (pos := data.find(b"\xff", pos)) != -1 and pos + 1 < len(data):
        following = data[pos + 1]
        if following != 0 and not 0xD0 <= following <= 0xD7:
            return pos
        pos += 2
    return len(data)


def _flatten(image: Image.Image) -> Image.Image:
    """A new RGB image without the source's metadata. Pillow's JPEG encoder copies some of
    `info` by itself (the comment segment), so it is emptied here, once for every size."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
    else:
        flat = image.convert("RGB")
    flat.info = {}
    return flat


def _encode(image: Image.Image, width: int) -> bytes:
    if image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # `image.info` is empty (see _flatten) and no exif=, icc_profile=, xmp= or comment= is
    # passed: the new file carries nothing but the picture.
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def rendition(photo: str, size: str) -> str:
    """The media path of one size of a stored photo (`photo` is the full-size path)."""
    return photo.removesuffix("-full.jpg") + f"-{size}.jpg"


def store(processed: Processed) -> str:
    """Write every rendition under a new random name; returns the full-size file's path
    relative to the media root (what Routine.photo holds)."""
    base = f"{FOLDER}/{secrets.token_hex(16)}"
    for size, data in processed.renditions.items():
        default_storage.save(f"{base}-{size}.jpg", ContentFile(data))
    return f"{base}-full.jpg"


def delete(photo: str) -> None:
    for size in SIZES:
        default_storage.delete(rendition(photo, size))
