"""Print-ready copies of illustrations and photos, scaled to their printed width."""

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

# Far above any real illustration, far below what would strain a worker's memory.
MAX_PIXELS = 40_000_000
SOURCE_FORMATS = ["PNG", "JPEG", "WEBP"]
JPEG_QUALITY = 82
# Bump when the encoding below changes, so old cached copies are not reused.
CACHE_VERSION = 1


class PrintImageError(Exception):
    """The source is missing, unreadable, not a PNG/JPEG/WebP image, or too large."""


def target_width_px(width_mm: float, dpi: int) -> int:
    return max(1, round(width_mm / 25.4 * dpi))


def print_image(
    src_path: str | os.PathLike[str],
    *,
    width_mm: float,
    dpi: int = 170,
    cache_dir: str | os.PathLike[str],
) -> Path:
    """Return a cached copy of `src_path` no wider than `width_mm` printed at `dpi`.

    Flat-colour PNG illustrations stay PNG (a 256-colour palette when they have few colours);
    photos become JPEG. Images narrower than the target are re-encoded but never enlarged.
    """
    src = Path(src_path)
    try:
        stat = src.stat()
    except OSError as exc:
        raise PrintImageError(f"Cannot read image {src.name!r}.") from exc
    width_px = target_width_px(width_mm, dpi)
    key_text = f"{CACHE_VERSION}|{src.resolve()}|{stat.st_mtime_ns}|{stat.st_size}|{width_px}"
    key = hashlib.sha256(key_text.encode()).hexdigest()[:32]
    cache = Path(cache_dir)
    for suffix in (".png", ".jpg"):
        if (cached := cache / f"{key}{suffix}").is_file():
            return cached

    image, suffix, options = _prepare(src, width_px)
    cache.mkdir(parents=True, exist_ok=True)
    return _write_atomically(image, cache / f"{key}{suffix}", options)


def _prepare(src: Path, width_px: int) -> tuple[Image.Image, str, dict[str, Any]]:
    try:
        with Image.open(src, formats=SOURCE_FORMATS) as opened:
            # Only the header has been read so far: refuse a pixel bomb before decoding it.
            if opened.width * opened.height > MAX_PIXELS:
                raise PrintImageError(f"Image {src.name!r} has too many pixels.")
            source_format = opened.format
            opened.draft(None, (width_px, width_px))  # JPEG: decode at a reduced scale
            image = ImageOps.exif_transpose(opened)
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha else "RGB")
            flat = source_format == "PNG" and image.getcolors(maxcolors=256) is not None
            if image.width > width_px:
                height = max(1, round(image.height * width_px / image.width))
                image = image.resize((width_px, height), Image.Resampling.LANCZOS)
    except PrintImageError:
        raise
    except Image.DecompressionBombError as exc:
        raise PrintImageError(f"Image {src.name!r} has too many pixels.") from exc
    except Exception as exc:  # Pillow reports damaged files with many exception types.
        raise PrintImageError(f"Image {src.name!r} is unreadable or unsupported.") from exc

    if source_format == "PNG" or has_alpha:
        if flat:
            image = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        return image, ".png", {"format": "PNG", "optimize": True}
    return image, ".jpg", {"format": "JPEG", "quality": JPEG_QUALITY, "optimize": True}


def _write_atomically(image: Image.Image, target: Path, options: dict[str, Any]) -> Path:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            image.save(out, **options)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
